import Testing
@testable import HTTPServer

/// Parser verdicts, and that they do not depend on how the bytes were split.
@Suite struct RequestHeadParserTests {
    static let parser = RequestHeadParser(limits: HTTPParserLimits(HTTPServerConfiguration()))

    /// A comparable summary of a parse result.
    enum Verdict: Equatable, CustomStringConvertible {
        case head(method: String, path: String, framing: String, consumed: Int, fields: [String])
        case error(status: Int, message: String)
        case needMore

        var description: String {
            switch self {
            case let .head(method, path, framing, consumed, _): "head \(method) \(path) \(framing) consumed \(consumed)"
            case let .error(status, message): "error \(status) \(message)"
            case .needMore: "need more"
            }
        }
    }

    static func verdict(_ bytes: [UInt8], scanned: Int = 0) -> (Verdict, scanned: Int) {
        switch bytes.withUnsafeBufferPointer({ parser.parse($0, scanned: scanned) }) {
        case .needMore(let scannedNow):
            return (.needMore, scannedNow)
        case .error(let error):
            return (.error(status: error.status, message: error.message), 0)
        case .complete(let head, let consumed):
            let framing = switch head.framing {
            case .none: "none"
            case .chunked: "chunked"
            case .contentLength(let n): "length \(n)"
            }
            let path = head.request(body: []).path
            return (.head(method: head.method.rawValue, path: path, framing: framing, consumed: consumed,
                          fields: head.headers.map { "\($0.name)=\($0.value)" }), 0)
        }
    }

    /// Feeds the bytes one at a time, as a trickling client would, using the scanned hint.
    static func verdictByteByByte(_ bytes: [UInt8]) -> Verdict {
        var scanned = 0
        for end in 1...bytes.count {
            let (result, scannedNow) = verdict(Array(bytes[0..<end]), scanned: scanned)
            if result != .needMore { return result }
            scanned = scannedNow
        }
        return .needMore
    }

    @Test(arguments: RequestCorpus.heads)
    func corpusVerdict(_ fixture: CorpusCase) {
        let bytes = Array(fixture.raw.utf8)
        let (whole, _) = Self.verdict(bytes)
        switch (fixture.expected, whole) {
        case let (.head(method, path, framing), .head(gotMethod, gotPath, gotFraming, consumed, _)):
            #expect(gotMethod == method && gotPath == path && gotFraming == framing, "\(fixture.name): \(whole)")
            #expect(consumed == bytes.count, "\(fixture.name)")
        case let (.error(status, message), .error(gotStatus, gotMessage)):
            #expect(gotStatus == status, "\(fixture.name): \(whole)")
            #expect(gotMessage.contains(message), "\(fixture.name): \(gotMessage)")
        default:
            Issue.record("\(fixture.name): expected \(fixture.expected), got \(whole)")
        }
    }

    @Test(arguments: RequestCorpus.heads)
    func corpusSplitIndependent(_ fixture: CorpusCase) {
        let bytes = Array(fixture.raw.utf8)
        let (whole, _) = Self.verdict(bytes)
        #expect(Self.verdictByteByByte(bytes) == whole, "\(fixture.name)")
        // Every two-part split, the second part arriving with the hint from the first.
        for split in stride(from: 1, to: bytes.count, by: max(1, bytes.count / 64)) {
            let (first, scanned) = Self.verdict(Array(bytes[0..<split]))
            let result = first == .needMore ? Self.verdict(bytes, scanned: scanned).0 : first
            #expect(result == whole, "\(fixture.name) split at \(split)")
        }
    }

    @Test func headerValuesKeepOrderAndLookUpCaseInsensitively() throws {
        let raw = Array("GET / HTTP/1.1\r\nHost: h\r\nX-Tag: one\r\nx-tag: two \r\nContent-Type: application/json\r\n\r\n".utf8)
        guard case .complete(let head, _) = raw.withUnsafeBufferPointer({ Self.parser.parse($0) }) else {
            Issue.record("not parsed"); return
        }
        #expect(head.headers["CONTENT-TYPE"] == "application/json")
        #expect(head.headers.values(for: "X-TAG") == ["one", "two"])
        #expect(head.headers.map(\.name) == ["Host", "X-Tag", "x-tag", "Content-Type"])
        #expect(head.headers["missing"] == nil)
    }

