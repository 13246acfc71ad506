import Testing
@testable import Metrics

@Suite struct ValidationTests {
    @Test(arguments: ["", "9lives_total", "has-dash_total", "spa ce_total", "ünïcode_total", "requests", "_total"])
    func invalidCounterNamesThrow(name: String) {
        #expect(throws: MetricsError.self) { try MetricsRegistry().counter(name, help: "h") }
    }

    @Test(arguments: ["", "0abc", "a.b", "a/b", "a{b}"])
    func invalidGaugeAndHistogramNamesThrow(name: String) {
        let registry = MetricsRegistry()
        #expect(throws: MetricsError.self) { try registry.gauge(name, help: "h") }
        #expect(throws: MetricsError.self) { try registry.histogram(name, help: "h") }
    }

    @Test func validNamesAreAccepted() throws {
        let registry = MetricsRegistry()
        _ = try registry.counter("ns:sub_requests_total", help: "h", labelNames: ["_private", "Route2"])
        _ = try registry.gauge(":colon_first", help: "h")
        _ = try registry.histogram("_underscore_seconds", help: "h", labelNames: ["route"])
    }

    @Test(arguments: [["__reserved"], ["has-dash"], ["1st"], [""], ["dup", "dup"], ["a:b"]])
    func invalidLabelNamesThrow(labels: [String]) {
        #expect(throws: MetricsError.self) { try MetricsRegistry().gauge("g", help: "h", labelNames: labels) }
    }

