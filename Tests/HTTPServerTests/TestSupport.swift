import Dispatch
import Glibc
import Synchronization
import Testing
@testable import HTTPServer

/// Records observer calls from every loop thread.
final class RecordingObserver: HTTPServerObserver {
    struct Counts {
        var opened = 0, closed = 0, received = 0, sent = 0
        var completed: [(route: String, method: String, status: Int)] = []
        var rejected: [String] = []
    }
    let counts = Mutex(Counts())

    func connectionOpened() { counts.withLock { $0.opened += 1 } }
    func connectionClosed() { counts.withLock { $0.closed += 1 } }
    func requestCompleted(route: String, method: String, status: Int, durationSeconds: Double, requestBytes: Int, responseBytes: Int) {
        counts.withLock { $0.completed.append((route, method, status)) }
    }
    func requestRejected(reason: String) { counts.withLock { $0.rejected.append(reason) } }
    func bytesReceived(_ n: Int) { counts.withLock { $0.received += n } }
    func bytesSent(_ n: Int) { counts.withLock { $0.sent += n } }
}

/// A server on 127.0.0.1 with an ephemeral port and a few routes for tests.
final class TestServer: Sendable {
    let server: HTTPServer
    let observer = RecordingObserver()
    let port: Int

    init(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in }) throws {
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.threads = 2
        configure(&configuration)
        var router = Router()
        router.add(.get, "/health") { _, _ in .json(body: #"{"status":"ok"}"#) }
        router.add(.post, "/echo") { request, _ in HTTPResponse(status: 200, headers: [("Content-Type", "application/octet-stream")], body: request.body) }
        router.add(.get, "/slow") { request, _ in
            let millis = Int(request.query?.split(separator: "=").last ?? "") ?? 500
            usleep(UInt32(millis * 1000))
            return .text("slow done")
        }
        router.add(.get, "/loop") { _, context in .text("\(context.eventLoopIndex)") }
        server = try HTTPServer(configuration: configuration, router: router, observer: observer)
        try server.start()
        port = server.boundPort
    }

    /// Shuts down and waits for the loops (bounded by the drain deadline).
    func stop() {
        server.beginGracefulShutdown()
        server.run()
    }
}

struct ParsedResponse {
    var status: Int
    var headers: [String: String]
    var body: String
}

/// A plain blocking client socket with a receive timeout, sending raw bytes.
final class RawClient {
    let fd: Int32

    init(port: Int, timeoutSeconds: Double = 5) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        setTimeout(seconds: timeoutSeconds)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else {
            let code = errno
            close(fd)
            throw ClientError.connect(code)
        }
    }

    func setTimeout(seconds: Double) {
        var tv = timeval(tv_sec: Int(seconds), tv_usec: Int((seconds - Double(Int(seconds))) * 1e6))
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    enum ClientError: Error, Equatable { case connect(Int32), timeout, closed }

    deinit { close(fd) }

    func send(_ text: String) { send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n <= 0 { return }
            offset += n
        }
    }

    private var buffer: [UInt8] = []

    /// Reads more bytes into the buffer; false on EOF, throws on timeout.
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n > 0 { buffer += chunk[0..<n]; return true }
        if n == 0 { return false }
        if errno == EAGAIN || errno == EWOULDBLOCK { throw ClientError.timeout }
        return false  // reset: treat as closed
    }

    /// Reads one response (status line, headers, Content-Length body).
    func readResponse(toHead: Bool = false) throws -> ParsedResponse {
        var headEnd: Int?
        while true {
            if let end = findHeadEnd() { headEnd = end; break }
            guard try fill() else { throw ClientError.closed }
        }
        let head = String(decoding: buffer[0..<headEnd!], as: UTF8.self)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: true)
        let statusLine = lines.removeFirst()
        let status = Int(statusLine.split(separator: " ")[1]) ?? 0
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = String(line[line.index(after: colon)...].drop(while: { $0 == " " }))
        }
        let length = status == 100 || toHead ? 0 : Int(headers["content-length"] ?? "0") ?? 0
        while buffer.count < headEnd! + length { guard try fill() else { throw ClientError.closed } }
        let body = String(decoding: buffer[headEnd!..<(headEnd! + length)], as: UTF8.self)
        buffer.removeFirst(headEnd! + length)
        return ParsedResponse(status: status, headers: headers, body: body)
    }

    /// Whether the server closed the connection (EOF or reset) within the receive timeout.
    func isClosedByServer() -> Bool {
        do {
            while try fill() {}
            return true
        } catch { return false }
    }

    private func findHeadEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4) where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i + 4
        }
        return nil
    }
}

/// Runs `body` on another thread; `wait()` returns its result.
final class Background<T: Sendable>: @unchecked Sendable {  // result guarded by the semaphore
    private let done = DispatchSemaphore(value: 0)
    private var result: T?

    init(_ body: @escaping @Sendable () -> T) {
        DispatchQueue.global().async {
            self.result = body()
            self.done.signal()
        }
    }

    func wait(timeoutSeconds: Double = 30) -> T? {
        guard done.wait(timeout: .now() + timeoutSeconds) == .success else { return nil }
        return result
    }
}

func monotonicSeconds() -> Double { Double(MonotonicTime.now().nanoseconds) / 1e9 }
