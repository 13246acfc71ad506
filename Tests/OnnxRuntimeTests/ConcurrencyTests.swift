import Foundation
import OnnxRuntime
import Testing

@Suite struct ConcurrencyTests {
    /// One session, many threads at once: every result equals the single-threaded one.
    @Test func runIsSafeFromManyThreads() throws {
        let session = try Session(path: Fixtures.path("lgbm_lambdarank.onnx"))
        let recorded = try Fixtures.cases("lgbm_lambdarank")
        let expected = try recorded.map { try session.run($0.inputs) }
        let mismatches = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for iteration in 0..<100 {
                let index = (worker + iteration) % recorded.count
                let result = try? session.run(recorded[index].inputs)
                if result != expected[index] { mismatches.withLock { $0 += 1 } }
            }
        }
        #expect(mismatches.withLock { $0 } == 0)
    }

    /// Statuses, values and names are released on success and on every error path: resident
    /// memory stays flat across many runs that mostly fail.
    @Test func errorPathsDoNotLeak() throws {
        let session = try Session(path: Fixtures.path("lgbm_lambdarank.onnx"))
        let good = [Float](repeating: 0.25, count: 8 * 10)
        func churn(_ count: Int) {
            for _ in 0..<count {
                _ = try? session.run([(name: "input", values: good, shape: [10, 8])])
                _ = try? session.run([(name: "input", values: good, shape: [10, 8])], outputs: ["nope"])
                _ = try? Session(modelBytes: [0x08, 0x01, 0x12, 0x00])
            }
        }
        churn(2_000)
        let before = residentBytes()
        churn(30_000)
        let growth = residentBytes() - before
        print("rss growth over 30k iterations: \(growth) bytes")
        // A leaked OrtStatus alone (~100 bytes with its message) would add ~3 MB here.
        #expect(growth < 1 << 20, "resident memory grew by \(growth) bytes over 30k iterations")
    }
}

import Synchronization

func residentBytes() -> Int {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return 0 }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        let kb = line.split(separator: " ").compactMap { Int($0) }.first ?? 0
        return kb * 1024
    }
    return 0
}
