import Foundation
import OnnxRuntime
import Parquet

/// Loads the configured tables and model, and on each `refresh` loads whatever changed on disk,
/// off the request path, then swaps a new snapshot in. A failed load is logged, counted and
/// remembered (it is not retried until the files change again) while the old snapshot keeps
/// serving. Not thread-safe by itself: `ReloadScheduler` runs it on one serial queue.
///
/// Two kinds of failure are remembered differently. A piece that cannot be read (a corrupt
/// file) is retried when its own files change. A piece that loaded but was refused in
/// combination (a model whose contract the tables do not meet) is parked, loaded, and the
/// combination is retried when any of its pieces changes: a model refused at start-up must not
/// leave valid tables unserved once a fixed model arrives.
public final class BundleLoader {
    public struct Report: Sendable, Equatable {
        public var loadedTables: [String] = []
        public var loadedModel: String? = nil
        public var failures: [String] = []
        public var swapped = false
    }

    let config: ServiceConfig
    let state: ServingState
    let metrics: ServiceMetrics?
    let log: EventLog
    private var tables: [String: (table: FeatureTable, fingerprint: String)] = [:]
    private var model: (model: LoadedModel, fingerprint: String)?
    /// Per piece ("model", "table NAME"), the fingerprints that failed and why, so a broken file
    /// is not read, logged or counted again however often it becomes the newest (a newer
    /// version deleted, a directory moved back). `loadFailed` ones are not read again at all;
    /// pieces refused in combination loaded fine and may be read again to be retried.
    var failures: [String: [String: (message: String, loadFailed: Bool)]] = [:]
    /// Failures remembered per piece; the oldest go first.
    static let rememberedFailures = 16
    /// Pieces that loaded but were refused in combination, kept so a retry need not read them
    /// again, with the refusal when it was charged to them (re-shown in /ready while parked).
    var parkedTables: [String: (table: FeatureTable, fingerprint: String, reason: String?)] = [:]
    var parkedModel: (model: LoadedModel, fingerprint: String, reason: String?)?
    /// Combinations (`combinationKey`) already refused, with why: none is tried, logged or
    /// counted again until one of its pieces changes. Emptied by an install (the serving
    /// pieces are part of every key).
    var refusedCombinations: [String: String] = [:]

    var tablesByName: [String: (table: FeatureTable, fingerprint: String)] { tables }
    var currentModel: (model: LoadedModel, fingerprint: String)? { model }

    /// Accepts loaded tables as current. Tables not yet servable (no model yet) are kept too,
    /// so they need not be read again once the model arrives.
    func commitTables(_ loaded: [String: (table: FeatureTable, fingerprint: String)]) {
        for (name, entry) in loaded {
            tables[name] = entry
            parkedTables[name] = nil
            clearFailure("table \(name)")
        }
    }

    func commitModel(_ loaded: (model: LoadedModel, fingerprint: String)?) {
        guard let loaded else { return }
        model = loaded
        parkedModel = nil
        clearFailure("model")
    }

    /// Takes a piece's problem off /ready: what is on disk for it now loaded, or is what serves
    /// (a refused version deleted, a directory moved back). Its failures stay remembered.
    func clearFailure(_ key: String) {
        state.setProblem(key, nil)
    }

    public init(config: ServiceConfig, state: ServingState, metrics: ServiceMetrics?, log: EventLog) {
        self.config = config
        self.state = state
        self.metrics = metrics
        self.log = log
    }

    /// Checks every table path and the models directory; loads and swaps in what changed.
    @discardableResult
    public func refresh() -> Report {
        var report = Report()
        var candidates = Candidates()
        for table in config.tables {
            guard let found = refreshTable(table, report: &report) else { continue }
            candidates.tables[table.name] = found.entry
            if found.fresh { candidates.freshTables.insert(table.name) }
        }
        if let found = refreshModel(report: &report) {
            candidates.model = found.entry
            candidates.freshModel = found.fresh
        }
        guard !candidates.isEmpty || (state.snapshot == nil && report.failures.isEmpty) else { return report }
        install(candidates, report: &report)
        return report
    }

    /// What a refresh may install: pieces loaded this time (`fresh`) and pieces parked after an
    /// earlier refusal, which are tried again with whatever changed since.
    struct Candidates {
        var tables: [String: (table: FeatureTable, fingerprint: String)] = [:]
        var model: (model: LoadedModel, fingerprint: String)?
        var freshTables: Set<String> = []
        var freshModel = false

        var isEmpty: Bool { tables.isEmpty && model == nil }
        /// The pieces loaded this time, without the parked ones.
        var freshOnly: Candidates {
            Candidates(tables: tables.filter { freshTables.contains($0.key) }, model: freshModel ? model : nil,
                       freshTables: freshTables, freshModel: freshModel)
        }
        var modelOnly: Candidates { Candidates(model: model, freshModel: freshModel) }
        var tablesOnly: Candidates { Candidates(tables: tables, freshTables: freshTables) }

        func sameAs(_ other: Candidates) -> Bool {
            model?.fingerprint == other.model?.fingerprint
                && tables.mapValues(\.fingerprint) == other.tables.mapValues(\.fingerprint)
        }
    }

    /// The fingerprints of the model and every table a snapshot would be built from.
    func combinationKey(newTables: [String: (table: FeatureTable, fingerprint: String)],
                        newModel: (model: LoadedModel, fingerprint: String)?) -> String {
        let tableParts = config.tables.map { "\($0.name)=" + (newTables[$0.name]?.fingerprint ?? tables[$0.name]?.fingerprint ?? "-") }
        return ([(newModel ?? model)?.fingerprint ?? "-"] + tableParts).joined(separator: "\n")
    }

