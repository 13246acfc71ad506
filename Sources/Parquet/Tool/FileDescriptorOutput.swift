#if canImport(Glibc)
import Glibc
#endif

/// A buffered `TextOutputStream` over a file descriptor (1 = stdout, 2 = stderr), for the
/// command-line wiring of `ParquetTool`. Call `flush()` before exiting.
public struct FileDescriptorOutput: TextOutputStream {
    private let fd: Int32
    private var buffer: [UInt8] = []

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
        buffer.withUnsafeBytes { raw in
            while done < raw.count {
                let n = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }  // closed pipe: drop the rest, as `head` expects
                done += n
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
