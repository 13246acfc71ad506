import Glibc

/// Small, bounded reads of procfs. procfs files report size 0, so they are read to EOF
/// in chunks; the cap keeps a surprising file from growing memory without bound.
enum ProcFiles {
    /// /proc/stat on a many-core machine is tens of KiB; nothing we read is near this.
    static let maximumBytes = 1 << 20

    static func read(_ path: String) throws(MetricsError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .procUnreadable(path: path, reason: errnoText()) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let got = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .procUnreadable(path: path, reason: errnoText())
            }
            if got == 0 { break }
            bytes += chunk[0..<got]
            guard bytes.count <= maximumBytes else {
                throw .procUnreadable(path: path, reason: "larger than \(maximumBytes) bytes")
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Entries in a directory other than "." and "..". For /proc/self/fd this includes
    /// the descriptor used to list it, as client_golang's count does.
    static func countEntries(_ path: String) throws(MetricsError) -> Int {
        guard let dir = opendir(path) else { throw .procUnreadable(path: path, reason: errnoText()) }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDotOrDotDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".")
                    && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDotOrDotDot { count += 1 }
        }
        return count
    }

    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}
