import Glibc
import Synchronization

/// An HTTP/1.1 server on raw sockets: N event-loop threads, each with its own epoll instance,
/// handlers run on the loop thread.
///
/// Connections reach the loops through one SO_REUSEPORT listener per loop by default. Measured
/// against `AcceptStrategy.singleAcceptor` (one listener on loop 0 handing sockets round-robin
/// through a queue and a wake-up pipe) with wrk -c64 keep-alive, p99 was a tie within noise
/// (27.1 ms vs 28.8 ms, medians of 8 interleaved rounds, README.md), so the simpler path wins: the
/// kernel spreads connections with no cross-thread hand-off, and no loop is an accept bottleneck
/// when a whole client pool reconnects. The single acceptor stays for workloads with very few
/// long-lived connections, where hash placement can be uneven.
public final class HTTPServer: Sendable {
    private struct Running {
        var started = false
        var loops: [EventLoop] = []
        var threads: [LoopThread] = []
        var boundPort = 0
    }

    private let shared: ServerShared
    private let running = Mutex(Running())

    public init(configuration: HTTPServerConfiguration, router: Router,
                observer: (any HTTPServerObserver)? = nil) throws(HTTPServerError) {
        guard configuration.threads >= 0 else { throw HTTPServerError("threads must be 0 (auto) or more, not \(configuration.threads)") }
        guard configuration.maxConnections >= 1 else { throw HTTPServerError("maxConnections must be at least 1") }
        guard (0...65535).contains(configuration.port) else { throw HTTPServerError("port \(configuration.port) is outside 0...65535") }
        guard configuration.listenBacklog >= 1 else { throw HTTPServerError("listenBacklog must be at least 1") }
        shared = ServerShared(configuration: configuration, router: router, observer: observer)
    }

    /// The port actually bound (useful with port 0); 0 before `start()`.
    public var boundPort: Int { running.withLock { $0.boundPort } }

    /// How many event loops `start()` runs: the configured count, or the usable CPUs.
    public var eventLoopCount: Int {
        shared.configuration.threads > 0 ? shared.configuration.threads : CPUBudget.usableCPUs()
    }

    /// Binds the listener(s) and starts the event-loop threads; returns at once.
    public func start() throws(HTTPServerError) {
        try running.withLock { (state: inout Running) throws(HTTPServerError) in
            guard !state.started else { throw HTTPServerError("server already started") }
            // MSG_NOSIGNAL covers send(); ignoring SIGPIPE also covers any other write to a dead peer.
            signal(SIGPIPE, SIG_IGN)
            var loops: [EventLoop] = []
            for index in 0..<eventLoopCount { loops.append(try EventLoop(index: index, shared: shared)) }
            state.boundPort = try bindListeners(loops)
            for loop in loops { loop.watchListener() }
            state.loops = loops
            state.started = true
            for loop in loops { state.threads.append(try LoopThread { loop.run() }) }
        }
        if shared.draining.load(ordering: .acquiring) { beginGracefulShutdown() }
    }

    private func bindListeners(_ loops: [EventLoop]) throws(HTTPServerError) -> Int {
        let configuration = shared.configuration
        let reusePort = configuration.acceptStrategy == .reusePortPerLoop
        var port = configuration.port
        if reusePort && port != 0 {
            // SO_REUSEPORT would let a second rankd (same user) join this port and silently take
            // half the traffic. A plain bind fails while anyone listens there, so probe first.
            do {
                close(try SocketIO.listener(host: configuration.host, port: port, reusePort: false, backlog: 1))
            } catch where error.errno == EADDRINUSE {
                throw HTTPServerError("\(configuration.host):\(port) is already in use (\(error.message))")
            }
        }
        for loop in reusePort ? loops : [loops[0]] {
            loop.listener = try SocketIO.listener(host: configuration.host, port: port, reusePort: reusePort,
                                                  backlog: configuration.listenBacklog)
            port = SocketIO.localPort(loop.listener)  // with port 0, the others join the same port
        }
        if !reusePort && loops.count > 1 { loops[0].handoffTargets = loops }
        return port
    }

    /// Blocks until every event loop has stopped (after a graceful shutdown), then returns.
    public func run() {
        let threads = running.withLock { $0.threads }
        for thread in threads { thread.join() }
        running.withLock { $0.threads = [] }
    }

    /// Starts a graceful shutdown: listeners close, in-flight requests finish (answered with
    /// `Connection: close`), idle connections close, and loops stop within the drain deadline.
    /// Thread-safe and idempotent; callable from any thread or a signal watcher.
    public func beginGracefulShutdown() {
        shared.draining.store(true, ordering: .releasing)
        let loops = running.withLock { $0.loops }
        for loop in loops { loop.wake() }
    }
}
