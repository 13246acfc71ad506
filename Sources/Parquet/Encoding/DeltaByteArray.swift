/// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (Encodings.md), appended straight into an
/// offsets + bytes buffer so no per-value allocation happens.
enum DeltaByteArrayDecoding {
    static func decodeLengths(_ cursor: inout ByteCursor, count: Int, what: String) throws(ParquetError) -> [Int64] {
        let lengths = try DeltaBinaryPacked.decode(&cursor, count: count)
        for l in lengths where l < 0 || l > Int64(Int32.max) {
            throw ParquetError("\(what) has invalid length \(l)")
        }
        return lengths
    }

    static func decodeDeltaLength(
        _ data: UnsafeRawBufferPointer, count: Int, offsets: inout [Int], bytes: inout [UInt8]
    ) throws(ParquetError) {
        var cursor = ByteCursor(data)
        let lengths = try decodeLengths(&cursor, count: count, what: "DELTA_LENGTH_BYTE_ARRAY")
        var total = 0
        for l in lengths { total = try checkedAdd(total, Int(l), "DELTA_LENGTH_BYTE_ARRAY total size") }
        let body = try cursor.take(total, "DELTA_LENGTH_BYTE_ARRAY data")
        bytes.append(contentsOf: body)
        var end = offsets.last ?? 0
        offsets.reserveCapacity(offsets.count + count)
        for l in lengths {
            end += Int(l)
            offsets.append(end)
        }
    }

    static func decodeDeltaByteArray(
        _ data: UnsafeRawBufferPointer, count: Int, offsets: inout [Int], bytes: inout [UInt8]
    ) throws(ParquetError) {
        var cursor = ByteCursor(data)
        let prefixes = try decodeLengths(&cursor, count: count, what: "DELTA_BYTE_ARRAY prefix")
        let suffixes = try decodeLengths(&cursor, count: count, what: "DELTA_BYTE_ARRAY suffix")
        var previous = 0..<0  // range of the previous value inside `bytes`
        offsets.reserveCapacity(offsets.count + count)
        for i in 0..<count {
            let prefix = Int(prefixes[i])
            guard prefix <= previous.count else {
                throw ParquetError("DELTA_BYTE_ARRAY prefix length \(prefix) exceeds the previous value's \(previous.count) bytes")
            }
            let suffix = try cursor.take(Int(suffixes[i]), "DELTA_BYTE_ARRAY suffix")
            let start = bytes.count
            if prefix > 0 {
                bytes.append(contentsOf: bytes[previous.lowerBound..<previous.lowerBound + prefix])
            }
            bytes.append(contentsOf: suffix)
            previous = start..<bytes.count
            offsets.append(bytes.count)
        }
    }
}
