import Synchronization

/// The sampled access log: with rate r, every (1/r)-th /rank request is logged (deterministic
/// sampling from one atomic counter: no random draw per request, and exactly r of the traffic).
final class AccessLog: Sendable {
    private let log: EventLog
    private let rate: Double
    private let counter = Atomic<UInt64>(0)

    init(log: EventLog, rate: Double) {
        self.log = log
        self.rate = rate
    }

    func record(requestID: String, candidates: Int, tookMs: Double, model: LoadedModel) {
        guard rate > 0 else { return }
        let n = counter.add(1, ordering: .relaxed).newValue
        guard (Double(n) * rate).rounded(.down) > (Double(n - 1) * rate).rounded(.down) else { return }
        log.info("access", [("route", "/rank"), ("request_id", .string(requestID)), ("candidates", .int(candidates)),
                            ("took_ms", .double(tookMs)), ("model", .string(model.name)), ("version", .string(model.version))])
    }

    /// Server-side failures are always logged, whatever the sampling rate.
    func error(_ event: String, requestID: String, message: String) {
        log.error(event, [("request_id", .string(requestID)), ("error", .string(message))])
    }
}

/// Request ids for requests that bring none: one generator per event loop, each behind its
/// own (uncontended) lock, so loops never share state.
enum RequestIDs {
    private final class Slot: Sendable {
        let generator = Mutex(RequestIDGenerator())
    }

    private static let slots: [Slot] = (0..<64).map { _ in Slot() }

    static func next(loop: Int) -> String {
        slots[loop & 63].generator.withLock { $0.next() }
    }
}
