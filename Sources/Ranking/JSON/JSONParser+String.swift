// Strings: a fast path for the common case (no escapes) that validates in place and leaves
// the bytes where they are, and a slow path that decodes escapes into a reused scratch
// buffer. Either way the caller gets a token and decides whether it needs a String at all.

private let quote = UInt8(ascii: "\"")
private let backslash = UInt8(ascii: "\\")

/// A scanned, validated string: its decoded UTF-8 bytes are the input's `start..<end` when
/// it had no escapes, otherwise the reader's `scratch` (valid only until the next string
/// is scanned).
struct JSONStringToken {
    /// The input range between the quotes.
    let start: Int
    let end: Int
    let isEscaped: Bool
}

extension JSONReader {
    /// Scans the string starting at the opening quote at `pos`.
    mutating func scanString() throws(JSONParseError) -> JSONStringToken {
        let open = pos
        var i = skipPlainASCII(from: open + 1)
        while let b = byte(at: i) {
            if b == quote {
                pos = i + 1
                return JSONStringToken(start: open + 1, end: i, isEscaped: false)
            }
            if b == backslash {
                try decodeEscapedString(open: open, firstEscape: i)
                return JSONStringToken(start: open + 1, end: pos - 1, isEscaped: true)
            }
            if b < 0x20 { throw unescapedControl(b, at: i) }
            i = b < 0x80 ? i + 1 : try utf8SequenceEnd(at: i)
            i = skipPlainASCII(from: i)
        }
        throw fail(open, "unterminated string")
    }

    /// The decoded bytes of `token`.
    @inline(__always)
    func withBytes<R>(of token: JSONStringToken, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if token.isEscaped { return scratch.withUnsafeBufferPointer(body) }
        guard let base else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
        return body(UnsafeBufferPointer(start: (base + token.start).assumingMemoryBound(to: UInt8.self),
                                        count: token.end - token.start))
    }

    /// The length of the decoded string in UTF-8 bytes (what `String.utf8.count` would say).
    func utf8Count(of token: JSONStringToken) -> Int {
        token.isEscaped ? scratch.count : token.end - token.start
    }

    /// The decoded string. The bytes were validated as UTF-8 already, so decoding never
    /// substitutes U+FFFD, and up to 15 bytes make a small String without allocating.
    func string(_ token: JSONStringToken) -> String {
        withBytes(of: token) { String(decoding: $0, as: UTF8.self) }
    }

    /// Whether the decoded string is exactly `literal`'s bytes (for ASCII names, the same
    /// answer as String `==`, without making a String).
    func token(_ token: JSONStringToken, equals literal: StaticString) -> Bool {
        withBytes(of: token) { bytes in
            bytes.count == literal.utf8CodeUnitCount
                && bytes.elementsEqual(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
        }
    }

    /// Skips 8 bytes at a time while none of them is a quote, a backslash, a control
    /// character or non-ASCII (the classic "has zero byte" bit tricks), so that ordinary
    /// ids and queries cost a few word compares instead of a branch per byte.
    @inline(__always)
    func skipPlainASCII(from start: Int) -> Int {
        guard let base else { return start }
        var i = start
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        while i + 8 <= count {
            let word = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let quotes = word ^ (ones &* UInt64(quote))
            let slashes = word ^ (ones &* UInt64(backslash))
            let hasQuote = (quotes &- ones) & ~quotes
            let hasSlash = (slashes &- ones) & ~slashes
            let hasControl = (word &- ones &* 0x20) & ~word
            if (hasQuote | hasSlash | hasControl | word) & highs != 0 { break }
            i += 8
        }
        return i
    }

    func unescapedControl(_ b: UInt8, at offset: Int) -> JSONParseError {
        fail(offset, "control character 0x\(hex2(b)) must be escaped in a string")
    }

    /// The slow path, entered at the first backslash: decodes into `scratch`.
    mutating func decodeEscapedString(open: Int, firstEscape: Int) throws(JSONParseError) {
        scratch.removeAll(keepingCapacity: true)
        appendInput(from: open + 1, to: firstEscape)
        var i = firstEscape
        while let b = byte(at: i) {
            if b == quote {
                pos = i + 1
                return
            }
            if b == backslash {
                i = try appendEscape(at: i)
            } else if b < 0x20 {
                throw unescapedControl(b, at: i)
            } else {
                let end = b < 0x80 ? i + 1 : try utf8SequenceEnd(at: i)
                appendInput(from: i, to: end)
                i = end
            }
        }
        throw fail(open, "unterminated string")
    }

    mutating func appendInput(from start: Int, to end: Int) {
        guard let base, end > start else { return }
        scratch.append(contentsOf: UnsafeRawBufferPointer(start: base + start, count: end - start))
    }

    /// Decodes the escape at `at` (a backslash) into `scratch`; returns the index after it.
    mutating func appendEscape(at start: Int) throws(JSONParseError) -> Int {
        guard let letter = byte(at: start + 1) else { throw fail(start, "unterminated string") }
        let simple: UInt8
        switch letter {
        case quote, backslash, UInt8(ascii: "/"): simple = letter
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"): return try appendUnicodeEscape(at: start)
        default: throw fail(start, "invalid escape '\\\(describeRaw(letter))' in string")
        }
        scratch.append(simple)
        return start + 2
    }

    func describeRaw(_ b: UInt8) -> String {
        b >= 0x21 && b < 0x7F ? String(Character(Unicode.Scalar(b))) : "<0x\(hex2(b))>"
    }

    /// `\uXXXX`, or a `\uD8xx\uDCxx` surrogate pair; lone surrogates are rejected because
    /// they cannot be represented in UTF-8 (and so not in a Swift String).
    mutating func appendUnicodeEscape(at start: Int) throws(JSONParseError) -> Int {
        let unit = try hex4(at: start + 2)
        var scalarValue = UInt32(unit)
        var end = start + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard byte(at: end) == backslash, byte(at: end + 1) == UInt8(ascii: "u") else {
                throw fail(start, "high surrogate \\u\(hex4Text(unit)) is not followed by a low surrogate")
            }
            let low = try hex4(at: end + 2)
            guard (0xDC00...0xDFFF).contains(low) else {
                throw fail(end, "high surrogate \\u\(hex4Text(unit)) is followed by \\u\(hex4Text(low)), not a low surrogate")
            }
            scalarValue = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            end += 6
        case 0xDC00...0xDFFF:
            throw fail(start, "low surrogate \\u\(hex4Text(unit)) without a preceding high surrogate")
        default:
            break
        }
        appendUTF8(scalarValue)
        return end
    }

