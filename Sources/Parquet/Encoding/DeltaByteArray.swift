/// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY (Encodings.md), appended straight into an
/// offsets + bytes buffer so no per-value allocation happens.
enum DeltaByteArrayDecoding {
    static func decodeLengths(_ cursor: inout ValueCursor, count: Int, what: String) throws(ParquetError) -> [Int64] {
        let lengths = try DeltaBinaryPacked.decode(&cursor, count: count)
        for l in lengths where l < 0 || l > Int64(Int32.max) {
            throw ParquetError("\(what) has invalid length \(l)")
        }
        return lengths
    }

    static func decodeDeltaLength(
        _ data: UnsafeRawBufferPointer, count: Int, offsets: inout [Int], bytes: inout [UInt8]
    ) throws(ParquetError) {
        var cursor = ValueCursor(data)
        let lengths = try decodeLengths(&cursor, count: count, what: "DELTA_LENGTH_BYTE_ARRAY")
        var total = 0
        for l in lengths { total = try checkedAdd(total, Int(l), "DELTA_LENGTH_BYTE_ARRAY total size") }
        let body = try cursor.take(total, "DELTA_LENGTH_BYTE_ARRAY data")
        bytes.append(contentsOf: body)
        var end = offsets.last ?? 0
        offsets.reserveAdditional(count)
        for l in lengths {
            end += Int(l)
            offsets.append(end)
        }
    }

    /// Decoded bytes one DELTA_BYTE_ARRAY page may expand to. Prefixes repeat earlier bytes, so a
    /// small page can describe a huge output (each value the previous one plus a byte); past
    /// this, the page is refused rather than allocated.
    static let maxExpandedBytes = 1 << 31 - 1

    static func decodeDeltaByteArray(
        _ data: UnsafeRawBufferPointer, count: Int, offsets: inout [Int], bytes: inout [UInt8]
    ) throws(ParquetError) {
        var cursor = ValueCursor(data)
        let prefixes = try decodeLengths(&cursor, count: count, what: "DELTA_BYTE_ARRAY prefix")
        let suffixes = try decodeLengths(&cursor, count: count, what: "DELTA_BYTE_ARRAY suffix")
        // Lengths first: every prefix within the previous value, and the output's total size,
        // so the bytes are allocated once. (Appending a slice of `bytes` to itself copied the
        // whole buffer on every value: 20,000 values took 20 s.)
        var total = 0, previousLength = 0, suffixBytes = 0
        for i in 0..<count {
            // The suffixes are stored in the page: their sum must be there before anything is
            // allocated (lengths claiming gigabytes of suffix on a small page are refused here).
            suffixBytes += Int(suffixes[i])
            guard suffixBytes <= cursor.remaining else {
                throw ParquetError("DELTA_BYTE_ARRAY suffixes need \(suffixBytes) bytes but only \(cursor.remaining) remain")
            }
            let prefix = Int(prefixes[i]), length = prefix + Int(suffixes[i])
            guard prefix <= previousLength else {
                throw ParquetError("DELTA_BYTE_ARRAY prefix length \(prefix) exceeds the previous value's \(previousLength) bytes")
            }
            total = try checkedAdd(total, length, "DELTA_BYTE_ARRAY total size")
            guard total <= maxExpandedBytes else {
                throw ParquetError("DELTA_BYTE_ARRAY page expands to more than \(maxExpandedBytes) bytes")
            }
            previousLength = length
        }
        let base = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: total))
        offsets.reserveAdditional(count)
        let filled = bytes.withUnsafeMutableBytes { out -> Result<Void, ParquetError> in
            var write = base, previousStart = base
            for i in 0..<count {
                let prefix = Int(prefixes[i])
                let suffix: UnsafeRawBufferPointer
                do throws(ParquetError) {
                    suffix = try cursor.take(Int(suffixes[i]), "DELTA_BYTE_ARRAY suffix")
                } catch {
                    return .failure(error)
                }
                // The previous value ends where this one starts: the regions never overlap.
                if prefix > 0 { (out.baseAddress! + write).copyMemory(from: out.baseAddress! + previousStart, byteCount: prefix) }
                if suffix.count > 0 { (out.baseAddress! + write + prefix).copyMemory(from: suffix.baseAddress!, byteCount: suffix.count) }
                previousStart = write
                write += prefix + suffix.count
                offsets.append(write)
            }
            return .success(())
        }
        if case .failure(let error) = filled {
            bytes.removeLast(bytes.count - base)
            throw error
        }
    }
}
