import CRankdShim
import Glibc

/// Thin wrappers over the socket calls the event loops use; every failure names its step.
enum SocketIO {
    /// A non-blocking IPv4 listening socket bound to host:port.
    static func listener(host: String, port: Int, reusePort: Bool, backlog: Int) throws(HTTPServerError) -> Int32 {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        guard (0...65535).contains(port) else { throw HTTPServerError("port \(port) is outside 0...65535") }
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw HTTPServerError("host \"\(host)\" is not an IPv4 address")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .system("socket") }
        do throws(HTTPServerError) {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, "SO_REUSEADDR")
            if reusePort { try setOption(fd, SOL_SOCKET, SO_REUSEPORT, "SO_REUSEPORT") }
            let bound = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
            guard bound == 0 else { throw HTTPServerError.system("bind \(host):\(port)") }
            guard listen(fd, Int32(clamping: backlog)) == 0 else { throw HTTPServerError.system("listen") }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    static func localPort(_ fd: Int32) -> Int {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let result = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        return result == 0 ? Int(UInt16(bigEndian: address.sin_port)) : 0
    }

    static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ label: String) throws(HTTPServerError) {
        var on: Int32 = 1
        guard setsockopt(fd, level, name, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else { throw .system("setsockopt \(label)") }
    }

    /// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC; -1 with errno on failure.
    static func accept(_ listener: Int32) -> Int32 {
        rankd_accept4(listener, nil, nil, Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue))
    }

    /// Small responses must not wait for Nagle's algorithm (sub-millisecond service).
    static func disableNagle(_ fd: Int32) {
        var on: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }
}

/// An epoll instance. Events carry a 64-bit token: fd in the low half, registration generation in
/// the high half, so an event for a closed fd whose number was reused is recognised as stale.
struct Epoll {
    let fd: Int32

    init() throws(HTTPServerError) {
        fd = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard fd >= 0 else { throw .system("epoll_create1") }
    }

    static func token(fd: Int32, generation: UInt32) -> UInt64 { UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd)) }

    @discardableResult
    func add(_ target: Int32, events: UInt32, token: UInt64) -> Bool { control(EPOLL_CTL_ADD, target, events, token) }

    @discardableResult
    func modify(_ target: Int32, events: UInt32, token: UInt64) -> Bool { control(EPOLL_CTL_MOD, target, events, token) }

    func remove(_ target: Int32) { _ = epoll_ctl(fd, EPOLL_CTL_DEL, target, nil) }

    private func control(_ operation: Int32, _ target: Int32, _ events: UInt32, _ token: UInt64) -> Bool {
        var event = epoll_event()
        event.events = events
        event.data.u64 = token
        return epoll_ctl(fd, operation, target, &event) == 0
    }
}

/// Event masks as plain UInt32 (the C enum imports as a struct).
enum EpollMask {
    static let input = UInt32(EPOLLIN.rawValue) | UInt32(EPOLLRDHUP.rawValue)
    static let output = UInt32(EPOLLOUT.rawValue)
    static let hangUp = UInt32(EPOLLHUP.rawValue)
    static let error = UInt32(EPOLLERR.rawValue)
}
