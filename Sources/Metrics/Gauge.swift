import Synchronization

/// One gauge series: any value, set or moved either way.
public final class Gauge: Sendable {
    private let current = AtomicDouble(0)

    init() {}

    public func set(_ value: Double) {
        current.store(value)
    }

    public func increment(by amount: Double = 1) {
        current.add(amount)
    }

    public func decrement(by amount: Double = 1) {
        current.add(-amount)
    }

    public var value: Double {
        current.load()
    }
}
