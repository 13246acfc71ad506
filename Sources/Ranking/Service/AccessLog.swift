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

    /// A served /rank request (status 200).
    func record(requestID: String, candidates: Int, tookMs: Double, model: LoadedModel) {
        guard sampled() else { return }
        log.info("access", [("route", "/rank"), ("status", .int(200)), ("request_id", .string(requestID)),
                            ("candidates", .int(candidates)), ("took_ms", .double(tookMs)),
                            ("model", .string(model.name)), ("version", .string(model.version))])
    }

    /// A refused /rank request (400, 503), sampled like the rest: the rate is a share of all
    /// /rank requests, so a client sending bad bodies shows up in the log too.
    func refused(status: Int, code: String, field: String?, tookMs: Double) {
        guard sampled() else { return }
        var fields: [(String, LogValue)] = [("route", "/rank"), ("status", .int(status)), ("error", .string(code))]
        if let field { fields.append(("field", .string(String(field.prefix(128))))) }
        fields.append(("took_ms", .double(tookMs)))
        log.info("access", fields)
    }

    /// Every (1/rate)-th call: one atomic add, no random draw.
    private func sampled() -> Bool {
        guard rate > 0 else { return false }
        let n = counter.add(1, ordering: .relaxed).newValue
        return (Double(n) * rate).rounded(.down) > (Double(n - 1) * rate).rounded(.down)
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
