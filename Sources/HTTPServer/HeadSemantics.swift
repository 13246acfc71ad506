/// Checks that need the whole field section: Host, message framing (RFC 9112 §6.3), Connection,
/// Expect. Framing faults are answered 400 and the connection closed, since a peer that disagrees
/// with us about where the body ends is how requests get smuggled.
enum HeadSemantics {
    static func validate(_ line: RequestLine, _ headers: HTTPHeaders, limits: HTTPParserLimits) -> Result<RequestHead, HTTPRequestError> {
        guard line.targetIsAcceptable else {
            return .failure(.badRequest("request target must be an absolute path, an absolute http(s) URI with a host, "
                + "or * for OPTIONS, without a fragment"))
        }
        let control = headers.controlFields()
        if control.hostCount > 1 { return .failure(.badRequest("multiple Host header fields")) }
        if control.hostCount == 0 && line.version == .http1_1 { return .failure(.badRequest("HTTP/1.1 request without a Host header field")) }
        if let host = control.host, !headers.withValueBytes(host, URIHost.isValidFieldValue) {
            return .failure(.badRequest("invalid Host header field value: must be host[:port]"))
        }
        let framing: BodyFraming
        switch self.framing(headers, control, version: line.version, maxBody: limits.maxBodyBytes) {
        case .success(let value): framing = value
        case .failure(let error): return .failure(error)
        }
        let connection = connectionOptions(headers, control.connection)
        let keepAlive = !connection.close && (line.version == .http1_1 || connection.keepAlive)
        let expectsContinue = line.version == .http1_1 && control.expect.contains { range in
            headers.withValueBytes(range) { ASCII.equalsIgnoringCase($0, "100-continue") }
        }
        return .success(RequestHead(method: line.method, version: line.version, target: line.target, path: line.path,
                                    query: line.query, headers: headers,
                                    framing: framing, keepAlive: keepAlive, expectsContinue: expectsContinue))
    }

    static func framing(_ headers: HTTPHeaders, _ control: HTTPHeaders.ControlFields, version: HTTPVersion,
                        maxBody: Int) -> Result<BodyFraming, HTTPRequestError> {
        let transferEncodings = control.transferEncoding
        let contentLengths = control.contentLength
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty { return .failure(.badRequest("both Content-Length and Transfer-Encoding present")) }
            if version == .http1_0 { return .failure(.badRequest("Transfer-Encoding in an HTTP/1.0 request")) }
            return transferCoding(headers, transferEncodings)
        }
        if contentLengths.isEmpty { return .success(.none) }
        var length: Int?
        var tooLarge = false
        for range in contentLengths {
            let outcome: Result<Void, HTTPRequestError> = headers.withValueBytes(range) { bytes in
                forEachListElement(bytes) { element in
                    guard let value = decimal(element) else {
                        if element.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) && !element.isEmpty { tooLarge = true; return nil }
                        return .badRequest("invalid Content-Length value")
                    }
                    if let previous = length, previous != value { return .badRequest("conflicting Content-Length values") }
                    length = value
                    return nil
                }
            }
            if case .failure(let error) = outcome { return .failure(error) }
        }
        if tooLarge && length != nil { return .failure(.badRequest("conflicting Content-Length values")) }
        guard !tooLarge, let length else {
            if tooLarge { return .failure(.payloadTooLarge("request body exceeds \(maxBody) bytes")) }
            return .failure(.badRequest("empty Content-Length value"))
        }
        if length > maxBody { return .failure(.payloadTooLarge("request body of \(length) bytes exceeds \(maxBody) bytes")) }
        return .success(length == 0 ? .none : .contentLength(length))
    }

    /// Only "chunked" is implemented; it must appear once, last (RFC 9112 §6.1, §6.3). Each
    /// element must match `token *( OWS ";" OWS transfer-parameter )` whole: reading only a
    /// leading token would take "chunked/1.1" or "chunked foo" as chunked, where another parser
    /// on the path may not, which is how bodies get smuggled.
    private static func transferCoding(_ headers: HTTPHeaders, _ ranges: [Range<Int>]) -> Result<BodyFraming, HTTPRequestError> {
        var codings: [String] = []
        for range in ranges {
            let outcome: Result<Void, HTTPRequestError> = headers.withValueBytes(range) { bytes in
                forEachListElement(bytes) { element in
                    guard let (nameEnd, hasParameters) = TransferCodingSyntax.parse(element) else {
                        return .badRequest("invalid Transfer-Encoding value")
                    }
                    let name = String(decoding: element[..<nameEnd], as: UTF8.self).lowercased()
                    if name == "chunked" && hasParameters { return .badRequest("the chunked transfer coding takes no parameters") }
                    codings.append(name)
                    return nil
                }
            }
            if case .failure(let error) = outcome { return .failure(error) }
        }
        if let unknown = codings.first(where: { $0 != "chunked" }) {
            return .failure(.notImplemented("transfer coding '\(unknown.prefix(32))' is not supported; only chunked is"))
        }
        guard codings.count == 1 else {
            return .failure(.badRequest(codings.isEmpty ? "empty Transfer-Encoding value" : "chunked applied more than once"))
        }
        return .success(.chunked)
    }

    private static func connectionOptions(_ headers: HTTPHeaders, _ ranges: [Range<Int>]) -> (close: Bool, keepAlive: Bool) {
        var close = false, keepAlive = false
        for range in ranges {
            _ = headers.withValueBytes(range) { bytes in
                forEachListElement(bytes) { option in
                    if ASCII.equalsIgnoringCase(option, "close") { close = true }
                    if ASCII.equalsIgnoringCase(option, "keep-alive") { keepAlive = true }
                    return nil
                }
            }
        }
        return (close, keepAlive)
    }

    /// Calls `body` with each non-empty, OWS-trimmed element of a comma-separated list
    /// (RFC 9110 §5.6.1); stops at the first error it returns.
    static func forEachListElement(_ bytes: UnsafeBufferPointer<UInt8>,
                                   _ body: (UnsafeBufferPointer<UInt8>) -> HTTPRequestError?) -> Result<Void, HTTPRequestError> {
        var start = 0
        while start <= bytes.count {
            let end = bytes[start...].firstIndex(of: UInt8(ascii: ",")) ?? bytes.count
            var lower = start, upper = end
            while lower < upper, bytes[lower] == ASCII.space || bytes[lower] == ASCII.tab { lower += 1 }
            while upper > lower, bytes[upper - 1] == ASCII.space || bytes[upper - 1] == ASCII.tab { upper -= 1 }
            if upper > lower, let error = body(UnsafeBufferPointer(rebasing: bytes[lower..<upper])) { return .failure(error) }
            start = end + 1
        }
        return .success(())
    }

    /// 1*DIGIT as a non-negative Int; nil when not all digits, empty, or too large for Int.
    static func decimal(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard !bytes.isEmpty else { return nil }
        var value = 0
        for byte in bytes {
            guard byte >= 0x30 && byte <= 0x39 else { return nil }
            let (shifted, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = shifted.addingReportingOverflow(Int(byte - 0x30))
            if o1 || o2 { return nil }
            value = sum
        }
        return value
    }
}
