// Driven by metrics.sh; see there. Each figure is the median of several runs.
import Dispatch
import Glibc
import Metrics
import Synchronization

/// The reference: a non-atomic increment behind a call, as a metric update is. Through a
/// raw pointer so it pays no exclusivity check or reference counting.
@inline(never)
func plainIncrement(_ slot: UnsafeMutablePointer<UInt64>) {
    slot.pointee &+= 1
}

/// A second reference: the floor for any atomic counter, one relaxed atomic add.
final class AtomicBox: Sendable {
    let value = Atomic<UInt64>(0)
}

@inline(never)
func atomicIncrement(_ box: AtomicBox) {
    box.value.wrappingAdd(1, ordering: .relaxed)
}

/// CPU time of the calling thread: the box is shared by several agents, so wall time
/// would mostly measure how long the thread waited for a core.
func threadCPUNanoseconds() -> UInt64 {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
}

/// Per-thread results of one run (each thread writes only its own slot).
final class Timings: @unchecked Sendable {  // each index is written by exactly one thread before concurrentPerform returns
    var nanoseconds: [UInt64]
    init(_ count: Int) { nanoseconds = Array(repeating: 0, count: count) }
}

struct Bench {
    let iterations: Int
    let runs = 7

    /// Median ns per operation over `runs` runs of `threads` threads, each doing
    /// `iterations` operations; ns/op is thread CPU time / iterations, averaged over threads.
    func measure(threads: Int = 1, _ body: @escaping @Sendable (_ thread: Int, _ iterations: Int) -> Void) -> Double {
        var samples: [Double] = []
        for _ in 0..<runs {
            let timings = Timings(threads)
            let timed: @Sendable (Int) -> Void = { thread in
                let start = threadCPUNanoseconds()
                body(thread, iterations)
                timings.nanoseconds[thread] = threadCPUNanoseconds() - start
            }
            if threads == 1 { timed(0) } else { DispatchQueue.concurrentPerform(iterations: threads, execute: timed) }
            let mean = Double(timings.nanoseconds.reduce(0, +)) / Double(threads)
            samples.append(mean / Double(iterations))
        }
        return samples.sorted()[runs / 2]
    }
}

@main
enum MetricsBench {
    static func main() throws {
        let iterations = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 5_000_000
        let bench = Bench(iterations: iterations)
        let registry = MetricsRegistry()
        let requests = try registry.counter("rankd_http_requests_total", help: "h", labelNames: ["route", "method", "code"])
        let plainCounter = try registry.counter("plain_total", help: "h").unlabelled()
        let child = try requests.withLabels("/rank", "POST", "200")
        let children = [child, try requests.withLabels("/healthz", "GET", "200")]
        let latency = try registry.histogram("rankd_http_request_duration_seconds", help: "h", labelNames: ["route"])
        let histograms = [try latency.withLabels("/rank"), try latency.withLabels("/healthz")]
        let gauge = try registry.gauge("g", help: "h").unlabelled()
        // Latencies spread over the buckets, precomputed so the loop measures only observe.
        let values = (0..<1024).map { Double($0 % 97) * 0.0000371 }
        // Two slots a cache line apart, so the 2-thread reference has no false sharing.
        let slots = UnsafeMutablePointer<UInt64>.allocate(capacity: 16)
        slots.initialize(repeating: 0, count: 16)
        nonisolated(unsafe) let boxes = [slots, slots + 8]

        let reference = bench.measure { _, n in let box = boxes[0]; for _ in 0..<n { plainIncrement(box) } }
        var rows: [(String, Double)] = [("reference: plain increment (non-atomic)", reference)]
        let atomicBox = AtomicBox()
        rows.append(("reference: bare Atomic<UInt64>.wrappingAdd", bench.measure { _, n in for _ in 0..<n { atomicIncrement(atomicBox) } }))
        rows.append(("counter.increment()", bench.measure { _, n in for _ in 0..<n { plainCounter.increment() } }))
        rows.append(("labelled child.increment() (cached handle)", bench.measure { _, n in for _ in 0..<n { child.increment() } }))
        rows.append(("counter.increment(by: 0.5) (CAS path)", bench.measure { _, n in for _ in 0..<n { plainCounter.increment(by: 0.5) } }))
        rows.append(("gauge.increment()", bench.measure { _, n in for _ in 0..<n { gauge.increment() } }))
        rows.append(("histogram.observe(v), 15 latency buckets", bench.measure { _, n in
            let histogram = histograms[0]; for i in 0..<n { histogram.observe(values[i & 1023]) }
        }))
        rows.append(("requests.withLabels(...) lookup (uncached, for scale)", bench.measure { _, n in
            for _ in 0..<(n / 10) { _ = try? requests.withLabels("/rank", "POST", "200") }
        } * 10))
        rows.append(("2 threads: reference, separate boxes", bench.measure(threads: 2) { t, n in let box = boxes[t]; for _ in 0..<n { plainIncrement(box) } }))
        rows.append(("2 threads: same bare atomic add", bench.measure(threads: 2) { _, n in for _ in 0..<n { atomicIncrement(atomicBox) } }))
        rows.append(("2 threads: same counter.increment()", bench.measure(threads: 2) { _, n in for _ in 0..<n { child.increment() } }))
        rows.append(("2 threads: own child.increment()", bench.measure(threads: 2) { t, n in let own = children[t]; for _ in 0..<n { own.increment() } }))
        rows.append(("2 threads: same histogram.observe(v)", bench.measure(threads: 2) { _, n in
            let histogram = histograms[0]; for i in 0..<n { histogram.observe(values[i & 1023]) }
        }))
        rows.append(("2 threads: own histogram.observe(v)", bench.measure(threads: 2) { t, n in
            let histogram = histograms[t]; for i in 0..<n { histogram.observe(values[i & 1023]) }
        }))
        rows.append(("2 threads: withLabels(...) lookup, same family", bench.measure(threads: 2) { t, n in
            let route = t == 0 ? "/rank" : "/healthz"
            for _ in 0..<(n / 10) { _ = try? requests.withLabels(route, "POST", "200") }
        } * 10))
        let scrapeStart = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<100 { _ = registry.exposition() }
        let scrapeMicros = Double(DispatchTime.now().uptimeNanoseconds - scrapeStart) / 100 / 1000

        print("iterations per run: \(iterations), median of \(bench.runs) runs; ns/op per thread")
        for (name, ns) in rows {
            let padded = name + String(repeating: " ", count: max(1, 56 - name.count))
            print("\(padded) \(format(ns)) ns/op  (\(format(ns / reference))x reference)")
        }
        print("exposition() of these families: \(format(scrapeMicros)) µs")
        precondition(plainCounter.value > 0 && boxes[0].pointee > 0)
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 100).rounded() / 100
        return "\(scaled)"
    }
}