    @Test func leIsReservedOnHistogramsOnly() throws {
        let registry = MetricsRegistry()
        #expect(throws: MetricsError.invalidLabelName("le", metric: "h_seconds", reason: "\"le\" is reserved for histogram buckets")) {
            try registry.histogram("h_seconds", help: "h", labelNames: ["le"])
        }
        _ = try registry.gauge("g", help: "h", labelNames: ["le"])
    }

    @Test func duplicateAndCollidingNamesThrow() throws {
        let registry = MetricsRegistry()
        _ = try registry.counter("a_total", help: "h")
        _ = try registry.histogram("lat_seconds", help: "h")
        #expect(throws: MetricsError.duplicateMetric("a_total")) { try registry.counter("a_total", help: "h") }
        #expect(throws: MetricsError.duplicateMetric("a_total")) { try registry.gauge("a_total", help: "h") }
        #expect(throws: MetricsError.duplicateMetric("lat_seconds_count")) { try registry.gauge("lat_seconds_count", help: "h") }
        #expect(throws: MetricsError.duplicateMetric("lat_seconds_sum")) {
            try registry.callbackGauge("lat_seconds_sum", help: "h") { 1 }
        }
        try registry.callbackGauge("lat_sum", help: "h") { 1 }
        #expect(throws: MetricsError.duplicateMetric("lat")) { try registry.histogram("lat", help: "h") }
        let failed = try? registry.histogram("x", help: "h", buckets: [])
        #expect(failed == nil)
        _ = try registry.gauge("x", help: "a failed registration claims nothing")
    }

    @Test func wrongLabelCountThrowsWithAClearMessage() throws {
        let family = try MetricsRegistry().counter("req_total", help: "h", labelNames: ["route", "code"])
        let error = #expect(throws: MetricsError.self) { try family.labels(["/rank"]) }
        #expect(error?.description == "metric \"req_total\" has 2 label name(s) but 1 label value(s) were given")
        #expect(throws: MetricsError.self) { try family.unlabelled() }
        #expect(throws: MetricsError.self) { try family.withLabels("a", "b", "c") }
    }

    @Test func labelLookupReturnsTheSameChild() throws {
        let family = try MetricsRegistry().counter("req_total", help: "h", labelNames: ["route"])
        #expect(try family.withLabels("/rank") === family.labels(["/rank"]))
        #expect(try family.withLabels("/rank") !== family.labels(["/other"]))
    }

    @Test func childLimitStopsUnboundedLabelValues() throws {
        let family = try MetricsRegistry(maximumChildrenPerFamily: 3).gauge("g", help: "h", labelNames: ["path"])
        for path in ["/a", "/b", "/c"] { try family.withLabels(path).set(1) }
        #expect(throws: MetricsError.tooManyChildren(metric: "g", limit: 3)) { try family.withLabels("/d") }
        _ = try family.withLabels("/a")
    }

    @Test(arguments: [[], [1, 1], [2, 1], [Double.nan], [1, .infinity, 2], [-.infinity, 1], [.infinity]] as [[Double]])
    func invalidBucketsThrow(bounds: [Double]) {
        #expect(throws: MetricsError.self) { try MetricsRegistry().histogram("h", help: "h", buckets: bounds) }
    }

    @Test func bucketHelpers() throws {
        #expect(try Buckets.exponential(start: 0.001, factor: 10, count: 4) == [0.001, 0.01, 0.1, 1])
        #expect(try Buckets.exponential(start: 1, factor: 2, count: 5) == [1, 2, 4, 8, 16])
        #expect(try Buckets.linear(start: 0.5, width: 0.25, count: 4) == [0.5, 0.75, 1, 1.25])
        #expect(try Buckets.validated([1, 2, .infinity]) == [1, 2])
        #expect(try Buckets.validated(Buckets.latency) == Buckets.latency)
        #expect(Buckets.latency.first == 0.000025 && Buckets.latency.last == 1)
        #expect(throws: MetricsError.self) { try Buckets.exponential(start: 0, factor: 2, count: 3) }
        #expect(throws: MetricsError.self) { try Buckets.exponential(start: 1, factor: 1, count: 3) }
        #expect(throws: MetricsError.self) { try Buckets.exponential(start: 1, factor: 1e300, count: 3) }
        #expect(throws: MetricsError.self) { try Buckets.linear(start: 1e308, width: 1e308, count: 3) }
        #expect(throws: MetricsError.self) { try Buckets.linear(start: 0, width: 0, count: 3) }
        #expect(throws: MetricsError.self) { try Buckets.linear(start: 0, width: 1, count: 0) }
        #expect(throws: MetricsError.self) { try Buckets.linear(start: 0, width: 1, count: Int.max) }
    }

    @Test func collectorSnapshotsRejectBadInput() throws {
        #expect(throws: MetricsError.self) { try MetricFamilySnapshot(name: "bytes", help: "h", type: .counter) }
        var counter = try MetricFamilySnapshot(name: "bytes_total", help: "h", type: .counter, labelNames: ["k"])
        #expect(throws: MetricsError.self) { try counter.add(labelValues: ["a"], value: -1) }
        #expect(throws: MetricsError.self) { try counter.add(labelValues: ["a"], value: .nan) }
        #expect(throws: MetricsError.self) { try counter.add(labelValues: [], value: 1) }
        try counter.add(labelValues: ["a"], value: 1)
        #expect(throws: MetricsError.duplicateSample(metric: "bytes_total", labelValues: ["a"])) {
            try counter.add(labelValues: ["a"], value: 2)
        }
        let histogram = try HistogramSnapshot(upperBounds: [1], cumulativeCounts: [1], count: 1, sum: 0.5)
        #expect(throws: MetricsError.self) { try counter.add(labelValues: ["b"], histogram: histogram) }
        #expect(throws: MetricsError.self) { try HistogramSnapshot(upperBounds: [1, 2], cumulativeCounts: [2, 1], count: 2, sum: 0) }
        #expect(throws: MetricsError.self) { try HistogramSnapshot(upperBounds: [1], cumulativeCounts: [3], count: 2, sum: 0) }
        #expect(throws: MetricsError.self) { try HistogramSnapshot(upperBounds: [1], cumulativeCounts: [], count: 2, sum: 0) }
    }
}
