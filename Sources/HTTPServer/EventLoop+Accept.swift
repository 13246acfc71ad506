import CRankdShim
import Glibc
import Synchronization

/// Accepting: capacity (maxConnections), file-descriptor exhaustion, and hand-off between loops.
extension EventLoop {
    /// Accepts until the backlog is empty (bounded per wake-up so one loop cannot starve its
    /// connections). At capacity, or out of file descriptors, the listener leaves the epoll set
    /// and the kernel backlog holds new clients, instead of the loop spinning on accept errors.
    func acceptConnections(limit: Int = 64) {
        for _ in 0..<limit where listener >= 0 {
            let open = shared.openConnections.wrappingAdd(1, ordering: .relaxed).newValue
            if open > shared.configuration.maxConnections {
                shared.openConnections.subtract(1, ordering: .relaxed)
                pauseAccepting(until: nil)
                shared.observer?.requestRejected(reason: "max_connections")
                return
            }
            let fd = SocketIO.accept(listener)
            if fd < 0 {
                let code = errno
                shared.openConnections.subtract(1, ordering: .relaxed)
                switch code {
                case EINTR, ECONNABORTED, EPROTO: continue
                case EMFILE, ENFILE, ENOBUFS, ENOMEM:
                    pauseAccepting(until: now.advanced(by: shared.configuration.acceptPauseAfterFileLimit))
                    shared.observer?.requestRejected(reason: "file_limit")
                    return
                default: return  // EAGAIN: backlog empty
                }
            }
            SocketIO.disableNagle(fd)
            if !handOff(fd) { register(fd) }
        }
    }

    /// Single-acceptor strategy: passes `fd` to the next loop in turn; false when this loop keeps it.
    private func handOff(_ fd: Int32) -> Bool {
        guard !handoffTargets.isEmpty else { return false }
        let target = handoffTargets[nextHandoffTarget % handoffTargets.count]
        nextHandoffTarget &+= 1
        guard target !== self else { return false }
        let accepted = target.handoff.withLock { state in
            if state.closed { return false }
            state.fds.append(fd)
            return true
        }
        if accepted { target.wake() }
        return accepted
    }

    func adoptHandedOff() {
        let fds = handoff.withLock { state in
            defer { state.fds.removeAll() }
            return state.fds
        }
        for fd in fds { register(fd) }
    }

    private func pauseAccepting(until resume: MonotonicTime?) {
        if listenerWatched {
            epoll.remove(listener)
            listenerWatched = false
        }
        acceptPausedUntil = resume
    }

    /// Re-arms a paused listener once there is room again and any EMFILE pause has elapsed.
    func resumeAcceptingIfPossible() {
        guard listener >= 0, !listenerWatched, drainDeadline == nil else { return }
        if let until = acceptPausedUntil, now < until { return }
        guard shared.openConnections.load(ordering: .relaxed) < shared.configuration.maxConnections else { return }
        acceptPausedUntil = nil
        watchListener()
    }
}
