import Foundation
import Testing
@testable import Parquet
import TestSupport

/// Corrupt, hostile and unsupported files fail with a clean error naming the file.
@Suite struct BadInputTests {
    static let badDataFiles = TestPaths.files(in: TestPaths.parquetTesting.appendingPathComponent("bad_data"), suffix: ".parquet")
    static let encryptedFiles = TestPaths.files(in: TestPaths.parquetTesting.appendingPathComponent("data"), suffix: ".parquet.encrypted")

    @Test func theSharedParquetTestingCheckoutIsPresent() {
        #expect(Self.badDataFiles.count >= 6, "expected ../shared/parquet-testing/bad_data beside the repo root")
        #expect(Self.encryptedFiles.count >= 8)
    }

    /// ARROW-GH-43605 (RLE dictionary indices of bit width 0 over a one-entry dictionary) is
    /// valid per the spec and readers such as pyarrow read it as all zeros: it must then read
    /// as exactly that, or fail cleanly. Every other bad_data file must fail.
    @Test(arguments: badDataFiles)
    func badDataFailsCleanly(name: String) throws {
        let path = TestPaths.badData(name)
        do {
            let table = try ParquetDataset(path: path).read(columns: nil)
            guard name == "ARROW-GH-43605.parquet" else { Issue.record("\(name) read without error"); return }
            guard case let .int32(values)? = table.columns.first?.values else { Issue.record("not INT32"); return }
            #expect(values.count == 21186 && values.allSatisfy { $0 == 0 })
        } catch {
            #expect(error.message.contains(name), "error should name the file: \(error.message)")
        }
    }

    /// A named pipe (or any non-regular file) is refused at once: opening a FIFO for reading
    /// without O_NONBLOCK waits for a writer forever, which hung the reload queue. The open runs
    /// on its own thread so a regression fails here after 10 s instead of hanging the suite.
    @Test func aFIFOIsRefusedWithoutWaitingForAWriter() throws {
        let fifo = try TemporaryFIFO(named: "part-00000.parquet")
        defer { fifo.remove() }
        switch TemporaryFIFO.run(within: 10, { _ = try ParquetDataset(path: fifo.path) }) {
        case .timedOut: Issue.record("opening a FIFO did not return within 10 s")
        case .returned: Issue.record("a FIFO opened as Parquet")
        case .threw(let error): #expect("\(error)".contains("not a regular file"), "\(error)")
        }
    }

    @Test func unevenColumnLengthsAreDetected() {
        let path = TestPaths.badData("ARROW-GH-41317.parquet")
        #expect(throws: ParquetError.self) { try ParquetFile(path: path).readColumns(["timestamp_us_no_tz"]) }
    }

    @Test(arguments: encryptedFiles)
    func encryptedFilesAreRejected(name: String) {
        do {
            _ = try ParquetFile(path: TestPaths.data(name)).readColumns()
            Issue.record("\(name) read without error")
        } catch {
            #expect(error.message.contains("encrypted files are not supported"))
            #expect(error.message.contains(name))
        }
    }

    @Test func malformedDictionaryFails() {
        #expect(throws: ParquetError.self) { try ParquetFile(path: TestPaths.data("nation.dict-malformed.parquet")).readColumns() }
    }

    @Test func notParquetAndTruncatedFilesFail() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("parquet-bad-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let original = try Data(contentsOf: URL(fileURLWithPath: TestPaths.data("alltypes_plain.parquet")))
        let cases: [(String, Data)] = [
            ("empty.parquet", Data()),
            ("text.parquet", Data("hello, this is not parquet at all".utf8)),
            ("truncated.parquet", original.prefix(original.count - 100)),
            ("headonly.parquet", original.prefix(600)),
            ("bigfooter.parquet", original.prefix(original.count - 8) + Data([0xFF, 0xFF, 0xFF, 0x7F]) + Data("PAR1".utf8)),
        ]
        for (name, bytes) in cases {
            let path = dir.appendingPathComponent(name).path
            try bytes.write(to: URL(fileURLWithPath: path))
            do {
                _ = try ParquetFile(path: path).readColumns()
                Issue.record("\(name) read without error")
            } catch {
                #expect(error.message.contains(name), "\(error.message)")
            }
        }
        #expect(throws: ParquetError.self) { try ParquetFile(path: dir.appendingPathComponent("missing.parquet").path) }
    }

    /// Every single-byte corruption of a small file either reads or throws; none traps.
    @Test func byteFlipsNeverCrash() throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestPaths.data("alltypes_plain.parquet"))))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("flip-\(getpid()).parquet").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        var failures = 0
        for i in stride(from: 0, to: original.count, by: 3) {
            var bytes = original
            bytes[i] ^= 0xA5
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            do { _ = try ParquetFile(path: path).readColumns() } catch { failures += 1 }
        }
        #expect(failures > 0)
    }
}
