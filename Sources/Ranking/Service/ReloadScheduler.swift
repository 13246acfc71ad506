import Dispatch
import Foundation

/// Runs the bundle loader on one serial queue: at start, every poll interval, and whenever
/// asked (SIGHUP, POST /admin/reload). Loads never run on an event-loop thread, and never two
/// at once.
///
/// `@unchecked Sendable`: its state is a DispatchQueue and a DispatchSource, both documented as
/// safe to use from any thread, and the loader box only touched on that queue.
public final class ReloadScheduler: @unchecked Sendable {
    private let queue = DispatchQueue(label: "rankd.reload")
    private let loader: LoaderBox
    private let timer: DispatchSourceTimer

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
        timer.resume()
    }

    /// Schedules a check for new files; returns at once.
    public func trigger(reason: String) {
        let box = loader
        queue.async {
            box.loader.log.info("reload_check", [("reason", .string(reason))])
            box.loader.refresh()
        }
    }

    /// Runs a check now and waits for its report (tests, and the CLI's one-shot loads).
    public func refreshAndWait() -> BundleLoader.Report {
        let box = loader
        return queue.sync { box.loader.refresh() }
    }

    public func stop() {
        timer.cancel()
    }
}
