/// Little-endian bit unpacking (LSB first), as used by the RLE/bit-packed hybrid and
/// DELTA_BINARY_PACKED miniblocks.
enum BitUnpacking {
    /// Unpacks `count` values of `bitWidth` (0...64) bits starting at bit 0 of `data`.
    /// The caller guarantees `data` holds at least ceil(count * bitWidth / 8) bytes.
    @inline(__always)
    static func unpack<T: FixedWidthInteger>(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<T>
    ) {
        if bitWidth == 0 {
            out.initialize(repeating: 0, count: count)
            return
        }
        if bitWidth <= 56 {
            unpackNarrow(data, bitWidth: bitWidth, count: count, into: out)
        } else {
            for i in 0..<count { out[i] = T(truncatingIfNeeded: extract(data, bit: i * bitWidth, width: bitWidth)) }
        }
    }

    /// One 8-byte window per value: valid because a value of ≤56 bits at any bit offset fits in 64 bits.
    @inline(__always)
    private static func unpackNarrow<T: FixedWidthInteger>(
        _ data: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: UnsafeMutablePointer<T>
    ) {
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        let byteCount = data.count
        var bit = 0
        var i = 0
        // Fast part: the 8-byte load stays inside the buffer.
        while i < count && (bit >> 3) + 8 <= byteCount {
            let word = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
            out[i] = T(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit += bitWidth
            i += 1
        }
        while i < count {
            out[i] = T(truncatingIfNeeded: extract(data, bit: bit, width: bitWidth))
            bit += bitWidth
            i += 1
        }
    }

    /// Bit-by-byte extraction for the buffer's tail and for widths above 56.
    static func extract(_ data: UnsafeRawBufferPointer, bit: Int, width: Int) -> UInt64 {
        var result: UInt64 = 0
        var got = 0
        var pos = bit
        while got < width {
            let byteIndex = pos >> 3
            guard byteIndex < data.count else { break }
            let offset = pos & 7
            let take = min(8 - offset, width - got)
            let bits = (UInt64(data[byteIndex]) >> UInt64(offset)) & ((1 << UInt64(take)) - 1)
            result |= bits << UInt64(got)
            got += take
            pos += take
        }
        return result
    }

    /// Bytes needed for `count` values of `bitWidth` bits, with overflow checked.
    static func byteCount(count: Int, bitWidth: Int) throws(ParquetError) -> Int {
        let bits = try checkedMul(count, bitWidth, "bit-packed size")
        return bits / 8 + (bits % 8 == 0 ? 0 : 1)
    }
}
