import Testing
@testable import HTTPServer

/// A responder that echoes the path, records what it saw, and 404s "/missing" before a body.
final class RecordingResponder: HTTPExchangeResponder {
    var isDraining = false
    var paths: [String] = []
    var bodies: [String] = []
    var rejections: [String] = []
    var completed: [(route: String, status: Int)] = []

    func respond(to request: HTTPRequest, now: MonotonicTime) -> (response: HTTPResponse, route: String) {
        paths.append(request.path)
        bodies.append(String(decoding: request.body, as: UTF8.self))
        if request.path == "/missing" { return (.error(status: 404, code: "not_found", message: "no"), "unmatched") }
        return (.text("path=\(request.path)"), request.path)
    }

    func rejectionBeforeBody(_ head: RequestHead) -> (response: HTTPResponse, route: String)? {
        head.request(body: []).path == "/missing" ? (.error(status: 404, code: "not_found", message: "no"), "unmatched") : nil
    }

    func exchangeCompleted(route: String, method: String, status: Int, startedAt: MonotonicTime,
                                    requestBytes: Int, responseBytes: Int) {
        completed.append((route, status))
    }

    func rejected(reason: String) { rejections.append(reason) }
}

/// Drives one state machine with a fake clock and a fake socket that accepts `writeCapacity` bytes per send.
struct ConnectionHarness {
    var machine: HTTPConnectionStateMachine
    let responder = RecordingResponder()
    var seconds: Double = 0
    var wire: [UInt8] = []
    var last = HTTPConnectionStateMachine.Actions()
    var writeCapacity = Int.max

    init(configure: (inout HTTPServerConfiguration) -> Void = { _ in }, highWater: Int? = nil) {
        var configuration = HTTPServerConfiguration()
        configure(&configuration)
        var settings = ConnectionSettings(configuration)
        if let highWater { settings.outboundHighWater = highWater }
        machine = HTTPConnectionStateMachine(settings: settings, now: MonotonicTime(nanoseconds: 1_000_000_000))
    }

    var context: ConnectionContext {
        ConnectionContext(now: MonotonicTime(nanoseconds: 1_000_000_000 + UInt64(seconds * 1e9)),
                          date: Array("Date: Sat, 21 Nov 2026 10:00:00 GMT\r\n".utf8))
    }
    var text: String { String(decoding: wire, as: UTF8.self) }
    var deadlineSeconds: Double? { last.deadline.map { Double($0.nanoseconds - 1_000_000_000) / 1e9 } }

    @discardableResult
    mutating func feed(_ input: String) -> HTTPConnectionStateMachine.Actions {
        let ctx = context
        last = Array(input.utf8).withUnsafeBytes { machine.received($0, ctx, responder) }
        flush()
        return last
    }

    /// Performs a requested write the way the event loop does, honouring the fake socket capacity.
    mutating func flush() {
        while last.write {
            let pending = machine.pendingOutputCount
            let chunk = machine.withPendingOutput { Array($0.prefix(writeCapacity)) }
            wire += chunk
            let ctx = context
            let shutdownBefore = last.shutdownWrite
            last = machine.sent(chunk.count, ctx, responder)
            last.shutdownWrite = last.shutdownWrite || shutdownBefore
            if chunk.count < pending { break }  // the socket is full: wait for writability
        }
    }

    mutating func advance(to time: Double) {
        seconds = time
        let ctx = context
        last = machine.timerFired(ctx, responder)
        flush()
    }

    mutating func endInput() {
        let ctx = context
        last = machine.inputEnded(ctx, responder)
        flush()
    }
}

@Suite struct ConnectionStateMachineTests {
    static let get = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"

