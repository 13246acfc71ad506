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
        case notFound
    }

    /// Routes in registration order; services have a handful, so comparing paths (a memcmp, or
    /// one integer compare for small strings) is cheaper than hashing; an index takes over beyond that.
    private var routes: [Route] = []
    private var index: [String: Int] = [:]
    private static let linearScanLimit = 16

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
        var methods = Set(routes[position].handlers.map(\.method.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        routes[position].allow = methods.sorted().joined(separator: ", ")
    }

    private func position(of path: String) -> Int? {
        guard routes.count <= Self.linearScanLimit else { return index[path] }
        for i in routes.indices where routes[i].path == path { return i }
        return nil
    }

    func resolve(_ method: HTTPMethod, path: String) -> Resolution {
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
                                              message: "method \(request.method.metricsLabel) is not allowed on this path; allowed: \(allow)")
            response.headers.append(("Allow", allow))
            return (response, route)
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
