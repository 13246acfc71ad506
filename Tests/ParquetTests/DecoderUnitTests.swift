import Testing
@testable import Parquet

/// Thrift compact protocol and value decoders on hand-encoded bytes from the specs.
@Suite struct DecoderUnitTests {
    private func withReader<R>(_ bytes: [UInt8], _ body: (inout ThriftCompactReader) throws(ParquetError) -> R) throws(ParquetError) -> R {
        try bytes.withBytes { (raw) throws(ParquetError) -> R in
            var r = ThriftCompactReader(raw)
            return try body(&r)
        }
    }

    @Test func unknownFieldsOfEveryTypeAreSkipped() throws {
        // KeyValue-like struct: field 1 string "k", then unknown fields 7 (i64), 8 (list<i32>),
        // 9 (struct with a nested map), 10 (double), 11 (bool), then field 2 string "v".
        let bytes: [UInt8] = [
            0x18, 0x01, 0x6B,                    // field 1, binary "k"
            0x66, 0x54,                          // field 7 (delta 6), i64 zigzag 42
            0x19, 0x35, 0x02, 0x04, 0x06,        // field 8, list of 3 i32
            0x1C, 0x1B, 0x01, 0x58, 0x02, 0x01, 0x61, 0x00, // field 9 struct{ map<i32,string>{1:"a"} }
            0x17, 0, 0, 0, 0, 0, 0, 0xF0, 0x3F,  // field 10 double 1.0
            0x11,                                // field 11 bool true
            0x08, 0x04, 0x01, 0x76,              // field 2 (long form id), binary "v"
            0x00,
        ]
        let (key, value) = try withReader(bytes) { (r) throws(ParquetError) -> (String, String) in
            var key = "", value = ""
            try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
                switch f.id {
                case 1: key = try r.string(f, "key")
                case 2: value = try r.string(f, "value")
                default: try r.skip(f.type)
                }
            }
            return (key, value)
        }
        #expect(key == "k" && value == "v")
    }

    @Test func hostileLengthsAndNestingAreBounded() {
        // binary claiming 2^31 bytes
        #expect(throws: ParquetError.self) {
            try withReader([0x18, 0x80, 0x80, 0x80, 0x80, 0x08, 0x00]) { (r) throws(ParquetError) in try r.skipStruct() }
        }
        // list claiming 1,000,000 elements in a few bytes
        #expect(throws: ParquetError.self) {
            try withReader([0x19, 0xF5, 0xC0, 0x84, 0x3D, 0x00]) { (r) throws(ParquetError) in try r.skipStruct() }
        }
        // 100 nested structs (field 1 of type struct, repeatedly)
        let deep = [UInt8](repeating: 0x1C, count: 100) + [UInt8](repeating: 0x00, count: 101)
        do {
            try withReader(deep) { (r) throws(ParquetError) in try r.skipStruct() }
            Issue.record("nesting of 100 accepted")
        } catch {
            #expect(error.message.contains("nesting"))
        }
        // truncated varint
        #expect(throws: ParquetError.self) { try withReader([0x16, 0xFF, 0xFF]) { (r) throws(ParquetError) in try r.skipStruct() } }
    }

    private func rle(_ bytes: [UInt8], bitWidth: Int, count: Int) throws(ParquetError) -> [UInt32] {
        try bytes.withBytes { (raw) throws(ParquetError) -> [UInt32] in
            var d = try RleBitPackedDecoder(raw, bitWidth: bitWidth)
            var out = [UInt32](repeating: 0, count: count)
            try out.withUnsafeMutableBufferPointer { (b) throws(ParquetError) in try d.decode(into: b.baseAddress!, count: count) }
            return out
        }
    }

    @Test func rleBitPackedHybridFromTheSpec() throws {
        // Encodings.md: values 0..7 bit-packed with width 3 → 0x03 header, then 0x88 0xC6 0xFA.
        #expect(try rle([0x03, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 8) == [0, 1, 2, 3, 4, 5, 6, 7])
        // RLE run: 5 × value 300 with width 9 (two value bytes).
        #expect(try rle([0x0A, 0x2C, 0x01], bitWidth: 9, count: 5) == [300, 300, 300, 300, 300])
        // run then bit-packed; asking past the data is an error, not a trap
        #expect(try rle([0x04, 0x01, 0x03, 0x88, 0xC6, 0xFA], bitWidth: 3, count: 10) == [1, 1, 0, 1, 2, 3, 4, 5, 6, 7])
        #expect(throws: ParquetError.self) { try rle([0x04, 0x01], bitWidth: 3, count: 3) }
        #expect(throws: ParquetError.self) { try rle([0x04, 0x01], bitWidth: 33, count: 1) }
    }

    private func delta(_ bytes: [UInt8], count: Int) throws(ParquetError) -> [Int64] {
        try bytes.withBytes { (raw) throws(ParquetError) -> [Int64] in
            var c = ValueCursor(raw)
            return try DeltaBinaryPacked.decode(&c, count: count)
        }
    }

    @Test func deltaBinaryPackedExamplesFromTheSpec() throws {
        // 1,2,3,4,5: block 128, 4 miniblocks, 5 values, first 1, min delta 1, widths 0.
        #expect(try delta([0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0], count: 5) == [1, 2, 3, 4, 5])
        // 7,5,3,1,2,3,4,5: min delta -2, relative deltas 0,0,0,3,3,3,3 at width 2.
        let packed: [UInt8] = [0xC0, 0x3F, 0, 0, 0, 0, 0, 0]
        #expect(try delta([0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 2, 0, 0, 0] + packed, count: 8) == [7, 5, 3, 1, 2, 3, 4, 5])
        // bit width above 64, a block size not a multiple of 128, fewer values than asked
        #expect(throws: ParquetError.self) { try delta([0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 65, 0, 0, 0], count: 8) }
        #expect(throws: ParquetError.self) { try delta([0x64, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0], count: 5) }
        #expect(throws: ParquetError.self) { try delta([0x80, 0x01, 0x04, 0x02, 0x02], count: 5) }
    }

    @Test func formattingHelpers() {
        #expect(DecimalFormatting.format(unscaled: -50, scale: 2) == "-0.50")
        #expect(DecimalFormatting.format(unscaled: 1230, scale: 2) == "12.30")
        #expect(DecimalFormatting.format(unscaled: 7, scale: 0) == "7")
        let minus1: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFE]  // -2 in 12 bytes
        #expect(minus1.withUnsafeBytes { DecimalFormatting.format(bigEndian: $0, scale: 3) } == "-0.002")
        #expect([UInt8]("Man".utf8).withUnsafeBytes(Base64.encode) == "TWFu")
        #expect([UInt8]("Ma".utf8).withUnsafeBytes(Base64.encode) == "TWE=")
        #expect(HalfFloat.toFloat(0x3C00) == 1 && HalfFloat.toFloat(0xC000) == -2 && HalfFloat.toFloat(0x0001) == 5.9604645e-08)
        #expect(HalfFloat.toFloat(0x7E00).isNaN && HalfFloat.toFloat(0xFC00) == -.infinity)
        #expect(TemporalFormatting.timestamp(micros: -1) == "1969-12-31T23:59:59.999999")
        #expect(TemporalFormatting.date(days: 19782) == "2024-02-29")
        #expect(TemporalFormatting.micros(Int64.min, unit: .nanos) == Int64.min / 1000 - 1)
        var s = ""
        JSONText.appendString("a\u{1}\u{1f}\"\\/\u{7f}é", to: &s)
        #expect(s == "\"a\\u0001\\u001f\\\"\\\\/\u{7f}é\"")
    }
}
