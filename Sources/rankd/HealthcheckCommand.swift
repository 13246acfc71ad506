import Glibc

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
        let status = get(host: target.host, port: target.port, path: target.path)
        if status != 200 { writeError("rankd healthcheck: \(url) answered \(status.map(String.init) ?? "nothing")\n") }
        return status == 200 ? 0 : 1
    }

    static func parse(_ url: String) -> (host: String, port: UInt16, path: String)? {
        guard url.hasPrefix("http://") else { return nil }
        let rest = url.dropFirst(7)
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = slash == rest.endIndex ? "/" : String(rest[slash...])
        let parts = authority.split(separator: ":")
        guard parts.count == 2, let port = UInt16(parts[1]) else { return nil }
        return (String(parts[0]), port, path)
    }

    /// One GET with a 2 s timeout; the status code, or nil on any failure.
    static func get(host: String, port: UInt16, path: String) -> Int? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return nil }
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return nil }
        let request = "GET \(path) HTTP/1.1\r\nHost: \(host)\r\nConnection: close\r\n\r\n"
        guard send(fd, request, request.utf8.count, Int32(MSG_NOSIGNAL)) == request.utf8.count else { return nil }
        var buffer = [UInt8](repeating: 0, count: 64)
        let received = recv(fd, &buffer, buffer.count, 0)
        guard received >= 12 else { return nil }
        let line = String(decoding: buffer[0..<received], as: UTF8.self)
        let fields = line.split(separator: " ", maxSplits: 2)
        guard fields.count >= 2, fields[0].hasPrefix("HTTP/1.") else { return nil }
        return Int(fields[1])
    }
}
