import Synchronization

/// Owns the registered families and collectors and renders them for a scrape.
///
/// Registration validates names and rejects collisions by throwing; scraping never fails.
/// Families appear in registration order, collectors' families at the collector's place.
public final class MetricsRegistry: Sendable {
    /// The Content-Type of `exposition()`.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// Default cap on label combinations per family (see `MetricFamily.labels`).
    public static let defaultMaximumChildren = 10_000

    private struct State {
        /// `owned` sources are this registry's families, whose names are claimed.
        var sources: [(collector: any MetricsCollector, owned: Bool)] = []
        var claimedNames = Set<String>()
    }

    private let state = Mutex(State())
    private let maximumChildren: Int

    public init(maximumChildrenPerFamily: Int = MetricsRegistry.defaultMaximumChildren) {
        maximumChildren = max(1, maximumChildrenPerFamily)
    }

    /// A counter family; `name` must end in `_total`.
    public func counter(_ name: String, help: String, labelNames: [String] = []) throws(MetricsError) -> CounterFamily {
        let family = CounterFamily(name: name, help: help, type: .counter, labelNames: labelNames,
                                   maximumChildren: maximumChildren, makeChild: { Counter() },
                                   read: { .scalar($0.value) })
        try add(family, name: name, type: .counter, labelNames: labelNames)
        return family
    }

    public func gauge(_ name: String, help: String, labelNames: [String] = []) throws(MetricsError) -> GaugeFamily {
        let family = GaugeFamily(name: name, help: help, type: .gauge, labelNames: labelNames,
                                 maximumChildren: maximumChildren, makeChild: { Gauge() },
                                 read: { .scalar($0.value) })
        try add(family, name: name, type: .gauge, labelNames: labelNames)
        return family
    }

    public func histogram(_ name: String, help: String, labelNames: [String] = [],
                          buckets: [Double] = Buckets.latency) throws(MetricsError) -> HistogramFamily {
        let bounds = try Buckets.validated(buckets)
        let family = HistogramFamily(name: name, help: help, type: .histogram, labelNames: labelNames,
                                     maximumChildren: maximumChildren,
                                     makeChild: { Histogram(checkedBounds: bounds) },
                                     read: { .histogram($0.snapshot()) })
        try add(family, name: name, type: .histogram, labelNames: labelNames)
        return family
    }

    /// A gauge whose value is computed at scrape time, e.g. the age of a snapshot.
    public func callbackGauge(_ name: String, help: String,
                              value: @escaping @Sendable () -> Double) throws(MetricsError) {
        let callback = CallbackFamily(name: name, help: help, type: .gauge, labelNames: []) {
            [LabelledValue(labelValues: [], value: value())]
        }
        try add(callback, name: name, type: .gauge, labelNames: [])
    }

    /// A labelled gauge family computed at scrape time, e.g. rows per table. Samples with
    /// the wrong number of label values, or repeating label values, are left out.
    public func callbackGauge(_ name: String, help: String, labelNames: [String],
                              samples: @escaping @Sendable () -> [LabelledValue]) throws(MetricsError) {
        let callback = CallbackFamily(name: name, help: help, type: .gauge, labelNames: labelNames, read: samples)
        try add(callback, name: name, type: .gauge, labelNames: labelNames)
    }

    /// A counter read at scrape time from a total kept elsewhere; `name` must end in `_total`.
    public func callbackCounter(_ name: String, help: String,
                                value: @escaping @Sendable () -> Double) throws(MetricsError) {
        let callback = CallbackFamily(name: name, help: help, type: .counter, labelNames: []) {
            [LabelledValue(labelValues: [], value: value())]
        }
        try add(callback, name: name, type: .counter, labelNames: [])
    }

    /// Adds a collector asked for whole families at every scrape. Its families' names
    /// cannot be checked ahead of time; at scrape time a family whose sample names belong
    /// to a registered family, or were already written by an earlier collector, is left
    /// out, so the output stays valid.
    public func register(_ collector: any MetricsCollector) {
        state.withLock { $0.sources.append((collector, owned: false)) }
    }

    private func add(_ source: any MetricsCollector, name: String, type: MetricType,
                     labelNames: [String]) throws(MetricsError) {
        if type == .counter { try MetricName.validateCounter(name) } else { try MetricName.validate(name) }
        try MetricName.validateLabels(labelNames, metric: name, type: type)
        let names = MetricName.sampleNames(of: name, type: type)
        let clash = state.withLock { state -> Bool in
            guard state.claimedNames.isDisjoint(with: names) else { return true }
            state.claimedNames.formUnion(names)
            state.sources.append((source, owned: true))
            return false
        }
        if clash { throw .duplicateMetric(name) }
    }

    /// Every family's current samples in text format 0.0.4. Collectors run outside the
    /// registry lock, so a slow collector delays only the scrape, not registration.
    public func exposition() -> String {
        let (sources, claimed) = state.withLock { ($0.sources, $0.claimedNames) }
        var out = ""
        var taken = claimed
        for source in sources {
            for family in source.collector.collect() where !family.samples.isEmpty {
                if !source.owned {
                    let names = MetricName.sampleNames(of: family.name, type: family.type)
                    guard taken.isDisjoint(with: names) else { continue }
                    taken.formUnion(names)
                }
                TextExposition.write(family, into: &out)
            }
        }
        return out
    }
}

/// One sample of a callback family: label values in the family's `labelNames` order.
public struct LabelledValue: Sendable {
    public var labelValues: [String]
    public var value: Double

    public init(labelValues: [String], value: Double) {
        self.labelValues = labelValues
        self.value = value
    }
}

/// A family whose samples come from a closure at scrape time.
struct CallbackFamily: MetricsCollector {
    let name: String
    let help: String
    let type: MetricType
    let labelNames: [String]
    let read: @Sendable () -> [LabelledValue]

    func collect() -> [MetricFamilySnapshot] {
        var family = MetricFamilySnapshot(validatedName: name, help: help, type: type,
                                          labelNames: labelNames, samples: [])
        for sample in read() {
            // Invalid samples are dropped: a scrape has nobody to throw to.
            try? family.add(labelValues: sample.labelValues, value: sample.value)
        }
        return [family]
    }
}
