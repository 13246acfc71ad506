/// Snappy raw-block decoder (the "framing-less" format Parquet uses): a varint preamble with the
/// uncompressed length, then a sequence of literal and copy elements.
///
/// This is on the hot path (feature snapshots default to snappy), so it decodes with raw pointers
/// into a preallocated array. Every element is bounds-checked against the input and the output
/// before any byte moves; the wide (8/16-byte) copies are only taken when the checks prove the
/// whole wide access lies inside the buffers.
enum Snappy {
    static func decompress(
        _ input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws(DecompressionError) -> [UInt8] {
        var reader = PreambleReader(input: input)
        let declared = try reader.readUncompressedLength()
        guard declared == uncompressedSize else {
            throw DecompressionError(
                "snappy: block declares \(declared) uncompressed bytes, page header says \(uncompressedSize)")
        }
        let body = UnsafeRawBufferPointer(rebasing: input[reader.position...])
        if uncompressedSize == 0 {
            guard body.isEmpty else {
                throw DecompressionError("snappy: \(body.count) bytes of elements after an empty block")
            }
            return []
        }
        return try fillArray(count: uncompressedSize) { output throws(DecompressionError) in
            var decoder = SnappyElementDecoder(input: body, output: output)
            try decoder.run()
        }
    }

    /// Reads the little-endian base-128 varint (at most 32 bits) that opens every block.
    struct PreambleReader {
        let input: UnsafeRawBufferPointer
        var position = 0

        mutating func readUncompressedLength() throws(DecompressionError) -> Int {
            var value: UInt64 = 0
            for shift in stride(from: 0, to: 35, by: 7) {
                guard position < input.count else {
                    throw DecompressionError("snappy: input ends inside the uncompressed-length preamble")
                }
                let byte = input[position]
                position += 1
                value |= UInt64(byte & 0x7f) << UInt64(shift)
                if byte & 0x80 == 0 {
                    guard value <= UInt64(UInt32.max) else {
                        throw DecompressionError("snappy: uncompressed-length preamble exceeds 32 bits")
                    }
                    return Int(value)
                }
            }
            throw DecompressionError("snappy: uncompressed-length preamble is longer than 5 bytes")
        }
    }
}

/// The element loop. `ip`/`op` are byte offsets into `input`/`output`; all arithmetic on them
/// is done only after checking it stays within the buffers' counts, so wrapping `&+` is exact.
struct SnappyElementDecoder {
    let src: UnsafeRawPointer
    let srcCount: Int
    let dst: UnsafeMutableRawPointer
    let dstCount: Int
    var ip = 0
    var op = 0

    init(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer) {
        // A non-empty output always has a base address; an empty input is handled by `run`.
        src = input.baseAddress ?? UnsafeRawPointer(output.baseAddress!)
        srcCount = input.count
        dst = output.baseAddress!
        dstCount = output.count
    }

    @inline(__always)
    mutating func run() throws(DecompressionError) {
        while ip < srcCount {
            let tag = src.load(fromByteOffset: ip, as: UInt8.self)
            ip &+= 1
            switch tag & 3 {
            case 0: try literal(tag)
            case 1:
                guard ip < srcCount else { throw truncated("copy-1 offset") }
                let offset = Int(tag >> 5) << 8 | Int(src.load(fromByteOffset: ip, as: UInt8.self))
                ip &+= 1
                try copy(offset: offset, length: 4 &+ Int((tag >> 2) & 7))
            case 2:
                guard srcCount &- ip >= 2 else { throw truncated("copy-2 offset") }
                let offset = Int(UInt16(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt16.self)))
                ip &+= 2
                try copy(offset: offset, length: 1 &+ Int(tag >> 2))
            default:
                guard srcCount &- ip >= 4 else { throw truncated("copy-4 offset") }
                let offset = Int(UInt32(littleEndian: src.loadUnaligned(fromByteOffset: ip, as: UInt32.self)))
                ip &+= 4
                try copy(offset: offset, length: 1 &+ Int(tag >> 2))
            }
        }
        guard op == dstCount else {
            throw DecompressionError("snappy: elements produce \(op) bytes, expected \(dstCount)")
        }
    }

