import CRankdShim
import Glibc
import Synchronization

/// One registered socket and its protocol state.
final class Connection {
    let fd: Int32
    let generation: UInt32
    var machine: HTTPConnectionStateMachine
    var interest: UInt32
    var deadline: MonotonicTime?
    var activeIndex = 0

    init(fd: Int32, generation: UInt32, machine: HTTPConnectionStateMachine, interest: UInt32) {
        self.fd = fd
        self.generation = generation
        self.machine = machine
        self.interest = interest
    }

    var token: UInt64 { Epoll.token(fd: fd, generation: generation) }
}

/// Socket I/O for connections: one read per readiness event (level-triggered, so a second read
/// that would only return EAGAIN is skipped), one send of all queued responses per event.
extension EventLoop {
    func register(_ fd: Int32) {
        generation &+= 1
        let machine = HTTPConnectionStateMachine(settings: shared.settings, now: now)
        let connection = Connection(fd: fd, generation: generation, machine: machine, interest: EpollMask.input)
        guard epoll.add(fd, events: EpollMask.input, token: connection.token) else {
            close(fd)
            shared.openConnections.subtract(1, ordering: .relaxed)
            return
        }
        if Int(fd) >= connections.count {
            connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count + 64))
        }
        connections[Int(fd)] = connection
        connection.activeIndex = active.count
        active.append(connection)
        connection.deadline = connection.machine.deadline()
        shared.observer?.connectionOpened()
        if drainDeadline != nil { drain(connection) }
    }

    func handle(_ connection: Connection, events: UInt32, onlyIfReadable: Bool = false) {
        if events & EpollMask.error != 0 && events & EpollMask.input == 0 {
            closeConnection(connection)
            return
        }
        let ctx = context
        var actions: HTTPConnectionStateMachine.Actions?
        if events & (EpollMask.input | EpollMask.hangUp) != 0 {
            let n = read(connection.fd, readBuffer.baseAddress, readBuffer.count)
            if n > 0 {
                if observing { shared.observer?.bytesReceived(n) }
                actions = connection.machine.received(UnsafeRawBufferPointer(rebasing: readBuffer[0..<n]), ctx, responder)
            } else if n == 0 {
                actions = connection.machine.inputEnded(ctx, responder)
            } else if errno != EAGAIN && errno != EINTR {
                closeConnection(connection)  // reset by peer, or worse
                return
            } else if onlyIfReadable {
                return
            }
        }
        apply(actions ?? connection.machine.currentActions(), to: connection)
        if events & EpollMask.hangUp != 0 && isRegistered(connection) && connection.machine.pendingOutputCount == 0
            && actions == nil {
            closeConnection(connection)  // both directions gone and nothing left to say
        }
    }

    /// Carries out what the state machine asked for: send, half-close, close, interest, timer.
    func apply(_ initial: HTTPConnectionStateMachine.Actions, to connection: Connection) {
        var actions = initial
        var shutdownWrite = actions.shutdownWrite
        // A completed send can release pipelined requests that queue more output; bounded rounds.
        for _ in 0..<16 where actions.write && !actions.close {
            var pending = 0
            let n = connection.machine.withPendingOutput { bytes in
                pending = bytes.count
                return send(connection.fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            }
            let ctx = context
            if n < 0 {
                guard errno == EAGAIN || errno == EINTR else { closeConnection(connection); return }
                actions = connection.machine.sent(0, ctx, responder)
                break
            }
            if observing { shared.observer?.bytesSent(n) }
            actions = connection.machine.sent(n, ctx, responder)
            shutdownWrite = shutdownWrite || actions.shutdownWrite
            if n < pending { break }
        }
        if actions.close {
            closeConnection(connection)
            return
        }
        if shutdownWrite { _ = shutdown(connection.fd, Int32(SHUT_WR)) }
        let wanted = (actions.readInterest ? EpollMask.input : 0) | (actions.write ? EpollMask.output : 0)
        if wanted != connection.interest {
            epoll.modify(connection.fd, events: wanted, token: connection.token)
            connection.interest = wanted
        }
        connection.deadline = actions.deadline
    }

    func closeConnection(_ connection: Connection) {
        guard isRegistered(connection) else { return }
        close(connection.fd)  // also removes it from the epoll set
        connections[Int(connection.fd)] = nil
        let last = active.removeLast()
        if last !== connection {
            active[connection.activeIndex] = last
            last.activeIndex = connection.activeIndex
        }
        shared.openConnections.subtract(1, ordering: .relaxed)
        shared.observer?.connectionClosed()
        resumeAcceptingIfPossible()
    }
}
