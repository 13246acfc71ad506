import Foundation

/// Where a table's key column takes its value from in a request.
public enum KeySource: String, Sendable, Equatable, CaseIterable {
    /// Each candidate id.
    case candidate
    /// The request's query, normalised by `QueryNormalizer` (the column is normalised at load).
    case query
    /// The request's `user_id`.
    case user
}

public struct TableConfig: Sendable, Equatable {
    public var name: String
    /// Absolute path of a Parquet file, a Spark-style directory, or a directory of snapshots.
    public var path: String
    /// Key columns and what they bind to, in the composed key's order: the request-constant
    /// ones (query, user) by column name, then the candidate's.
    public var key: [(column: String, source: KeySource)]

    public static func == (a: TableConfig, b: TableConfig) -> Bool {
        a.name == b.name && a.path == b.path && a.key.map(\.column) == b.key.map(\.column)
            && a.key.map(\.source) == b.key.map(\.source)
    }
}

public struct ModelsConfig: Sendable, Equatable {
    /// Absolute path of the models directory (`<name>/<version>/model.onnx` + `manifest.json`).
    public var path: String
    /// Which model to serve; may be omitted when the directory holds exactly one.
    public var name: String?
    /// Pin a version; by default the highest complete version is served.
    public var version: String?
}

/// The whole service configuration: one immutable value with documented defaults.
public struct ServiceConfig: Sendable, Equatable {
    public var host = "0.0.0.0"
    public var port = 8080
    /// Event-loop threads; 0 = the CPUs the process may use.
    public var threads = 0
    /// Seconds a graceful shutdown waits for in-flight requests.
    public var shutdownTimeoutSeconds = 10.0
    public var maxBodyBytes = 1 << 20
    public var tables: [TableConfig] = []
    public var models = ModelsConfig(path: "models")
    public var maxCandidates = 1000
    public var maxIDBytes = 256
    /// Seconds between checks of the model directory and table paths for something new.
    public var pollIntervalSeconds = 10.0
    /// Fraction of requests written to the access log (0 = off, 1 = every request).
    public var accessLogSampleRate = 0.0
    /// Intra-op threads per model run; 1 keeps each request on its own loop thread.
    public var modelThreads = 1
    /// The file this was read from (paths inside are relative to its directory).
    public var source = "(defaults)"

    public init() {}

    public static func load(path: String) throws(ConfigError) -> ServiceConfig {
        let base = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(ConfigObject.load(path: path), base: base)
    }

    static func parse(_ root: ConfigObject, base: URL) throws(ConfigError) -> ServiceConfig {
        try root.rejectUnknown(["server", "features", "models", "ranking", "reload", "logging", "model_runtime"])
        var config = ServiceConfig()
        config.source = root.file
        if let server = try root.object("server") { try config.applyServer(server) }
        if let ranking = try root.object("ranking") {
            try ranking.rejectUnknown(["max_candidates", "max_id_bytes"])
            config.maxCandidates = try ranking.int("max_candidates", in: 1...100_000) ?? config.maxCandidates
            config.maxIDBytes = try ranking.int("max_id_bytes", in: 1...65_536) ?? config.maxIDBytes
        }
        if let reload = try root.object("reload") {
            try reload.rejectUnknown(["poll_interval_seconds"])
            config.pollIntervalSeconds = try reload.double("poll_interval_seconds", in: 0.05...86_400) ?? config.pollIntervalSeconds
        }
        if let logging = try root.object("logging") {
            try logging.rejectUnknown(["access_log_sample_rate"])
            config.accessLogSampleRate = try logging.double("access_log_sample_rate", in: 0...1) ?? 0
        }
        if let runtime = try root.object("model_runtime") {
            try runtime.rejectUnknown(["intra_op_threads"])
            config.modelThreads = try runtime.int("intra_op_threads", in: 1...256) ?? 1
        }
        config.tables = try parseTables(root, base: base)
        config.models = try parseModels(root, base: base)
        return config
    }

    private mutating func applyServer(_ server: ConfigObject) throws(ConfigError) {
        try server.rejectUnknown(["host", "port", "threads", "shutdown_timeout_seconds", "max_body_bytes"])
        host = try server.string("host") ?? host
        port = try server.int("port", in: 0...65_535) ?? port
        threads = try server.int("threads", in: 0...1024) ?? threads
        shutdownTimeoutSeconds = try server.double("shutdown_timeout_seconds", in: 0...3600) ?? shutdownTimeoutSeconds
        maxBodyBytes = try server.int("max_body_bytes", in: 1024...(256 << 20)) ?? maxBodyBytes
    }
}
