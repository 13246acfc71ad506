/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Sendable, Equatable {
    case none
    case contentLength(Int)
    case chunked
}

/// A parsed, validated request head: everything before the body.
struct RequestHead: Sendable {
    var method: HTTPMethod
    var version: HTTPVersion
    var target: String
    var headers: HTTPHeaders
    var framing: BodyFraming
    /// Whether the client lets the connection persist after this exchange (RFC 9112 §9.3).
    var keepAlive: Bool
    /// HTTP/1.1 `Expect: 100-continue` (ignored for HTTP/1.0, RFC 9110 §10.1.1).
    var expectsContinue: Bool
    /// HTTP/1.0 client that asked for keep-alive: the response must say `Connection: keep-alive`.
    var announcesKeepAlive: Bool { version == .http1_0 && keepAlive }

    func request(body: [UInt8]) -> HTTPRequest {
        HTTPRequest(method: method, target: target, version: version, headers: headers, body: body)
    }
}

/// The limits the parser enforces.
struct HTTPParserLimits: Sendable {
    var maxHeaderSectionBytes: Int
    var maxHeaderFields: Int
    var maxTargetLength: Int
    var maxBodyBytes: Int

    init(_ configuration: HTTPServerConfiguration) {
        maxHeaderSectionBytes = max(64, configuration.maxHeaderSectionBytes)
        maxHeaderFields = max(1, configuration.maxHeaderFields)
        maxTargetLength = max(1, configuration.maxTargetLength)
        // Capped so chunk-size arithmetic (size * 16 + 15) can never overflow.
        maxBodyBytes = min(max(0, configuration.maxBodyBytes), 1 << 56)
    }
}