    /// The table's snapshot when it differs from the committed one: parked (loaded before and
    /// refused in combination) or freshly loaded; nil when unchanged or it fails to load.
    private func refreshTable(_ table: TableConfig, report: inout Report)
        -> (entry: (table: FeatureTable, fingerprint: String), fresh: Bool)? {
        let key = "table \(table.name)"
        let resolved: ResolvedSnapshot
        do {
            resolved = try SnapshotLocator.resolve(table.path, table: table.name)
        } catch {
            parkedTables[table.name] = nil  // nothing to retry it with until the path is back
            noteFailure(key, fingerprint: "locate:\(error)", kind: "table", message: error.description, report: &report)
            return nil
        }
        let fingerprint = resolved.dataPath + "|" + resolved.fingerprint
        if tables[table.name]?.fingerprint == fingerprint {
            clearFailure(key)  // a refused newer snapshot was removed: what serves is on disk again
            parkedTables[table.name] = nil
            return nil
        }
        if let parked = parkedTables[table.name] {
            if parked.fingerprint == fingerprint {
                // Located again: a locate problem is stale; the refusal (if charged here) is not.
                state.setProblem(key, parked.reason)
                return ((parked.table, parked.fingerprint), false)
            }
            parkedTables[table.name] = nil
        }
        if let known = failures[key]?[fingerprint], known.loadFailed {
            state.setProblem(key, known.message)  // the newest is a file that failed before
            return nil
        }
        let started = monotonicSeconds()
        do {
            let loaded = try FeatureTableLoader.load(table, snapshot: resolved)
            log.info("table_loaded", [("table", .string(table.name)), ("snapshot", .string(resolved.id)),
                                      ("rows", .int(loaded.rowCount)), ("features", .int(loaded.width)),
                                      ("memory_bytes", .int(loaded.memoryBytes)), ("raw_bytes", .int(loaded.rawBytes)),
                                      ("null_key_rows", .int(loaded.nullKeyRows)),
                                      ("seconds", .double(monotonicSeconds() - started))])
            if loaded.nullKeyRows > 0 {
                log.warn("null_keys", [("table", .string(table.name)), ("snapshot", .string(resolved.id)),
                                          ("rows_left_out", .int(loaded.nullKeyRows)),
                                          ("reason", .string("a key column is null in these rows, so they cannot be looked up"))])
            }
            for (column, reason) in loaded.skippedColumns.sorted(by: { $0.key < $1.key }) {
                log.info("column_skipped", [("table", .string(table.name)), ("column", .string(column)), ("reason", .string(reason))])
            }
            if loaded.rowCount == 0, let current = tables[table.name]?.table, current.rowCount > 0 {
                // An empty snapshot with _SUCCESS is nearly always an upstream job that failed
                // quietly; swapping it in would turn every lookup into a default. Refused on
                // reload (a deliberate empty table can be served by a restart).
                noteFailure(key, fingerprint: fingerprint, kind: "table",
                            message: "snapshot \(resolved.id) has no rows; refusing to replace the \(current.rowCount) rows of "
                                + "snapshot \(current.snapshot.id) (restart to serve an empty table on purpose)", report: &report)
                return nil
            }
            clearFailure(key)  // an earlier file's failure is not this one's
            report.loadedTables.append(table.name)
            return ((loaded, fingerprint), true)
        } catch {
            noteFailure(key, fingerprint: fingerprint, kind: "table", message: error.description, report: &report)
            return nil
        }
    }

    /// The model version when it differs from the committed one: parked or freshly loaded.
    private func refreshModel(report: inout Report) -> (entry: (model: LoadedModel, fingerprint: String), fresh: Bool)? {
        let ref: ModelVersionRef
        do {
            ref = try ModelLocator.locate(config.models)
        } catch {
            parkedModel = nil
            noteFailure("model", fingerprint: "locate:\(error)", kind: "model", message: error.description, report: &report)
            return nil
        }
        let fingerprint = ref.directory + "|" + ref.fingerprint
        if model?.fingerprint == fingerprint {
            clearFailure("model")  // a refused newer version was removed, or the directory came back
            parkedModel = nil
            return nil
        }
        if let parked = parkedModel {
            if parked.fingerprint == fingerprint {
                state.setProblem("model", parked.reason)
                return ((parked.model, parked.fingerprint), false)
            }
            parkedModel = nil
        }
        if let known = failures["model"]?[fingerprint], known.loadFailed {
            state.setProblem("model", known.message)
            return nil
        }
        do {
            let loaded = try LoadedModel(ref: ref, options: SessionOptions(intraOpThreads: config.modelThreads))
            log.info("model_loaded", [("model", .string(ref.name)), ("version", .string(ref.version)),
                                      ("inputs", .string(loaded.session.signature.inputs.map { "\($0.name)\($0.shape)" }.joined(separator: ","))),
                                      ("row_grouping", .string(loaded.rowGrouping.map { "\($0.input) columns \($0.columns)" }
                                          ?? loaded.graphProblem.map { "none: \($0)" } ?? "none"))])
            clearFailure("model")  // an earlier version's failure is not this one's
            report.loadedModel = "\(ref.name)/\(ref.version)"
            return ((loaded, fingerprint), true)
        } catch {
            noteFailure("model", fingerprint: fingerprint, kind: "model", message: error.description, report: &report)
            return nil
        }
    }
}
