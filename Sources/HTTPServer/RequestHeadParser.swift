/// Incremental request-head parser in the style of picohttpparser: give it all bytes received so
/// far; it answers need-more, complete (with the bytes the head used), or an error naming the fault.
///
/// It keeps no state between calls except the `scanned` hint, which only lets the search for the
/// end of the head resume where it stopped, so trickled input costs linear time. The full parse runs
/// once, when the empty line ending the head is present; before that only the size limits are
/// checked (414 / 431), so the verdict never depends on how the input was split.
struct RequestHeadParser: Sendable {
    enum Result {
        case needMore(scanned: Int)
        case complete(RequestHead, consumed: Int)
        case error(HTTPRequestError)
    }

    let limits: HTTPParserLimits

    func parse(_ buffer: UnsafeBufferPointer<UInt8>, scanned: Int = 0) -> Result {
        // RFC 9112 §2.2: ignore empty lines before the request line.
        var start = 0
        while start + 1 < buffer.count, buffer[start] == ASCII.cr, buffer[start + 1] == ASCII.lf { start += 2 }
        guard let headEnd = Self.findHeadEnd(buffer, from: max(start, scanned - 3)) else {
            if buffer.count > limits.maxHeaderSectionBytes {
                return .error(requestLineTooLong(buffer, start) ?? headerSectionTooLarge())
            }
            if buffer.count - start > limits.maxTargetLength, let tooLong = requestLineTooLong(buffer, start) {
                return .error(tooLong)
            }
            return .needMore(scanned: buffer.count)
        }
        if headEnd > limits.maxHeaderSectionBytes {
            return .error(requestLineTooLong(buffer, start) ?? headerSectionTooLarge())
        }
        switch parseHead(UnsafeBufferPointer(rebasing: buffer[start..<headEnd])) {
        case .success(let head): return .complete(head, consumed: headEnd)
        case .failure(let error): return .error(error)
        }
    }

    /// Index just past the empty line ending the head. Accepts a bare-LF ending here so that such a
    /// head is rejected promptly by the full parse instead of waiting for a CRLF that never comes.
    static func findHeadEnd(_ buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int? {
        var i = max(0, from)
        while i < buffer.count {
            if buffer[i] == ASCII.lf {
                if i + 1 < buffer.count && buffer[i + 1] == ASCII.lf { return i + 2 }
                if i + 2 < buffer.count && buffer[i + 1] == ASCII.cr && buffer[i + 2] == ASCII.lf { return i + 3 }
            }
            i += 1
        }
        return nil
    }

    private func headerSectionTooLarge() -> HTTPRequestError {
        .headerTooLarge("request header section exceeds \(limits.maxHeaderSectionBytes) bytes")
    }

    /// 414 when the request line starts with a valid method and its target (so far) is over the
    /// limit; used both before and after the head is complete so the verdict is split-independent.
    private func requestLineTooLong(_ buffer: UnsafeBufferPointer<UInt8>, _ start: Int) -> HTTPRequestError? {
        var i = start
        while i < buffer.count, ASCII.isTokenChar(buffer[i]) { i += 1 }
        guard i > start, i < buffer.count, buffer[i] == ASCII.space else { return nil }
        let targetStart = i + 1
        let targetEnd = Self.targetEnd(buffer, from: targetStart)
        guard targetEnd - targetStart > limits.maxTargetLength else { return nil }
        return .uriTooLong("request target exceeds \(limits.maxTargetLength) bytes")
    }

    static func targetEnd(_ buffer: UnsafeBufferPointer<UInt8>, from: Int) -> Int {
        var i = from
        while i < buffer.count, buffer[i] != ASCII.space, buffer[i] != ASCII.cr, buffer[i] != ASCII.lf { i += 1 }
        return i
    }

    /// Parses a complete head (request line, fields, empty line).
    private func parseHead(_ head: UnsafeBufferPointer<UInt8>) -> Swift.Result<RequestHead, HTTPRequestError> {
        guard let lineEnd = head.firstIndex(of: ASCII.lf) else { return .failure(.badRequest("missing request line")) }
        let requestLine: RequestLine
        switch RequestLine.parse(UnsafeBufferPointer(rebasing: head[0..<lineEnd]), maxTargetLength: limits.maxTargetLength) {
        case .success(let line): requestLine = line
        case .failure(let error): return .failure(error)
        }
        let fieldBytes = UnsafeBufferPointer(rebasing: head[(lineEnd + 1)...])
        let headers: HTTPHeaders
        switch FieldSectionParser.parse(fieldBytes, maxFields: limits.maxHeaderFields) {
        case .success(let parsed): headers = parsed
        case .failure(let error): return .failure(error)
        }
        return HeadSemantics.validate(requestLine, headers, limits: limits)
    }
}

/// request-line = method SP request-target SP HTTP-version (RFC 9112 §3), without its line end.
struct RequestLine {
    var method: HTTPMethod
    var target: String
    var version: HTTPVersion
    var targetIsAcceptable: Bool

