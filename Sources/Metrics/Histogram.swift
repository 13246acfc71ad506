import Synchronization

/// Per-bucket (not cumulative) observation counts, one atomic each.
///
/// @unchecked Sendable: the buffer is allocated and initialised once in `init`, never
/// reallocated or reassigned, only touched through atomic operations, and freed in
/// `deinit` when no other reference exists. `[Atomic]` is not expressible (Atomic is
/// non-copyable), and one object per bucket would add a dependent load to every observe.
final class AtomicCounts: @unchecked Sendable {
    let count: Int
    private let slots: UnsafeMutablePointer<Atomic<UInt64>>

    init(count: Int) {
        self.count = count
        slots = .allocate(capacity: count)
        for index in 0..<count {
            (slots + index).initialize(to: Atomic(0))
        }
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// `index` is always computed by `Histogram.bucketIndex`, which returns 0...count-1.
    func increment(_ index: Int) {
        precondition(index >= 0 && index < count, "bucket index out of range")
        slots[index].wrappingAdd(1, ordering: .relaxed)
    }

    func load(_ index: Int) -> UInt64 {
        precondition(index >= 0 && index < count, "bucket index out of range")
        return slots[index].load(ordering: .relaxed)
    }
}

/// One histogram series.
///
/// There is deliberately no separate total-count atomic: `_count` and the `+Inf` bucket
/// are both the sum of the per-bucket counts read at scrape time, so every exposition has
/// `+Inf == _count` and non-decreasing buckets even while other threads observe. Only
/// `_sum` may be a few observations ahead or behind, which Prometheus tolerates.
public final class Histogram: Sendable {
    public let upperBounds: [Double]
    private let counts: AtomicCounts
    private let total = AtomicDouble(0)

    init(checkedBounds: [Double]) {
        upperBounds = checkedBounds
        counts = AtomicCounts(count: checkedBounds.count + 1)
    }

    /// NaN and infinite observations are dropped: they are always a caller bug, and
    /// counting them would make `_sum` useless from then on.
    public func observe(_ value: Double) {
        guard value.isFinite else { return }
        counts.increment(bucketIndex(value))
        total.add(value)
    }

    /// The first bucket whose upper bound is ≥ `value` (bounds are inclusive), or the
    /// `+Inf` slot at `upperBounds.count`.
    private func bucketIndex(_ value: Double) -> Int {
        var low = 0
        var high = upperBounds.count
        while low < high {
            let mid = (low &+ high) >> 1
            if upperBounds[mid] < value { low = mid &+ 1 } else { high = mid }
        }
        return low
    }

    public func snapshot() -> HistogramSnapshot {
        var cumulative: [UInt64] = []
        cumulative.reserveCapacity(upperBounds.count)
        var running: UInt64 = 0
        for index in 0..<upperBounds.count {
            running &+= counts.load(index)
            cumulative.append(running)
        }
        running &+= counts.load(upperBounds.count)
        return HistogramSnapshot(checkedBounds: upperBounds, cumulativeCounts: cumulative,
                                 count: running, sum: total.load())
    }
}
