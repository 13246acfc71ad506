/// Decoder for the RLE / bit-packed hybrid encoding (Encodings.md), used for levels,
/// dictionary indices and RLE booleans. Runs longer than what is asked are consumed lazily,
/// so a run header claiming billions of values costs nothing until those values are needed.
struct RleBitPackedDecoder {
    private var cursor: ByteCursor
    let bitWidth: Int
    private var rleRemaining = 0
    private var rleValue: UInt64 = 0
    private var packedRemaining = 0
    private var packedData = UnsafeRawBufferPointer(start: nil, count: 0)
    private var packedIndex = 0

    init(_ data: UnsafeRawBufferPointer, bitWidth: Int) throws(ParquetError) {
        guard (0...32).contains(bitWidth) else {
            throw ParquetError("RLE/bit-packed bit width \(bitWidth) is out of range 0...32")
        }
        self.cursor = ByteCursor(data)
        self.bitWidth = bitWidth
    }

    /// Bytes consumed so far (whole runs).
    var consumedBytes: Int { cursor.position }

    /// Decodes exactly `count` values into `out`, or throws if the data ends first.
    mutating func decode<T: FixedWidthInteger>(into out: UnsafeMutablePointer<T>, count: Int) throws(ParquetError) {
        var done = 0
        while done < count {
            if rleRemaining > 0 {
                let n = min(rleRemaining, count - done)
                (out + done).initialize(repeating: T(truncatingIfNeeded: rleValue), count: n)
                rleRemaining -= n
                done += n
            } else if packedRemaining > 0 {
                let n = min(packedRemaining, count - done)
                unpackFromCurrentRun(into: out + done, count: n)
                packedRemaining -= n
                done += n
            } else {
                try readRunHeader()
            }
        }
    }

    private mutating func unpackFromCurrentRun<T: FixedWidthInteger>(into out: UnsafeMutablePointer<T>, count: Int) {
        if packedIndex & 7 == 0 {
            // Runs are groups of 8 values: at a group boundary the bit offset is byte-aligned.
            let byteOffset = (packedIndex >> 3) * bitWidth
            let rest = UnsafeRawBufferPointer(rebasing: packedData[byteOffset...])
            BitUnpacking.unpack(rest, bitWidth: bitWidth, count: count, into: out)
        } else {
            for i in 0..<count {
                out[i] = T(truncatingIfNeeded: BitUnpacking.extract(packedData, bit: (packedIndex + i) * bitWidth, width: bitWidth))
            }
        }
        packedIndex += count
    }

    private mutating func readRunHeader() throws(ParquetError) {
        guard cursor.remaining > 0 else { throw ParquetError("RLE/bit-packed data ends before all values were read") }
        let header = try cursor.readULEB("RLE/bit-packed run header")
        guard header >> 1 <= UInt64(Int32.max) else {
            throw ParquetError("RLE/bit-packed run length \(header >> 1) is too large")
        }
        let n = Int(header >> 1)
        if header & 1 == 0 {
            let width = (bitWidth + 7) / 8
            let bytes = try cursor.take(width, "RLE run value")
            var v: UInt64 = 0
            for (i, b) in bytes.enumerated() { v |= UInt64(b) << UInt64(8 * i) }
            rleValue = v
            rleRemaining = n
        } else {
            // The last bit-packed run may be cut short by some writers: use the values present.
            let wanted = try checkedMul(n, bitWidth, "bit-packed run size")
            let available = min(wanted, cursor.remaining)
            packedData = try cursor.take(available, "bit-packed run")
            packedIndex = 0
            packedRemaining = bitWidth == 0 ? n * 8 : min(n * 8, available * 8 / bitWidth)
        }
    }
}

/// The deprecated BIT_PACKED level encoding: MSB-first bit order, no run headers.
enum LegacyBitPacked {
    static func decode(_ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<UInt8>) throws(ParquetError) -> Int {
        let needed = try BitUnpacking.byteCount(count: count, bitWidth: bitWidth)
        guard needed <= data.count else {
            throw ParquetError("BIT_PACKED levels need \(needed) bytes but only \(data.count) remain")
        }
        for i in 0..<count {
            var v: UInt8 = 0
            for b in 0..<bitWidth {
                let bit = i * bitWidth + b
                let byte = data[bit >> 3]
                v = (v << 1) | ((byte >> UInt8(7 - (bit & 7))) & 1)
            }
            out[i] = v
        }
        return needed
    }
}
