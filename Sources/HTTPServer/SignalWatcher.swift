import Dispatch
import Glibc

/// Delivers chosen signals to a handler on a dispatch queue instead of their default action.
/// Only the listed signals are touched, so an executable can watch others (SIGHUP for reload)
/// with its own watcher.
public final class SignalWatcher: @unchecked Sendable {
    // @unchecked: `sources` is written only in init and read in cancel(); DispatchSource itself is thread-safe.
    private let sources: [any DispatchSourceSignal]

    public init(signals: [Int32], queue: DispatchQueue = .global(), handler: @escaping @Sendable (Int32) -> Void) {
        sources = signals.map { number in
            // The default action (terminate) must be off, or the process dies before the source sees it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(number) }
            source.resume()
            return source
        }
    }

    /// Stops watching (the signals stay ignored).
    public func cancel() {
        for source in sources { source.cancel() }
    }

    /// Maps SIGTERM and SIGINT to `server.beginGracefulShutdown()`: what Kubernetes sends on
    /// every rollout, and Ctrl-C. Keep the returned watcher alive while the server runs.
    public static func gracefulShutdown(of server: HTTPServer, signals: [Int32] = [SIGTERM, SIGINT]) -> SignalWatcher {
        SignalWatcher(signals: signals) { _ in server.beginGracefulShutdown() }
    }
}
