/// A complete request as handed to a route handler.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    /// The request target exactly as received (origin-form, absolute-form or "*").
    public var target: String
    /// The target's path, without query; for absolute-form targets, the path after the authority.
    public var path: String
    /// The text after the first "?", if any (raw, not percent-decoded).
    public var query: String?
    public var version: HTTPVersion
    public var headers: HTTPHeaders
    /// The decoded body (chunked framing removed).
    public var body: [UInt8]

    public init(method: HTTPMethod, target: String, version: HTTPVersion = .http1_1,
                headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        let (path, query) = RequestTarget.split(target)
        self.init(method: method, target: target, path: path, query: query, version: version, headers: headers, body: body)
    }

    /// For the parser, which has already split the target.
    init(method: HTTPMethod, target: String, path: String, query: String?, version: HTTPVersion,
         headers: HTTPHeaders, body: [UInt8]) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.version = version
        self.headers = headers
        self.body = body
    }
}

/// What a handler gets beside the request.
public struct HTTPRequestContext: Sendable {
    /// Which event loop runs the handler (0..<threads): lets handlers keep per-thread scratch state
    /// without locks.
    public let eventLoopIndex: Int
    /// When the request was complete (monotonic).
    public let now: MonotonicTime

    public init(eventLoopIndex: Int, now: MonotonicTime) {
        self.eventLoopIndex = eventLoopIndex
        self.now = now
    }
}

/// Request-target forms (RFC 9112 §3.2).
enum RequestTarget {
    /// Splits a target into path and query. Absolute-form ("http://host/p?q") yields the path after
    /// the authority ("/" when empty); "*" stays "*".
    static func split(_ target: String) -> (path: String, query: String?) {
        var rest = Substring(target)
        if !rest.hasPrefix("/"), let schemeEnd = rest.firstRange(of: "://") {
            let afterAuthority = rest[schemeEnd.upperBound...]
            rest = afterAuthority.firstIndex(where: { $0 == "/" || $0 == "?" }).map { afterAuthority[$0...] } ?? ""
            if !rest.hasPrefix("/") { rest = "/" + rest }
        }
        guard let mark = rest.firstIndex(of: "?") else { return (String(rest), nil) }
        return (String(rest[..<mark]), String(rest[rest.index(after: mark)...]))
    }

    /// Whether a target of this shape is acceptable for `method` (origin-form, absolute-form with
    /// an http(s) scheme and a valid host, or "*" for OPTIONS). Authority-form (CONNECT) is not
    /// served, and no form has a fragment: "#" never belongs in a request target (RFC 9112 §3.2).
    static func isAcceptable(_ target: UnsafeBufferPointer<UInt8>, method: HTTPMethod) -> Bool {
        guard let first = target.first, !target.contains(UInt8(ascii: "#")) else { return false }
        if first == UInt8(ascii: "/") { return true }
        if target.count == 1 && first == UInt8(ascii: "*") { return method == .options }
        for scheme: StaticString in ["http://", "https://"] {
            let length = scheme.utf8CodeUnitCount
            if target.count > length, ASCII.equalsIgnoringCase(UnsafeBufferPointer(rebasing: target[0..<length]), scheme) {
                let rest = target[length...]
                let authorityEnd = rest.firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? target.count
                return URIHost.isValidAuthority(UnsafeBufferPointer(rebasing: target[length..<authorityEnd]))
            }
        }
        return false
    }
}
