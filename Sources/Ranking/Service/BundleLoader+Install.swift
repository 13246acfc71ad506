import Foundation

extension BundleLoader {
    /// Binds the newest pieces into a snapshot, warms the model up and swaps it in; the old
    /// snapshot keeps serving when that is refused (contract mismatch, warm-up failure).
    ///
    /// All candidates are tried together first. When that is refused and some candidates were
    /// parked by an earlier refusal, the pieces loaded this time are tried alone with what
    /// serves, so a refused model version sitting in the directory never holds back a good new
    /// snapshot (or the other way round). Pieces left out or refused stay parked.
    func install(_ candidates: Candidates, report: inout Report) {
        var attempts = [candidates]
        let fresh = candidates.freshOnly
        if fresh.tables.count != candidates.tables.count || (fresh.model == nil) != (candidates.model == nil), !fresh.isEmpty {
            attempts.append(fresh)
        }
        for attempt in attempts {
            if case .done = tryInstall(attempt, report: &report) { return }
        }
        // Nothing installed: every candidate not parked yet is, so it is not read again, with
        // the refusal charged to it (if any) to show in /ready while it waits.
        let problems = state.currentProblems
        for name in candidates.freshTables {
            guard let entry = candidates.tables[name] else { continue }
            parkedTables[name] = (entry.table, entry.fingerprint, problems["table \(name)"])
        }
        if candidates.freshModel, let entry = candidates.model {
            parkedModel = (entry.model, entry.fingerprint, problems["model"])
        }
    }

    enum InstallOutcome {
        /// Installed, or nothing to install yet (no model, a table missing).
        case done
        /// Refused now or before (the message).
        case refused(String)
    }

    /// One combination: the serving pieces with `attempt`'s in their place.
    private func tryInstall(_ attempt: Candidates, report: inout Report) -> InstallOutcome {
        var merged = tablesByName
        for (name, entry) in attempt.tables { merged[name] = entry }
        let freshTables = attempt.tables.filter { attempt.freshTables.contains($0.key) }
        guard let chosenModel = attempt.model ?? currentModel else {
            commitTables(freshTables)  // kept so they need not be read again once a model arrives
            return .done
        }
        let missing = config.tables.filter { merged[$0.name] == nil }.map(\.name)
        guard missing.isEmpty else {
            // Only pieces never refused are kept as current; parked ones stay parked, with
            // their problems, until the combination can be tried.
            commitTables(freshTables)
            if attempt.freshModel { commitModel(attempt.model) }
            state.setProblem("waiting", "waiting for table(s) \(missing.joined(separator: ", "))")
            return .done
        }
        state.setProblem("waiting", nil)
        let combination = combinationKey(newTables: attempt.tables, newModel: attempt.model)
        if let known = refusedCombinations[combination] {
            // Refused before (logged and counted then): shown again on whoever it was charged to.
            if attempt.model != nil {
                state.setProblem("model", known)
            } else {
                for name in attempt.tables.keys { state.setProblem("table \(name)", known) }
            }
            return .refused(known)
        }
        let ordered = config.tables.compactMap { merged[$0.name]?.table }
        let keySources = config.tables.map { $0.key.map(\.source) }
        do {
            let snapshot = try ServingSnapshot(model: chosenModel.model, tables: ordered, keySources: keySources)
            try warmUp(snapshot)
            state.install(snapshot, metrics: metrics?.rankMetrics(for: snapshot))
            metrics?.modelInstalled(snapshot)
            refusedCombinations = [:]
            commitTables(attempt.tables)
            commitModel(attempt.model)
            report.swapped = true
            for _ in attempt.tables { metrics?.recordReload(kind: "table", success: true) }
            if attempt.model != nil { metrics?.recordReload(kind: "model", success: true) }
            log.info("snapshot_installed", [("model", .string(chosenModel.model.name)), ("version", .string(chosenModel.model.version)),
                                            ("tables", .string(ordered.map { "\($0.name)@\($0.snapshot.id)" }.joined(separator: ",")))])
            return .done
        } catch {
            // Charged to the new model when there is one (a model declares what it needs of
            // the tables), otherwise to the new tables; logged and counted once per combination.
            let message: String
            if let newModel = attempt.model {
                message = "model \(newModel.model.name) v\(newModel.model.version) refused: \(error)"
                noteFailure("model", fingerprint: combination, kind: "model", message: message, report: &report)
            } else {
                message = "refused with model \(chosenModel.model.name) v\(chosenModel.model.version): \(error)"
                for name in attempt.tables.keys.sorted() {
                    noteFailure("table \(name)", fingerprint: combination, kind: "table", message: message, report: &report)
                }
            }
            refusedCombinations[combination] = message
            return .refused(message)
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
