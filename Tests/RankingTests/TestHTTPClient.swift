import Foundation
import Glibc

/// A blocking HTTP/1.1 client over 127.0.0.1 for end-to-end tests: keep-alive, Content-Length
/// responses, 5 s socket timeouts so a hung server fails the test instead of hanging it.
final class TestHTTPClient {
    struct Response {
        var status: Int
        var headers: [String: String]
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() -> [String: Any] {
            (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:]
        }
    }

    struct ClientError: Error, CustomStringConvertible { let description: String }

    private let port: Int
    private var fd: Int32 = -1
    private var pending: [UInt8] = []

    init(port: Int) { self.port = port }
    deinit { if fd >= 0 { close(fd) } }

    func get(_ path: String) throws -> Response { try send("GET", path, body: nil) }

    func post(_ path: String, _ body: String) throws -> Response { try send("POST", path, body: Array(body.utf8)) }

    func send(_ method: String, _ path: String, body: [UInt8]?) throws -> Response {
        if fd < 0 { try connectSocket() }
        var head = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        if let body { head += "Content-Type: application/json\r\nContent-Length: \(body.count)\r\n" }
        let bytes = Array((head + "\r\n").utf8) + (body ?? [])
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { reset(); throw ClientError(description: "send failed: errno \(errno)") }
            sent += n
        }
        return try readResponse()
    }

    private func connectSocket() throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard result == 0 else { reset(); throw ClientError(description: "connect to 127.0.0.1:\(port) failed: errno \(errno)") }
    }

    private func reset() {
        if fd >= 0 { close(fd) }
        fd = -1
        pending = []
    }

    private func fill() throws {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let n = recv(fd, &buffer, buffer.count, 0)
        guard n > 0 else { reset(); throw ClientError(description: "connection closed or timed out (recv \(n), errno \(errno))") }
        pending += buffer[0..<n]
    }

    private func readResponse() throws -> Response {
        var headEnd: Int? = nil
        while headEnd == nil {
            if let range = findCRLFCRLF() { headEnd = range } else { try fill() }
        }
        let head = String(decoding: pending[0..<headEnd!], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { throw ClientError(description: "bad status line in \(head)") }
        var headers: [String: String] = [:]
        for line in lines {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers[line[..<colon].lowercased()] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let start = headEnd! + 4
        while pending.count < start + length { try fill() }
        let body = Array(pending[start..<(start + length)])
        pending.removeFirst(start + length)
        if headers["connection"]?.lowercased() == "close" { reset() }
        return Response(status: status, headers: headers, body: body)
    }

    private func findCRLFCRLF() -> Int? {
        guard pending.count >= 4 else { return nil }
        for i in 0...(pending.count - 4) where pending[i] == 13 && pending[i + 1] == 10 && pending[i + 2] == 13 && pending[i + 3] == 10 {
            return i
        }
        return nil
    }
}
