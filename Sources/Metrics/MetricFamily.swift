import Synchronization

public typealias CounterFamily = MetricFamily<Counter>
public typealias GaugeFamily = MetricFamily<Gauge>
public typealias HistogramFamily = MetricFamily<Histogram>

/// A registered counter, gauge or histogram and its children, one per combination of
/// label values. Look a child up once and keep the handle: the lookup takes a lock, the
/// handle's operations are lock-free.
public final class MetricFamily<Child: AnyObject & Sendable>: MetricsCollector {
    public let name: String
    public let help: String
    public let type: MetricType
    public let labelNames: [String]
    private let maximumChildren: Int
    private let children = Mutex<[[String]: Child]>([:])
    private let makeChild: @Sendable () -> Child
    private let read: @Sendable (Child) -> MetricValue

    init(name: String, help: String, type: MetricType, labelNames: [String], maximumChildren: Int,
         makeChild: @escaping @Sendable () -> Child, read: @escaping @Sendable (Child) -> MetricValue) {
        self.name = name
        self.help = help
        self.type = type
        self.labelNames = labelNames
        self.maximumChildren = maximumChildren
        self.makeChild = makeChild
        self.read = read
    }

    /// The child for these label values (in `labelNames` order), created on first use.
    /// Throws on a wrong number of values, or when the family already holds its maximum
    /// number of children (a guard against unbounded label values, e.g. raw paths).
    public func labels(_ values: [String]) throws(MetricsError) -> Child {
        guard values.count == labelNames.count else {
            throw .labelCountMismatch(metric: name, expected: labelNames.count, got: values.count)
        }
        let (child, full) = children.withLock { table -> (Child?, Bool) in
            if let existing = table[values] { return (existing, false) }
            guard table.count < maximumChildren else { return (nil, true) }
            let created = makeChild()
            table[values] = created
            return (created, false)
        }
        guard let child, !full else { throw .tooManyChildren(metric: name, limit: maximumChildren) }
        return child
    }

    /// `labels(_:)` with the values written out: `requests.withLabels("GET", "/rank", "200")`.
    public func withLabels(_ values: String...) throws(MetricsError) -> Child {
        try labels(values)
    }

    /// Drops every child whose label values `isRetired` says no longer name anything live (a
    /// model version no longer served), so the exposition does not grow with every reload; a
    /// handle kept elsewhere still works, it is just no longer exported. Returns how many went.
    @discardableResult
    public func removeChildren(where isRetired: ([String]) -> Bool) -> Int {
        children.withLock { table in
            let retired = table.keys.filter(isRetired)
            for values in retired { table[values] = nil }
            return retired.count
        }
    }

    /// The only child of a family registered without label names.
    public func unlabelled() throws(MetricsError) -> Child {
        try labels([])
    }

    public func collect() -> [MetricFamilySnapshot] {
        let current = children.withLock { table in table.map { ($0.key, $0.value) } }
        let samples = current.map { MetricSample(labelValues: $0.0, value: read($0.1)) }
        return [MetricFamilySnapshot(validatedName: name, help: help, type: type,
                                     labelNames: labelNames, samples: samples)]
    }
}
