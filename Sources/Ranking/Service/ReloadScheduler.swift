import Dispatch
import Foundation
import Synchronization

/// Runs the bundle loader on one serial queue: at start, every poll interval, and whenever
/// asked (SIGHUP, POST /admin/reload). Loads never run on an event-loop thread, and never two
/// at once. Asks that arrive while a check is queued and not yet started join that check: a
/// burst of POST /admin/reload (a retrying deploy script, a flood) costs one check, not a
/// backlog of thousands that would hold back real reloads and grow the queue without bound.
///
/// `@unchecked Sendable`: its state is a DispatchQueue and a DispatchSource, both documented as
/// safe to use from any thread, and the loader box only touched on that queue.
public final class ReloadScheduler: @unchecked Sendable {
    private let queue = DispatchQueue(label: "rankd.reload")
    private let loader: LoaderBox
    private let timer: DispatchSourceTimer
    /// True from a trigger that queued a check until that check starts.
    private let checkQueued = Atomic<Bool>(false)
    /// Whether `start` resumed the timer: libdispatch traps when a source is released while
    /// still suspended, which is what a service that failed to start (port in use) would do.
    private let timerResumed = Atomic<Bool>(false)

    /// `@unchecked Sendable`: the loader is only ever touched on `queue`.
    private final class LoaderBox: @unchecked Sendable {
        let loader: BundleLoader
        init(_ loader: BundleLoader) { self.loader = loader }
    }

    public init(loader: BundleLoader, pollInterval: Double) {
        self.loader = LoaderBox(loader)
        timer = DispatchSource.makeTimerSource(queue: queue)
        let box = self.loader
        timer.schedule(deadline: .now() + pollInterval, repeating: pollInterval, leeway: .milliseconds(100))
        timer.setEventHandler { box.loader.refresh() }
    }

    /// Starts polling; the first load begins at once.
    public func start() {
        trigger(reason: "startup")
        if !timerResumed.exchange(true, ordering: .acquiringAndReleasing) { timer.resume() }
    }

    /// Schedules a check for new files and returns at once: true when this call queued one,
    /// false when it joined a check that is queued and has not started (which will see every
    /// file this caller wanted seen, since it has not looked at any yet).
    @discardableResult
    public func trigger(reason: String) -> Bool {
        guard checkQueued.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return false }
        queue.async { [self] in
            // Cleared before the check looks at the files: a trigger from now on may be about a
            // file this check has already passed, so it queues the next one.
            checkQueued.store(false, ordering: .releasing)
            loader.loader.log.info("reload_check", [("reason", .string(reason))])
            loader.loader.refresh()
        }
        return true
    }

    /// Runs a check now and waits for its report (tests, and the CLI's one-shot loads).
    public func refreshAndWait() -> BundleLoader.Report {
        let box = loader
        return queue.sync { box.loader.refresh() }
    }

    public func stop() {
        timer.cancel()
    }

    deinit {
        timer.cancel()
        // A cancelled source still has to be resumed once before its last release.
        if !timerResumed.load(ordering: .acquiring) { timer.resume() }
    }
}
