/// BYTE_ARRAY values as one offsets array plus one contiguous byte buffer (no per-value allocation).
struct ByteArrayBuilder: ValueBuilder {
    var offsets: [Int] = [0]
    var bytes: [UInt8] = []

    init(descriptor: ColumnDescriptor) {}
    init() {}

    var count: Int { offsets.count - 1 }

    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        // Every value has a 4-byte length, which bounds `count` by the data before reserving.
        guard count <= data.count / 4 else {
            throw ParquetError("PLAIN BYTE_ARRAY data of \(data.count) bytes cannot hold \(count) values")
        }
        offsets.reserveCapacity(offsets.count + count)
        bytes.reserveCapacity(bytes.count + data.count - 4 * count)
        var position = 0
        for _ in 0..<count {
            guard data.count - position >= 4 else { throw ParquetError("PLAIN BYTE_ARRAY data ends inside a length") }
            let length = Int(UInt32(littleEndian: data.loadUnaligned(fromByteOffset: position, as: UInt32.self)))
            position += 4
            guard length <= data.count - position else {
                throw ParquetError("PLAIN BYTE_ARRAY value of \(length) bytes exceeds the \(data.count - position) bytes left")
            }
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[position..<position + length]))
            position += length
            offsets.append(bytes.count)
        }
    }

    mutating func appendGathered(from dictionary: ByteArrayBuilder, indices: UnsafeBufferPointer<UInt32>) {
        var total = 0
        dictionary.offsets.withUnsafeBufferPointer { offs in
            for index in indices { total &+= offs[Int(index) + 1] - offs[Int(index)] }
        }
        bytes.reserveCapacity(bytes.count + total)
        offsets.reserveCapacity(offsets.count + indices.count)
        dictionary.offsets.withUnsafeBufferPointer { offs in
            dictionary.bytes.withUnsafeBufferPointer { dictBytes in
                for index in indices {
                    let i = Int(index)
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: dictBytes[offs[i]..<offs[i + 1]]))
                    offsets.append(bytes.count)
                }
            }
        }
    }

    mutating func appendEncoded(_ encoding: ParquetEncoding, _ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        switch encoding {
        case .deltaLengthByteArray:
            try DeltaByteArrayDecoding.decodeDeltaLength(data, count: count, offsets: &offsets, bytes: &bytes)
        case .deltaByteArray:
            try DeltaByteArrayDecoding.decodeDeltaByteArray(data, count: count, offsets: &offsets, bytes: &bytes)
        default:
            throw unsupportedEncoding(encoding, .byteArray)
        }
    }

    mutating func spreadNulls(_ validity: UnsafeBufferPointer<Bool>, nonNullCount: Int) {
        // offsets[base] is the start of the first of the last `nonNullCount` values.
        let base = offsets.count - 1 - nonNullCount
        let last = offsets[offsets.count - 1]
        offsets.append(contentsOf: repeatElement(last, count: validity.count - nonNullCount))
        offsets.withUnsafeMutableBufferPointer { o in
            var src = nonNullCount - 1
            var slot = validity.count - 1
            for valid in validity.reversed() {
                o[base + slot + 1] = o[base + src + 1]
                if valid { src -= 1 }
                slot -= 1
            }
        }
    }

    func finish() -> ColumnValues { .byteArray(offsets: offsets, bytes: bytes) }
}

/// FIXED_LEN_BYTE_ARRAY values, `width` bytes each, in one buffer.
struct FixedLenBuilder: ValueBuilder {
    let width: Int
    var bytes: [UInt8] = []

    init(descriptor: ColumnDescriptor) { width = max(1, descriptor.typeLength) }

    var count: Int { bytes.count / width }

    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        let size = try checkedMul(count, width, "PLAIN FIXED_LEN_BYTE_ARRAY size")
        guard size <= data.count else {
            throw ParquetError("PLAIN FIXED_LEN_BYTE_ARRAY data needs \(size) bytes for \(count) values but has \(data.count)")
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: data[0..<size]))
    }

    mutating func appendGathered(from dictionary: FixedLenBuilder, indices: UnsafeBufferPointer<UInt32>) {
        bytes.reserveCapacity(bytes.count + indices.count * width)
        dictionary.bytes.withUnsafeBufferPointer { dict in
            for index in indices {
                let start = Int(index) * width
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: dict[start..<start + width]))
            }
        }
    }

    mutating func appendEncoded(_ encoding: ParquetEncoding, _ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError) {
        switch encoding {
        case .byteStreamSplit:
            let size = try checkedMul(count, width, "BYTE_STREAM_SPLIT size")
            guard size <= data.count else {
                throw ParquetError("BYTE_STREAM_SPLIT needs \(size) bytes but the page has \(data.count)")
            }
            var failure: ParquetError?
            appendBytes(to: &bytes, count: size, zero: 0) { dst in
                do throws(ParquetError) {
                    try unsplitByteStreams(data, count: count, width: width, into: dst)
                } catch { failure = error }
            }
            if let failure { throw failure }
        case .deltaLengthByteArray, .deltaByteArray:
            var builder = ByteArrayBuilder()
            try builder.appendEncoded(encoding, data, count: count)
            for i in 0..<builder.count where builder.offsets[i + 1] - builder.offsets[i] != width {
                throw ParquetError("\(encoding) value has \(builder.offsets[i + 1] - builder.offsets[i]) bytes, FIXED_LEN_BYTE_ARRAY width is \(width)")
            }
            bytes.append(contentsOf: builder.bytes)
        default:
            throw unsupportedEncoding(encoding, .fixedLenByteArray)
        }
    }

    mutating func spreadNulls(_ validity: UnsafeBufferPointer<Bool>, nonNullCount: Int) {
        let base = bytes.count / width - nonNullCount
        bytes.append(contentsOf: repeatElement(0, count: (validity.count - nonNullCount) * width))
        let w = width
        bytes.withUnsafeMutableBufferPointer { b in
            var src = base + nonNullCount - 1
            var dst = base + validity.count - 1
            for valid in validity.reversed() {
                if valid {
                    if src != dst { for k in 0..<w { b[dst * w + k] = b[src * w + k] } }
                    src -= 1
                } else {
                    for k in 0..<w { b[dst * w + k] = 0 }
                }
                dst -= 1
            }
        }
    }

    func finish() -> ColumnValues { .fixedLenByteArray(width: width, bytes: bytes) }
}
