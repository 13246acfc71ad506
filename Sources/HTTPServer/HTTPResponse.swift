/// A response produced by a handler. The server adds Content-Length, Date and (when it closes the
/// connection or the client asked for HTTP/1.0 keep-alive) Connection; handler-supplied copies of
/// those, of Transfer-Encoding, and any field whose name or value could split the response, are dropped.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// A response with `Content-Type: application/json` and `body` as its bytes.
    public static func json(status: Int = 200, body: String) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(body.utf8))
    }

    /// A response with `Content-Type: text/plain; charset=utf-8`.
    public static func text(status: Int = 200, _ body: String, contentType: String = "text/plain; charset=utf-8") -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", contentType)], body: Array(body.utf8))
    }

    /// The error shape every rankd error uses: `{"error": {"code": "...", "message": "..."}}`.
    public static func error(status: Int, code: String, message: String) -> HTTPResponse {
        json(status: status, body: #"{"error": {"code": "\#(JSONText.escaped(code))", "message": "\#(JSONText.escaped(message))"}}"#)
    }
}

enum JSONText {
    /// `text` as the inside of a JSON string literal (RFC 8259 §7).
    static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
