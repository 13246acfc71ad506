import Foundation

/// A named pipe in a fresh temporary directory, for tests that a loader refuses non-regular
/// files instead of blocking in open() for a writer that never comes.
public struct TemporaryFIFO: Sendable {
    public let directory: URL
    public let path: String

    public init(named name: String) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("rankd-fifo-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        path = directory.appendingPathComponent(name).path
        guard mkfifo(path, 0o600) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    public func remove() { try? FileManager.default.removeItem(at: directory) }

    /// What `body` did, run on its own thread and waited for up to `seconds`: a regression that
    /// blocks in open() then fails the test instead of hanging the suite (the thread is left).
    public enum Outcome { case returned, threw(any Error), timedOut }

    public static func run(within seconds: Double, _ body: @escaping @Sendable () throws -> Void) -> Outcome {
        final class Box: @unchecked Sendable {
            var outcome = Outcome.returned
            let done = DispatchSemaphore(value: 0)
        }
        let box = Box()
        Thread.detachNewThread {
            do { try body() } catch { box.outcome = .threw(error) }
            box.done.signal()
        }
        return box.done.wait(timeout: .now() + seconds) == .success ? box.outcome : .timedOut
    }
}
