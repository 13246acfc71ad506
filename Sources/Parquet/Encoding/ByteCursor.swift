/// A bounds-checked reading position over a page's bytes (which the caller keeps alive).
struct ByteCursor {
    let buffer: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ buffer: UnsafeRawBufferPointer) { self.buffer = buffer }

    var remaining: Int { buffer.count - position }

    mutating func take(_ count: Int, _ what: @autoclosure () -> String) throws(ParquetError) -> UnsafeRawBufferPointer {
        guard count >= 0, count <= remaining else {
            throw ParquetError("\(what()) needs \(count) bytes but only \(remaining) remain")
        }
        let slice = UnsafeRawBufferPointer(rebasing: buffer[position..<position + count])
        position += count
        return slice
    }

    mutating func readByte(_ what: @autoclosure () -> String) throws(ParquetError) -> UInt8 {
        guard position < buffer.count else { throw ParquetError("\(what()) ends early") }
        defer { position += 1 }
        return buffer[position]
    }

    mutating func readUInt32LE(_ what: @autoclosure () -> String) throws(ParquetError) -> UInt32 {
        guard remaining >= 4 else { throw ParquetError("\(what()) needs 4 bytes but only \(remaining) remain") }
        defer { position += 4 }
        return UInt32(littleEndian: buffer.loadUnaligned(fromByteOffset: position, as: UInt32.self))
    }

    /// ULEB128 as used by the RLE hybrid and delta encodings.
    mutating func readULEB(_ what: @autoclosure () -> String) throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < buffer.count else { throw ParquetError("\(what()) ends inside a varint") }
            let b = buffer[position]
            position += 1
            if shift == 63 && b > 1 { throw ParquetError("\(what()) has a varint longer than 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetError("\(what()) has a varint longer than 64 bits") }
        }
    }

    mutating func readZigZag(_ what: @autoclosure () -> String) throws(ParquetError) -> Int64 {
        let v = try readULEB(what())
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func skip(_ count: Int) { position = min(buffer.count, position + max(0, count)) }
}
