/// Receives what happens on the server, for metrics. Called on event-loop threads, possibly
/// concurrently from several loops: implementations must be thread-safe and cheap (no locks held
/// for long, no I/O). HTTPServer knows nothing about any metrics library; the layer above adapts.
public protocol HTTPServerObserver: Sendable {
    func connectionOpened()
    func connectionClosed()
    /// One request answered. `route` is a stable route name (a registered path, or "unmatched");
    /// `method` is a fixed label ("GET", ..., "OTHER"); `durationSeconds` runs from the request
    /// being complete to its response being serialized; byte counts are wire sizes.
    func requestCompleted(route: String, method: String, status: Int, durationSeconds: Double,
                          requestBytes: Int, responseBytes: Int)
    /// A request or connection refused by the server itself. `reason` is one of: "bad_request",
    /// "header_too_large", "uri_too_long", "body_too_large", "not_implemented", "bad_version",
    /// "timeout", "write_timeout", "client_closed", "max_connections", "file_limit".
    func requestRejected(reason: String)
    func bytesReceived(_ n: Int)
    func bytesSent(_ n: Int)
}
