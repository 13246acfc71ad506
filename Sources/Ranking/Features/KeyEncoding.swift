/// How several key column values become one lookup key. A single-column key is its bytes as
/// they are (the fast, common case). A composite key is each value but the last prefixed with
/// its length as a LEB128 varint, so ("ab", "c") and ("a", "bc") never collide.
public enum KeyEncoding {
    /// One composed key (for one-off lookups and tests); bulk callers append parts straight
    /// into `PackedKeys` with `appendPart`.
    public static func compose(_ parts: [String]) -> [UInt8] {
        withComposed(parts, prefixingLast: false) { Array($0) }
    }

    /// `parts` composed (each length-prefixed but the last, and the last too when
    /// `prefixingLast`: a group prefix), in stack memory for `body`: a request's query prefix
    /// or user key costs no allocation.
    static func withComposed<Parts: Collection<String>, R>(_ parts: Parts, prefixingLast: Bool,
                                                          _ body: (UnsafeRawBufferPointer) -> R) -> R {
        var size = 0
        for part in parts { size += part.utf8.count + maxVarintBytes }
        return withUnsafeTemporaryAllocation(byteCount: max(size, 1), alignment: 1) { buffer in
            var end = 0
            for (index, part) in zip(0..., parts) {
                var part = part
                part.withUTF8 { utf8 in
                    if prefixingLast || index < parts.count - 1 {
                        end = writeVarint(utf8.count, to: buffer, at: end)
                    }
                    UnsafeMutableRawBufferPointer(rebasing: buffer[end..<(end + utf8.count)]).copyMemory(from: UnsafeRawBufferPointer(utf8))
                    end += utf8.count
                }
            }
            return body(UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
        }
    }

    /// The most bytes a length's LEB128 varint takes.
    static let maxVarintBytes = 10

    /// `value` as a LEB128 varint into memory the caller sized; returns the new end.
    static func writeVarint(_ value: Int, to out: UnsafeMutableRawBufferPointer, at offset: Int) -> Int {
        var v = UInt(value)
        var end = offset
        while v >= 0x80 {
            out[end] = UInt8(v & 0x7F) | 0x80
            v >>= 7
            end += 1
        }
        out[end] = UInt8(v)
        return end + 1
    }

    static func appendVarint(_ value: Int, to out: inout [UInt8]) {
        withUnsafeTemporaryAllocation(byteCount: maxVarintBytes, alignment: 1) { buffer in
            let end = writeVarint(value, to: buffer, at: 0)
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: buffer[0..<end]))
        }
    }

    /// The varint at `offset` in `bytes`: its value so far, where reading stopped, and whether
    /// it ended properly (false when the bytes or 63 bits of value ran out first).
    static func readVarint(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> (value: Int, end: Int, complete: Bool) {
        var value = 0, shift = 0, position = offset
        while position < bytes.count, shift < 63 {
            let byte = bytes[position]
            position += 1
            value |= Int(byte & 0x7F) << shift
            shift += 7
            if byte < 0x80 { return (value, position, true) }
        }
        return (value, position, false)
    }

    /// A composed key made readable for error messages: its parts joined by " | ".
    static func display(_ key: String, components: Int) -> String {
        guard components > 1 else { return "'\(key)'" }
        let bytes = Array(key.utf8)
        return bytes.withUnsafeBytes { bytes in
            var parts: [String] = []
            var position = 0
            for _ in 0..<(components - 1) {
                let (length, end, _) = readVarint(bytes, at: position)
                let take = min(length, bytes.count - end)
                parts.append(String(decoding: bytes[end..<(end + take)], as: UTF8.self))
                position = end + take
            }
            parts.append(String(decoding: bytes[position...], as: UTF8.self))
            return parts.map { "'\($0)'" }.joined(separator: " | ")
        }
    }
}
