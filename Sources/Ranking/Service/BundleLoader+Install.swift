import Foundation

extension BundleLoader {
    /// Binds the newest pieces into a snapshot, warms the model up and swaps it in. When the
    /// combination is refused (contract mismatch, warm-up failure) the old snapshot keeps
    /// serving, the new pieces are parked, and the failure is charged to the new model when
    /// there is one (a model declares what it needs of the tables), otherwise to the new tables.
    func install(newTables: [String: (table: FeatureTable, fingerprint: String)],
                 newModel: (model: LoadedModel, fingerprint: String)?, report: inout Report) {
        var merged = tablesByName
        for (name, entry) in newTables { merged[name] = entry }
        guard let chosenModel = newModel ?? currentModel else {
            if !newTables.isEmpty { commitTables(newTables) }
            return
        }
        let missing = config.tables.filter { merged[$0.name] == nil }.map(\.name)
        guard missing.isEmpty else {
            commitTables(newTables)
            if newModel != nil { commitModel(newModel) }
            state.setProblem("waiting", "waiting for table(s) \(missing.joined(separator: ", "))")
            return
        }
        let ordered = config.tables.compactMap { merged[$0.name]?.table }
        let keySources = config.tables.map { $0.key.map(\.source) }
        do {
            let snapshot = try ServingSnapshot(model: chosenModel.model, tables: ordered, keySources: keySources)
            try warmUp(snapshot)
            state.install(snapshot, metrics: metrics?.rankMetrics(for: snapshot))
            metrics?.modelInstalled(snapshot)
            state.setProblem("waiting", nil)
            refusedCombination = nil
            commitTables(newTables)
            commitModel(newModel)
            report.swapped = true
            for _ in newTables { metrics?.recordReload(kind: "table", success: true) }
            if newModel != nil { metrics?.recordReload(kind: "model", success: true) }
            log.info("snapshot_installed", [("model", .string(chosenModel.model.name)), ("version", .string(chosenModel.model.version)),
                                            ("tables", .string(ordered.map { "\($0.name)@\($0.snapshot.id)" }.joined(separator: ",")))])
        } catch {
            let message = "\(error)"
            let combination = combinationKey(newTables: newTables, newModel: newModel)
            refusedCombination = combination
            for (name, entry) in newTables { parkedTables[name] = entry }
            if let newModel {
                parkedModel = newModel
                noteFailure("model", fingerprint: combination, kind: "model",
                            message: "model \(newModel.model.name) v\(newModel.model.version) refused: \(message)", report: &report)
            } else {
                for name in newTables.keys.sorted() {
                    noteFailure("table \(name)", fingerprint: combination, kind: "table",
                                message: "refused with model \(chosenModel.model.name) v\(chosenModel.model.version): \(message)",
                                report: &report)
                }
            }
        }
    }

    /// Runs the model on batches of 1 and 100 rows so the first real request does not pay for
    /// ORT's first-run allocations; a model that cannot run is refused here, not on traffic.
    func warmUp(_ snapshot: ServingSnapshot) throws(RankError) {
        for size in [1, 100] {
            let input = RankInput(query: "", candidates: (0..<size).map { "\u{0}warmup-\($0)" })
            let outcome = try RankPipeline.rank(input, with: snapshot)
            guard outcome.items.count == size else {
                throw RankError(description: "warm-up returned \(outcome.items.count) scores for \(size) rows")
            }
        }
    }

    func noteFailure(_ key: String, fingerprint: String, kind: String, message: String, report: inout Report) {
        guard failed[key] != fingerprint else { return }
        failed[key] = fingerprint
        report.failures.append(message)
        state.setProblem(key, message)
        if !fingerprint.hasPrefix("locate:") { metrics?.recordReload(kind: kind, success: false) }
        log.error("load_failed", [("kind", .string(kind)), ("what", .string(key)), ("error", .string(message)),
                                  ("serving", .string(state.snapshot.map { "\($0.model.name)/\($0.model.version)" } ?? "nothing"))])
    }
}
