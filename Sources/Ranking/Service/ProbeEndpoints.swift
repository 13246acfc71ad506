import Foundation
import HTTPServer
import Metrics
import OnnxRuntime

/// GET /health, GET /ready, GET /metrics and POST /admin/reload.
struct ProbeEndpoints: Sendable {
    let state: ServingState
    let metrics: ServiceMetrics
    let startedAt: Date
    /// Asks for a check; true when a new one was queued, false when it joined a queued one.
    let reload: @Sendable (String) -> Bool

    /// Liveness: the process is up and its loops answer. Never depends on the bundle, so a bad
    /// snapshot cannot get pods killed in a restart loop.
    func health(_ request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPResponse {
        .json(status: 200, body: #"{"status":"ok"}"#)
    }

    /// Readiness: 200 only with a warmed-up model and all its tables; the body says what is
    /// served and, while not ready (or after failed reloads), why.
    func ready(_ request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPResponse {
        let snapshot = state.snapshot
        var writer = JSONWriter(capacity: 512)
        writer.beginObject()
        writer.key("ready")
        writer.bool(snapshot != nil)
        if let snapshot { describe(snapshot, into: &writer) }
        writer.key("problems")
        writer.beginArray()
        for (_, message) in state.currentProblems.sorted(by: { $0.key < $1.key }) { writer.string(message) }
        writer.endArray()
        writer.member("onnxruntime", OrtEnvironment.runtimeVersion)
        writer.key("uptime_seconds")
        writer.double(Date().timeIntervalSince(startedAt).rounded())
        writer.endObject()
        return HTTPResponse(status: snapshot == nil ? 503 : 200, headers: [("Content-Type", "application/json")], body: writer.bytes)
    }

    private func describe(_ snapshot: ServingSnapshot, into writer: inout JSONWriter) {
        writer.key("model")
        writer.beginObject()
        writer.member("name", snapshot.model.name)
        writer.member("version", snapshot.model.version)
        writer.member("loaded_at", EventLog.timestamp(snapshot.model.loadedAt))
        writer.endObject()
        writer.key("tables")
        writer.beginArray()
        let now = Date()
        for table in snapshot.tables {
            writer.beginObject()
            writer.member("name", table.name)
            writer.key("rows")
            writer.int(table.rowCount)
            writer.member("snapshot", table.snapshot.id)
            writer.key("age_seconds")
            writer.double(max(0, now.timeIntervalSince(table.snapshot.modified)).rounded())
            writer.key("memory_bytes")
            writer.int(table.memoryBytes)
            writer.endObject()
        }
        writer.endArray()
    }

    func metricsText(_ request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPResponse {
        .text(status: 200, metrics.registry.exposition(), contentType: MetricsRegistry.contentType)
    }

    /// Asks for a reload and answers at once: loading can take seconds and must not hold an
    /// event loop. The outcome shows in /ready, the log and rankd_reloads_total.
    func adminReload(_ request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPResponse {
        if reload("admin") { return .json(status: 202, body: #"{"status":"reload scheduled"}"#) }
        return .json(status: 202, body: #"{"status":"reload already scheduled"}"#)
    }
}
