import Glibc

/// The standard `process_*` metrics of the Prometheus client libraries, read from procfs
/// at every scrape. Each source is read separately, so one unreadable file costs only
/// the metrics that come from it.
public struct ProcessCollector: MetricsCollector {
    private let procRoot: String

    public init() {
        self.init(procRoot: "/proc")
    }

    /// `procRoot` is a test seam: a directory laid out like /proc.
    init(procRoot: String) {
        self.procRoot = procRoot
    }

    public func collect() -> [MetricFamilySnapshot] {
        var families: [MetricFamilySnapshot] = []
        func emit(_ name: String, _ help: String, _ type: MetricType, _ value: Double?) {
            guard let value, var family = try? MetricFamilySnapshot(name: name, help: help, type: type) else { return }
            guard (try? family.add(value: value)) != nil else { return }
            families.append(family)
        }
        let stat = try? ProcSelfStat.parse(ProcFiles.read(procRoot + "/self/stat"))
        // sysconf returns -1 on failure; no tick rate means no time-based metrics.
        let ticks = sysconf(Int32(_SC_CLK_TCK))
        let ticksPerSecond: Double? = ticks > 0 ? Double(ticks) : nil
        let pageSize = Double(max(0, sysconf(Int32(_SC_PAGESIZE))))
        let bootTime = try? ProcBootTime.parse(ProcFiles.read(procRoot + "/stat"))
        emit("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.", .counter,
             ticksPerSecond.flatMap { hz in stat.map { (Double($0.userTicks) + Double($0.systemTicks)) / hz } })
        emit("process_open_fds", "Number of open file descriptors.", .gauge,
             (try? ProcFiles.countEntries(procRoot + "/self/fd")).map(Double.init))
        emit("process_max_fds", "Maximum number of open file descriptors.", .gauge, Self.maxFileDescriptors())
        emit("process_virtual_memory_bytes", "Virtual memory size in bytes.", .gauge,
             stat.map { Double($0.virtualMemoryBytes) })
        emit("process_resident_memory_bytes", "Resident memory size in bytes.", .gauge,
             stat.map { Double($0.residentPages) * pageSize })
        emit("process_start_time_seconds", "Start time of the process since unix epoch in seconds.", .gauge,
             Self.startTime(stat, bootTime: bootTime, ticksPerSecond: ticksPerSecond))
        emit("process_threads", "Number of OS threads in the process.", .gauge, stat.map { Double($0.threads) })
        return families
    }

    /// Boot time plus the start offset the kernel records in ticks since boot.
    private static func startTime(_ stat: ProcSelfStat?, bootTime: UInt64?, ticksPerSecond: Double?) -> Double? {
        guard let stat, let bootTime, let ticksPerSecond else { return nil }
        return Double(bootTime) + Double(stat.startTicks) / ticksPerSecond
    }

    /// The soft RLIMIT_NOFILE, the limit `open` actually enforces.
    private static func maxFileDescriptors() -> Double? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return Double(limit.rlim_cur)
    }
}
