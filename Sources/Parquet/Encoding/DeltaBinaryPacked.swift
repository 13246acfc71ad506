/// DELTA_BINARY_PACKED (Encodings.md): a header, then blocks of miniblocks of bit-packed deltas
/// from a per-block minimum. Arithmetic wraps, as the spec requires; INT32 values are the low
/// 32 bits of the 64-bit result, which is the same as wrapping in 32 bits.
enum DeltaBinaryPacked {
    /// Decodes `count` values from the start of `cursor` into `out`, leaving the cursor just past
    /// the last miniblock used. The header's own value count must cover `count`.
    /// `valueBits` 32 for INT32 columns: their first value is an Int32 and every block's minimum
    /// delta a difference of two (|d| < 2^32; writers that subtract in 64 bits write those), so
    /// each varint is at most 5 bytes. A longer one is a corrupt header, which read as 64 bits
    /// swallowed the next fields and printed garbage where pyarrow reports the page truncated.
    static func decode(
        _ cursor: inout ValueCursor, count: Int, valueBits: Int = 64, into out: UnsafeMutablePointer<Int64>
    ) throws(ParquetError) {
        func readValue(_ what: String, limit: Int64) throws(ParquetError) -> Int64 {
            let start = cursor.position
            let value = try cursor.readZigZag(what)
            if valueBits == 32, cursor.position - start > 5 || value < -limit - 1 || value > limit {
                throw ParquetError("\(what) holds \(value) in a \(cursor.position - start)-byte varint, too large for an INT32 column")
            }
            return value
        }
        let blockSize = try cursor.readULEB("DELTA_BINARY_PACKED header")
        let miniblocks = try cursor.readULEB("DELTA_BINARY_PACKED header")
        let total = try cursor.readULEB("DELTA_BINARY_PACKED header")
        var value = try readValue("DELTA_BINARY_PACKED first value", limit: Int64(Int32.max))
        guard blockSize > 0, blockSize % 128 == 0, blockSize <= 1 << 20,
              miniblocks > 0, blockSize % miniblocks == 0, (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetError("DELTA_BINARY_PACKED block size \(blockSize) / \(miniblocks) miniblocks is invalid")
        }
        guard total >= UInt64(count) else {
            throw ParquetError("DELTA_BINARY_PACKED holds \(total) values, \(count) expected")
        }
        guard count > 0 else { return }
        out[0] = value
        var done = 1
        let perMiniblock = Int(blockSize / miniblocks)
        var widths = [Int](repeating: 0, count: Int(miniblocks))
        while done < count {
            let minDelta = try readValue("DELTA_BINARY_PACKED block minimum delta", limit: Int64(UInt32.max))
            let widthBytes = try cursor.take(widths.count, "DELTA_BINARY_PACKED bit widths")
            for i in 0..<widths.count { widths[i] = Int(widthBytes[i]) }
            for width in widths where done < count {
                guard width <= 64 else { throw ParquetError("DELTA_BINARY_PACKED bit width \(width) exceeds 64") }
                let n = min(perMiniblock, count - done)
                let size = try BitUnpacking.byteCount(count: perMiniblock, bitWidth: width)
                // A writer may omit the padding of the very last miniblock: accept what is there.
                let needed = try BitUnpacking.byteCount(count: n, bitWidth: width)
                guard needed <= cursor.remaining else {
                    throw ParquetError("DELTA_BINARY_PACKED miniblock needs \(needed) bytes but only \(cursor.remaining) remain")
                }
                let data = try cursor.take(min(size, cursor.remaining), "DELTA_BINARY_PACKED miniblock")
                let dst = out + done
                BitUnpacking.unpack(data, bitWidth: width, count: n, into: dst)
                for i in 0..<n {
                    value = value &+ minDelta &+ dst[i]
                    dst[i] = value
                }
                done += n
            }
        }
    }

    /// Decodes into a fresh array; `count` was already bounded by the page's level count.
    static func decode(_ cursor: inout ValueCursor, count: Int, valueBits: Int = 64) throws(ParquetError) -> [Int64] {
        var failure: ParquetError?
        let values = [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
            initialized = 0
            guard let base = buffer.baseAddress else { return }
            base.initialize(repeating: 0, count: count)
            initialized = count
            do throws(ParquetError) {
                try decode(&cursor, count: count, valueBits: valueBits, into: base)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
        return values
    }
}
