import Foundation
import Synchronization
@testable import Ranking

/// A real rankd on 127.0.0.1 (ephemeral port) over a private copy of the sample bundle, so a
/// test can drop new model versions and snapshots into it.
final class ServiceHarness: @unchecked Sendable {
    let bundle: URL
    let service: RankService
    final class Lines: Sendable { let lines = Mutex<[String]>([]) }
    let logs = Lines()
    private let finished = DispatchSemaphore(value: 0)

    var port: Int { service.server.boundPort }

    /// `prepare` may edit the copied bundle before the service starts.
    init(pollInterval: Double = 0.2, prepare: (URL) throws -> Void = { _ in }) throws {
        bundle = FileManager.default.temporaryDirectory.appendingPathComponent("rankd-e2e-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: SampleBundle.repoRoot.appendingPathComponent("deploy/sample"), to: bundle)
        try prepare(bundle)
        var config = try ServiceConfig.load(path: bundle.appendingPathComponent("config.json").path)
        config.host = "127.0.0.1"
        config.port = 0
        config.threads = 2
        config.pollIntervalSeconds = pollInterval
        let logs = self.logs
        service = try RankService(config: config, log: EventLog { line in logs.lines.withLock { $0.append(line) } })
        try service.start()
        let service = self.service, finished = self.finished
        Thread.detachNewThread {
            service.run()
            finished.signal()
        }
    }

    /// Log lines holding every one of `fragments` (an event name, a snapshot id).
    func logCount(_ fragments: String...) -> Int {
        logs.lines.withLock { lines in lines.filter { line in fragments.allSatisfy(line.contains) }.count }
    }

    /// Polls /ready until it answers 200 (or `timeout` passes); returns the last body.
    @discardableResult
    func waitReady(timeout: Double = 20) throws -> [String: Any] {
        try waitFor(timeout: timeout) { client in
            let response = try client.get("/ready")
            return response.status == 200 ? response.json() : nil
        }
    }

    /// Polls `probe` every 50 ms until it returns a value; bounded by `timeout`.
    func waitFor<T>(timeout: Double = 20, _ probe: (TestHTTPClient) throws -> T?) throws -> T {
        let client = TestHTTPClient(port: port)
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let value = try probe(client) { return value }
            Thread.sleep(forTimeInterval: 0.05)
        }
        throw TestHTTPClient.ClientError(description: "condition not met within \(timeout) s; log:\n\(logs.lines.withLock { $0.suffix(10).joined() })")
    }

    func stop() {
        service.beginShutdown(reason: "test")
        _ = finished.wait(timeout: .now() + 15)
        try? FileManager.default.removeItem(at: bundle)
    }

    /// Adds model version `version` as a copy of version 1 with `manifest` edits, renamed into
    /// place the way a deploy should (never half-written).
    func addModelVersion(_ version: String, modelBytes: [UInt8]? = nil, editManifest: (inout [String: Any]) -> Void = { _ in }) throws {
        let models = bundle.appendingPathComponent("models/search")
        let staging = models.appendingPathComponent(".staging-\(version)")
        try FileManager.default.createDirectory(at: staging, withIntermediateDirectories: true)
        let v1 = models.appendingPathComponent("1")
        if let modelBytes {
            try Data(modelBytes).write(to: staging.appendingPathComponent("model.onnx"))
        } else {
            try FileManager.default.copyItem(at: v1.appendingPathComponent("model.onnx"), to: staging.appendingPathComponent("model.onnx"))
        }
        var manifest = try JSONSerialization.jsonObject(with: Data(contentsOf: v1.appendingPathComponent("manifest.json"))) as? [String: Any] ?? [:]
        editManifest(&manifest)
        try JSONSerialization.data(withJSONObject: manifest).write(to: staging.appendingPathComponent("manifest.json"))
        try FileManager.default.moveItem(at: staging, to: models.appendingPathComponent(version))
    }

    /// Adds a query_product snapshot: the served one's files (or `parts` given), then _SUCCESS last.
    func addSnapshot(_ id: String, parts: [String: [UInt8]]? = nil) throws {
        let root = bundle.appendingPathComponent("features/query_product")
        let target = root.appendingPathComponent(id)
        try FileManager.default.createDirectory(at: target, withIntermediateDirectories: true)
        if let parts {
            for (name, bytes) in parts { try Data(bytes).write(to: target.appendingPathComponent(name)) }
        } else {
            let newest = try FileManager.default.contentsOfDirectory(atPath: root.path).filter { !$0.hasPrefix(".") && $0 != id }.sorted().last!
            for name in try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent(newest).path) where name.hasSuffix(".parquet") {
                try FileManager.default.copyItem(at: root.appendingPathComponent(newest).appendingPathComponent(name), to: target.appendingPathComponent(name))
            }
        }
        FileManager.default.createFile(atPath: target.appendingPathComponent("_SUCCESS").path, contents: Data())
    }
}
