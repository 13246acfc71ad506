/// How several key column values become one lookup key. A single-column key is its bytes as
/// they are (the fast, common case). A composite key is each value but the last prefixed with
/// its length as a LEB128 varint, so ("ab", "c") and ("a", "bc") never collide.
public enum KeyEncoding {
    /// One composed key (for one-off lookups and tests); bulk callers append parts straight
    /// into `PackedKeys` with `appendPart`, which is where the encoding lives.
    public static func compose(_ parts: [String]) -> [UInt8] {
        var packed = PackedKeys()
        for (index, part) in parts.enumerated() {
            packed.appendPart(part.utf8, lengthPrefixed: index < parts.count - 1)
        }
        packed.endKey()
        return packed.bytes
    }

    /// `appendVarint` into memory the caller sized (10 bytes suffice); returns the new end.
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
        var v = UInt(value)
        while v >= 0x80 {
            out.append(UInt8(v & 0x7F) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// A composed key made readable for error messages: its parts joined by " | ".
    static func display(_ key: String, components: Int) -> String {
        guard components > 1 else { return "'\(key)'" }
        var bytes = Array(key.utf8)[...]
        var parts: [String] = []
        for _ in 0..<(components - 1) {
            var length = 0, shift = 0
            while let byte = bytes.first, shift < 63 {
                bytes = bytes.dropFirst()
                length |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            let take = min(length, bytes.count)
            parts.append(String(decoding: bytes.prefix(take), as: UTF8.self))
            bytes = bytes.dropFirst(take)
        }
        parts.append(String(decoding: bytes, as: UTF8.self))
        return parts.map { "'\($0)'" }.joined(separator: " | ")
    }
}
