import Synchronization

/// One counter series. Whole-number increments (the usual case: requests, bytes) are a
/// single atomic add; only fractional amounts go through the compare-and-swap Double.
public final class Counter: Sendable {
    /// Integers up to 2^53 are exact as Double, so they may take the integer path.
    private static let exactIntegerLimit = 9_007_199_254_740_992.0
    private let whole = Atomic<UInt64>(0)
    private let fraction = AtomicDouble(0)

    init() {}

    public func increment() {
        whole.wrappingAdd(1, ordering: .relaxed)
    }

    /// Negative amounts are ignored (a counter never goes down); so are NaN and infinity,
    /// which would poison the series forever.
    public func increment(by amount: Int) {
        guard amount > 0 else { return }
        whole.wrappingAdd(UInt64(amount), ordering: .relaxed)
    }

    /// Negative, NaN and infinite amounts are ignored, as for `increment(by: Int)`.
    public func increment(by amount: Double) {
        guard amount > 0, amount.isFinite else { return }
        if amount < Self.exactIntegerLimit, amount.rounded(.towardZero) == amount {
            whole.wrappingAdd(UInt64(amount), ordering: .relaxed)
        } else {
            fraction.add(amount)
        }
    }

    public var value: Double {
        Double(whole.load(ordering: .relaxed)) + fraction.load()
    }
}

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
