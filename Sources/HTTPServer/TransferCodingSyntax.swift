/// One element of a Transfer-Encoding list (RFC 9112 §6.1, RFC 9110 §5.6):
/// `token *( OWS ";" OWS transfer-parameter )`, with
/// `transfer-parameter = token BWS "=" BWS ( token / quoted-string )`.
enum TransferCodingSyntax {
    /// The end of the coding's name and whether parameters follow it; nil unless the whole
    /// element matches the grammar.
    static func parse(_ element: UnsafeBufferPointer<UInt8>) -> (nameEnd: Int, hasParameters: Bool)? {
        var i = 0
        guard let nameEnd = token(element, from: &i) else { return nil }
        var hasParameters = false
        while true {
            skipWhitespace(element, &i)
            if i == element.count { return (nameEnd, hasParameters) }
            guard element[i] == UInt8(ascii: ";") else { return nil }
            i += 1
            skipWhitespace(element, &i)
            guard token(element, from: &i) != nil else { return nil }
            skipWhitespace(element, &i)
            guard i < element.count, element[i] == UInt8(ascii: "=") else { return nil }
            i += 1
            skipWhitespace(element, &i)
            guard i < element.count else { return nil }
            if element[i] == UInt8(ascii: "\"") {
                guard quotedString(element, from: &i) else { return nil }
            } else {
                guard token(element, from: &i) != nil else { return nil }
            }
            hasParameters = true
        }
    }

    /// 1*tchar from `i`; returns its end (and leaves `i` there), nil when empty.
    private static func token(_ bytes: UnsafeBufferPointer<UInt8>, from i: inout Int) -> Int? {
        let start = i
        while i < bytes.count, ASCII.isTokenChar(bytes[i]) { i += 1 }
        return i > start ? i : nil
    }

    /// DQUOTE *( qdtext / quoted-pair ) DQUOTE from `i` (at the opening quote).
    private static func quotedString(_ bytes: UnsafeBufferPointer<UInt8>, from i: inout Int) -> Bool {
        i += 1
        while i < bytes.count {
            let byte = bytes[i]
            switch byte {
            case UInt8(ascii: "\""):
                i += 1
                return true
            case UInt8(ascii: "\\"):
                guard i + 1 < bytes.count, isQuotable(bytes[i + 1]) else { return false }
                i += 2
            default:
                // qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
                guard isQuotable(byte) else { return false }
                i += 1
            }
        }
        return false
    }

    /// HTAB / SP / VCHAR / obs-text: what may follow a backslash, and (but for DQUOTE and
    /// backslash, handled first) what qdtext allows.
    private static func isQuotable(_ byte: UInt8) -> Bool {
        byte == ASCII.tab || byte >= 0x20 && byte != 0x7F
    }

    private static func skipWhitespace(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) {
        while i < bytes.count, bytes[i] == ASCII.space || bytes[i] == ASCII.tab { i += 1 }
    }
}
