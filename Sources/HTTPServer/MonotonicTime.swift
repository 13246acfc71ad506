import Glibc

/// A point on CLOCK_MONOTONIC, in nanoseconds. Passed into the connection state machine so tests
/// can drive deadlines with a fake clock.
public struct MonotonicTime: Sendable, Hashable, Comparable {
    public let nanoseconds: UInt64

    public init(nanoseconds: UInt64) { self.nanoseconds = nanoseconds }

    /// The current monotonic time.
    public static func now() -> MonotonicTime {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return MonotonicTime(nanoseconds: UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec))
    }

    /// Seconds elapsed since `earlier` (0 when `earlier` is later).
    public func seconds(since earlier: MonotonicTime) -> Double {
        nanoseconds >= earlier.nanoseconds ? Double(nanoseconds - earlier.nanoseconds) / 1e9 : 0
    }

    public static func < (lhs: MonotonicTime, rhs: MonotonicTime) -> Bool { lhs.nanoseconds < rhs.nanoseconds }

    /// This time plus `duration`, saturating instead of overflowing.
    func advanced(by duration: Duration) -> MonotonicTime {
        let (sum, overflow) = nanoseconds.addingReportingOverflow(duration.nanosecondsClamped)
        return MonotonicTime(nanoseconds: overflow ? UInt64.max : sum)
    }
}
