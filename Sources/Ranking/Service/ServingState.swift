import Foundation
import Synchronization

/// The snapshot requests rank with, swapped atomically by the loader. A request holds its own
/// reference for its whole life, so the lock is held only to copy one pointer.
public final class ServingState: Sendable {
    /// The snapshot and the metric children its requests record into, resolved once at install
    /// so a request touches only atomics.
    struct Serving: Sendable {
        let snapshot: ServingSnapshot
        let metrics: RankMetrics?
    }

    private let current = Mutex<Serving?>(nil)
    private let problems = Mutex<[String: String]>([:])

    public init() {}

    public var snapshot: ServingSnapshot? { current.withLock { $0?.snapshot } }

    var serving: Serving? { current.withLock { $0 } }

    public func install(_ snapshot: ServingSnapshot) {
        install(snapshot, metrics: nil)
    }

    func install(_ snapshot: ServingSnapshot, metrics: RankMetrics?) {
        current.withLock { $0 = Serving(snapshot: snapshot, metrics: metrics) }
    }

    /// Problems keyed by what they concern ("model", "table product"): what /ready reports
    /// while the service cannot (or can no longer freshly) serve.
    public func setProblem(_ key: String, _ message: String?) {
        problems.withLock { $0[key] = message }
    }

    public var currentProblems: [String: String] { problems.withLock { $0 } }
}
