import Glibc

/// Turning buffered input into requests and responses: heads, bodies, pipelining, errors.
extension HTTPConnectionStateMachine {
    /// Handles every complete request in the input, in order, queuing their responses; stops at
    /// an incomplete one, after an error, or when too much output is waiting for the client.
    mutating func processInput<R: HTTPExchangeResponder>(_ context: ConnectionContext, _ responder: R) {
        while pendingOutputCount < settings.outboundHighWater {
            switch state {
            case .head(let startedAt):
                guard inbound.count > inboundStart else { break }
                guard readHead(startedAt, context, responder) else { break }
                continue
            case .body:
                guard var progress = bodyInProgress else { break }
                bodyInProgress = nil  // keeps the body buffer uniquely referenced while it grows
                let finished = readBody(&progress, context, responder)
                if state == .body { bodyInProgress = progress }
                guard finished else { break }
                continue
            case .closing, .lingering, .closed:
                break
            }
            break
        }
        compactInput()
    }

    /// Parses the next head; returns whether processing can go on.
    private mutating func readHead<R: HTTPExchangeResponder>(_ startedAt: MonotonicTime?, _ context: ConnectionContext,
                                                            _ responder: R) -> Bool {
        let parser = RequestHeadParser(limits: settings.parser)
        let start = inboundStart, scannedBefore = scanned
        let result = inbound.withUnsafeBufferPointer { parser.parse(UnsafeBufferPointer(rebasing: $0[start...]), scanned: scannedBefore) }
        switch result {
        case .needMore(let scannedNow):
            scanned = scannedNow
            if startedAt == nil { enter(.head(startedAt: context.now)) }
            return false
        case .error(let error):
            reject(error, context, responder)
            return false
        case .complete(let head, let consumed):
            inboundStart += consumed
            scanned = 0
            beginBody(head, headBytes: consumed, context, responder)
            return true
        }
    }

    private mutating func beginBody<R: HTTPExchangeResponder>(_ head: consuming RequestHead, headBytes: Int, _ context: ConnectionContext,
                                                              _ responder: R) {
        let remaining: Int
        switch head.framing {
        case .none:
            respond(head, body: [], requestBytes: headBytes, context, responder)
            return
        case .contentLength(let length): remaining = length
        case .chunked: remaining = 0
        }
        if head.expectsContinue && inbound.count == inboundStart {
            if let (response, route) = responder.rejectionBeforeBody(head) {
                // The body was never invited; it will not be read, so the connection cannot continue.
                queue(response, route: route, method: head.method, omitBody: head.method == .head, close: true,
                      requestBytes: headBytes, context, responder)
                return
            }
            outbound.append(contentsOf: ResponseSerializer.continueLine)
        }
        let chunked = head.framing == .chunked
            ? ChunkedBodyDecoder(maxBody: settings.parser.maxBodyBytes, maxTrailerBytes: settings.parser.maxHeaderSectionBytes)
            : nil
        var body: [UInt8] = []
        body.reserveCapacity(min(remaining, 64 * 1024))
        enter(.body)
        bodyInProgress = BodyInProgress(head: head, wireBytes: headBytes, remaining: remaining, chunked: chunked, body: body,
                                        deadline: context.now.advanced(by: settings.bodyReadTimeout))
    }

