/// Every limit and timeout of the HTTP server, in one place.
///
/// Defaults are chosen for a sub-millisecond JSON service behind a cluster network: small heads,
/// bodies up to 1 MiB, and deadlines that cap how long a slow or silent client can hold a slot.
public struct HTTPServerConfiguration: Sendable {
    /// How connections reach the event loops.
    public enum AcceptStrategy: String, Sendable {
        /// One SO_REUSEPORT listener per event loop; the kernel spreads connections (default: see README).
        case reusePortPerLoop = "reuseport"
        /// One listener on loop 0, which hands accepted sockets to the loops round-robin.
        case singleAcceptor = "single"
    }

    /// Address to bind. Default "0.0.0.0" (IPv4 only).
    public var host = "0.0.0.0"
    /// TCP port. Default 8080; 0 picks an ephemeral port (see `HTTPServer.boundPort`).
    public var port = 8080
    /// Event-loop threads; 0 (default) means the CPUs this process may use (affinity and cgroup quota).
    public var threads = 0
    /// How accepted connections are spread over the loops. Default `.reusePortPerLoop`.
    public var acceptStrategy = AcceptStrategy.reusePortPerLoop
    /// Largest request head (request line + header fields), in bytes. Default 16 KiB; over it: 431.
    public var maxHeaderSectionBytes = 16 * 1024
    /// Most header fields in one request head. Default 64; over it: 431.
    public var maxHeaderFields = 64
    /// Longest request target, in bytes. Default 8 KiB; over it: 414.
    public var maxTargetLength = 8 * 1024
    /// Largest request body (decoded), in bytes. Default 1 MiB; over it: 413.
    public var maxBodyBytes = 1024 * 1024
    /// Deadline for a whole request head, from its first byte (not an idle timer: defeats slowloris).
    /// Also applies to a new connection that has not sent anything yet. Default 10 s; expiry: 408.
    public var headerReadTimeout: Duration = .seconds(10)
    /// How long a keep-alive connection may sit idle between requests. Default 60 s; expiry: close.
    public var idleTimeout: Duration = .seconds(60)
    /// Deadline for a whole request body, from the end of its head. Default 30 s; expiry: 408.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// How long a response may stay unsent because the client does not read. Default 30 s; expiry: close.
    public var writeTimeout: Duration = .seconds(30)
    /// After a response that closes the connection, how long to keep reading (and discarding) so
    /// that unread request bytes do not turn the close into a reset that destroys the response.
    /// Default 2 s.
    public var lingeringCloseTimeout: Duration = .seconds(2)
    /// Open connections across all loops. Default 10 000; when reached, accepting pauses (the
    /// listen backlog holds new connections) until one closes.
    public var maxConnections = 10_000
    /// Graceful shutdown: how long in-flight requests may take before connections are cut. Default 10 s.
    public var shutdownDrainTimeout: Duration = .seconds(10)
    /// listen(2) backlog. Default 1024 (the kernel caps it at net.core.somaxconn).
    public var listenBacklog = 1024
    /// After accept fails with EMFILE/ENFILE, how long to stop accepting. Default 100 ms.
    public var acceptPauseAfterFileLimit: Duration = .milliseconds(100)

    public init() {}
}

extension Duration {
    /// Whole nanoseconds, saturating; negative durations count as zero.
    var nanosecondsClamped: UInt64 {
        let (seconds, attoseconds) = components
        if seconds < 0 { return 0 }
        let (whole, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return UInt64.max }
        let (sum, overflow2) = whole.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
        return overflow2 ? UInt64.max : sum
    }
}
