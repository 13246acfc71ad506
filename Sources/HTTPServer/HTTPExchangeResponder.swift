/// What the connection state machine asks of its driver when a request is complete. Generic
/// (not an existential) so the hot path is specialised; tests supply a fake.
protocol HTTPExchangeResponder {
    /// Routes `request` and runs its handler.
    mutating func respond(to request: HTTPRequest, now: MonotonicTime) -> (response: HTTPResponse, route: String)
    /// For a request that expects 100-continue: its final response when it would not reach a
    /// handler (404/405), so the client is not invited to send a body that will be thrown away.
    mutating func rejectionBeforeBody(_ head: RequestHead) -> (response: HTTPResponse, route: String)?
    /// Checked after every handler: once the server drains, each answer closes its connection.
    var isDraining: Bool { get }
    mutating func exchangeCompleted(route: String, method: String, status: Int, startedAt: MonotonicTime,
                                    requestBytes: Int, responseBytes: Int)
    mutating func rejected(reason: String)
}

/// The per-event inputs a connection needs besides bytes: the time and the cached Date line.
struct ConnectionContext {
    var now: MonotonicTime
    var date: [UInt8]
}

/// Timeouts and limits of one connection, resolved from the server configuration.
struct ConnectionSettings: Sendable {
    var parser: HTTPParserLimits
    var headerReadTimeout: Duration
    var idleTimeout: Duration
    var bodyReadTimeout: Duration
    var writeTimeout: Duration
    var lingeringCloseTimeout: Duration
    /// Pending response bytes above which pipelined requests wait (and input is not read) until
    /// the client reads: a client that pipelines without reading cannot grow our memory.
    var outboundHighWater = 256 * 1024

    init(_ configuration: HTTPServerConfiguration) {
        parser = HTTPParserLimits(configuration)
        headerReadTimeout = configuration.headerReadTimeout
        idleTimeout = configuration.idleTimeout
        bodyReadTimeout = configuration.bodyReadTimeout
        writeTimeout = configuration.writeTimeout
        lingeringCloseTimeout = configuration.lingeringCloseTimeout
    }
}
