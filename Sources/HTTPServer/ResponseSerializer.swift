import Glibc

/// The `Date` header line (IMF-fixdate, RFC 9110 §5.6.7), formatted once per second per loop
/// instead of once per response.
struct DateHeaderCache: Sendable {
    private(set) var line: [UInt8] = []
    private var second: Int = -1

    /// Reformats only when the wall-clock second has changed.
    mutating func refresh(epochSeconds: Int) {
        guard epochSeconds != second else { return }
        second = epochSeconds
        line = Array("Date: \(Self.imfFixdate(epochSeconds))\r\n".utf8)
    }

    mutating func refresh() { refresh(epochSeconds: time(nil)) }

    static func imfFixdate(_ epochSeconds: Int) -> String {
        var t = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = days[Int(parts.tm_wday) % 7], month = months[Int(parts.tm_mon) % 12]
        return "\(day), \(two(parts.tm_mday)) \(month) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}

/// Writes responses onto a connection's outbound buffer.
enum ResponseSerializer {
    enum ConnectionHeader { case none, close, keepAlive }

    static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Appends `response` and returns how many bytes it took. `omitBody` is for HEAD: the
    /// Content-Length still describes the body a GET would have had (RFC 9110 §9.3.2).
    @discardableResult
    static func append(_ response: HTTPResponse, to out: inout [UInt8], omitBody: Bool,
                       connection: ConnectionHeader, date: [UInt8]) -> Int {
        let before = out.count
        let status = (100...999).contains(response.status) ? response.status : 500
        out.append(contentsOf: "HTTP/1.1 ".utf8)
        appendDecimal(status, to: &out)
        out.append(ASCII.space)
        out.append(contentsOf: HTTPStatus.reasonPhrase(status).utf8)
        out.append(contentsOf: "\r\n".utf8)
        out.append(contentsOf: date)
        switch connection {
        case .none: break
        case .close: out.append(contentsOf: "Connection: close\r\n".utf8)
        case .keepAlive: out.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        let hasContent = !HTTPStatus.forbidsContent(status)
        if hasContent {
            out.append(contentsOf: "Content-Length: ".utf8)
            appendDecimal(response.body.count, to: &out)
            out.append(contentsOf: "\r\n".utf8)
        }
        for (name, value) in response.headers where isSafe(name: name, value: value) {
            out.append(contentsOf: name.utf8)
            out.append(contentsOf: ": ".utf8)
            out.append(contentsOf: value.utf8)
            out.append(contentsOf: "\r\n".utf8)
        }
        out.append(contentsOf: "\r\n".utf8)
        if hasContent && !omitBody { out.append(contentsOf: response.body) }
        return out.count - before
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(truncatingIfNeeded: value) + 0x30); return }
        appendDecimal(value / 10, to: &out)
        out.append(UInt8(truncatingIfNeeded: value % 10) + 0x30)
    }

    /// Drops fields the server owns and any that would let handler data split the response.
    private static func isSafe(name: String, value: String) -> Bool {
        var name = name
        let validName = name.withUTF8 { bytes in
            !bytes.isEmpty && bytes.allSatisfy(ASCII.isTokenChar)
                && !ASCII.equalsIgnoringCase(bytes, "content-length") && !ASCII.equalsIgnoringCase(bytes, "date")
                && !ASCII.equalsIgnoringCase(bytes, "connection") && !ASCII.equalsIgnoringCase(bytes, "transfer-encoding")
        }
        return validName && value.utf8.allSatisfy { FieldSectionParser.valueByteProblem($0) == nil }
    }
}
