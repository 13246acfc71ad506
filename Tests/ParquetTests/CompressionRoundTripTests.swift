import Testing
@testable import Parquet

/// Real compressors' output decodes byte-for-byte to the original payloads.
@Suite struct CompressionRoundTripTests {
    static let cases: [(String, CompressionCodec, String)] = CodecFixtures.formats.flatMap { format in
        CodecFixtures.payloads.map { (format.prefix, format.codec, $0) }
    }

    @Test(arguments: cases)
    func decodesRealCompressorOutput(prefix: String, codec: CompressionCodec, payload: String) throws {
        let expected = try CodecFixtures.payload(payload)
        let compressed = try CodecFixtures.bytes("\(prefix)-\(payload).bin")
        let decoded = try decode(codec, compressed, size: expected.count)
        expectSameBytes(decoded, expected, "\(prefix)-\(payload) as \(codec)")
    }

    @Test(arguments: [
        ("gzip-twomembers-text.bin", CompressionCodec.gzip, "text"),
        ("gzip-zlibheader-text.bin", .gzip, "text"),
        ("zstd-twoframes-text.bin", .zstd, "text"),
        ("zstd-nosize-text.bin", .zstd, "text"),
        ("lz4framelinked-repetitive.bin", .lz4, "repetitive"),
        ("lz4framelinked-overlap.bin", .lz4, "overlap"),
        ("lz4frame-twoframes-text.bin", .lz4, "text"),
    ])
    func decodesContainerVariants(file: String, codec: CompressionCodec, payload: String) throws {
        let expected = try CodecFixtures.payload(payload)
        let decoded = try decode(codec, try CodecFixtures.bytes(file), size: expected.count)
        expectSameBytes(decoded, expected, file)
    }

    /// Page bodies cut from parquet-testing files by parquet-mr (Hadoop framing), old
    /// parquet-cpp (bare blocks) and a LZ4_RAW writer; expected bytes are from pyarrow's LZ4.
    @Test(arguments: [
        ("hadoop_lz4_compressed", CompressionCodec.lz4, 6),
        ("hadoop_lz4_compressed_larger", .lz4, 1),
        ("non_hadoop_lz4_compressed", .lz4, 6),
        ("lz4_raw_compressed", .lz4Raw, 3),
    ])
    func decodesParquetTestingPages(file: String, codec: CompressionCodec, pages: Int) throws {
        for page in 0..<pages {
            let expected = try CodecFixtures.bytes("page-\(file)-\(page).raw")
            let body = try CodecFixtures.bytes("page-\(file)-\(page).bin")
            expectSameBytes(try decode(codec, body, size: expected.count), expected, "\(file) page \(page)")
        }
    }

    @Test func uncompressedPagesAreCopied() throws {
        let text = try CodecFixtures.payload("text")
        expectSameBytes(try decode(.uncompressed, text, size: text.count), text, "uncompressed")
        #expect(throws: DecompressionError.self) { try decode(.uncompressed, text, size: text.count - 1) }
    }
}
