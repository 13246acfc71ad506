import Synchronization

/// What all event loops of one server share. Only atomics and immutable values: loops never lock
/// on the request path.
final class ServerShared: Sendable {
    let configuration: HTTPServerConfiguration
    let settings: ConnectionSettings
    let router: Router
    let observer: (any HTTPServerObserver)?
    /// Open connections across loops, for `maxConnections`.
    let openConnections = Atomic<Int>(0)
    /// Set once by `beginGracefulShutdown`; loops notice it on their next wake-up.
    let draining = Atomic<Bool>(false)

    init(configuration: HTTPServerConfiguration, router: Router, observer: (any HTTPServerObserver)?) {
        self.configuration = configuration
        self.settings = ConnectionSettings(configuration)
        self.router = router
        self.observer = observer
    }
}

/// The event loop's side of the exchange: routing, the draining flag, metrics.
struct LoopResponder: HTTPExchangeResponder {
    let shared: ServerShared
    let loopIndex: Int
    let observing: Bool

    init(shared: ServerShared, loopIndex: Int) {
        self.shared = shared
        self.loopIndex = loopIndex
        self.observing = shared.observer != nil
    }

    var isDraining: Bool { shared.draining.load(ordering: .relaxed) }

    func respond(to request: HTTPRequest, now: MonotonicTime) -> (response: HTTPResponse, route: String) {
        shared.router.respond(to: request, context: HTTPRequestContext(eventLoopIndex: loopIndex, now: now))
    }

    func rejectionBeforeBody(_ head: RequestHead) -> (response: HTTPResponse, route: String)? {
        shared.router.rejectionBeforeBody(method: head.method, path: head.path)
    }

    func exchangeCompleted(route: String, method: String, status: Int, startedAt: MonotonicTime,
                           requestBytes: Int, responseBytes: Int) {
        guard observing, let observer = shared.observer else { return }
        observer.requestCompleted(route: route, method: method, status: status,
                                  durationSeconds: MonotonicTime.now().seconds(since: startedAt),
                                  requestBytes: requestBytes, responseBytes: responseBytes)
    }

    func rejected(reason: String) {
        if observing { shared.observer?.requestRejected(reason: reason) }
    }
}
