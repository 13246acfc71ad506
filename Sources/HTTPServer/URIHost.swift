/// The `uri-host [ ":" port ]` grammar of RFC 3986 §3.2.2–3.2.3, which both the Host field
/// (RFC 9110 §7.2) and an absolute-form target's authority (RFC 9112 §3.2.2) must match. A
/// server MUST answer 400 to a Host field with an invalid value (RFC 9112 §3.2), and proxies or
/// virtual-host routers in front of rankd may read a malformed one differently than we would.
enum URIHost {
    /// A Host field value: empty (allowed when the target has no authority, RFC 9110 §7.2) or
    /// `uri-host [ ":" port ]`.
    static func isValidFieldValue(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        bytes.isEmpty || isValidAuthority(bytes)
    }

    /// `uri-host [ ":" port ]` with a non-empty host: an http(s) URI with an empty host is
    /// invalid (RFC 9110 §4.2.1), and userinfo ("user@host") is not allowed here (§4.2.4).
    static func isValidAuthority(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        let hostEnd: Int
        if first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")),
                  isIPLiteralContent(UnsafeBufferPointer(rebasing: bytes[1..<close])) else { return false }
            hostEnd = close + 1
        } else {
            hostEnd = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
            guard hostEnd > 0, isRegName(UnsafeBufferPointer(rebasing: bytes[0..<hostEnd])) else { return false }
        }
        if hostEnd == bytes.count { return true }
        // port = *DIGIT after one colon.
        guard bytes[hostEnd] == UInt8(ascii: ":") else { return false }
        return bytes[(hostEnd + 1)...].allSatisfy { $0 >= 0x30 && $0 <= 0x39 }
    }

    /// reg-name = *( unreserved / pct-encoded / sub-delims ); an IPv4 address is one too.
    private static func isRegName(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "%") {
                guard i + 2 < bytes.count, isHexDigit(bytes[i + 1]), isHexDigit(bytes[i + 2]) else { return false }
                i += 3
                continue
            }
            guard isUnreserved(byte) || isSubDelim(byte) else { return false }
            i += 1
        }
        return true
    }

    /// Between the brackets of an IP-literal: an IPv6 address (hex digits, colons, and dots for
    /// an embedded IPv4 part) or IPvFuture ("v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )).
    /// The IPv6 check is by alphabet and shape, not a full address parse: enough to refuse what
    /// could be read as something else, which is the point of the rule.
    private static func isIPLiteralContent(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = bytes.first else { return false }
        if first == UInt8(ascii: "v") || first == UInt8(ascii: "V") {
            guard let dot = bytes.firstIndex(of: UInt8(ascii: ".")), dot > 1, dot + 1 < bytes.count,
                  bytes[1..<dot].allSatisfy(isHexDigit) else { return false }
            return bytes[(dot + 1)...].allSatisfy { isUnreserved($0) || isSubDelim($0) || $0 == UInt8(ascii: ":") }
        }
        return bytes.contains(UInt8(ascii: ":"))
            && bytes.allSatisfy { isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x66)
    }

    /// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~"
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        (byte | 0x20 >= 0x61 && byte | 0x20 <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
            || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "~")
    }

    /// sub-delims = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
    private static func isSubDelim(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
             UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
             UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }
}
