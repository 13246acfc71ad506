/// Repetition and definition levels of one data page.
enum LevelDecoding {
    /// Bits needed to store levels up to `maxLevel`.
    static func bitWidth(_ maxLevel: Int) -> Int {
        maxLevel == 0 ? 0 : Int.bitWidth - maxLevel.leadingZeroBitCount
    }

    /// Data page v1: levels prefixed by a 4-byte length (RLE) or packed MSB-first (BIT_PACKED).
    static func decodeV1(
        _ cursor: inout ByteCursor, encoding: ParquetEncoding, maxLevel: Int, count: Int,
        into out: inout [UInt8], what: String
    ) throws(ParquetError) {
        let width = bitWidth(maxLevel)
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: repeatElement(0, count: count))
        switch encoding {
        case .rle:
            let length = Int(try cursor.readUInt32LE("\(what) levels length"))
            let data = try cursor.take(length, "\(what) levels")
            try decodeHybrid(data, bitWidth: width, count: count, into: &out, what: what)
        case .bitPacked:
            let rest = UnsafeRawBufferPointer(rebasing: cursor.buffer[cursor.position...])
            let used = try out.withUnsafeMutableBufferPointer { (b) throws(ParquetError) -> Int in
                guard let base = b.baseAddress else { return 0 }
                return try LegacyBitPacked.decode(rest, bitWidth: width, count: count, into: base)
            }
            cursor.skip(used)
        default:
            throw ParquetError("\(what) levels use unsupported encoding \(encoding)")
        }
        try check(out, maxLevel: maxLevel, what: what)
    }

    /// Data page v2: levels are RLE without a length prefix, their byte length in the header.
    static func decodeV2(
        _ data: UnsafeRawBufferPointer, maxLevel: Int, count: Int, into out: inout [UInt8], what: String
    ) throws(ParquetError) {
        out.removeAll(keepingCapacity: true)
        out.append(contentsOf: repeatElement(0, count: count))
        try decodeHybrid(data, bitWidth: bitWidth(maxLevel), count: count, into: &out, what: what)
        try check(out, maxLevel: maxLevel, what: what)
    }

    private static func decodeHybrid(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: inout [UInt8], what: String
    ) throws(ParquetError) {
        var decoder = try RleBitPackedDecoder(data, bitWidth: bitWidth)
        do throws(ParquetError) {
            try out.withUnsafeMutableBufferPointer { (b) throws(ParquetError) in
                guard let base = b.baseAddress else { return }
                try decoder.decode(into: base, count: count)
            }
        } catch {
            throw error.prefixed("\(what) levels")
        }
    }

    private static func check(_ levels: [UInt8], maxLevel: Int, what: String) throws(ParquetError) {
        var highest: UInt8 = 0
        for l in levels { highest = max(highest, l) }
        guard Int(highest) <= maxLevel else {
            throw ParquetError("\(what) level \(highest) exceeds the column's maximum \(maxLevel)")
        }
    }
}
