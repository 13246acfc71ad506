import Foundation

extension BundleLoader {
    /// Binds the newest pieces into a snapshot, warms the model up and swaps it in; the old
    /// snapshot keeps serving when that is refused (contract mismatch, warm-up failure).
    ///
    /// Tried in turn, each with what serves in place of the rest, until one installs: all the
    /// candidates; the pieces loaded this time (without ones parked by an earlier refusal); the
    /// model alone; the tables alone. So a refused piece never holds back a good one, whether
    /// it arrived earlier or in the same check, and each refused piece is charged with what
    /// refused it on its own. Pieces not installed stay parked.
    func install(_ candidates: Candidates, report: inout Report) {
        var attempts: [Candidates] = []
        for attempt in [candidates, candidates.freshOnly, candidates.modelOnly, candidates.tablesOnly]
            where !attempt.isEmpty && !attempts.contains(where: { $0.sameAs(attempt) }) {
            attempts.append(attempt)
        }
        var refusals: [(attempt: Candidates, error: String)] = []
        var installed: Candidates?
        for (index, attempt) in attempts.enumerated() {
            switch tryInstall(attempt, first: index == 0) {
            case .installed:
                report.swapped = true
                installed = attempt
            case .waiting:
                installed = attempt
            case .incomplete:
                continue
            case .refused(let error):
                refusals.append((attempt, error))
                continue
            }
            break
        }
        guard installed == nil || !refusals.isEmpty else { return }
        chargeRefusals(candidates, installed: installed, refusals: refusals, report: &report)
        let problems = state.currentProblems
        for (name, entry) in candidates.tables where installed?.tables[name]?.fingerprint != entry.fingerprint {
            parkedTables[name] = (entry.table, entry.fingerprint, problems["table \(name)"])
        }
        if let entry = candidates.model, installed?.model?.fingerprint != entry.fingerprint {
            parkedModel = (entry.model, entry.fingerprint, problems["model"])
        }
    }

    /// Each candidate left out is charged with the refusal of the attempt that tried it most on
    /// its own (the model alone, the tables alone), else the first that tried it; see below for
    /// when a table is charged at all.
    private func chargeRefusals(_ candidates: Candidates, installed: Candidates?,
                                refusals: [(attempt: Candidates, error: String)], report: inout Report) {
        func refusal(where tried: (Candidates) -> Bool) -> (attempt: Candidates, error: String)? {
            refusals.last(where: { tried($0.attempt) })
        }
        if let entry = candidates.model, installed?.model?.fingerprint != entry.fingerprint,
           let (_, error) = refusal(where: { $0.model?.fingerprint == entry.fingerprint }) {
            noteFailure("model", fingerprint: entry.fingerprint, kind: "model", loadFailed: false,
                        message: "model \(entry.model.name) v\(entry.model.version) refused: \(error)", report: &report)
        }
        for (name, entry) in candidates.tables.sorted(by: { $0.key < $1.key }) where installed?.tables[name]?.fingerprint != entry.fingerprint {
            // A table is at fault when it was refused with a model known to be good (the one
            // serving, or one installed just now without it); refused only beside a new model
            // that was refused too, the model takes the blame (it declares what it needs).
            let withGoodModel = { (attempt: Candidates) in attempt.model == nil || attempt.model?.fingerprint == installed?.model?.fingerprint }
            guard installed != nil || candidates.model == nil || refusals.contains(where: { withGoodModel($0.attempt) }),
                  let (attempt, error) = refusal(where: { $0.tables[name]?.fingerprint == entry.fingerprint }) else { continue }
            let with = (attempt.model ?? currentModel).map { "\($0.model.name) v\($0.model.version)" } ?? "none"
            noteFailure("table \(name)", fingerprint: entry.fingerprint, kind: "table", loadFailed: false,
                        message: "snapshot refused with model \(with): \(error)", report: &report)
        }
    }

    enum InstallOutcome {
        case installed
        /// Nothing to install yet (no model, a table missing); the fresh pieces were kept.
        case waiting
        /// A later attempt (one piece with what serves) when nothing serves to complete it.
        case incomplete
        /// Refused, now or in an earlier check (the error).
        case refused(String)
    }

    /// One combination: the serving pieces with `attempt`'s in their place. Only the `first`
    /// (all candidates) may commit pieces while waiting for a model or a table.
    private func tryInstall(_ attempt: Candidates, first: Bool) -> InstallOutcome {
        var merged = tablesByName
        for (name, entry) in attempt.tables { merged[name] = entry }
        let freshTables = attempt.tables.filter { attempt.freshTables.contains($0.key) }
        let missing = config.tables.filter { merged[$0.name] == nil }.map(\.name)
        if !first, attempt.model ?? currentModel == nil || !missing.isEmpty { return .incomplete }
        guard let chosenModel = attempt.model ?? currentModel else {
            commitTables(freshTables)  // kept so they need not be read again once a model arrives
            return .waiting
        }
        guard missing.isEmpty else {
            // Only pieces never refused are kept as current; parked ones stay parked, with
            // their problems, until the combination can be tried.
            commitTables(freshTables)
            if attempt.freshModel { commitModel(attempt.model) }
            state.setProblem("waiting", "waiting for table(s) \(missing.joined(separator: ", "))")
            return .waiting
        }
        state.setProblem("waiting", nil)
        let combination = combinationKey(newTables: attempt.tables, newModel: attempt.model)
        if let known = refusedCombinations[combination] { return .refused(known) }
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
            for _ in attempt.tables { metrics?.recordReload(kind: "table", success: true) }
            if attempt.model != nil { metrics?.recordReload(kind: "model", success: true) }
            log.info("snapshot_installed", [("model", .string(chosenModel.model.name)), ("version", .string(chosenModel.model.version)),
                                            ("tables", .string(ordered.map { "\($0.name)@\($0.snapshot.id)" }.joined(separator: ",")))])
            return .installed
        } catch {
            refusedCombinations[combination] = "\(error)"
            return .refused("\(error)")
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

    /// Shows `message` as the piece's problem; the first time this fingerprint fails, also logs
    /// and counts it (a failure is counted once per file, however often it is met).
    func noteFailure(_ key: String, fingerprint: String, kind: String, loadFailed: Bool = true, message: String,
                     report: inout Report) {
        state.setProblem(key, message)
        if failures[key]?[fingerprint] != nil {
            failures[key]?[fingerprint] = (message, loadFailed)
            return
        }
        var remembered = failures[key] ?? [:]
        if remembered.count >= Self.rememberedFailures, let oldest = remembered.keys.first { remembered[oldest] = nil }
        remembered[fingerprint] = (message, loadFailed)
        failures[key] = remembered
        report.failures.append(message)
        if !fingerprint.hasPrefix("locate:") { metrics?.recordReload(kind: kind, success: false) }
        log.error("load_failed", [("kind", .string(kind)), ("what", .string(key)), ("error", .string(message)),
                                  ("serving", .string(state.snapshot.map { "\($0.model.name)/\($0.model.version)" } ?? "nothing"))])
    }
}
