/// The one query normalisation applied both to the `query` key column at load and to each
/// request's query, so training-time keys and serving-time lookups agree: Unicode lowercase,
/// trimmed, and every run of whitespace collapsed to a single ASCII space.
public enum QueryNormalizer {
    public static func normalize(_ query: String) -> String {
        if let ascii = normalizeASCII(query) { return ascii }
        var words: [Substring] = []
        let lowered = query.lowercased()
        var start: String.Index? = nil
        var index = lowered.startIndex
        while index < lowered.endIndex {
            if lowered[index].isWhitespace {
                if let s = start { words.append(lowered[s..<index]); start = nil }
            } else if start == nil {
                start = index
            }
            index = lowered.index(after: index)
        }
        if let s = start { words.append(lowered[s...]) }
        return words.joined(separator: " ")
    }

    /// Fast path for the common case (pure ASCII): one pass over the bytes, no Character
    /// segmentation. Returns nil when the query has any non-ASCII byte.
    private static func normalizeASCII(_ query: String) -> String? {
        var out = [UInt8]()
        out.reserveCapacity(query.utf8.count)
        var pendingSpace = false
        for byte in query.utf8 {
            if byte >= 0x80 { return nil }
            if isASCIISpace(byte) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            out.append(byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// ASCII bytes with the Unicode White_Space property (what `Character.isWhitespace` uses on
    /// the slow path): space and \t \n \v \f \r.
    @inline(__always)
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
