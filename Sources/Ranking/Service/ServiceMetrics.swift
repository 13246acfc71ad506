import Foundation
import Metrics

/// Every metric rankd exports, registered once at start-up. Hot-path children (per outcome,
/// per table) are looked up once here so a request only touches atomics.
public final class ServiceMetrics: Sendable {
    public let registry: MetricsRegistry
    let rankOK: Counter, rankBadRequest: Counter, rankNotReady: Counter, rankError: Counter
    let candidates: Histogram
    let scoring: HistogramFamily
    let lookup: Histogram
    let missingRows: CounterFamily
    let reloads: CounterFamily
    let http: HTTPMetricsObserver

    public init(state: ServingState) throws(MetricsError) {
        let registry = MetricsRegistry()
        self.registry = registry
        http = try HTTPMetricsObserver(registry: registry)
        let outcomes = try registry.counter("rankd_rank_requests_total", help: "POST /rank requests by outcome.", labelNames: ["outcome"])
        rankOK = try outcomes.withLabels("ok")
        rankBadRequest = try outcomes.withLabels("bad_request")
        rankNotReady = try outcomes.withLabels("not_ready")
        rankError = try outcomes.withLabels("error")
        candidates = try registry.histogram("rankd_rank_candidates", help: "Distinct candidates per /rank request.",
                                            buckets: [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 10000]).unlabelled()
        scoring = try registry.histogram("rankd_model_scoring_seconds", help: "Time in the model per request, by model version.",
                                         labelNames: ["model", "version"])
        lookup = try registry.histogram("rankd_feature_lookup_seconds", help: "Time looking up features and building the batch per request.").unlabelled()
        missingRows = try registry.counter("rankd_feature_rows_missing_total", help: "Lookups that found no row, by table.", labelNames: ["table"])
        reloads = try registry.counter("rankd_reloads_total", help: "Model and table loads by kind and result.", labelNames: ["kind", "result"])
        // Every child exported from the start at 0: a series that first appears at 1 gives
        // increase() nothing to compare, so the first failed reload would never alert.
        for kind in ["model", "table"] {
            for result in ["success", "failure"] { _ = try reloads.withLabels(kind, result) }
        }
        try registerStateGauges(registry, state: state)
        registry.register(ProcessCollector())
    }

    private func registerStateGauges(_ registry: MetricsRegistry, state: ServingState) throws(MetricsError) {
        try registry.callbackGauge("rankd_ready", help: "1 when a model and all its tables are loaded and warmed up.") {
            state.snapshot == nil ? 0 : 1
        }
        try registry.callbackGauge("rankd_model_info", help: "The model version being served (value 1).", labelNames: ["name", "version"]) {
            guard let model = state.snapshot?.model else { return [] }
            return [LabelledValue(labelValues: [model.name, model.version], value: 1)]
        }
        try registry.callbackGauge("rankd_table_rows", help: "Rows in each served feature table.", labelNames: ["table"]) {
            (state.snapshot?.tables ?? []).map { LabelledValue(labelValues: [$0.name], value: Double($0.rowCount)) }
        }
        try registry.callbackGauge("rankd_snapshot_age_seconds", help: "Age of each served table's data (now minus its newest file's modification time).", labelNames: ["table"]) {
            let now = Date()
            return (state.snapshot?.tables ?? []).map {
                LabelledValue(labelValues: [$0.name], value: max(0, now.timeIntervalSince($0.snapshot.modified)))
            }
        }
        try registry.callbackGauge("rankd_table_memory_bytes", help: "Bytes held by each served feature table (index and values).", labelNames: ["table"]) {
            (state.snapshot?.tables ?? []).map { LabelledValue(labelValues: [$0.name], value: Double($0.memoryBytes)) }
        }
    }

    func recordReload(kind: String, success: Bool) {
        (try? reloads.withLabels(kind, success ? "success" : "failure"))?.increment()
    }

    /// After `snapshot` is installed: the scoring series of model versions no longer served are
    /// dropped (181 hot reloads left 181 versions' histograms in /metrics, and the family's child
    /// limit would eventually have stopped scoring from being recorded at all).
    func modelInstalled(_ snapshot: ServingSnapshot) {
        let live = [snapshot.model.name, snapshot.model.version]
        scoring.removeChildren { $0 != live }
    }

    /// The labelled children a snapshot's requests record into (nil only if a label is refused).
    func rankMetrics(for snapshot: ServingSnapshot) -> RankMetrics? {
        guard let scoring = try? scoring.withLabels(snapshot.model.name, snapshot.model.version) else { return nil }
        var missing: [Counter] = []
        for table in snapshot.tables {
            guard let counter = try? missingRows.withLabels(table.name) else { return nil }
            missing.append(counter)
        }
        return RankMetrics(scoring: scoring, missingRows: missing)
    }

    func recordRank(_ outcome: RankOutcome, snapshot: ServingSnapshot, children: RankMetrics?, candidates count: Int) {
        rankOK.increment()
        candidates.observe(Double(count))
        lookup.observe(outcome.lookupSeconds)
        guard let children = children ?? rankMetrics(for: snapshot) else { return }
        children.scoring.observe(outcome.scoringSeconds)
        for (counter, missing) in zip(children.missingRows, outcome.missingRows) where missing > 0 {
            counter.increment(by: missing)
        }
    }
}

/// Per snapshot: the scoring histogram of its model version and the missing-row counter of
/// each of its tables, in table order.
struct RankMetrics: Sendable {
    let scoring: Histogram
    let missingRows: [Counter]
}
