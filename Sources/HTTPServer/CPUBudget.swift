import Glibc

/// How many CPUs this process may actually use: the affinity mask (taskset, cpusets), further
/// capped by a CFS bandwidth quota (Kubernetes CPU limits) from cgroup v2 `cpu.max` or v1
/// `cpu.cfs_quota_us` / `cpu.cfs_period_us`. Never below 1.
enum CPUBudget {
    static func usableCPUs() -> Int {
        var count = affinityCount() ?? Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
        if let quota = cgroupQuota() { count = min(count, quota) }
        return max(1, count)
    }

    /// The sched_getaffinity mask size, as the kernel reports it in /proc/self/status
    /// ("Cpus_allowed_list: 0-3,8"); glibc hides sched_getaffinity behind _GNU_SOURCE.
    static func affinityCount() -> Int? {
        guard let status = readSmallFile("/proc/self/status", limit: 16384) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
            return cpuListCount(line.dropFirst("Cpus_allowed_list:".count))
        }
        return nil
    }

    /// Counts CPUs in a kernel cpu list such as "0-3,8,10-11".
    static func cpuListCount(_ list: Substring) -> Int? {
        var total = 0
        for item in list.split(separator: ",") {
            let bounds = item.split(separator: "-").map { Int($0.filter { !$0.isWhitespace }) }
            switch bounds.count {
            case 1: guard bounds[0] != nil else { return nil }; total += 1
            case 2:
                guard let low = bounds[0], let high = bounds[1], high >= low else { return nil }
                total += high - low + 1
            default: return nil
            }
        }
        return total > 0 ? total : nil
    }

    /// ceil(quota / period), or nil when unlimited or unreadable.
    static func cgroupQuota() -> Int? {
        for directory in cgroupV2Directories() {
            if let text = readSmallFile(directory + "/cpu.max") { return quota(fromCPUMax: text) }
        }
        guard let quotaText = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
              let periodText = readSmallFile("/sys/fs/cgroup/cpu/cpu.cfs_period_us"),
              let quota = Int(trimmed(quotaText)), let period = Int(trimmed(periodText)) else { return nil }
        return quota > 0 && period > 0 ? (quota + period - 1) / period : nil
    }

    /// Parses cgroup v2 `cpu.max` ("max 100000" or "150000 100000").
    static func quota(fromCPUMax text: String) -> Int? {
        let fields = trimmed(text).split(separator: " ")
        guard fields.count == 2, let quota = Int(fields[0]), let period = Int(fields[1]), quota > 0, period > 0 else { return nil }
        return (quota + period - 1) / period
    }

    /// The process's own cgroup directory (from /proc/self/cgroup "0::/path"), then the root.
    private static func cgroupV2Directories() -> [String] {
        var directories: [String] = []
        if let text = readSmallFile("/proc/self/cgroup") {
            for line in text.split(separator: "\n") where line.hasPrefix("0::") {
                let path = line.dropFirst(3)
                if path != "/" && !path.contains("..") { directories.append("/sys/fs/cgroup" + path) }
            }
        }
        directories.append("/sys/fs/cgroup")
        return directories
    }

    private static func trimmed(_ text: String) -> Substring {
        Substring(text).drop(while: { $0 == " " || $0 == "\n" }).reversed().drop(while: { $0 == " " || $0 == "\n" }).reversed()
            .reduce(into: Substring()) { $0.append($1) }
    }

    /// Up to `limit` bytes of a file, or nil.
    static func readSmallFile(_ path: String, limit: Int = 4096) -> String? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: limit)
        let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }
}

/// A joinable OS thread running one closure (event loops are long-lived and pinned to nothing,
/// so a plain pthread is all that is needed).
final class LoopThread: Sendable {
    private final class Body: @unchecked Sendable {  // handed to exactly one new thread, then dropped
        let run: @Sendable () -> Void
        init(_ run: @escaping @Sendable () -> Void) { self.run = run }
    }

    private let handle: pthread_t

    init(_ run: @escaping @Sendable () -> Void) throws(HTTPServerError) {
        var thread = pthread_t()
        let body = Unmanaged.passRetained(Body(run)).toOpaque()
        let result = pthread_create(&thread, nil, { argument in
            let body = Unmanaged<Body>.fromOpaque(argument!).takeRetainedValue()
            body.run()
            return nil
        }, body)
        guard result == 0 else {
            Unmanaged<Body>.fromOpaque(body).release()
            throw .system("pthread_create", errno: result)
        }
        handle = thread
    }

    func join() { pthread_join(handle, nil) }
}
