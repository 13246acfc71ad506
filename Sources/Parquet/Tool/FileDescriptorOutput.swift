#if canImport(Glibc)
import Glibc
#endif

/// A buffered `TextOutputStream` over a file descriptor (1 = stdout, 2 = stderr), for the
/// command-line wiring of `ParquetTool`. Call `flush()` before exiting, then check `writeError`.
public struct FileDescriptorOutput: TextOutputStream {
    private let fd: Int32
    private var buffer: [UInt8] = []
    /// Why output was lost (ENOSPC on a full disk, EIO), nil while all of it was written. The
    /// rest is dropped after the first failure. A closed pipe never gets here: SIGPIPE ends the
    /// process first, which is what `rankd parquet cat … | head` expects.
    public private(set) var writeError: String?

    public init(fd: Int32) {
        self.fd = fd
        buffer.reserveCapacity(1 << 16)
    }

    public mutating func write(_ string: String) {
        buffer.append(contentsOf: string.utf8)
        if buffer.count >= 1 << 16 { flush() }
    }

    public mutating func flush() {
        var done = 0
        var failure: String?
        if writeError == nil {
            buffer.withUnsafeBytes { raw in
                while done < raw.count {
                    let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { failure = String(cString: strerror(errno)); break }
                    if n == 0 { failure = "the output accepted no bytes"; break }
                    done += n
                }
            }
        }
        if let failure { writeError = failure }
        buffer.removeAll(keepingCapacity: true)
    }
}
