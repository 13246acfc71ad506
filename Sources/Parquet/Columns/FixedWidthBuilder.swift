/// INT32, INT64, INT96, FLOAT and DOUBLE values in a plain Swift array.
struct FixedWidthBuilder<T: FixedWidthScalar>: ValueBuilder {
    var values: [T] = []

    init(descriptor: ColumnDescriptor) {}

    var count: Int { values.count }

    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        let size = try checkedMul(count, MemoryLayout<T>.size, "PLAIN \(T.physicalType) size")
        guard size <= data.count else {
            throw ParquetError("PLAIN \(T.physicalType) data needs \(size) bytes for \(count) values but has \(data.count)")
        }
        appendBytes(to: &values, count: count, zero: T.zero) { dst in
            dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: data[0..<size]))
        }
    }

    mutating func appendGathered(from dictionary: FixedWidthBuilder<T>, indices: UnsafeBufferPointer<UInt32>) {
        let old = values.count
        values.append(contentsOf: repeatElement(T.zero, count: indices.count))
        dictionary.values.withUnsafeBufferPointer { dict in
            values.withUnsafeMutableBufferPointer { out in
                for (i, index) in indices.enumerated() { out[old + i] = dict[Int(index)] }
            }
        }
    }

    mutating func appendEncoded(_ encoding: ParquetEncoding, _ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        switch encoding {
        case .deltaBinaryPacked where T(deltaValue: 0) != nil:
            var cursor = ValueCursor(data)
            let decoded = try DeltaBinaryPacked.decode(&cursor, count: count, valueBits: MemoryLayout<T>.size * 8)
            values.reserveAdditional(count)
            for v in decoded { if let x = T(deltaValue: v) { values.append(x) } }
        case .byteStreamSplit where T.allowsByteStreamSplit:
            var failure: ParquetError?
            appendBytes(to: &values, count: count, zero: T.zero) { dst in
                do throws(ParquetError) {
                    try unsplitByteStreams(data, count: count, width: MemoryLayout<T>.size, into: dst)
                } catch { failure = error }
            }
            if let failure { values.removeLast(count); throw failure }
        default:
            throw unsupportedEncoding(encoding, T.physicalType)
        }
    }

    mutating func spreadNulls(_ validity: UnsafeBufferPointer<Bool>, nonNullCount: Int) {
        let base = values.count - nonNullCount
        values.append(contentsOf: repeatElement(T.zero, count: validity.count - nonNullCount))
        values.withUnsafeMutableBufferPointer { v in
            var src = base + nonNullCount - 1
            var dst = base + validity.count - 1
            for valid in validity.reversed() {
                if valid { v[dst] = v[src]; src -= 1 } else { v[dst] = T.zero }
                dst -= 1
            }
        }
    }

    func finish() -> ColumnValues { T.wrap(values) }
}

struct BooleanBuilder: ValueBuilder {
    var values: [Bool] = []

    init(descriptor: ColumnDescriptor) {}

    var count: Int { values.count }

    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        let needed = try BitUnpacking.byteCount(count: count, bitWidth: 1)
        guard needed <= data.count else {
            throw ParquetError("PLAIN BOOLEAN data needs \(needed) bytes for \(count) values but has \(data.count)")
        }
        values.reserveAdditional(count)
        for i in 0..<count { values.append(data[i >> 3] >> UInt8(i & 7) & 1 == 1) }
    }

    mutating func appendGathered(from dictionary: BooleanBuilder, indices: UnsafeBufferPointer<UInt32>) {
        for index in indices { values.append(dictionary.values[Int(index)]) }
    }

    mutating func appendEncoded(_ encoding: ParquetEncoding, _ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        guard encoding == .rle else { throw unsupportedEncoding(encoding, .boolean) }
        var cursor = ValueCursor(data)
        let length = Int(try cursor.readUInt32LE("RLE BOOLEAN length"))
        var decoder = try RleBitPackedDecoder(try cursor.take(length, "RLE BOOLEAN data"), bitWidth: 1)
        var bits = [UInt8](repeating: 0, count: count)
        try bits.withUnsafeMutableBufferPointer { (b) throws(ParquetError) in
            if let base = b.baseAddress { try decoder.decode(into: base, count: count) }
        }
        values.reserveAdditional(count)
        for b in bits { values.append(b != 0) }
    }

    mutating func spreadNulls(_ validity: UnsafeBufferPointer<Bool>, nonNullCount: Int) {
        let base = values.count - nonNullCount
        values.append(contentsOf: repeatElement(false, count: validity.count - nonNullCount))
        var src = base + nonNullCount - 1
        var dst = base + validity.count - 1
        for valid in validity.reversed() {
            if valid { values[dst] = values[src]; src -= 1 } else { values[dst] = false }
            dst -= 1
        }
    }

    func finish() -> ColumnValues { .boolean(values) }
}
