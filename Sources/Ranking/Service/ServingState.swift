import Foundation
import Synchronization

/// The snapshot requests rank with, swapped atomically by the loader. A request holds its own
/// reference for its whole life, so the lock is held only to copy one pointer.
public final class ServingState: Sendable {
    private let current = Mutex<ServingSnapshot?>(nil)
    private let problems = Mutex<[String: String]>([:])

    public init() {}

    public var snapshot: ServingSnapshot? { current.withLock { $0 } }

    public func install(_ snapshot: ServingSnapshot) {
        current.withLock { $0 = snapshot }
    }

    /// Problems keyed by what they concern ("model", "table product"): what /ready reports
    /// while the service cannot (or can no longer freshly) serve.
    public func setProblem(_ key: String, _ message: String?) {
        problems.withLock { $0[key] = message }
    }

    public var currentProblems: [String: String] { problems.withLock { $0 } }
}