    @Test func keepAliveServesSequentialRequestsThenIdleTimesOut() {
        var h = ConnectionHarness()
        h.feed(Self.get)
        #expect(h.text.hasPrefix("HTTP/1.1 200 OK\r\nDate: Sat, 21 Nov 2026 10:00:00 GMT\r\nContent-Length: 7\r\n"))
        #expect(h.text.hasSuffix("\r\n\r\npath=/a") && !h.text.contains("Connection:"))
        h.seconds = 5
        h.feed("GET /b HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(h.responder.paths == ["/a", "/b"])
        #expect(h.deadlineSeconds == 65 && !h.last.close)
        h.advance(to: 64.9)
        #expect(!h.last.close)
        h.advance(to: 65)
        #expect(h.last.close && h.responder.rejections.isEmpty)
    }

    @Test func pipelinedResponsesComeInRequestOrderInOneWrite() {
        var h = ConnectionHarness()
        let ctx = h.context
        let input = Array((Self.get + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n" + "GET /c HTTP/1.1\r\nHost: h\r\n\r\nGET /d").utf8)
        let actions = input.withUnsafeBytes { h.machine.received($0, ctx, h.responder) }
        #expect(actions.write)
        let pending = h.machine.withPendingOutput { String(decoding: $0, as: UTF8.self) }
        let order = ["path=/a", "path=/b", "path=/c"].map { pending.firstRange(of: $0)?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order[0]! < order[1]! && order[1]! < order[2]!)
        #expect(h.responder.paths == ["/a", "/b", "/c"])  // "/d" is incomplete
        // The partial fourth head started now: its deadline is the header deadline.
        #expect(actions.deadline == ctx.now.advanced(by: .seconds(10)))
    }

    @Test func headerDeadlineRunsFromFirstByteNotLastByte() {
        var h = ConnectionHarness()
        h.seconds = 1
        h.feed("GET /a HT")
        #expect(h.deadlineSeconds == 11)
        h.seconds = 9
        h.feed("TP/1.1\r\nHo")  // progress does not extend the deadline (slowloris)
        #expect(h.deadlineSeconds == 11)
        h.advance(to: 10.9)
        #expect(h.wire.isEmpty)
        h.advance(to: 11)
        #expect(h.text.hasPrefix("HTTP/1.1 408 Request Timeout\r\n") && h.text.contains("Connection: close\r\n"))
        #expect(h.text.contains(#""code": "request_timeout""#))
        #expect(h.last.shutdownWrite && !h.last.close && h.responder.rejections == ["timeout"])
        h.endInput()
        #expect(h.last.close)
    }

    @Test func silentNewConnectionGetsTheHeaderDeadline() {
        var h = ConnectionHarness()
        h.advance(to: 0)
        #expect(h.deadlineSeconds == 10)
        h.advance(to: 10)
        #expect(h.last.close && h.wire.isEmpty)
    }

    @Test func errorAnswersThenClosesAndIgnoresPipelinedRequests() {
        var h = ConnectionHarness()
        h.feed("GET / HTTP/1.1\r\nHost : h\r\n\r\n" + Self.get)
        #expect(h.text.hasPrefix("HTTP/1.1 400 Bad Request\r\n") && h.text.contains("Connection: close\r\n"))
        #expect(h.text.contains(#"{"error": {"code": "bad_request", "message": "whitespace between header field name and colon"}}"#))
        #expect(h.responder.paths.isEmpty && h.responder.rejections == ["bad_request"])
        #expect(h.last.shutdownWrite && h.deadlineSeconds == 2)  // lingering close
        let before = h.wire.count
        h.feed(Self.get)
        #expect(h.wire.count == before)
        h.advance(to: 2)
        #expect(h.last.close)
    }

    @Test func http10ClosesUnlessKeepAliveRequested() {
        var h = ConnectionHarness()
        h.feed("GET /a HTTP/1.0\r\n\r\n")
        #expect(h.text.contains("Connection: close\r\n") && h.last.shutdownWrite)
        var k = ConnectionHarness()
        k.feed("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        #expect(k.text.contains("Connection: keep-alive\r\n") && !k.last.shutdownWrite && !k.last.close)
    }

    @Test func connectionCloseIsHonoured() {
        var h = ConnectionHarness()
        h.feed("GET /a HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n" + Self.get)
        #expect(h.responder.paths == ["/a"] && h.text.contains("Connection: close\r\n") && h.last.shutdownWrite)
    }

    @Test func expectContinueOnlyWhenTheBodyWillBeRead() {
        var h = ConnectionHarness()
        h.feed("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(h.text == "HTTP/1.1 100 Continue\r\n\r\n")
        h.feed("hello")
        #expect(h.responder.bodies == ["hello"] && h.text.contains("HTTP/1.1 200 OK"))

        var missing = ConnectionHarness()
        missing.feed("POST /missing HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(missing.text.hasPrefix("HTTP/1.1 404 Not Found\r\n") && !missing.text.contains("100 Continue"))
        #expect(missing.text.contains("Connection: close"))

        var tooBig = ConnectionHarness()
        tooBig.feed("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n")
        #expect(tooBig.text.hasPrefix("HTTP/1.1 413 Content Too Large\r\n") && !tooBig.text.contains("100 Continue"))
    }

    @Test func chunkedBodyAcrossManyReads() {
        var h = ConnectionHarness()
        h.feed("POST /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n")
        for byte in "4;x=y\r\nWiki\r\n5\r\npedia\r\n0\r\nT: 1\r\n\r\n" { h.feed(String(byte)) }
        #expect(h.responder.bodies == ["Wikipedia"] && h.text.hasPrefix("HTTP/1.1 200 OK"))
    }

    @Test func bodyDeadlineAnswers408() {
        var h = ConnectionHarness()
        h.feed("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
        #expect(h.deadlineSeconds == 30)
        h.advance(to: 30)
        #expect(h.text.hasPrefix("HTTP/1.1 408 ") && h.responder.rejections == ["timeout"])
    }

    @Test func clientVanishingMidBodyClosesWithoutAnswer() {
        var h = ConnectionHarness()
        h.feed("POST /a HTTP/1.1\r\nHost: h\r\nContent-Length: 10\r\n\r\nabc")
        h.endInput()
        #expect(h.last.close && h.wire.isEmpty && h.responder.rejections == ["client_closed"])
    }

    @Test func blockedWritesTimeOut() {
        var h = ConnectionHarness()
        h.writeCapacity = 10
        h.feed(Self.get)
        #expect(h.wire.count == 10 && h.last.write && h.deadlineSeconds == 30)
        h.advance(to: 29)
        #expect(!h.last.close)
        h.advance(to: 30)
        #expect(h.last.close && h.responder.rejections == ["write_timeout"])
    }

    @Test func pipelinedRequestsWaitWhileTheClientDoesNotRead() {
        var h = ConnectionHarness(highWater: 1)
        h.writeCapacity = 0
        h.feed(Self.get + Self.get + Self.get)
        #expect(h.responder.paths.count == 1 && !h.last.readInterest)
        h.writeCapacity = Int.max
        h.flush()
        #expect(h.responder.paths.count == 3 && h.text.split(separator: "path=/a", omittingEmptySubsequences: false).count == 4)
    }

    @Test func drainClosesIdleAndLetsInFlightRequestsFinishWithClose() {
        var idle = ConnectionHarness()
        idle.feed(Self.get)
        let ctx = idle.context
        #expect(idle.machine.beginDrain(ctx, idle.responder).close)

        var busy = ConnectionHarness()
        busy.feed("GET /a HTTP/1.1\r\n")
        let busyContext = busy.context
        #expect(!busy.machine.beginDrain(busyContext, busy.responder).close)
        busy.feed("Host: h\r\n\r\n")
        #expect(busy.text.hasPrefix("HTTP/1.1 200 OK") && busy.text.contains("Connection: close\r\n"))

        var slow = ConnectionHarness()
        slow.responder.isDraining = true  // shutdown began while the handler ran
        slow.feed(Self.get)
        #expect(slow.text.contains("Connection: close\r\n") && slow.last.shutdownWrite)
    }

    @Test func headResponsesKeepLengthButDropBody() {
        var h = ConnectionHarness()
        h.feed("HEAD /a HTTP/1.1\r\nHost: h\r\n\r\n")
        #expect(h.text.contains("Content-Length: 7\r\n") && h.text.hasSuffix("\r\n\r\n"))
    }

    /// A refused HEAD is answered without content too (RFC 9110 §9.3.2), whether it was refused
    /// in its head (no Host; a framing fault) or in its body.
    @Test(arguments: ["HEAD /a HTTP/1.1\r\n\r\n",
                      "\r\nHEAD /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n",
                      "HEAD /a HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n"])
    func refusedHeadRequestsGetNoContent(_ request: String) {
        var h = ConnectionHarness()
        h.feed(request)
        #expect(h.text.hasPrefix("HTTP/1.1 4") || h.text.hasPrefix("HTTP/1.1 5"), "\(h.text)")
        #expect(h.text.contains("Content-Length: ") && h.text.hasSuffix("\r\n\r\n"), "\(h.text)")
        var g = ConnectionHarness()
        g.feed(request.replacing("HEAD", with: "POST"))
        #expect(g.text.hasSuffix("}"), "the same refusal of a POST has its JSON body: \(g.text)")
    }
}
