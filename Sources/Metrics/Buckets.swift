/// Histogram bucket upper bounds (the `le` values), always finite and strictly ascending;
/// the `+Inf` bucket is implicit.
public enum Buckets {
    /// 25 µs to 1 s: rankd's requests take well under a millisecond, so the usual
    /// client_golang defaults (5 ms and up) would put nearly everything in one bucket.
    public static let latency: [Double] = [
        0.000025, 0.00005, 0.0001, 0.00025, 0.0005,
        0.001, 0.0025, 0.005, 0.01, 0.025,
        0.05, 0.1, 0.25, 0.5, 1.0,
    ]

    /// More buckets than this is a bug (memory per child and scrape size grow with it).
    public static let maximumCount = 1_000

    /// `count` bounds: `start`, `start*factor`, `start*factor^2`, …
    public static func exponential(start: Double, factor: Double, count: Int) throws(MetricsError) -> [Double] {
        guard start > 0, start.isFinite else { throw .invalidBuckets("exponential start must be finite and > 0, got \(start)") }
        guard factor > 1, factor.isFinite else { throw .invalidBuckets("exponential factor must be finite and > 1, got \(factor)") }
        try checkCount(count)
        var bounds: [Double] = []
        bounds.reserveCapacity(count)
        var next = start
        for _ in 0..<count {
            bounds.append(next)
            next *= factor
        }
        return try checked(bounds)
    }

    /// `count` bounds: `start`, `start+width`, `start+2*width`, …
    public static func linear(start: Double, width: Double, count: Int) throws(MetricsError) -> [Double] {
        guard start.isFinite else { throw .invalidBuckets("linear start must be finite, got \(start)") }
        guard width > 0, width.isFinite else { throw .invalidBuckets("linear width must be finite and > 0, got \(width)") }
        try checkCount(count)
        // Multiplying rather than accumulating keeps rounding error from piling up.
        return try checked((0..<count).map { start + Double($0) * width })
    }

    /// Checks bounds are non-empty, finite and strictly ascending. A trailing `+Inf` is
    /// accepted and dropped, since the exposition always writes that bucket itself.
    public static func validated(_ bounds: [Double]) throws(MetricsError) -> [Double] {
        var bounds = bounds
        if bounds.last == .infinity { bounds.removeLast() }
        return try checked(bounds)
    }

    /// Non-empty, at most `maximumCount`, finite, strictly ascending.
    private static func checked(_ bounds: [Double]) throws(MetricsError) -> [Double] {
        guard !bounds.isEmpty else { throw .invalidBuckets("at least one finite bound is required") }
        guard bounds.count <= maximumCount else {
            throw .invalidBuckets("\(bounds.count) bounds exceed the maximum of \(maximumCount)")
        }
        for (index, bound) in bounds.enumerated() {
            guard bound.isFinite else { throw .invalidBuckets("bound #\(index) is \(bound); bounds must be finite") }
            if index > 0, !(bounds[index - 1] < bound) {
                throw .invalidBuckets("bounds must be strictly ascending, but \(bounds[index - 1]) is followed by \(bound)")
            }
        }
        return bounds
    }

    private static func checkCount(_ count: Int) throws(MetricsError) {
        guard count >= 1, count <= maximumCount else {
            throw .invalidBuckets("count must be between 1 and \(maximumCount), got \(count)")
        }
    }
}
