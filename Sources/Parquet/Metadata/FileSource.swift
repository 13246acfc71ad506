#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An open file read with positioned reads, so a projection reads only the chunks it needs;
/// or bytes already in memory (tests, fuzzing, callers that fetched the file themselves).
final class FileSource {
    let path: String
    let size: Int
    private let fd: Int32
    private let memory: [UInt8]?

    init(name: String, bytes: [UInt8]) {
        path = name
        size = bytes.count
        fd = -1
        memory = bytes
    }

    init(path: String) throws(ParquetError) {
        self.path = path
        // O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer forever (a
        // named pipe dropped into a snapshot directory hung the reload queue). It is refused as
        // not a regular file below; on regular files the flag changes nothing.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ParquetError("\(path): cannot open: \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw ParquetError("\(path): cannot stat: \(reason)")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ParquetError("\(path): not a regular file")
        }
        self.fd = fd
        self.size = Int(st.st_size)
        self.memory = nil
    }

    deinit { if fd >= 0 { close(fd) } }

    /// Reads exactly `count` bytes at `offset`; the range was checked against the file size.
    func read(offset: Int, count: Int) throws(ParquetError) -> [UInt8] {
        guard offset >= 0, count >= 0, offset <= size, count <= size - offset else {
            throw ParquetError("\(path): byte range \(offset)+\(count) is outside the \(size)-byte file")
        }
        if let memory { return Array(memory[offset..<offset + count]) }
        var failure: String?
        let out = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 {
                    failure = n == 0 ? "file shrank while reading" : String(cString: strerror(errno))
                    break
                }
                done += n
            }
            initialized = done
        }
        if let failure { throw ParquetError("\(path): read failed: \(failure)") }
        return out
    }
}
