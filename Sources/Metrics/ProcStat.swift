/// The fields of /proc/[pid]/stat that the process metrics need (see proc(5)).
struct ProcSelfStat: Equatable {
    var userTicks: UInt64
    var systemTicks: UInt64
    var threads: UInt64
    /// Clock ticks after boot when the process started.
    var startTicks: UInt64
    var virtualMemoryBytes: UInt64
    var residentPages: UInt64

    /// Field numbers from proc(5), counted from 1; field 3 (state) is the first after comm.
    private enum Field {
        static let utime = 14, stime = 15, numThreads = 20, starttime = 22, vsize = 23, rss = 24
    }

    /// `comm` (field 2) is the executable name in parentheses and may itself contain
    /// spaces and ')', so the fixed fields start after the LAST ')'.
    static func parse(_ text: String, path: String = "/proc/self/stat") throws(MetricsError) -> ProcSelfStat {
        guard let close = text.utf8.lastIndex(of: UInt8(ascii: ")")) else {
            throw .procMalformed(path: path, reason: "no ')' closing the command name")
        }
        let rest = text[text.utf8.index(after: close)...]
        let fields = rest.split(whereSeparator: { $0 == " " || $0 == "\n" })
        func field(_ number: Int) throws(MetricsError) -> UInt64 {
            let index = number - 3
            guard index < fields.count else {
                throw .procMalformed(path: path, reason: "only \(fields.count + 2) fields, need field \(number)")
            }
            // rss is signed in the kernel's format; a negative value would be a kernel bug.
            guard let value = UInt64(fields[index]) else {
                throw .procMalformed(path: path, reason: "field \(number) is \"\(fields[index])\", not a count")
            }
            return value
        }
        return ProcSelfStat(
            userTicks: try field(Field.utime), systemTicks: try field(Field.stime),
            threads: try field(Field.numThreads), startTicks: try field(Field.starttime),
            virtualMemoryBytes: try field(Field.vsize), residentPages: try field(Field.rss))
    }
}

/// The boot time from /proc/stat: its `btime` line, in seconds since the epoch.
enum ProcBootTime {
    static func parse(_ text: String, path: String = "/proc/stat") throws(MetricsError) -> UInt64 {
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ")
            guard words.first == "btime" else { continue }
            guard words.count == 2, let seconds = UInt64(words[1]) else {
                throw .procMalformed(path: path, reason: "btime line \"\(line)\" does not hold one count of seconds")
            }
            return seconds
        }
        throw .procMalformed(path: path, reason: "no btime line")
    }
}
