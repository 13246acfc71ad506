/// A route handler: runs on an event-loop thread, so it must be short (ranking is CPU-bound and
/// sub-millisecond) and must not block.
public typealias HTTPHandler = @Sendable (HTTPRequest, HTTPRequestContext) -> HTTPResponse

/// Exact-path routing with a method check. Each route's metrics name is its path; requests that
/// match no path are named "unmatched", so raw client paths never become metric labels.
public struct Router: Sendable {
    /// Route name used for requests that matched no path (404) or never reached routing.
    public static let unmatchedRoute = "unmatched"

    private struct Route: Sendable {
        var path: String
        /// A handful of methods per path: a linear scan beats hashing an enum with a payload.
        var handlers: [(method: HTTPMethod, handler: HTTPHandler)] = []
        var allow = ""

        func handler(for method: HTTPMethod) -> HTTPHandler? {
            for entry in handlers where entry.method == method { return entry.handler }
            return nil
        }
    }

    enum Resolution {
        case handler(HTTPHandler, route: String)
        case methodNotAllowed(allow: String, route: String)
        /// A method no route serves and the server does not know (RFC 9110 §15.6.2: 501).
        case notImplemented
        /// `OPTIONS *`: a question about the server as a whole (RFC 9110 §9.3.7).
        case serverOptions(allow: String)
        case notFound
    }

    /// Routes in registration order; services have a handful, so comparing paths (a memcmp, or
    /// one integer compare for small strings) is cheaper than hashing; an index takes over beyond that.
    private var routes: [Route] = []
    private var index: [String: Int] = [:]
    private static let linearScanLimit = 16
    /// Methods outside HTTPMethod's named cases that some route serves (rare: a custom verb).
    private var extensionMethods: [HTTPMethod] = []
    /// Every method some route serves, for `OPTIONS *`.
    private var serverAllow = ""

    public init() {}

    /// Registers `handler` for `method` on `path` (exact match, no query). A GET route also
    /// answers HEAD (the server drops the body) unless HEAD is registered separately.
    public mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping HTTPHandler) {
        let position = index[path] ?? {
            routes.append(Route(path: path))
            index[path] = routes.count - 1
            return routes.count - 1
        }()
        routes[position].handlers.removeAll { $0.method == method }
        routes[position].handlers.append((method, handler))
        routes[position].allow = Self.allowValue(routes[position].handlers.map(\.method))
        if case .other = method, !extensionMethods.contains(method) { extensionMethods.append(method) }
        serverAllow = Self.allowValue(routes.flatMap { $0.handlers.map(\.method) })
    }

    /// An Allow field value: the methods, HEAD wherever GET is, sorted.
    private static func allowValue(_ methods: [HTTPMethod]) -> String {
        var names = Set(methods.map(\.rawValue))
        if names.contains("GET") { names.insert("HEAD") }
        return names.sorted().joined(separator: ", ")
    }

    private func position(of path: String) -> Int? {
        guard routes.count <= Self.linearScanLimit else { return index[path] }
        for i in routes.indices where routes[i].path == path { return i }
        return nil
    }

    func resolve(_ method: HTTPMethod, path: String) -> Resolution {
        if case .other = method, !extensionMethods.contains(method) { return .notImplemented }
        // The parser lets "*" through only as the target of OPTIONS.
        if path == "*" { return .serverOptions(allow: serverAllow) }
        guard let position = position(of: path) else { return .notFound }
        // Borrowed in place: copying the Route would retain its handler list and strings.
        if let handler = routes[position].handler(for: method) { return .handler(handler, route: routes[position].path) }
        if method == .head, let handler = routes[position].handler(for: .get) {
            return .handler(handler, route: routes[position].path)
        }
        return .methodNotAllowed(allow: routes[position].allow, route: routes[position].path)
    }

    /// The response for `request` and the route name to report it under.
    public func respond(to request: HTTPRequest, context: HTTPRequestContext) -> (response: HTTPResponse, route: String) {
        switch resolve(request.method, path: request.path) {
        case .handler(let handler, let route):
            return (handler(request, context), route)
        case .methodNotAllowed(let allow, let route):
            var response = HTTPResponse.error(status: 405, code: "method_not_allowed",
                                              message: "method \(request.method.rawValue.prefix(32)) is not allowed on this path; allowed: \(allow)")
            response.headers.append(("Allow", allow))
            return (response, route)
        case .notImplemented:
            return (.error(status: 501, code: "not_implemented",
                           message: "method \(request.method.rawValue.prefix(32)) is not implemented by this server"),
                    Self.unmatchedRoute)
        case .serverOptions(let allow):
            return (HTTPResponse(status: 200, headers: [("Allow", allow)]), Self.unmatchedRoute)
        case .notFound:
            return (.error(status: 404, code: "not_found", message: "no route for this path"), Self.unmatchedRoute)
        }
    }

    /// The final response for a request that would not reach a handler (404/405), decided before
    /// its body is read; nil when a handler would run.
    func rejectionBeforeBody(method: HTTPMethod, path: String) -> (response: HTTPResponse, route: String)? {
        if case .handler = resolve(method, path: path) { return nil }
        return respond(to: HTTPRequest(method: method, target: path), context: HTTPRequestContext(eventLoopIndex: 0, now: .now()))
    }
}
