/// One HTTP/1.1 connection as a value: events in (bytes received, bytes sent, input ended, timer,
/// drain), actions out (write, half-close, close, read interest, timer deadline). It owns the
/// connection's buffers but does no I/O and reads no clock, so every rule is testable without
/// sockets and with a fake clock.
struct HTTPConnectionStateMachine {
    struct Actions: Equatable {
        /// Send the pending output (`withPendingOutput`) and report the result with `sent(_:)`.
        var write = false
        /// Every response is out and the connection is ending: shut down the write side and keep
        /// reading (discarding) until EOF or the deadline, so unread input cannot trigger a reset.
        var shutdownWrite = false
        /// Close the socket now.
        var close = false
        /// Whether input should be watched for.
        var readInterest = true
        /// When to call `timerFired`; nil disarms the timer.
        var deadline: MonotonicTime?
    }

    /// Trivially copyable on purpose (the body in progress lives beside it), so that the state
    /// checks done on every event copy no reference-counted payload.
    enum State: Equatable {
        /// Awaiting a request head; `startedAt` is when its first byte arrived (nil: idle).
        case head(startedAt: MonotonicTime?)
        /// Reading the body described by `bodyInProgress`.
        case body
        /// The last response is queued; once sent, half-close and linger.
        case closing
        case lingering(until: MonotonicTime)
        case closed
    }

    struct BodyInProgress {
        var head: RequestHead
        var wireBytes: Int
        var remaining: Int
        var chunked: ChunkedBodyDecoder?
        var body: [UInt8]
        var deadline: MonotonicTime
    }

    let settings: ConnectionSettings
    private(set) var state: State
    /// Non-nil exactly while `state == .body`.
    var bodyInProgress: BodyInProgress?
    var inbound: [UInt8] = []
    var inboundStart = 0
    var scanned = 0
    var outbound: [UInt8] = []
    var outboundStart = 0
    var idleSince: MonotonicTime
    var servedAny = false
    var writeBlockedSince: MonotonicTime?
    var inputClosed = false
    var draining = false
    private var pendingShutdownWrite = false

    init(settings: ConnectionSettings, now: MonotonicTime) {
        self.settings = settings
        self.state = .head(startedAt: nil)
        self.idleSince = now
    }

    var pendingOutputCount: Int { outbound.count - outboundStart }

    /// The bytes to send next (all queued responses: one send per loop iteration). Mutating only
    /// so that a state machine stored in a class is accessed in place rather than copied.
    mutating func withPendingOutput<T>(_ body: (UnsafeRawBufferPointer) -> T) -> T {
        outbound.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[outboundStart...])) }
    }

    mutating func received<R: HTTPExchangeResponder>(_ bytes: UnsafeRawBufferPointer, _ context: ConnectionContext,
                                                     _ responder: R) -> Actions {
        switch state {
        case .head, .body:
            inbound.append(contentsOf: bytes)
            processInput(context, responder)
        case .closing, .lingering, .closed:
            break  // the exchange is over; input is only drained
        }
        return currentActions()
    }

    mutating func sent<R: HTTPExchangeResponder>(_ count: Int, _ context: ConnectionContext, _ responder: R) -> Actions {
        outboundStart += min(max(0, count), pendingOutputCount)
        guard pendingOutputCount == 0 else {
            if writeBlockedSince == nil { writeBlockedSince = context.now }
            return currentActions()
        }
        outbound.removeAll(keepingCapacity: outbound.capacity <= 64 * 1024)
        outboundStart = 0
        writeBlockedSince = nil
        idleSince = context.now
        switch state {
        case .closing:
            if inputClosed {
                state = .closed
            } else {
                state = .lingering(until: context.now.advanced(by: settings.lingeringCloseTimeout))
                pendingShutdownWrite = true
            }
        case .head(startedAt: nil) where draining && inbound.count == inboundStart:
            state = .closed
        case .head, .body:
            processInput(context, responder)  // pipelined requests may have waited for the client to read
        case .lingering, .closed:
            break
        }
        return currentActions()
    }

    /// The peer shut down its sending side (read returned 0).
    mutating func inputEnded<R: HTTPExchangeResponder>(_ context: ConnectionContext, _ responder: R) -> Actions {
        inputClosed = true
        switch state {
        case .head(startedAt: nil) where inbound.count == inboundStart:
            state = pendingOutputCount > 0 ? .closing : .closed
        case .head, .body:
            responder.rejected(reason: "client_closed")
            discardInput()
            state = pendingOutputCount > 0 ? .closing : .closed
        case .lingering:
            state = .closed
        case .closing, .closed:
            break
        }
        return currentActions()
    }

    mutating func timerFired<R: HTTPExchangeResponder>(_ context: ConnectionContext, _ responder: R) -> Actions {
        guard let deadline = deadline(), context.now >= deadline else { return currentActions() }
        if let blocked = writeBlockedSince, context.now >= blocked.advanced(by: settings.writeTimeout) {
            responder.rejected(reason: "write_timeout")
            state = .closed
            return currentActions()
        }
        switch state {
        case .head(startedAt: nil):
            state = .closed  // idle keep-alive (or silent new) connection: close quietly
        case .head:
            reject(.timeout("request head not received within \(settings.headerReadTimeout)"), context, responder)
        case .body:
            reject(.timeout("request body not received within \(settings.bodyReadTimeout)"), method: bodyInProgress?.head.method,
                   context, responder)
        case .lingering:
            state = .closed
        case .closing, .closed:
            break
        }
        return currentActions()
    }

    /// Graceful shutdown: idle connections close now; a request in progress finishes and its
    /// response carries `Connection: close`.
    mutating func beginDrain<R: HTTPExchangeResponder>(_ context: ConnectionContext, _ responder: R) -> Actions {
        draining = true
        if case .head(startedAt: nil) = state, inbound.count == inboundStart, pendingOutputCount == 0 {
            state = .closed
        }
        return currentActions()
    }

    /// Actions for the current state; hands out a pending half-close exactly once.
    mutating func currentActions() -> Actions {
        var result = Actions()
        result.write = pendingOutputCount > 0 && !isClosed
        result.shutdownWrite = pendingShutdownWrite
        pendingShutdownWrite = false
        result.close = isClosed
        result.readInterest = readInterest
        result.deadline = deadline()
        return result
    }

    private var isClosed: Bool {
        if case .closed = state { return true }
        return false
    }

    private var readInterest: Bool {
        if inputClosed { return false }
        switch state {
        case .head, .body: return pendingOutputCount < settings.outboundHighWater
        case .lingering: return true
        case .closing, .closed: return false
        }
    }

    func deadline() -> MonotonicTime? {
        var deadline = writeBlockedSince.map { $0.advanced(by: settings.writeTimeout) }
        func consider(_ candidate: MonotonicTime) { deadline = min(deadline ?? candidate, candidate) }
        switch state {
        case .head(let startedAt?):
            consider(startedAt.advanced(by: settings.headerReadTimeout))
        case .head(startedAt: nil) where pendingOutputCount == 0:
            // A new connection gets the head deadline: connecting and staying silent is slowloris too.
            consider(idleSince.advanced(by: servedAny ? settings.idleTimeout : settings.headerReadTimeout))
        case .body:
            if let progress = bodyInProgress { consider(progress.deadline) }
        case .lingering(let until):
            consider(until)
        case .head, .closing, .closed:
            break
        }
        return deadline
    }

    mutating func discardInput() {
        inbound.removeAll()
        inboundStart = 0
        scanned = 0
    }

    mutating func enter(_ newState: State) {
        state = newState
        if newState != .body { bodyInProgress = nil }
    }
}
