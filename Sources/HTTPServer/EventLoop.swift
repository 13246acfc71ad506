import CRankdShim
import Glibc
import Synchronization

/// One event-loop thread: an epoll instance, its connections, and (depending on the accept
/// strategy) a listening socket. Handlers run here, on the loop thread.
///
/// `@unchecked Sendable`: the loop is created on the starting thread and then used only by its own
/// thread, except `handoff` (a Mutex) and `wake()` (a write to a pipe), which are the only entry
/// points other threads use.
final class EventLoop: @unchecked Sendable {
    static let listenerToken = UInt64.max
    static let wakeToken = UInt64.max - 1
    static let sweepInterval = Duration.milliseconds(100)

    struct Handoff {
        var fds: [Int32] = []
        /// Set when the loop has exited: later hand-offs must be served elsewhere.
        var closed = false
    }

    let index: Int
    let shared: ServerShared
    let epoll: Epoll
    private let wakeRead: Int32
    private let wakeWrite: Int32
    let handoff = Mutex(Handoff())

    var listener: Int32 = -1
    var listenerWatched = false
    var acceptPausedUntil: MonotonicTime?
    /// Loops that accepted sockets are handed to, round-robin (single-acceptor strategy only).
    var handoffTargets: [EventLoop] = []
    var nextHandoffTarget = 0

    var connections: [Connection?] = []
    var active: [Connection] = []
    var generation: UInt32 = 0
    var dateCache = DateHeaderCache()
    let responder: LoopResponder
    let readBuffer = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 16)
    var drainDeadline: MonotonicTime?
    var now = MonotonicTime.now()
    /// Whether an observer is set: checked first so the no-observer path never copies the existential.
    let observing: Bool

    init(index: Int, shared: ServerShared) throws(HTTPServerError) {
        self.index = index
        self.shared = shared
        self.responder = LoopResponder(shared: shared, loopIndex: index)
        self.observing = shared.observer != nil
        epoll = try Epoll()
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { close(epoll.fd); throw .system("pipe") }
        for fd in fds {
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        (wakeRead, wakeWrite) = (fds[0], fds[1])
        epoll.add(wakeRead, events: UInt32(EPOLLIN.rawValue), token: Self.wakeToken)
    }

    deinit {
        readBuffer.deallocate()
        if listener >= 0 { close(listener) }
        close(wakeRead)
        close(wakeWrite)
        close(epoll.fd)
    }

    /// Makes the loop check the shutdown flag and its hand-off queue now. Any thread.
    func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe already means "wake up"
    }

    func watchListener() {
        guard listener >= 0, !listenerWatched else { return }
        listenerWatched = epoll.add(listener, events: UInt32(EPOLLIN.rawValue), token: Self.listenerToken)
    }

    /// Runs until the server has drained; returns when every connection of this loop is closed.
    func run() {
        var events = [epoll_event](repeating: epoll_event(), count: 512)
        var nextSweep = MonotonicTime.now().advanced(by: Self.sweepInterval)
        while true {
            let count = epoll_wait(epoll.fd, &events, Int32(events.count), 100)
            now = MonotonicTime.now()
            dateCache.refresh()
            for i in 0..<max(0, Int(count)) { dispatch(events[i]) }
            if now >= nextSweep {
                sweepTimers()
                resumeAcceptingIfPossible()
                nextSweep = now.advanced(by: Self.sweepInterval)
            }
            if drainDeadline == nil && shared.draining.load(ordering: .acquiring) { startDrain() }
            if let deadline = drainDeadline, finishedDraining(deadline) { break }
        }
    }

    func dispatch(_ event: epoll_event) {
        let token = event.data.u64
        if token == Self.listenerToken { acceptConnections(); return }
        if token == Self.wakeToken { drainWakePipe(); adoptHandedOff(); return }
        let fd = Int32(truncatingIfNeeded: token & 0xFFFF_FFFF)
        // An event queued for a connection that has since closed (its fd maybe reused) is stale.
        guard fd >= 0, Int(fd) < connections.count, let connection = connections[Int(fd)],
              connection.generation == UInt32(truncatingIfNeeded: token >> 32) else { return }
        handle(connection, events: event.events)
    }

    private func drainWakePipe() {
        var scratch = [UInt8](repeating: 0, count: 64)
        while read(wakeRead, &scratch, scratch.count) > 0 {}
    }

    var context: ConnectionContext { ConnectionContext(now: now, date: dateCache.line) }

    private func sweepTimers() {
        var expired: [Connection] = []
        for connection in active {
            if let deadline = connection.deadline, deadline <= now { expired.append(connection) }
        }
        for connection in expired where isRegistered(connection) {
            let ctx = context
            apply(connection.machine.timerFired(ctx, responder), to: connection)
        }
    }

    func isRegistered(_ connection: Connection) -> Bool {
        Int(connection.fd) < connections.count && connections[Int(connection.fd)] === connection
    }

    /// Graceful shutdown, once per loop: take what is already in the accept backlog (those
    /// clients connected before we stopped), stop listening, read what idle connections may
    /// already have received, then close the idle ones; busy ones finish with Connection: close.
    private func startDrain() {
        drainDeadline = now.advanced(by: shared.configuration.shutdownDrainTimeout)
        if listener >= 0 {
            handoffTargets = []
            acceptConnections(limit: 4096)
            epoll.remove(listener)
            close(listener)
            listener = -1
            listenerWatched = false
        }
        adoptHandedOff()
        for connection in active { drain(connection) }
    }

    func drain(_ connection: Connection) {
        guard isRegistered(connection) else { return }
        handle(connection, events: EpollMask.input, onlyIfReadable: true)
        guard isRegistered(connection) else { return }
        let ctx = context
        apply(connection.machine.beginDrain(ctx, responder), to: connection)
    }

    private func finishedDraining(_ deadline: MonotonicTime) -> Bool {
        if now >= deadline {
            for connection in active { closeConnection(connection) }
        }
        guard active.isEmpty else { return false }
        return handoff.withLock { state in
            guard state.fds.isEmpty else { return false }
            state.closed = true
            return true
        }
    }
}
