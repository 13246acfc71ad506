import Dispatch
import Foundation
import HTTPServer
import Ranking

/// `rankd serve`: load the configuration, start the service, and turn signals into actions:
/// SIGTERM/SIGINT drain and exit 0 (Kubernetes sends SIGTERM on every rollout), SIGHUP reloads.
enum ServeCommand {
    static func run(_ raw: [String]) -> Int32 {
        let log = EventLog()
        do {
            let args = try Arguments(raw, flags: ["config", "host", "port", "threads"])
            var config = try ServiceConfig.load(path: try configPath(args["config"]))
            config.host = args["host"] ?? config.host
            config.port = try args.int("port", in: 0...65_535) ?? config.port
            config.threads = try args.int("threads", in: 0...1024) ?? config.threads
            log.info("starting", [("config", .string(config.source)), ("tables", .int(config.tables.count)),
                                  ("models", .string(config.models.path))])
            let service = try RankService(config: config, log: log)
            let watcher = SignalWatcher(signals: [SIGTERM, SIGINT, SIGHUP]) { signal in
                if signal == SIGHUP {
                    service.scheduler.trigger(reason: "SIGHUP")
                } else {
                    service.beginShutdown(reason: signal == SIGTERM ? "SIGTERM" : "SIGINT")
                }
            }
            try service.start()
            service.run()
            watcher.cancel()
            return 0
        } catch let error as UsageError {
            log.error("usage", [("error", .string(error.description))])
            return 2
        } catch {
            log.error("startup_failed", [("error", .string("\(error)"))])
            return 1
        }
    }

    /// An explicit --config, else the bundled sample: beside the working directory in a
    /// checkout, or installed under share/rankd (the container image).
    static func configPath(_ explicit: String?) throws(UsageError) -> String {
        if let explicit { return explicit }
        let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        let candidates = [
            "deploy/sample/config.json",
            executable.appendingPathComponent("../share/rankd/sample/config.json").standardizedFileURL.path,
            "/usr/local/share/rankd/sample/config.json",
        ]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw UsageError("no --config given and no bundled sample found (looked in \(candidates.joined(separator: ", ")))")
        }
        return found
    }
}
