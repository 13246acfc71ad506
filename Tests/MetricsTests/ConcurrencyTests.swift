import Dispatch
import Foundation
import Synchronization
import Testing
@testable import Metrics

@Suite struct ConcurrencyTests {
    static let threads = 4
    static let iterations = 100_000

    /// Values whose partial sums are all exact in a Double, so the expected sum is exact.
    static let observations: [Double] = [0.00006103515625, 0.25, 1, 4]  // 2^-14, 2^-2, 2^0, 2^2

    @Test func concurrentUpdatesGiveExactTotals() throws {
        let registry = MetricsRegistry()
        let requests = try registry.counter("rankd_http_requests_total", help: "h", labelNames: ["route", "method", "code"])
        let bytes = try registry.counter("rankd_http_sent_bytes_total", help: "h").unlabelled()
        let open = try registry.gauge("rankd_http_open_connections", help: "h").unlabelled()
        let latency = try registry.histogram("rankd_http_request_duration_seconds", help: "h", labelNames: ["route"])
        DispatchQueue.concurrentPerform(iterations: Self.threads) { thread in
            // Each thread looks its children up itself, racing on child creation too.
            guard let counter = try? requests.withLabels("/rank", "POST", "200"),
                  let histogram = try? latency.withLabels("/rank") else { return }
            for i in 0..<Self.iterations {
                counter.increment()
                bytes.increment(by: 0.5)
                open.increment()
                open.decrement(by: thread % 2 == 0 ? 1 : 0)
                histogram.observe(Self.observations[i % Self.observations.count])
            }
        }
        let total = Double(Self.threads * Self.iterations)
        #expect(try requests.withLabels("/rank", "POST", "200").value == total)
        #expect(bytes.value == total / 2)
        #expect(open.value == total / 2)
        let snapshot = try latency.withLabels("/rank").snapshot()
        #expect(snapshot.count == UInt64(total))
        let perValue = UInt64(total) / UInt64(Self.observations.count)
        #expect(snapshot.sum == Double(perValue) * Self.observations.reduce(0, +))
        // 2^-14 ≤ 0.0001; 0.25 ≤ 0.25; 1 ≤ 1; 4 only in +Inf.
        #expect(snapshot.cumulativeCounts == [0, 0, perValue] + Array(repeating: perValue, count: 9)
            + [perValue * 2, perValue * 2, perValue * 3])
    }

    /// Writers observe while the main thread scrapes; every scrape must parse, declare
    /// each family once, keep buckets ascending and non-decreasing, and have +Inf == _count.
    @Test func scrapesDuringObservationStayConsistent() throws {
        let registry = MetricsRegistry()
        let latency = try registry.histogram("rankd_http_request_duration_seconds", help: "h", labelNames: ["route"])
        let requests = try registry.counter("rankd_http_requests_total", help: "h", labelNames: ["route"])
        registry.register(ProcessCollector())
        let finished = Atomic<Int>(0)
        let scrapesDone = Atomic<Int>(0)
        let writers = 2
        for writer in 0..<writers {
            DispatchQueue.global().async {
                let routes = ["/rank", "/healthz", "/metrics"]
                let histograms = routes.compactMap { try? latency.withLabels($0) }
                let counters = routes.compactMap { try? requests.withLabels($0) }
                for i in 0..<200_000 {
                    // Halfway, wait (at most 5 s) until the scraper has run a few times,
                    // so scrapes certainly overlap observation however threads are scheduled.
                    if i == 100_000 { Self.wait(until: { scrapesDone.load(ordering: .relaxed) >= 3 }, seconds: 5) }
                    let route = (i &+ writer) % routes.count
                    histograms[route].observe(Double(i % 5_000) * 0.000_01)
                    counters[route].increment()
                }
                finished.add(1, ordering: .releasing)
            }
        }
        let children = try ["/rank", "/healthz", "/metrics"].map { try latency.withLabels($0) }
        var scrapes = 0
        var scrapesMidway = 0
        var lastCounts: [String: Double] = [:]
        while scrapes < 5_000 {
            let done = finished.load(ordering: .acquiring) == writers
            // Direct snapshots are far cheaper than a parsed scrape, so many more of them
            // race the writers: a snapshot whose count were read apart from its buckets
            // would soon show a bucket above the total.
            for _ in 0..<200 {
                for histogram in children {
                    let snapshot = histogram.snapshot()
                    let ordered = zip(snapshot.cumulativeCounts, snapshot.cumulativeCounts.dropFirst() + [snapshot.count])
                    guard ordered.allSatisfy({ $0 <= $1 }) else {
                        Issue.record("inconsistent snapshot \(snapshot.cumulativeCounts) count \(snapshot.count)")
                        return
                    }
                }
            }
            let families = try ExpositionParser.parse(registry.exposition())
            try ExpositionParser.checkHistograms(families)
            // Counts only grow between scrapes.
            for sample in families.first(where: { $0.name == "rankd_http_request_duration_seconds" })?.samples ?? []
            where sample.name.hasSuffix("_count") {
                let route = sample.label("route") ?? ""
                #expect(sample.value >= lastCounts[route, default: 0])
                lastCounts[route] = sample.value
            }
            scrapes += 1
            scrapesDone.store(scrapes, ordering: .relaxed)
            let seen = lastCounts.values.reduce(0, +)
            if seen > 0 && seen < Double(writers * 200_000) { scrapesMidway += 1 }
            if done { break }
        }
        #expect(finished.load(ordering: .acquiring) == writers, "writers did not finish within \(scrapes) scrapes")
        #expect(lastCounts.values.reduce(0, +) == Double(writers * 200_000))
        #expect(scrapesMidway >= 1, "no scrape overlapped the writers")
    }

    private static func wait(until condition: () -> Bool, seconds: Double) {
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9)
        while !condition() && DispatchTime.now().uptimeNanoseconds < deadline {
            usleep(1_000)
        }
    }

    @Test func theParserCatchesAnInconsistentHistogram() throws {
        let broken = """
            # HELP h h
            # TYPE h histogram
            h_bucket{le="0.1"} 3
            h_bucket{le="1"} 2
            h_bucket{le="+Inf"} 4
            h_sum 1
            h_count 5

            """
        #expect(throws: ParseFailure.self) { try ExpositionParser.checkHistograms(ExpositionParser.parse(broken)) }
        let fixedOrder = broken.replacingOccurrences(of: "} 2\n", with: "} 3\n")
        #expect(throws: ParseFailure.self) { try ExpositionParser.checkHistograms(ExpositionParser.parse(fixedOrder)) }
        let consistent = fixedOrder.replacingOccurrences(of: "h_count 5", with: "h_count 4")
        #expect(try ExpositionParser.checkHistograms(ExpositionParser.parse(consistent)) == 1)
    }
}
