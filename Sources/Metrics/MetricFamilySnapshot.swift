/// The metric types of text format 0.0.4 that this library writes.
public enum MetricType: String, Sendable {
    case counter, gauge, histogram, untyped
}

/// A histogram's state at one instant, with cumulative bucket counts as exposed.
/// The `+Inf` bucket is `count` itself, so the two can never disagree.
public struct HistogramSnapshot: Sendable, Equatable {
    public let upperBounds: [Double]
    /// `cumulativeCounts[i]` observations were ≤ `upperBounds[i]`.
    public let cumulativeCounts: [UInt64]
    public let count: UInt64
    public let sum: Double

    /// For collectors: checks bounds (see `Buckets.validated`) and that counts are
    /// non-decreasing and never exceed `count`.
    public init(upperBounds: [Double], cumulativeCounts: [UInt64], count: UInt64, sum: Double) throws(MetricsError) {
        let bounds = try Buckets.validated(upperBounds)
        guard cumulativeCounts.count == bounds.count else {
            throw .invalidBuckets("\(bounds.count) finite bounds but \(cumulativeCounts.count) cumulative counts")
        }
        var previous: UInt64 = 0
        for value in cumulativeCounts + [count] {
            guard value >= previous else {
                throw .invalidBuckets("cumulative counts must not decrease (and must not exceed count)")
            }
            previous = value
        }
        self.init(checkedBounds: bounds, cumulativeCounts: cumulativeCounts, count: count, sum: sum)
    }

    /// For `Histogram`, whose bounds were validated at registration and whose counts are
    /// cumulative by construction.
    init(checkedBounds: [Double], cumulativeCounts: [UInt64], count: UInt64, sum: Double) {
        self.upperBounds = checkedBounds
        self.cumulativeCounts = cumulativeCounts
        self.count = count
        self.sum = sum
    }
}

public enum MetricValue: Sendable, Equatable {
    case scalar(Double)
    case histogram(HistogramSnapshot)
}

public struct MetricSample: Sendable, Equatable {
    public let labelValues: [String]
    public let value: MetricValue
}

/// One family as it will be exposed: what collectors return and what registered
/// families turn into at scrape time. Names are validated on construction and samples on
/// insertion, so rendering never meets an invalid family.
public struct MetricFamilySnapshot: Sendable {
    public let name: String
    public let help: String
    public let type: MetricType
    public let labelNames: [String]
    public private(set) var samples: [MetricSample] = []
    private var seenLabelValues = Set<[String]>()

    public init(name: String, help: String, type: MetricType, labelNames: [String] = []) throws(MetricsError) {
        if type == .counter { try MetricName.validateCounter(name) } else { try MetricName.validate(name) }
        try MetricName.validateLabels(labelNames, metric: name, type: type)
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
    }

    /// For registered families: names were validated at registration and each child
    /// has distinct label values of the right count.
    init(validatedName: String, help: String, type: MetricType, labelNames: [String], samples: [MetricSample]) {
        self.name = validatedName
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.samples = samples
    }

    /// Adds a counter, gauge or untyped sample. Counter values must be ≥ 0 and not NaN.
    public mutating func add(labelValues: [String] = [], value: Double) throws(MetricsError) {
        guard type != .histogram else {
            throw .invalidSample(metric: name, reason: "a histogram family takes histogram samples")
        }
        if type == .counter, !(value >= 0) {
            throw .invalidSample(metric: name, reason: "counter value \(value) is negative or NaN")
        }
        try append(MetricSample(labelValues: labelValues, value: .scalar(value)))
    }

    public mutating func add(labelValues: [String] = [], histogram: HistogramSnapshot) throws(MetricsError) {
        guard type == .histogram else {
            throw .invalidSample(metric: name, reason: "only a histogram family takes histogram samples")
        }
        try append(MetricSample(labelValues: labelValues, value: .histogram(histogram)))
    }

    private mutating func append(_ sample: MetricSample) throws(MetricsError) {
        guard sample.labelValues.count == labelNames.count else {
            throw .labelCountMismatch(metric: name, expected: labelNames.count, got: sample.labelValues.count)
        }
        guard seenLabelValues.insert(sample.labelValues).inserted else {
            throw .duplicateSample(metric: name, labelValues: sample.labelValues)
        }
        samples.append(sample)
    }
}

/// Asked at every scrape for whole families, e.g. process metrics or families whose
/// label values come and go (model versions, tables).
public protocol MetricsCollector: Sendable {
    func collect() -> [MetricFamilySnapshot]
}
