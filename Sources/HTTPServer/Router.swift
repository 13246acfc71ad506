/// A route handler: runs on an event-loop thread, so it must be short (ranking is CPU-bound and
/// sub-millisecond) and must not block.
public typealias HTTPHandler = @Sendable (HTTPRequest, HTTPRequestContext) -> HTTPResponse

/// Exact-path routing with a method check. Each route's metrics name is its path; requests that
/// match no path are named "unmatched", so raw client paths never become metric labels.
public struct Router: Sendable {
    /// Route name used for requests that matched no path (404) or never reached routing.
    public static let unmatchedRoute = "unmatched"

    private struct Route: Sendable {
        var handlers: [HTTPMethod: HTTPHandler] = [:]
        var allow = ""
    }

    enum Resolution {
        case handler(HTTPHandler, route: String)
        case methodNotAllowed(allow: String, route: String)
        case notFound
    }

    private var routes: [String: Route] = [:]

    public init() {}

    /// Registers `handler` for `method` on `path` (exact match, no query). A GET route also
    /// answers HEAD (the server drops the body) unless HEAD is registered separately.
    public mutating func add(_ method: HTTPMethod, _ path: String, _ handler: @escaping HTTPHandler) {
        var route = routes[path] ?? Route()
        route.handlers[method] = handler
        var methods = Set(route.handlers.keys.map(\.rawValue))
        if methods.contains("GET") { methods.insert("HEAD") }
        route.allow = methods.sorted().joined(separator: ", ")
        routes[path] = route
    }

    func resolve(_ method: HTTPMethod, path: String) -> Resolution {
        guard let route = routes[path] else { return .notFound }
        if let handler = route.handlers[method] { return .handler(handler, route: path) }
        if method == .head, let handler = route.handlers[.get] { return .handler(handler, route: path) }
        return .methodNotAllowed(allow: route.allow, route: path)
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
