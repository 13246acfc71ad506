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

    /// "HTTP/1.1 <status> <reason>\r\n" for 100...599, built once.
    private static let statusLines: [[UInt8]] = (100...599).map { Array("HTTP/1.1 \($0) \(HTTPStatus.reasonPhrase($0))\r\n".utf8) }

    /// Appends `response` and returns how many bytes it took. `omitBody` is for HEAD: the
    /// Content-Length still describes the body a GET would have had (RFC 9110 §9.3.2).
    @discardableResult
    static func append(_ response: HTTPResponse, to out: inout [UInt8], omitBody: Bool,
                       connection: ConnectionHeader, date: [UInt8]) -> Int {
        let before = out.count
        out.reserveCapacity(before + 128 + response.headers.count * 64 + response.body.count)
        let status = (100...599).contains(response.status) ? response.status : 500
        out.append(contentsOf: statusLines[status - 100])
        out.append(contentsOf: date)
        switch connection {
        case .none: break
        case .close: appendUTF8("Connection: close\r\n", to: &out)
        case .keepAlive: appendUTF8("Connection: keep-alive\r\n", to: &out)
        }
        let hasContent = !HTTPStatus.forbidsContent(status)
        if hasContent {
            appendUTF8("Content-Length: ", to: &out)
            appendDecimal(response.body.count, to: &out)
            out.append(ASCII.cr)
            out.append(ASCII.lf)
        }
        for i in response.headers.indices where isSafe(name: response.headers[i].0, value: response.headers[i].1) {
            appendUTF8(response.headers[i].0, to: &out)
            out.append(ASCII.colon)
            out.append(ASCII.space)
            appendUTF8(response.headers[i].1, to: &out)
            out.append(ASCII.cr)
            out.append(ASCII.lf)
        }
        out.append(ASCII.cr)
        out.append(ASCII.lf)
        if hasContent && !omitBody { out.append(contentsOf: response.body) }
        return out.count - before
    }

    /// Contiguous UTF-8 copy (String.UTF8View appends element by element otherwise).
    @inline(__always)
    private static func appendUTF8(_ text: String, to out: inout [UInt8]) {
        if text.utf8.withContiguousStorageIfAvailable({ out.append(contentsOf: $0) }) == nil {
            out.append(contentsOf: text.utf8)
        }
    }

    static func appendDecimal(_ value: Int, to out: inout [UInt8]) {
        if value < 10 { out.append(UInt8(truncatingIfNeeded: value) + 0x30); return }
        appendDecimal(value / 10, to: &out)
        out.append(UInt8(truncatingIfNeeded: value % 10) + 0x30)
    }

    /// Drops fields the server owns and any that would let handler data split the response.
    private static func isSafe(name: String, value: String) -> Bool {
        let validName = withUTF8(name) { bytes in
            guard !bytes.isEmpty else { return false }
            for byte in bytes where !ASCII.isTokenChar(byte) { return false }
            switch bytes.count {
            case 4: return !ASCII.equalsIgnoringCase(bytes, "date")
            case 10: return !ASCII.equalsIgnoringCase(bytes, "connection")
            case 14: return !ASCII.equalsIgnoringCase(bytes, "content-length")
            case 17: return !ASCII.equalsIgnoringCase(bytes, "transfer-encoding")
            default: return true
            }
        }
        guard validName else { return false }
        return withUTF8(value) { bytes in
            for byte in bytes where byte < 0x20 && byte != ASCII.tab || byte == 0x7F { return false }
            return true
        }
    }

    /// The string's UTF-8 without copying it (native strings are contiguous).
    @inline(__always)
    private static func withUTF8<T>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
