import Foundation
import Testing
@testable import Metrics
import TestSupport

/// Runs Prometheus's own linter over a realistic exposition. promtool checks syntax and
/// naming conventions but not bucket order or +Inf == _count, so those are parsed here too.
@Suite struct PromtoolTests {
    static func realisticRegistry() throws -> MetricsRegistry {
        let registry = MetricsRegistry()
        let requests = try registry.counter("rankd_http_requests_total", help: "HTTP requests by route, method and status code.",
                                            labelNames: ["route", "method", "code"])
        let duration = try registry.histogram("rankd_http_request_duration_seconds",
                                              help: "Time from request head to response written, by route.", labelNames: ["route"])
        let open = try registry.gauge("rankd_http_open_connections", help: "Client connections currently open.")
        let received = try registry.counter("rankd_http_received_bytes_total", help: "Request bytes read from clients.")
        let sent = try registry.counter("rankd_http_sent_bytes_total", help: "Response bytes written to clients.")
        let rejected = try registry.counter("rankd_http_rejected_requests_total", help: "Requests refused before routing, by reason.",
                                            labelNames: ["reason"])
        let tables = try registry.gauge("rankd_feature_rows", help: "Rows per feature table \\ with \"quotes\"\nand a newline.",
                                        labelNames: ["table"])
        for (route, method, code, count) in [("/rank", "POST", "200", 41), ("/rank", "POST", "400", 2), ("/healthz", "GET", "200", 9)] {
            try requests.withLabels(route, method, code).increment(by: count)
        }
        for (index, value) in [0.00003, 0.00021, 0.0007, 0.0031, 0.4, 2.5].enumerated() {
            try duration.withLabels(index % 2 == 0 ? "/rank" : "/healthz").observe(value)
        }
        try open.unlabelled().set(3)
        try received.unlabelled().increment(by: 18_734)
        try sent.unlabelled().increment(by: 1_234_567_890)
        try rejected.withLabels("header_too_large").increment()
        try tables.withLabels("users \"v2\"").set(1_000_000)
        try tables.withLabels("path\\to\nnext").set(0.5)
        try registry.callbackGauge("rankd_snapshot_age_seconds", help: "Seconds since the feature snapshot was built.") { 42.25 }
        registry.register(ProcessCollector())
        return registry
    }

    @Test func promtoolAcceptsTheExposition() throws {
        let text = try Self.realisticRegistry().exposition()
        let result = try Promtool.checkMetrics(Array(text.utf8))
        #expect(result.status == 0 && result.output.isEmpty, "promtool said (exit \(result.status)): \(result.output)\n\(text)")
        let families = try ExpositionParser.parse(text)
        #expect(try ExpositionParser.checkHistograms(families) == 2)
        for name in ["process_cpu_seconds_total", "process_resident_memory_bytes", "process_virtual_memory_bytes",
                     "process_open_fds", "process_max_fds", "process_start_time_seconds", "process_threads"] {
            #expect(families.contains { $0.name == name && $0.samples.count == 1 }, "missing \(name)")
        }
        let rows = try #require(families.first { $0.name == "rankd_feature_rows" })
        #expect(rows.samples.compactMap { $0.label("table") }.sorted() == ["path\\to\nnext", "users \"v2\""])
    }

    /// Proves promtool really runs and reports: a counter without `_total` and without HELP.
    @Test func promtoolRejectsABrokenExposition() throws {
        let result = try Promtool.checkMetrics(Array("# TYPE requests counter\nrequests 1\n".utf8))
        #expect(result.status != 0)
        #expect(result.output.contains("_total"))
    }
}
