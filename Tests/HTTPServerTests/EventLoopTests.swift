import CRankdShim
import Glibc
import Testing
@testable import HTTPServer

/// The event loop driven by hand, without threads, over a socketpair.
@Suite struct EventLoopTests {
    static func loop() throws -> (EventLoop, ServerShared) {
        var router = Router()
        router.add(.get, "/health") { _, _ in .json(body: #"{"status":"ok"}"#) }
        let shared = ServerShared(configuration: HTTPServerConfiguration(), router: router, observer: nil)
        return (try EventLoop(index: 0, shared: shared), shared)
    }

    static func socketPair() throws -> (server: Int32, client: Int32) {
        var fds: [Int32] = [-1, -1]
        try #require(socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0, &fds) == 0)
        return (fds[0], fds[1])
    }

    static func readable(_ fd: Int32) -> String? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let n = buffer.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
        return n > 0 ? String(decoding: buffer[0..<n], as: UTF8.self) : nil
    }

    @Test func staleEventsForAReusedDescriptorAreIgnored() throws {
        let (loop, shared) = try Self.loop()
        let first = try Self.socketPair()
        shared.openConnections.add(1, ordering: .relaxed)
        loop.register(first.server)
        let old = try #require(loop.connections[Int(first.server)])
        let staleToken = old.token
        loop.closeConnection(old)
        close(first.client)

        let second = try Self.socketPair()
        try #require(second.server == first.server, "the kernel reuses the lowest free descriptor")
        shared.openConnections.add(1, ordering: .relaxed)
        loop.register(second.server)
        let current = try #require(loop.connections[Int(second.server)])
        #expect(current.generation != old.generation)
        defer { loop.closeConnection(current); close(second.client) }

        let request = Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(second.client, $0.baseAddress, $0.count, 0) }
        var event = epoll_event()
        event.events = EpollMask.input
        event.data.u64 = staleToken
        loop.dispatch(event)  // queued for the old connection: must not touch the new one
        #expect(Self.readable(second.client) == nil)
        event.data.u64 = current.token
        loop.dispatch(event)
        #expect(Self.readable(second.client)?.hasPrefix("HTTP/1.1 200 OK\r\n") == true)
        #expect(shared.openConnections.load(ordering: .relaxed) == 1)
    }

    @Test func dateHeaderIsTheCachedLine() throws {
        let (loop, shared) = try Self.loop()
        loop.dateCache.refresh(epochSeconds: 784111777)
        let pair = try Self.socketPair()
        shared.openConnections.add(1, ordering: .relaxed)
        loop.register(pair.server)
        let connection = try #require(loop.connections[Int(pair.server)])
        defer { loop.closeConnection(connection); close(pair.client) }
        let request = Array("GET /health HTTP/1.1\r\nHost: x\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { send(pair.client, $0.baseAddress, $0.count, 0) }
        var event = epoll_event()
        event.events = EpollMask.input
        event.data.u64 = connection.token
        loop.dispatch(event)
        #expect(Self.readable(pair.client)?.contains("\r\nDate: Sun, 06 Nov 1994 08:49:37 GMT\r\n") == true)
    }
}