    private func truncated(_ what: String) -> DecompressionError {
        DecompressionError("snappy: input ends inside a \(what) at byte \(ip)")
    }

    @inline(__always)
    private mutating func literal(_ tag: UInt8) throws(DecompressionError) {
        var length = Int(tag >> 2) &+ 1
        // Short literals dominate; when both buffers have 16 bytes of room, move 16 at once.
        if length <= 16, srcCount &- ip >= 16, dstCount &- op >= 16 {
            copy16(from: src + ip, to: dst + op)
            ip &+= length
            op &+= length
            return
        }
        if length > 60 {
            let extra = length &- 60  // 1...4 little-endian bytes holding length - 1
            guard srcCount &- ip >= extra else { throw truncated("literal length") }
            var value = 0
            for index in 0..<extra {
                value |= Int(src.load(fromByteOffset: ip &+ index, as: UInt8.self)) << (8 &* index)
            }
            ip &+= extra
            length = value &+ 1
        }
        guard srcCount &- ip >= length else {
            throw DecompressionError("snappy: literal of \(length) bytes overruns the input at byte \(ip)")
        }
        guard dstCount &- op >= length else {
            throw DecompressionError("snappy: literal of \(length) bytes overruns the \(dstCount)-byte output")
        }
        (dst + op).copyMemory(from: src + ip, byteCount: length)
        ip &+= length
        op &+= length
    }

    @inline(__always)
    private mutating func copy(offset: Int, length: Int) throws(DecompressionError) {
        // One unsigned compare rejects both offset 0 (wraps to UInt.max) and offset > op.
        guard UInt(bitPattern: offset &- 1) < UInt(bitPattern: op) else {
            throw DecompressionError("snappy: copy offset \(offset) at output byte \(op) is outside the output")
        }
        let room = dstCount &- op
        guard room >= length else {
            throw DecompressionError("snappy: copy of \(length) bytes overruns the \(dstCount)-byte output")
        }
        let from = UnsafeRawPointer(dst + (op &- offset))
        let to = dst + op
        if offset >= 8, length <= 16, room >= 16 {
            copy8(from: from, to: to)
            copy8(from: from + 8, to: to + 8)
        } else if room >= length &+ 16 {
            copyWide(from: from, to: to, length: length)
        } else {
            // Within 16 bytes of the end of the output: no room for wide stores.
            for index in 0..<length {
                to.storeBytes(of: from.load(fromByteOffset: index, as: UInt8.self), toByteOffset: index, as: UInt8.self)
            }
        }
        op &+= length
    }

    /// Copies with 8-byte stores that may write up to 15 bytes past `length` (the caller checked
    /// the room; later elements overwrite those bytes). While the source is fewer than 8 bytes
    /// behind, each store is valid only for the first `gap` bytes, so the destination advances
    /// by the gap, which doubles, until plain 8-byte chunks are safe: a repeating pattern of
    /// period `offset` then costs one store per 8 bytes instead of a byte loop.
    @inline(__always)
    private func copyWide(from: UnsafeRawPointer, to: UnsafeMutableRawPointer, length: Int) {
        var source = from
        var target = to
        var remaining = length
        while UnsafeRawPointer(target) - source < 8 {
            copy8(from: source, to: target)
            let gap = UnsafeRawPointer(target) - source
            remaining &-= gap
            target += gap
        }
        while remaining > 0 {
            copy8(from: source, to: target)
            source += 8
            target += 8
            remaining &-= 8
        }
    }

    @inline(__always)
    private func copy8(from: UnsafeRawPointer, to: UnsafeMutableRawPointer) {
        to.storeBytes(of: from.loadUnaligned(as: UInt64.self), as: UInt64.self)
    }

    @inline(__always)
    private func copy16(from: UnsafeRawPointer, to: UnsafeMutableRawPointer) {
        let low = from.loadUnaligned(as: UInt64.self)
        let high = from.loadUnaligned(fromByteOffset: 8, as: UInt64.self)
        to.storeBytes(of: low, as: UInt64.self)
        to.storeBytes(of: high, toByteOffset: 8, as: UInt64.self)
    }
}