    static func parse(_ line: UnsafeBufferPointer<UInt8>, maxTargetLength: Int) -> Result<RequestLine, HTTPRequestError> {
        guard let last = line.last, last == ASCII.cr else { return .failure(.badRequest("request line must end with CRLF")) }
        let content = UnsafeBufferPointer(rebasing: line[0..<(line.count - 1)])
        var i = 0
        while i < content.count, ASCII.isTokenChar(content[i]) { i += 1 }
        guard i > 0, i < content.count, content[i] == ASCII.space else {
            return .failure(.badRequest("malformed request line: method must be a token followed by one space"))
        }
        let methodBytes = UnsafeBufferPointer(rebasing: content[0..<i])
        let targetStart = i + 1
        let targetEnd = RequestHeadParser.targetEnd(content, from: targetStart)
        if targetEnd - targetStart > maxTargetLength {
            return .failure(.uriTooLong("request target exceeds \(maxTargetLength) bytes"))
        }
        guard targetEnd > targetStart else { return .failure(.badRequest("malformed request line: empty request target")) }
        let target = UnsafeBufferPointer(rebasing: content[targetStart..<targetEnd])
        if target.contains(where: { $0 < 0x21 || $0 > 0x7E }) {
            return .failure(.badRequest("request target contains a byte that is not visible ASCII"))
        }
        guard targetEnd < content.count else { return .failure(.badRequest("malformed request line: missing HTTP version")) }
        if content[targetEnd] == ASCII.cr { return .failure(.badRequest("bare CR in request line")) }
        let version: HTTPVersion
        switch parseVersion(UnsafeBufferPointer(rebasing: content[(targetEnd + 1)...])) {
        case .success(let parsed): version = parsed
        case .failure(let error): return .failure(error)
        }
        let method = HTTPMethod(token: methodBytes)
        return .success(RequestLine(method: method, target: String(decoding: target, as: UTF8.self),
                                    version: version, targetIsAcceptable: RequestTarget.isAcceptable(target, method: method)))
    }

    /// HTTP-version = "HTTP/" DIGIT "." DIGIT; 1.0 and 1.1 are served, other well-formed ones get 505.
    private static func parseVersion(_ bytes: UnsafeBufferPointer<UInt8>) -> Result<HTTPVersion, HTTPRequestError> {
        func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        guard bytes.count == 8, bytes[0..<5].elementsEqual("HTTP/".utf8), isDigit(bytes[5]),
              bytes[6] == UInt8(ascii: "."), isDigit(bytes[7]) else {
            if bytes.contains(ASCII.cr) { return .failure(.badRequest("bare CR in request line")) }
            return .failure(.badRequest("malformed request line: HTTP version must look like HTTP/1.1"))
        }
        switch (bytes[5], bytes[7]) {
        case (UInt8(ascii: "1"), UInt8(ascii: "1")): return .success(.http1_1)
        case (UInt8(ascii: "1"), UInt8(ascii: "0")): return .success(.http1_0)
        default:
            let text = String(decoding: bytes, as: UTF8.self)
            return .failure(.versionNotSupported("\(text) is not supported; use HTTP/1.1 or HTTP/1.0"))
        }
    }
}
