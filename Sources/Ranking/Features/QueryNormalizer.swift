/// The one query normalisation applied both to the `query` key column at load and to each
/// request's query, so training-time keys and serving-time lookups agree: Unicode lowercase,
/// trimmed, and every run of whitespace collapsed to a single ASCII space.
public enum QueryNormalizer {
    public static func normalize(_ query: String) -> String {
        if let ascii = normalizeASCII(query) { return ascii }
        // Scalar by scalar, not Character by Character: a space followed by a combining mark is
        // one Character, and testing that Character for whitespace dropped the mark
        // ("power \u{301}bank" became "power bank").
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in lowercased(query).unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace {
                out.append(" ")
                pendingSpace = false
            }
            out.append(scalar)
        }
        return String(out)
    }

    /// Unicode's default full lowercase mapping (toLowercase, Unicode §3.13), as Python's
    /// `str.lower` and Java's `toLowerCase` (Spark's `lower`) apply it, so keys lowercased by a
    /// training pipeline match: each scalar's full mapping ("İ" → "i̇"), and capital sigma
    /// becomes final "ς" at the end of a word (the Final_Sigma condition), not "σ" everywhere.
    static func lowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        var out = String.UnicodeScalarView()
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{03A3}" {
                out.append(isFinalSigma(at: index, in: scalars) ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return String(out)
    }

    /// Final_Sigma: a cased letter before (skipping case-ignorable scalars) and none after.
    private static func isFinalSigma(at index: Int, in scalars: [Unicode.Scalar]) -> Bool {
        func firstNonIgnorable(_ range: some Sequence<Int>) -> Unicode.Scalar? {
            for i in range where !scalars[i].properties.isCaseIgnorable { return scalars[i] }
            return nil
        }
        guard let before = firstNonIgnorable((0..<index).reversed()), before.properties.isCased else { return false }
        guard let after = firstNonIgnorable((index + 1)..<scalars.count) else { return true }
        return !after.properties.isCased
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

    /// ASCII bytes with the Unicode White_Space property (what the slow path tests per
    /// scalar): space and \t \n \v \f \r.
    @inline(__always)
    private static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
