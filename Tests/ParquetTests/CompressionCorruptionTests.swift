import Testing
@testable import Parquet
import TestSupport

/// Hostile page bodies: every failure is a thrown DecompressionError, never a trap, and any
/// success is exactly the declared size.
@Suite struct CompressionCorruptionTests {
    static let formats = CodecFixtures.formats.map { ($0.prefix, $0.codec) }

    /// Throws, or returns exactly `size` bytes; a trap would crash the test process.
    static func expectThrowsOrExactSize(_ codec: CompressionCodec, _ input: [UInt8], size: Int, _ label: String) {
        do {
            let output = try decode(codec, input, size: size)
            #expect(output.count == size, "\(label): \(output.count) bytes, expected \(size)")
        } catch {
            #expect(!error.message.isEmpty, "\(label): empty error message")
        }
    }

    @Test(arguments: formats)
    func everyStrictPrefixIsRejected(prefix: String, codec: CompressionCodec) throws {
        for payload in ["empty", "one", "text"] {
            let expected = try CodecFixtures.payload(payload)
            let compressed = try CodecFixtures.bytes("\(prefix)-\(payload).bin")
            for length in 0..<compressed.count {
                let truncated = Array(compressed[..<length])
                if payload == "empty" {
                    // A prefix may itself be a valid empty page (zero Hadoop blocks, or a lone
                    // LZ4 token read as a bare block); it must then decode to nothing.
                    Self.expectThrowsOrExactSize(codec, truncated, size: 0, "\(prefix)-empty cut to \(length)")
                    continue
                }
                #expect(throws: DecompressionError.self, "\(prefix)-\(payload) cut to \(length) bytes") {
                    try decode(codec, truncated, size: expected.count)
                }
            }
        }
    }

    @Test(arguments: formats)
    func flippedBytesThrowOrKeepTheSize(prefix: String, codec: CompressionCodec) throws {
        var random = SeededGenerator(state: UInt64(prefix.utf8.count) &* 7919 &+ UInt64(codec.rawValue))
        for payload in ["one", "text", "overlap"] {
            let size = try CodecFixtures.payload(payload).count
            let compressed = try CodecFixtures.bytes("\(prefix)-\(payload).bin")
            for round in 0..<400 {
                var mutated = compressed
                for _ in 0...(round % 3) {
                    let index = Int(random.next() % UInt64(mutated.count))
                    mutated[index] ^= UInt8(truncatingIfNeeded: random.next() % 255 + 1)
                }
                Self.expectThrowsOrExactSize(codec, mutated, size: size, "\(prefix)-\(payload) round \(round)")
            }
        }
    }

    @Test(arguments: formats)
    func wrongUncompressedSizesAreRejected(prefix: String, codec: CompressionCodec) throws {
        for payload in CodecFixtures.payloads {
            let size = try CodecFixtures.payload(payload).count
            let compressed = try CodecFixtures.bytes("\(prefix)-\(payload).bin")
            var wrong = [size + 1, size * 2 + 7]
            if size > 0 { wrong += [size - 1, 0] }
            for claimed in wrong {
                #expect(throws: DecompressionError.self, "\(prefix)-\(payload) claimed \(claimed)") {
                    try decode(codec, compressed, size: claimed)
                }
            }
        }
    }

    @Test(arguments: CompressionCodec.allCases)
    func negativeSizesAreRejected(codec: CompressionCodec) throws {
        for size in [-1, Int.min] {
            let error = #expect(throws: DecompressionError.self) { try decode(codec, [0, 1, 2], size: size) }
            if codec != .lzo { #expect(error?.message.contains("negative") == true, "\(codec)") }
        }
    }

    @Test(arguments: CompressionCodec.allCases)
    func randomGarbageThrowsOrKeepsTheSize(codec: CompressionCodec) {
        var random = SeededGenerator(state: 0xC0DEC + UInt64(codec.rawValue))
        for round in 0..<500 {
            let garbage = (0..<Int(random.next() % 300)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            let size = Int(random.next() % 2000)
            Self.expectThrowsOrExactSize(codec, garbage, size: size, "\(codec) garbage round \(round)")
        }
    }

    @Test func lzoIsRefusedClearly() {
        let error = #expect(throws: DecompressionError.self) { try decode(.lzo, [1, 2, 3], size: 3) }
        #expect(error?.message == "LZO compression is not supported")
    }

    @Test func gzipTrailingGarbageIsRejected() throws {
        let text = try CodecFixtures.payload("text")
        let compressed = try CodecFixtures.bytes("gzip-text.bin")
        for tail: [UInt8] in [[0], [0, 0, 0, 0], [0x1f, 0x8b]] {
            #expect(throws: DecompressionError.self) { try decode(.gzip, compressed + tail, size: text.count) }
        }
    }

    @Test(arguments: [("zstd-text.bin", CompressionCodec.zstd), ("brotli-text.bin", .brotli), ("snappy-text.bin", .snappy)])
    func trailingGarbageIsRejected(file: String, codec: CompressionCodec) throws {
        let text = try CodecFixtures.payload("text")
        let compressed = try CodecFixtures.bytes(file)
        #expect(throws: DecompressionError.self) { try decode(codec, compressed + [0x00, 0x00, 0x00, 0x00], size: text.count) }
    }
}
