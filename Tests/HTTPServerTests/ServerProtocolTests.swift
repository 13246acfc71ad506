import Glibc
import Testing
@testable import HTTPServer

/// Black-box: raw bytes over 127.0.0.1 to a running server.
@Suite struct ServerProtocolTests {
    @Test func everyMalformedCorpusRequestIsAnsweredAndClosed() throws {
        let server = try TestServer()
        defer { server.stop() }
        for fixture in RequestCorpus.heads {
            guard case .error(let status, let message) = fixture.expected else { continue }
            let client = try RawClient(port: server.port)
            client.send(fixture.raw)
            let response = try client.readResponse()
            #expect(response.status == status, "\(fixture.name)")
            #expect(response.body.contains(message), "\(fixture.name): \(response.body)")
            #expect(response.body.hasPrefix(#"{"error": {"code": ""#), "\(fixture.name)")
            #expect(response.headers["connection"] == "close", "\(fixture.name)")
            #expect(client.isClosedByServer(), "\(fixture.name)")
        }
    }

    @Test func routingStatusesAndErrorCodes() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let ok = try client.readResponse()
        #expect(ok.status == 200 && ok.body == #"{"status":"ok"}"# && ok.headers["content-type"] == "application/json")
        #expect(ok.headers["date"]?.wholeMatch(of: /[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT/) != nil)
        client.send("GET /nope?secret=1 HTTP/1.1\r\nHost: x\r\n\r\n")
        let missing = try client.readResponse()
        #expect(missing.status == 404 && missing.body.contains(#""code": "not_found""#))
        client.send("DELETE /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let wrongMethod = try client.readResponse()
        #expect(wrongMethod.status == 405 && wrongMethod.headers["allow"] == "GET, HEAD")
        #expect(wrongMethod.body.contains(#""code": "method_not_allowed""#))
        client.send("HEAD /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let head = try client.readResponse(toHead: true)  // Content-Length 15 but no body: the next read must be the next response
        #expect(head.status == 200 && head.headers["content-length"] == "15")
        client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        let routes = server.observer.counts.withLock { $0.completed.map(\.route) }
        #expect(Set(routes) == ["/health", "unmatched"])  // never the raw "/nope"
    }

    @Test func oversizeBodyIsRefusedFromContentLengthBeforeReadingIt() throws {
        let server = try TestServer { $0.maxBodyBytes = 1000 }
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n")  // body never sent
        let response = try client.readResponse()
        #expect(response.status == 413 && response.body.contains(#""code": "payload_too_large""#))
        #expect(client.isClosedByServer())

        let chunked = try RawClient(port: server.port)
        chunked.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n" + String(repeating: "a", count: 512) + "\r\n")
        chunked.send("300\r\n")
        #expect(try chunked.readResponse().status == 413)
    }

    @Test func bodiesContentLengthAndChunked() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello")
        #expect(try client.readResponse().body == "hello")
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3;ext=1\r\nabc\r\n2\r\nde\r\n0\r\nTrailer: x\r\n\r\n")
        #expect(try client.readResponse().body == "abcde")
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        let bad = try client.readResponse()
        #expect(bad.status == 400 && bad.body.contains("invalid chunk size") && client.isClosedByServer())
    }

    @Test func expectContinueIsSentOnlyForAcceptableBodies() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        #expect(try client.readResponse().status == 100)
        client.send("ping")
        #expect(try client.readResponse().body == "ping")

        let missing = try RawClient(port: server.port)
        missing.send("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
        let response = try missing.readResponse()
        #expect(response.status == 404 && response.headers["connection"] == "close")
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() throws {
        let server = try TestServer()
        defer { server.stop() }
        let client = try RawClient(port: server.port)
        client.send("GET /slow?ms=50 HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\none"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\nGET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        let statuses = try (0..<4).map { _ in try client.readResponse() }
        #expect(statuses.map(\.status) == [200, 200, 404, 200])
        #expect(statuses[0].body == "slow done" && statuses[1].body == "one")
    }

    @Test func http10AndConnectionClose() throws {
        let server = try TestServer()
        defer { server.stop() }
        let old = try RawClient(port: server.port)
        old.send("GET /health HTTP/1.0\r\n\r\n")
        #expect(try old.readResponse().headers["connection"] == "close")
        #expect(old.isClosedByServer())

        let keep = try RawClient(port: server.port)
        keep.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keep.readResponse().headers["connection"] == "keep-alive")
        keep.send("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(try keep.readResponse().status == 200)

        let closing = try RawClient(port: server.port)
        closing.send("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try closing.readResponse().headers["connection"] == "close")
        #expect(closing.isClosedByServer())
    }

    @Test func clientVanishingMidBodyDoesNotDisturbOthers() throws {
        let server = try TestServer()
        defer { server.stop() }
        do {
            let vanishing = try RawClient(port: server.port)
            vanishing.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nonly ten b")
        }  // closed here
        let other = try RawClient(port: server.port)
        other.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try other.readResponse().status == 200)
        let deadline = monotonicSeconds() + 2
        while monotonicSeconds() < deadline, !server.observer.counts.withLock({ $0.rejected.contains("client_closed") }) { usleep(10_000) }
        #expect(server.observer.counts.withLock { $0.rejected } == ["client_closed"])
    }

    @Test func handlersRunOnEveryLoop() throws {
        let server = try TestServer()
        defer { server.stop() }
        var seen = Set<String>()
        for _ in 0..<40 where seen.count < 2 {
            let client = try RawClient(port: server.port)
            client.send("GET /loop HTTP/1.1\r\nHost: x\r\n\r\n")
            seen.insert(try client.readResponse().body)
        }
        #expect(seen == ["0", "1"])
    }
}