    @Test func pipelinedHeadsConsumeOnlyTheirOwnBytes() {
        let first = "GET /a HTTP/1.1\r\nHost: h\r\n\r\n"
        let bytes = Array((first + "GET /b HTTP/1.1\r\nHost: h\r\n\r\n").utf8)
        guard case .head(_, let path, _, let consumed, _) = Self.verdict(bytes).0 else { Issue.record("no head"); return }
        #expect(path == "/a" && consumed == first.utf8.count)
    }

    @Test func connectionAndExpectSemantics() {
        func head(_ raw: String) -> RequestHead? {
            if case .complete(let head, _) = Array(raw.utf8).withUnsafeBufferPointer({ Self.parser.parse($0) }) { return head }
            return nil
        }
        #expect(head("GET / HTTP/1.1\r\nHost: a\r\n\r\n")?.keepAlive == true)
        #expect(head("GET / HTTP/1.1\r\nHost: a\r\nConnection: Close\r\n\r\n")?.keepAlive == false)
        #expect(head("GET / HTTP/1.0\r\n\r\n")?.keepAlive == false)
        #expect(head("GET / HTTP/1.0\r\nConnection: foo, Keep-Alive\r\n\r\n")?.keepAlive == true)
        #expect(head("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\nExpect: 100-Continue\r\n\r\n")?.expectsContinue == true)
        #expect(head("POST / HTTP/1.0\r\nContent-Length: 1\r\nExpect: 100-continue\r\n\r\n")?.expectsContinue == false)
    }

    @Test func longTargetIsRefusedBeforeTheLineEnds() {
        // A client streaming an endless target must be stopped once it passes the limit.
        let bytes = Array(("GET /" + String(repeating: "a", count: 8200)).utf8)
        #expect(Self.verdict(bytes).0 == .error(status: 414, message: "request target exceeds 8192 bytes"))
    }
}

/// Chunked bodies: same result whatever the split.
@Suite struct ChunkedBodyDecoderTests {
    enum Outcome: Equatable { case body(String, consumed: Int), error(Int), needMore }

    static func decode(_ chunks: [[UInt8]]) -> Outcome {
        var decoder = ChunkedBodyDecoder(maxBody: 1 << 20, maxTrailerBytes: 16 * 1024)
        var body: [UInt8] = []
        var offset = 0
        for chunk in chunks {
            switch chunk.withUnsafeBufferPointer({ decoder.decode($0, into: &body) }) {
            case .needMore: offset += chunk.count
            case .done(let consumed): return .body(String(decoding: body, as: UTF8.self), consumed: offset + consumed)
            case .error(let error): return .error(error.status)
            }
        }
        return .needMore
    }

    @Test(arguments: RequestCorpus.bodies)
    func corpus(_ fixture: CorpusCase) {
        let bytes = Array(fixture.raw.utf8) + Array("GET /next".utf8)  // a pipelined request must stay unread
        let whole = Self.decode([bytes])
        switch fixture.expected {
        case .body(let text): #expect(whole == .body(text, consumed: fixture.raw.utf8.count), "\(fixture.name)")
        case .bodyError(let status): #expect(whole == .error(status), "\(fixture.name): \(whole)")
        default: Issue.record("not a body fixture")
        }
        #expect(Self.decode(bytes.map { [$0] }) == whole, "\(fixture.name) byte by byte")
        for split in 1..<min(bytes.count, 200) {
            #expect(Self.decode([Array(bytes[..<split]), Array(bytes[split...])]) == whole, "\(fixture.name) at \(split)")
        }
    }
}
