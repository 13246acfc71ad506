import Foundation
import Glibc
import Testing
@testable import Metrics

@Suite struct ProcessCollectorTests {
    /// A real /proc/self/stat line with the comm field replaced by a hostile one.
    static func statLine(comm: String) -> String {
        "4242 (\(comm)) S 1 4242 4242 0 -1 4194560 2793 0 0 0 150 37 0 0 20 0 7 0 "
            + "123456 1099511627776 2500 18446744073709551615 1 1 0 0 0 0 0 4096 17415 0 0 0 17 1 0 0 0 0 0\n"
    }

    @Test(arguments: ["rankd", "a b", "x) S 9 (y", "))", "(", "", "with\nnewline) 1 2 3"])
    func parsesStatWhateverTheCommandName(comm: String) throws {
        let stat = try ProcSelfStat.parse(Self.statLine(comm: comm))
        #expect(stat == ProcSelfStat(userTicks: 150, systemTicks: 37, threads: 7, startTicks: 123456,
                                     virtualMemoryBytes: 1_099_511_627_776, residentPages: 2500))
    }

    @Test(arguments: ["", "4242 rankd S 1", "4242 (rankd) S 1 2 3", "4242 (rankd) S 1 4242 4242 0 -1 4194560 2793 0 0 0 x 37"])
    func malformedStatThrows(text: String) {
        #expect(throws: MetricsError.self) { try ProcSelfStat.parse(text) }
    }

    @Test func parsesBootTime() throws {
        let text = "cpu  1 2 3\nintr 99 1 2\nctxt 5\nbtime 1700000000\nprocesses 9\n"
        #expect(try ProcBootTime.parse(text) == 1_700_000_000)
        #expect(throws: MetricsError.self) { try ProcBootTime.parse("cpu 1\n") }
        #expect(throws: MetricsError.self) { try ProcBootTime.parse("btime soon\n") }
    }

    @Test func computesValuesFromAFakeProcTree() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("proc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let fdDir = root.appendingPathComponent("self/fd")
        try FileManager.default.createDirectory(at: fdDir, withIntermediateDirectories: true)
        for fd in ["0", "1", "2", "7"] {
            try Data().write(to: fdDir.appendingPathComponent(fd))
        }
        try Self.statLine(comm: "fake) (x").write(to: root.appendingPathComponent("self/stat"), atomically: true, encoding: .utf8)
        try "cpu 1\nbtime 1000\n".write(to: root.appendingPathComponent("stat"), atomically: true, encoding: .utf8)
        let values = Self.values(ProcessCollector(procRoot: root.path).collect())
        let hz = Double(sysconf(Int32(_SC_CLK_TCK)))
        let page = Double(sysconf(Int32(_SC_PAGESIZE)))
        #expect(values["process_cpu_seconds_total"] == 187 / hz)
        #expect(values["process_open_fds"] == 4)
        #expect(values["process_virtual_memory_bytes"] == 1_099_511_627_776)
        #expect(values["process_resident_memory_bytes"] == 2500 * page)
        #expect(values["process_start_time_seconds"] == 1000 + 123456 / hz)
        #expect(values["process_threads"] == 7)
        #expect(values["process_max_fds"] != nil)
    }

    @Test func missingFilesCostOnlyTheirOwnMetrics() {
        let values = Self.values(ProcessCollector(procRoot: "/nonexistent-proc").collect())
        #expect(Array(values.keys) == ["process_max_fds"])
    }

    @Test func realProcessValuesArePlausible() throws {
        var limit = rlimit()
        #expect(getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0)
        let values = Self.values(ProcessCollector().collect())
        let now = Date().timeIntervalSince1970
        #expect(try #require(values["process_cpu_seconds_total"]) > 0)
        #expect(try #require(values["process_open_fds"]) >= 3)
        #expect(try #require(values["process_max_fds"]) == Double(limit.rlim_cur))
        #expect(try #require(values["process_resident_memory_bytes"]) > Double(1 << 20))
        #expect(try #require(values["process_virtual_memory_bytes"]) >= values["process_resident_memory_bytes"]!)
        let start = try #require(values["process_start_time_seconds"])
        #expect(start > now - 3600 && start <= now + 1, "start \(start) vs now \(now)")
        #expect(try #require(values["process_threads"]) >= 1)
    }

    static func values(_ families: [MetricFamilySnapshot]) -> [String: Double] {
        var values: [String: Double] = [:]
        for family in families {
            if case .scalar(let value)? = family.samples.first?.value { values[family.name] = value }
        }
        return values
    }
}
