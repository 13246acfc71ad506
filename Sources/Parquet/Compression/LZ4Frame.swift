/// LZ4 frame format (magic 0x184D2204): what some writers stored under Parquet's deprecated LZ4
/// codec id. Supports concatenated and skippable frames, linked or independent blocks,
/// uncompressed blocks, and verifies the header, block and content checksums when present.
/// Dictionary ids are refused: a Parquet page has no way to supply the dictionary.
enum LZ4Frame {
    static let magic: UInt32 = 0x184D_2204

    static func startsWithMagic(_ input: UnsafeRawBufferPointer) -> Bool {
        input.count >= 4 && input.loadUnaligned(as: UInt32.self) == magic.littleEndian
    }

    /// Decodes every frame of `input` into `output`, which must end up exactly full.
    static func decode(_ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer) throws(DecompressionError) {
        var cursor = FrameCursor(input)
        var op = 0
        while !cursor.atEnd {
            let frameMagic = try cursor.readLE32("frame magic")
            if frameMagic & 0xFFFF_FFF0 == 0x184D_2A50 {
                try cursor.skip(Int(try cursor.readLE32("skippable frame size")), "skippable frame")
                continue
            }
            guard frameMagic == magic else {
                throw DecompressionError("lz4 frame: bad magic 0x\(String(frameMagic, radix: 16)) at byte \(cursor.position - 4)")
            }
            op = try decodeFrame(&cursor, into: output, at: op)
        }
        guard op == output.count else {
            throw DecompressionError("lz4 frame: frames produce \(op) bytes, expected \(output.count)")
        }
    }

    struct Descriptor {
        var independentBlocks: Bool
        var blockChecksums: Bool
        var contentChecksum: Bool
        var contentSize: UInt64?
        var maxBlockSize: Int
    }

    private static func decodeFrame(
        _ cursor: inout FrameCursor, into output: UnsafeMutableRawBufferPointer, at frameStart: Int
    ) throws(DecompressionError) -> Int {
        let descriptor = try readDescriptor(&cursor)
        var op = frameStart
        while true {
            let word = try cursor.readLE32("block size")
            if word == 0 { break }  // EndMark
            let size = Int(word & 0x7FFF_FFFF)
            guard size <= descriptor.maxBlockSize else {
                throw DecompressionError("lz4 frame: block of \(size) bytes exceeds the \(descriptor.maxBlockSize)-byte maximum")
            }
            let block = try cursor.take(size, "block")
            if descriptor.blockChecksums {
                try verify(block, against: try cursor.readLE32("block checksum"), what: "block")
            }
            let written = try decodeBlock(block, stored: word & 0x8000_0000 != 0, into: output, at: op,
                                          windowStart: descriptor.independentBlocks ? op : frameStart)
            op += written
        }
        let content = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(output)[frameStart..<op])
        if descriptor.contentChecksum {
            try verify(content, against: try cursor.readLE32("content checksum"), what: "content")
        }
        if let expected = descriptor.contentSize, expected != UInt64(content.count) {
            throw DecompressionError("lz4 frame: header declares \(expected) content bytes, blocks produce \(content.count)")
        }
        return op
    }

    private static func decodeBlock(
        _ block: UnsafeRawBufferPointer, stored: Bool, into output: UnsafeMutableRawBufferPointer,
        at op: Int, windowStart: Int
    ) throws(DecompressionError) -> Int {
        guard stored else { return try LZ4Block.decode(block, into: output, at: op, windowStart: windowStart) }
        guard output.count - op >= block.count else {
            throw DecompressionError("lz4 frame: stored block of \(block.count) bytes overruns the \(output.count)-byte output")
        }
        if !block.isEmpty { (output.baseAddress! + op).copyMemory(from: block.baseAddress!, byteCount: block.count) }
        return block.count
    }

    private static func readDescriptor(_ cursor: inout FrameCursor) throws(DecompressionError) -> Descriptor {
        let start = cursor.position
        let flags = try cursor.readByte("frame descriptor")
        let blockDescriptor = try cursor.readByte("frame descriptor")
        guard flags >> 6 == 1 else { throw DecompressionError("lz4 frame: unsupported version \(flags >> 6)") }
        guard flags & 0x02 == 0, blockDescriptor & 0x8F == 0 else {
            throw DecompressionError("lz4 frame: reserved descriptor bits are set")
        }
        guard flags & 0x01 == 0 else { throw DecompressionError("lz4 frame: dictionary ids are not supported") }
        let blockSizeCode = Int(blockDescriptor >> 4)
        guard blockSizeCode >= 4 else { throw DecompressionError("lz4 frame: invalid block maximum size code \(blockSizeCode)") }
        var descriptor = Descriptor(
            independentBlocks: flags & 0x20 != 0, blockChecksums: flags & 0x10 != 0,
            contentChecksum: flags & 0x04 != 0, contentSize: nil, maxBlockSize: 1 << (8 + 2 * blockSizeCode))
        if flags & 0x08 != 0 {
            let low = UInt64(try cursor.readLE32("content size"))
            descriptor.contentSize = low | UInt64(try cursor.readLE32("content size")) << 32
        }
        let header = UnsafeRawBufferPointer(rebasing: cursor.bytes[start..<cursor.position])
        let checksum = try cursor.readByte("header checksum")
        guard UInt8(truncatingIfNeeded: XXHash32.hash(header) >> 8) == checksum else {
            throw DecompressionError("lz4 frame: header checksum mismatch")
        }
        return descriptor
    }

    private static func verify(_ data: UnsafeRawBufferPointer, against stored: UInt32, what: String) throws(DecompressionError) {
        guard XXHash32.hash(data) == stored else { throw DecompressionError("lz4 frame: \(what) checksum mismatch") }
    }
}

/// Bounds-checked little-endian reads over a page body.
struct FrameCursor {
    let bytes: UnsafeRawBufferPointer
    private(set) var position = 0

    init(_ bytes: UnsafeRawBufferPointer) { self.bytes = bytes }

    var atEnd: Bool { position == bytes.count }
    var remaining: Int { bytes.count - position }

    mutating func take(_ count: Int, _ what: String) throws(DecompressionError) -> UnsafeRawBufferPointer {
        guard count >= 0, remaining >= count else {
            throw DecompressionError("\(what) of \(count) bytes overruns the input (\(remaining) left at byte \(position))")
        }
        defer { position += count }
        return UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)])
    }

    mutating func skip(_ count: Int, _ what: String) throws(DecompressionError) { _ = try take(count, what) }

    mutating func readByte(_ what: String) throws(DecompressionError) -> UInt8 {
        try take(1, what)[0]
    }

    mutating func readLE32(_ what: String) throws(DecompressionError) -> UInt32 {
        UInt32(littleEndian: try take(4, what).loadUnaligned(as: UInt32.self))
    }

    mutating func readBE32(_ what: String) throws(DecompressionError) -> UInt32 {
        UInt32(bigEndian: try take(4, what).loadUnaligned(as: UInt32.self))
    }
}
