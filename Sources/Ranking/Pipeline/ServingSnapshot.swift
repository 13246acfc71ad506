import Foundation

/// Everything one request ranks with: a model, the tables, and the plan binding them. Requests
/// take a reference at their start and finish on it, so a reload swapping in a new snapshot
/// never changes what a request in flight sees; the old one is freed when the last such request
/// lets go.
public final class ServingSnapshot: Sendable {
    public let model: LoadedModel
    /// In configuration order.
    public let tables: [FeatureTable]
    /// Per table, the request value each key column binds to, in composed-key order.
    public let keySources: [[KeySource]]
    public let plan: FeaturePlan
    /// How the batch's rows are sorted before the model runs (tree ensembles only).
    let rowOrder: RowOrder?
    public let createdAt: Date

    /// `groupRows: false` scores rows in request order even for a tree ensemble (tests compare).
    public init(model: LoadedModel, tables: [FeatureTable], keySources: [[KeySource]], groupRows: Bool = true) throws(ContractError) {
        let plan = try FeaturePlan.build(manifest: model.manifest, signature: model.session.signature, tables: tables)
        self.plan = plan
        self.rowOrder = groupRows ? model.rowGrouping.flatMap { RowOrder(grouping: $0, plan: plan) } : nil
        self.model = model
        self.tables = tables
        self.keySources = keySources
        self.createdAt = Date()
    }
}

/// Monotonic seconds for timing request stages (not wall-clock: NTP steps must not skew them).
@inline(__always)
func monotonicSeconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_MONOTONIC, &now)
    return Double(now.tv_sec) + Double(now.tv_nsec) * 1e-9
}
