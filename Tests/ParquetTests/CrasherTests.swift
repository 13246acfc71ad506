import Foundation
import Testing
@testable import Parquet

/// Inputs the fuzzer (scripts/fuzz/run.sh) found to crash, hang or over-allocate, kept after
/// the fix: each must now fail with a clean error (or read), in bounded time.
@Suite struct CrasherTests {
    static let crashers = TestPaths.files(in: TestPaths.fixtures.appendingPathComponent("crashers"), suffix: "")
        .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".md") }

    @Test(arguments: crashers)
    func crasherIsHandledCleanly(name: String) throws {
        let bytes = try [UInt8](Data(contentsOf: TestPaths.fixtures.appendingPathComponent("crashers/\(name)")))
        for verify in [true, false] {
            var options = ParquetReadOptions()
            options.verifyChecksums = verify
            guard let file = try? ParquetFile(bytes: bytes, name: name, options: options) else { continue }
            for column in file.schema.columns {
                do {
                    let table = try file.readColumns([column.name])
                    _ = catLines(TestPaths.fixture("crashers/\(name)"), columns: [column.name])
                    #expect(table.columns.count == 1)
                } catch {
                    #expect(error.message.contains(name))
                }
            }
        }
    }

    @Test func datasetPartsWithDifferentSchemasAreRejected() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-mixed-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(atPath: TestPaths.fixture("core/dataset/part-00000-0000.c000.parquet"),
                                         toPath: dir.appendingPathComponent("part-0.parquet").path)
        try FileManager.default.copyItem(atPath: TestPaths.fixture("core/v2_lists.parquet"),
                                         toPath: dir.appendingPathComponent("part-1.parquet").path)
        do {
            _ = try ParquetDataset(path: dir.path)
            Issue.record("mixed schemas accepted")
        } catch {
            #expect(error.message.contains("schemas differ"))
            #expect(error.message.contains("part-1.parquet"))
        }
        let empty = dir.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(throws: ParquetError.self) { try ParquetDataset(path: empty.path) }
    }
}
