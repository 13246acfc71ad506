import Foundation
import Testing
@testable import Parquet

/// Fixtures written by Fixtures/codecs/make_codec_fixtures.py with real compressors.
enum CodecFixtures {
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().appendingPathComponent("Fixtures/codecs")

    static let payloads = ["empty", "one", "text", "random", "repetitive", "overlap"]

    /// Fixture file prefix → the Parquet codec id whose pages hold that format.
    static let formats: [(prefix: String, codec: CompressionCodec)] = [
        ("snappy", .snappy), ("gzip", .gzip), ("brotli", .brotli), ("zstd", .zstd),
        ("lz4raw", .lz4Raw), ("lz4hadoop", .lz4), ("lz4frame", .lz4),
        // Old parquet-cpp wrote bare blocks under the deprecated id: the fallback must take them.
        ("lz4raw", .lz4),
    ]

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    static func payload(_ name: String) throws -> [UInt8] {
        name == "repetitive" ? repetitive() : try bytes("\(name).raw")
    }

    /// Same formula as `repetitive()` in make_codec_fixtures.py (1 MiB is not worth committing).
    static func repetitive() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(1 << 20)
        var row = 0
        while out.count < 1 << 20 {
            let number = String(row % 100)
            let padded = String(repeating: "0", count: 5 - number.count) + number
            out += Array("rankd feature snapshot row \(padded)\n".utf8)
            row += 1
        }
        return Array(out[..<(1 << 20)])
    }
}

func decode(_ codec: CompressionCodec, _ input: [UInt8], size: Int) throws(DecompressionError) -> [UInt8] {
    let result = input.withUnsafeBytes { raw in
        Result { () throws(DecompressionError) in try decompress(codec, raw, uncompressedSize: size) }
    }
    return try result.get()
}

/// Byte-for-byte comparison that reports the first difference instead of dumping megabytes.
func expectSameBytes(_ actual: [UInt8], _ expected: [UInt8], _ label: String,
                     sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, "\(label): \(actual.count) bytes, expected \(expected.count)",
            sourceLocation: sourceLocation)
    if let index = (0..<min(actual.count, expected.count)).first(where: { actual[$0] != expected[$0] }) {
        Issue.record("\(label): first difference at byte \(index)", sourceLocation: sourceLocation)
    }
}

@Suite struct CompressionFixtureSupportTests {
    @Test func repetitivePayloadMatchesTheCompressorsInput() throws {
        // The zstd fixture was made from the Python generator's output; decoding it with
        // libzstd (not rankd code) checks the Swift generator mirrors it.
        let generated = CodecFixtures.repetitive()
        let compressed = try CodecFixtures.bytes("zstd-repetitive.bin")
        let decoded = try decode(.zstd, compressed, size: generated.count)
        expectSameBytes(decoded, generated, "repetitive payload")
    }
}
