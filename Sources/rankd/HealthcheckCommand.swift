import Glibc
import HTTPServer

/// `rankd healthcheck [--url http://127.0.0.1:8080/health]`: a dependency-free probe for the
/// container HEALTHCHECK (the slim image has no curl). Exit 0 only for an HTTP 200.
enum HealthcheckCommand {
    static func run(_ raw: [String]) -> Int32 {
        let url: String
        do {
            url = try Arguments(raw, flags: ["url"])["url"] ?? "http://127.0.0.1:8080/health"
        } catch {
            writeError("rankd healthcheck: \(error)\n")
            return 2
        }
        guard let target = parse(url) else {
            writeError("rankd healthcheck: only http://IPv4:PORT/PATH URLs are supported, got \(url)\n")
            return 2
        }
        switch get(host: target.host, port: target.port, path: target.path) {
        case .success(200):
            return 0
        case .success(let status):
            writeError("rankd healthcheck: \(url) answered \(status)\n")
        case .failure(let problem):
            writeError("rankd healthcheck: \(url): \(problem.reason)\n")
        }
        return 1
    }

    /// What went wrong, for the message (a refused connection and a hung server need different fixes).
    struct Failure: Error {
        let reason: String
    }

    /// Needs an IPv4 literal host (no resolver in a probe) and a port.
    static func parse(_ url: String) -> (host: String, port: UInt16, path: String)? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst(7)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        let parts = authority.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = UInt16(parts[1]) else { return nil }
        var address = in_addr()
        guard inet_pton(AF_INET, String(parts[0]), &address) == 1 else { return nil }
        return (String(parts[0]), port, path)
    }

    /// One GET, within 2 s overall: the status code of the status line, or why there is none.
    static func get(host: String, port: UInt16, path: String) -> Result<Int, Failure> {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .failure(Failure(reason: "socket: \(String(cString: strerror(errno)))")) }
        defer { close(fd) }
        // One 2 s budget for the whole probe (connect, send, every read), inside the container
        // HEALTHCHECK's timeout: per-call timeouts would add up to several seconds.
        let deadline = MonotonicTime.now().nanoseconds + 2_000_000_000
        func limitNextCall() {
            let now = MonotonicTime.now().nanoseconds
            let left = Int(max(1_000_000, deadline > now ? deadline - now : 0))
            var timeout = timeval(tv_sec: left / 1_000_000_000, tv_usec: (left % 1_000_000_000) / 1000)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
            setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        }
        limitNextCall()
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return .failure(Failure(reason: "host is not an IPv4 address")) }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return .failure(Failure(reason: "cannot connect: \(String(cString: strerror(errno)))")) }
        limitNextCall()
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host):\(port)\r\nConnection: close\r\n\r\n"
        guard send(fd, request, request.utf8.count, Int32(MSG_NOSIGNAL)) == request.utf8.count else {
            return .failure(Failure(reason: "cannot send the request: \(String(cString: strerror(errno)))"))
        }
        // The status line may come in several segments: read until its CRLF, 2 s at most.
        var line: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 128)
        while !line.contains(UInt8(ascii: "\n")) && line.count < 512 {
            guard MonotonicTime.now().nanoseconds < deadline else { return .failure(Failure(reason: "no status line within 2 s")) }
            limitNextCall()
            let received = recv(fd, &chunk, chunk.count, 0)
            if received < 0 && errno == EINTR { continue }
            if received < 0 {
                let timedOut = errno == EAGAIN || errno == EWOULDBLOCK
                return .failure(Failure(reason: timedOut ? "no status line within 2 s" : "cannot read: \(String(cString: strerror(errno)))"))
            }
            if received == 0 { break }
            line += chunk[0..<received]
        }
        guard let end = line.firstIndex(of: UInt8(ascii: "\n")) else {
            return .failure(Failure(reason: line.isEmpty ? "the connection closed without an answer" : "the answer has no status line"))
        }
        return statusCode(Array(line[..<end]))
    }

    /// status-line = HTTP-version SP 3DIGIT SP [ reason-phrase ] (RFC 9112 §4), CR at the end.
    static func statusCode(_ line: [UInt8]) -> Result<Int, Failure> {
        let text = String(decoding: line.last == UInt8(ascii: "\r") ? line.dropLast() : line[...], as: UTF8.self)
        let fields = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count >= 2, fields[0] == "HTTP/1.1" || fields[0] == "HTTP/1.0",
              fields[1].utf8.count == 3, fields[1].utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let code = Int(fields[1]) else {
            return .failure(Failure(reason: "malformed status line '\(text.prefix(64))'"))
        }
        return .success(code)
    }
}
