import Testing
@testable import Metrics

@Suite struct ExpositionTests {
    @Test func goldenOutputForRealisticFamilies() throws {
        let registry = MetricsRegistry()
        let requests = try registry.counter("rankd_http_requests_total", help: "HTTP requests by route, method and status code.",
                                            labelNames: ["route", "method", "code"])
        try requests.withLabels("/rank", "POST", "200").increment(by: 3)
        try requests.labels(["/healthz", "GET", "200"]).increment()
        let open = try registry.gauge("rankd_http_open_connections", help: "Open client connections.")
        try open.unlabelled().set(2)
        let duration = try registry.histogram("rankd_http_request_duration_seconds", help: "Request latency.",
                                              labelNames: ["route"], buckets: [0.000025, 0.25, 1, 1_000_000])
        let rank = try duration.withLabels("/rank")
        for value in [0.125, 0.25, 0.5, 3, 2_000_000] { rank.observe(value) }
        try registry.callbackGauge("rankd_snapshot_age_seconds", help: "Age of the feature snapshot.") { 12.5 }

        #expect(registry.exposition() == """
            # HELP rankd_http_requests_total HTTP requests by route, method and status code.
            # TYPE rankd_http_requests_total counter
            rankd_http_requests_total{route="/healthz",method="GET",code="200"} 1
            rankd_http_requests_total{route="/rank",method="POST",code="200"} 3
            # HELP rankd_http_open_connections Open client connections.
            # TYPE rankd_http_open_connections gauge
            rankd_http_open_connections 2
            # HELP rankd_http_request_duration_seconds Request latency.
            # TYPE rankd_http_request_duration_seconds histogram
            rankd_http_request_duration_seconds_bucket{route="/rank",le="2.5e-05"} 0
            rankd_http_request_duration_seconds_bucket{route="/rank",le="0.25"} 2
            rankd_http_request_duration_seconds_bucket{route="/rank",le="1"} 3
            rankd_http_request_duration_seconds_bucket{route="/rank",le="1e+06"} 4
            rankd_http_request_duration_seconds_bucket{route="/rank",le="+Inf"} 5
            rankd_http_request_duration_seconds_sum{route="/rank"} 2.000003875e+06
            rankd_http_request_duration_seconds_count{route="/rank"} 5
            # HELP rankd_snapshot_age_seconds Age of the feature snapshot.
            # TYPE rankd_snapshot_age_seconds gauge
            rankd_snapshot_age_seconds 12.5

            """)
    }

    @Test func unlabelledHistogramWithLatencyBuckets() throws {
        let registry = MetricsRegistry()
        let histogram = try registry.histogram("op_seconds", help: "h").unlabelled()
        histogram.observe(0.00003)
        let lines = registry.exposition().split(separator: "\n")
        let les = try ExpositionParser.parse(registry.exposition())[0].samples.compactMap { $0.label("le") }
        #expect(les == ["2.5e-05", "5e-05", "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005",
                        "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "+Inf"])
        #expect(lines.contains("op_seconds_bucket{le=\"2.5e-05\"} 0"))
        #expect(lines.contains("op_seconds_bucket{le=\"5e-05\"} 1"))
        #expect(lines.contains("op_seconds_sum 3e-05"))
        #expect(lines.contains("op_seconds_count 1"))
    }

    @Test func bucketBoundsAreInclusive() throws {
        let histogram = try MetricsRegistry().histogram("h_seconds", help: "h", buckets: [1, 2]).unlabelled()
        histogram.observe(1)
        histogram.observe(2)
        histogram.observe(2.0000001)
        histogram.observe(-5)
        histogram.observe(.nan)
        histogram.observe(.infinity)
        let snapshot = histogram.snapshot()
        #expect(snapshot.cumulativeCounts == [2, 3])
        #expect(snapshot.count == 4)
        #expect(snapshot.sum == 1 + 2 + 2.0000001 - 5)
    }

    @Test func escapesHelpAndLabelValues() throws {
        let registry = MetricsRegistry()
        let gauge = try registry.gauge("escape_test", help: "back\\slash \"quoted\"\nsecond line", labelNames: ["v"])
        try gauge.withLabels("a\\b\"c\nd").set(1)
        try gauge.withLabels("crlf\r\nend").set(2)
        let text = registry.exposition()
        #expect(text.contains("# HELP escape_test back\\\\slash \"quoted\"\\nsecond line\n"))
        #expect(text.contains("escape_test{v=\"a\\\\b\\\"c\\nd\"} 1\n"))
        #expect(text.contains("escape_test{v=\"crlf\r\\nend\"} 2\n"))
        let parsed = try ExpositionParser.parse(text)
        #expect(parsed.first?.samples.map { $0.label("v") } == ["a\\b\"c\nd", "crlf\r\nend"])
    }

    @Test func childrenAreSortedByLabelValuesWhateverTheCreationOrder() throws {
        let registry = MetricsRegistry()
        let family = try registry.counter("sorted_total", help: "s", labelNames: ["a", "b"])
        for values in [["z", "1"], ["a", "2"], ["m", "0"], ["a", "10"]] {
            try family.labels(values).increment()
        }
        let samples = try #require(try ExpositionParser.parse(registry.exposition()).first).samples
        #expect(samples.map { [$0.label("a")!, $0.label("b")!] } == [["a", "10"], ["a", "2"], ["m", "0"], ["z", "1"]])
    }

    /// Retired children (a model version no longer served) leave the exposition, their handles
    /// keep working unexported, and the freed places count against the child limit no more.
    @Test func retiredChildrenLeaveTheExposition() throws {
        let registry = MetricsRegistry(maximumChildrenPerFamily: 3)
        let family = try registry.histogram("scoring_seconds", help: "s", labelNames: ["version"], buckets: [1])
        let old = try family.withLabels("1")
        for version in ["1", "2", "3"] { try family.withLabels(version).observe(0.5) }
        #expect(family.removeChildren { $0 != ["3"] } == 2)
        old.observe(0.5)  // a request still in flight on the old version
        let samples = try #require(try ExpositionParser.parse(registry.exposition()).first).samples
        #expect(Set(samples.compactMap { $0.label("version") }) == ["3"])
        for version in ["4", "5"] { _ = try family.withLabels(version) }  // room again under the limit of 3
        #expect(throws: MetricsError.self) { _ = try family.withLabels("6") }
    }

    @Test func familiesWithoutSamplesAreLeftOut() throws {
        let registry = MetricsRegistry()
        _ = try registry.counter("unused_total", help: "u", labelNames: ["x"])
        #expect(registry.exposition() == "")
    }

    @Test func collectorsAppearInRegistrationOrderAndCannotShadowRegisteredFamilies() throws {
        struct Fixed: MetricsCollector {
            let names: [String]
            func collect() -> [MetricFamilySnapshot] {
                names.compactMap { name in
                    var family = try? MetricFamilySnapshot(name: name, help: "from collector", type: .gauge, labelNames: ["k"])
                    try? family?.add(labelValues: ["v"], value: 7)
                    return family
                }
            }
        }
        let registry = MetricsRegistry()
        try registry.gauge("first", help: "registered").unlabelled().set(1)
        registry.register(Fixed(names: ["first", "second", "h_count", "second"]))
        try registry.histogram("h", help: "registered", buckets: [1]).unlabelled().observe(0.5)
        let names = try ExpositionParser.parse(registry.exposition()).map(\.name)
        #expect(names == ["first", "second", "h"])
    }

    @Test func countersAcceptOnlyForwardSteps() throws {
        let counter = try MetricsRegistry().counter("steps_total", help: "s").unlabelled()
        counter.increment()
        counter.increment(by: 2)
        counter.increment(by: 0.5)
        counter.increment(by: -4)
        counter.increment(by: -1.5)
        counter.increment(by: Double.nan)
        counter.increment(by: Double.infinity)
        #expect(counter.value == 3.5)
    }

    @Test func gaugesMoveBothWays() throws {
        let gauge = try MetricsRegistry().gauge("g", help: "g").unlabelled()
        gauge.set(10)
        gauge.increment()
        gauge.decrement(by: 4.5)
        #expect(gauge.value == 6.5)
    }

    @Test func labelledCallbackGaugeDropsMalformedSamples() throws {
        let registry = MetricsRegistry()
        try registry.callbackGauge("rankd_table_rows", help: "Rows per table.", labelNames: ["table"]) {
            [LabelledValue(labelValues: ["users"], value: 10),
             LabelledValue(labelValues: ["items", "extra"], value: 5),
             LabelledValue(labelValues: ["users"], value: 11),
             LabelledValue(labelValues: ["docs"], value: 3)]
        }
        try registry.callbackCounter("rankd_reloads_total", help: "Reloads.") { 4 }
        #expect(registry.exposition().hasSuffix("""
            rankd_table_rows{table="docs"} 3
            rankd_table_rows{table="users"} 10
            # HELP rankd_reloads_total Reloads.
            # TYPE rankd_reloads_total counter
            rankd_reloads_total 4

            """))
    }

    @Test func contentTypeIsVersion004() {
        #expect(MetricsRegistry.contentType == "text/plain; version=0.0.4; charset=utf-8")
    }
}