    /// Feeds buffered input to the body; returns whether the request completed.
    private mutating func readBody<R: HTTPExchangeResponder>(_ progress: inout BodyInProgress, _ context: ConnectionContext,
                                                             _ responder: R) -> Bool {
        let start = inboundStart
        if var decoder = progress.chunked {
            let outcome = inbound.withUnsafeBufferPointer { decoder.decode(UnsafeBufferPointer(rebasing: $0[start...]), into: &progress.body) }
            switch outcome {
            case .needMore:
                inboundStart = inbound.count
                progress.chunked = decoder
                return false
            case .error(let error):
                reject(error, method: progress.head.method, context, responder)
                return false
            case .done(let consumed):
                inboundStart += consumed
                respond(progress.head, body: progress.body, requestBytes: progress.wireBytes + decoder.wireCount, context, responder)
                return true
            }
        }
        let take = min(progress.remaining, inbound.count - start)
        inbound.withUnsafeBufferPointer { progress.body.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<(start + take)])) }
        inboundStart += take
        progress.remaining -= take
        progress.wireBytes += take
        guard progress.remaining == 0 else { return false }
        respond(progress.head, body: progress.body, requestBytes: progress.wireBytes, context, responder)
        return true
    }

    private mutating func respond<R: HTTPExchangeResponder>(_ head: consuming RequestHead, body: consuming [UInt8], requestBytes: Int,
                                                            _ context: ConnectionContext, _ responder: R) {
        // Read what is needed afterwards first, so the head can move into the request uncopied.
        let method = head.method, keepAlive = head.keepAlive, announceKeepAlive = head.announcesKeepAlive
        let (response, route) = responder.respond(to: head.request(body: body), now: context.now)
        let close = !keepAlive || draining || responder.isDraining
        queue(response, route: route, method: method, omitBody: method == .head, close: close,
              requestBytes: requestBytes, context, responder, announceKeepAlive: announceKeepAlive)
    }

    /// Answers a request the server refuses, then closes: after a framing error nothing that
    /// follows on the connection can be trusted. `method` is the refused request's, when its head
    /// was parsed; otherwise it is read off the buffered request line, so that a refused HEAD is
    /// still answered without content (RFC 9110 §9.3.2), which its client will not read.
    mutating func reject<R: HTTPExchangeResponder>(_ error: HTTPRequestError, method: HTTPMethod? = nil, _ context: ConnectionContext,
                                                   _ responder: R) {
        responder.rejected(reason: error.reason)
        let method = method ?? bufferedRequestMethod()
        queue(error.response, route: Router.unmatchedRoute, method: method, omitBody: method == .head, close: true,
              requestBytes: inbound.count - inboundStart, context, responder)
    }

    /// HEAD when the buffered input starts a HEAD request line (after the empty lines RFC 9112
    /// §2.2 lets a server skip); any other method is only a metrics label here.
    private func bufferedRequestMethod() -> HTTPMethod {
        inbound.withUnsafeBufferPointer { bytes in
            var i = inboundStart
            while i + 1 < bytes.count, bytes[i] == ASCII.cr, bytes[i + 1] == ASCII.lf { i += 2 }
            let head: StaticString = "HEAD "
            guard bytes.count - i >= head.utf8CodeUnitCount, let base = bytes.baseAddress,
                  memcmp(base + i, head.utf8Start, head.utf8CodeUnitCount) == 0 else { return .other("") }
            return .head
        }
    }

    private mutating func queue<R: HTTPExchangeResponder>(_ response: HTTPResponse, route: String, method: HTTPMethod, omitBody: Bool,
                                                          close: Bool, requestBytes: Int, _ context: ConnectionContext,
                                                          _ responder: R, announceKeepAlive: Bool = false) {
        let connection: ResponseSerializer.ConnectionHeader = close ? .close : (announceKeepAlive ? .keepAlive : .none)
        let size = ResponseSerializer.append(response, to: &outbound, omitBody: omitBody, connection: connection, date: context.date)
        responder.exchangeCompleted(route: route, method: method.metricsLabel, status: response.status, startedAt: context.now,
                                    requestBytes: requestBytes, responseBytes: size)
        servedAny = true
        if close {
            discardInput()
            enter(.closing)
        } else {
            enter(.head(startedAt: nil))
        }
    }

    /// Drops consumed input so the buffer holds at most one partial request.
    private mutating func compactInput() {
        if inboundStart == inbound.count {
            inbound.removeAll(keepingCapacity: inbound.capacity <= 64 * 1024)
            inboundStart = 0
        } else if inboundStart > 0 {
            inbound.removeFirst(inboundStart)
            inboundStart = 0
        }
    }
}