    func hex4Text(_ unit: UInt16) -> String {
        hex2(UInt8(unit >> 8)) + hex2(UInt8(unit & 0xFF))
    }

    func hex4(at start: Int) throws(JSONParseError) -> UInt16 {
        var value: UInt16 = 0
        for k in 0..<4 {
            guard let b = byte(at: start + k) else {
                throw fail(start - 2, "unterminated \\u escape")
            }
            let digit: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = b - UInt8(ascii: "A") + 10
            default: throw fail(start + k, "\\u escape needs 4 hex digits, found \(describe(b))")
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Encodes a scalar value known to be valid (not a surrogate, at most U+10FFFF).
    mutating func appendUTF8(_ v: UInt32) {
        switch v {
        case 0..<0x80:
            scratch.append(UInt8(v))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | v >> 6))
            scratch.append(UInt8(0x80 | v & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | v >> 12))
            scratch.append(UInt8(0x80 | (v >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | v >> 18))
            scratch.append(UInt8(0x80 | (v >> 12) & 0x3F))
            scratch.append(UInt8(0x80 | (v >> 6) & 0x3F))
            scratch.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Validates the multi-byte UTF-8 sequence whose lead byte is at `start` (Unicode
    /// Table 3-7: the second byte's range excludes overlongs, surrogates and values past
    /// U+10FFFF); returns the index after it.
    func utf8SequenceEnd(at start: Int) throws(JSONParseError) -> Int {
        guard let lead = byte(at: start) else { throw fail(start, "unterminated string") }
        var secondRange: ClosedRange<UInt8> = 0x80...0xBF
        let length: Int
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; secondRange = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; secondRange = 0x80...0x9F
        case 0xF0: length = 4; secondRange = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; secondRange = 0x80...0x8F
        case 0xC0, 0xC1: throw fail(start, "invalid UTF-8: overlong encoding (lead byte 0x\(hex2(lead)))")
        case 0x80...0xBF: throw fail(start, "invalid UTF-8: unexpected continuation byte 0x\(hex2(lead))")
        default: throw fail(start, "invalid UTF-8: byte 0x\(hex2(lead)) never appears in UTF-8")
        }
        guard let second = byte(at: start + 1), (0x80...0xBF).contains(second) else {
            throw fail(start + 1, "invalid UTF-8: truncated sequence after lead byte 0x\(hex2(lead))")
        }
        guard secondRange.contains(second) else {
            throw fail(start, invalidSecondByteReason(lead: lead))
        }
        for k in 2..<length {
            guard let next = byte(at: start + k), (0x80...0xBF).contains(next) else {
                throw fail(start + k, "invalid UTF-8: truncated sequence after lead byte 0x\(hex2(lead))")
            }
        }
        return start + length
    }

    func invalidSecondByteReason(lead: UInt8) -> String {
        switch lead {
        case 0xED: return "invalid UTF-8: encoded surrogate (U+D800...U+DFFF)"
        case 0xF4: return "invalid UTF-8: code point beyond U+10FFFF"
        default: return "invalid UTF-8: overlong encoding"
        }
    }
}
