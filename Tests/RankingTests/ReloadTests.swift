import Foundation
import Synchronization
import Testing
@testable import Ranking
import TestSupport

/// Hot reload: new versions and snapshots swap in while requests run, and broken ones leave the
/// old serving.
@Suite(.serialized) struct ReloadTests {
    /// Sends /rank from two clients until stopped (bounded to 60 s); counts non-200 answers.
    final class Load: @unchecked Sendable {
        let failures = Atomic<Int>(0)
        let requests = Atomic<Int>(0)
        let versions = Mutex<Set<String>>([])
        let stop = Atomic<Bool>(false)
        let done = DispatchGroup()

        init(port: Int) {
            for _ in 0..<2 {
                done.enter()
                Thread.detachNewThread { [self] in
                    let client = TestHTTPClient(port: port)
                    let deadline = Date().addingTimeInterval(60)
                    while !stop.load(ordering: .relaxed), Date() < deadline {
                        let response = try? client.post("/rank", #"{"query":"power bank","candidates":["P000883","P001418","P000030"]}"#)
                        requests.add(1, ordering: .relaxed)
                        if response?.status != 200 { failures.add(1, ordering: .relaxed); continue }
                        let model = response?.json()["model"] as? [String: Any]
                        if let version = model?["version"] as? String { versions.withLock { _ = $0.insert(version) } }
                    }
                    done.leave()
                }
            }
        }

        func finish() {
            stop.store(true, ordering: .relaxed)
            done.wait()
        }
    }

    func servedVersion(_ harness: ServiceHarness) throws -> String? {
        let ready = try TestHTTPClient(port: harness.port).get("/ready").json()
        return (ready["model"] as? [String: Any])?["version"] as? String
    }

    func servedSnapshot(_ harness: ServiceHarness, table: String = "query_product") throws -> String? {
        let ready = try TestHTTPClient(port: harness.port).get("/ready").json()
        return (ready["tables"] as? [[String: Any]])?.first { $0["name"] as? String == table }?["snapshot"] as? String
    }

    @Test func newModelVersionSwapsInUnderLoadAndBrokenOnesAreRefused() throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        try harness.waitReady()
        let load = Load(port: harness.port)
        try harness.addModelVersion("2") { $0["defaults"] = ["context.hour": 12, "query_product.text_similarity": 0.0] }
        _ = try harness.waitFor { _ in try servedVersion(harness) == "2" ? true : nil }
        // A corrupt model file, and a manifest naming a feature that does not exist.
        try harness.addModelVersion("3", modelBytes: Array("not an onnx model".utf8))
        _ = try harness.waitFor { _ in try problems(harness).contains { $0.contains("version 3") } ? true : nil }
        try addRefusedModelVersion(harness, "4", feature: "product.colour")
        _ = try harness.waitFor { _ in try problems(harness).contains { $0.contains("product.colour") } ? true : nil }
        Thread.sleep(forTimeInterval: 0.3)
        load.finish()
        #expect(try servedVersion(harness) == "2")
        #expect(load.failures.load(ordering: .relaxed) == 0, "requests failed during reloads")
        #expect(load.requests.load(ordering: .relaxed) > 10)
        #expect(load.versions.withLock { $0 }.isSuperset(of: ["1", "2"]))
        let metrics = try TestHTTPClient(port: harness.port).get("/metrics").text
        #expect(metrics.contains(#"rankd_reloads_total{kind="model",result="failure"} 2"#), "\(metrics)")
        #expect(metrics.contains(#"rankd_model_info{name="search",version="2"} 1"#))
        // Only the served version's scoring series stay: one per reload piled up before.
        #expect(metrics.contains(#"rankd_model_scoring_seconds_count{model="search",version="2"}"#))
        #expect(!metrics.contains(#"rankd_model_scoring_seconds_count{model="search",version="1"}"#))
    }

    func problems(_ harness: ServiceHarness) throws -> [String] {
        try TestHTTPClient(port: harness.port).get("/ready").json()["problems"] as? [String] ?? []
    }

    /// A model refused at start-up for its contract is the model's failure alone: the valid
    /// tables are parked, not failed, and serve as soon as a fitting model arrives (they were
    /// once marked failed and never retried, so only a restart recovered).
    @Test func aModelRefusedAtStartUpDoesNotStrandTheTables() throws {
        let harness = try ServiceHarness(pollInterval: 3600) { bundle in
            let manifest = bundle.appendingPathComponent("models/search/1/manifest.json")
            var json = try JSONSerialization.jsonObject(with: Data(contentsOf: manifest)) as? [String: Any] ?? [:]
            json["output"] = "score"
            try JSONSerialization.data(withJSONObject: json).write(to: manifest)
        }
        defer { harness.stop() }
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try problems(harness) == ["model search v1 refused: manifest output 'score' is not an ONNX output (model outputs: 'variable')"])
        let client = TestHTTPClient(port: harness.port)
        #expect(try client.get("/ready").status == 503)
        // Unchanged files: the refused combination is not retried, logged or counted again.
        _ = harness.service.scheduler.refreshAndWait()
        var metrics = try client.get("/metrics").text
        #expect(metrics.contains(#"rankd_reloads_total{kind="model",result="failure"} 1"#), "\(metrics)")
        #expect(metrics.contains(#"rankd_reloads_total{kind="table",result="failure"} 0"#), "valid tables are not failures")
        try harness.addModelVersion("2") { $0["output"] = "variable" }
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try servedVersion(harness) == "2")
        #expect(try problems(harness).isEmpty)
        metrics = try client.get("/metrics").text
        #expect(metrics.contains(#"rankd_reloads_total{kind="table",result="success"} 3"#), "\(metrics)")
        #expect(harness.logCount(#""event":"table_loaded""#) == 3,
                "parked tables are not read again")
    }

    /// A problem goes away with its cause: a refused version deleted, a vanished models
    /// directory back in place (both stayed listed in /ready for good).
    @Test func problemsClearWhenTheirCauseIsGone() throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        try addRefusedModelVersion(harness, "2")
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try problems(harness).contains { $0.contains("product.nope") })
        let models = harness.bundle.appendingPathComponent("models/search")
        try FileManager.default.removeItem(at: models.appendingPathComponent("2"))
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try problems(harness).isEmpty)
        let parked = harness.bundle.appendingPathComponent("parked-models")
        try FileManager.default.moveItem(at: harness.bundle.appendingPathComponent("models"), to: parked)
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try problems(harness).contains { $0.contains("cannot list the models directory") })
        try FileManager.default.moveItem(at: parked, to: harness.bundle.appendingPathComponent("models"))
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try problems(harness).isEmpty)
        #expect(try servedVersion(harness) == "1")
    }

    @Test func newSnapshotSwapsInAndACorruptOneIsRefused() throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        try harness.waitReady()
        let before = try servedSnapshot(harness)
        weak var replacedTable = harness.service.state.snapshot?.tables.first { $0.name == "query_product" }
        #expect(replacedTable != nil)
        let load = Load(port: harness.port)
        try harness.addSnapshot("20991231T000000Z")
        _ = try harness.waitFor { _ in try servedSnapshot(harness) == "20991231T000000Z" ? true : nil }
        // Once requests that started on it have finished, the replaced table's memory is freed.
        _ = try harness.waitFor(timeout: 10) { _ in replacedTable == nil ? true : nil }
        try harness.addSnapshot("20991231T120000Z", parts: ["part-00000.parquet": Array("PAR1 garbage PAR1".utf8)])
        _ = try harness.waitFor { _ in try problems(harness).contains { $0.contains("20991231T120000Z") } ? true : nil }
        load.finish()
        #expect(before != "20991231T000000Z")
        #expect(try servedSnapshot(harness) == "20991231T000000Z")
        #expect(load.failures.load(ordering: .relaxed) == 0)
        let ready = try TestHTTPClient(port: harness.port).get("/ready")
        #expect(ready.status == 200)
    }

    func modelFailures(_ harness: ServiceHarness) throws -> String? {
        let text = try TestHTTPClient(port: harness.port).get("/metrics").text
        return text.split(separator: "\n").first { $0.hasPrefix(#"rankd_reloads_total{kind="model",result="failure"}"#) }
            .map { String($0.split(separator: " ").last ?? "") }
    }

    /// A version whose manifest names a feature the tables lack: loads, and is refused.
    func addRefusedModelVersion(_ harness: ServiceHarness, _ version: String, feature: String = "product.nope") throws {
        try harness.addModelVersion(version) { manifest in
            var inputs = manifest["inputs"] as? [[String: Any]] ?? []
            var features = inputs[0]["features"] as? [String] ?? []
            features[0] = feature
            inputs[0]["features"] = features
            manifest["inputs"] = inputs
        }
    }

    /// A refused model version left in the directory must not hold back a good new snapshot:
    /// the parked model was retried with every new snapshot, refused again, and the snapshot
    /// parked with it, so features went stale (and each try counted another model failure).
    @Test func aParkedModelDoesNotHoldBackANewSnapshot() throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        try addRefusedModelVersion(harness, "2")
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try modelFailures(harness) == "1")
        for snapshot in ["20991231T000000Z", "20991231T120000Z"] {
            try harness.addSnapshot(snapshot)
            _ = harness.service.scheduler.refreshAndWait()
            #expect(try servedSnapshot(harness) == snapshot)
            #expect(try servedVersion(harness) == "1")
        }
        #expect(try problems(harness).contains { $0.contains("product.nope") }, "v2 is still refused, and says so")
        // v2 was tried once with each new snapshot (a new combination), never again unchanged.
        let failures = try modelFailures(harness)
        _ = harness.service.scheduler.refreshAndWait()
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try modelFailures(harness) == failures)
        #expect(harness.logCount(#""event":"model_loaded""#) == 2,
                "v1 and v2 loaded once each")
    }

    /// A snapshot refused with the served model, then a corrupt newer one, then that one
    /// deleted: the first is the newest again. It used to be read again on every poll with its
    /// refusal shown nowhere and the deleted file's problem shown for good.
    @Test func aRefusedSnapshotIsReadOnceAndItsRefusalShown() throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        let before = try servedSnapshot(harness)
        let unusable = try Data(contentsOf: SampleBundle.fixtures.appendingPathComponent("tables/query_product_without_query_ctr.parquet"))
        try harness.addSnapshot("20991231T000000Z", parts: ["part-00000.parquet": Array(unusable)])
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try servedSnapshot(harness) == before)
        #expect(try problems(harness).contains { $0.contains("refused with model search v1") && $0.contains("query_ctr") })
        try harness.addSnapshot("20991231T120000Z", parts: ["part-00000.parquet": Array("PAR1 garbage PAR1".utf8)])
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try problems(harness).contains { $0.contains("20991231T120000Z") })
        try FileManager.default.removeItem(at: harness.bundle.appendingPathComponent("features/query_product/20991231T120000Z"))
        for _ in 0..<3 { _ = harness.service.scheduler.refreshAndWait() }
        let problems = try problems(harness)
        #expect(!problems.contains { $0.contains("20991231T120000Z") }, "\(problems)")
        #expect(problems.contains { $0.contains("refused with model search v1") && $0.contains("query_ctr") }, "\(problems)")
        let loads = harness.logCount(#""event":"table_loaded""#, "20991231T000000Z")
        #expect(loads <= 2, "read \(loads) times")
        #expect(try servedSnapshot(harness) == before)
    }

    /// A refused version's problem survives a moment when the models directory cannot be
    /// listed: the locate error went away with the directory's return, and took the refusal with it.
    @Test func aParkedModelsRefusalComesBackAfterALocateProblem() throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        try addRefusedModelVersion(harness, "2")
        _ = harness.service.scheduler.refreshAndWait()
        let models = harness.bundle.appendingPathComponent("models")
        let away = harness.bundle.appendingPathComponent("models-away")
        try FileManager.default.moveItem(at: models, to: away)
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try problems(harness).contains { $0.contains("cannot list the models directory") })
        try FileManager.default.moveItem(at: away, to: models)
        _ = harness.service.scheduler.refreshAndWait()
        let problems = try problems(harness)
        #expect(problems.contains { $0.contains("product.nope") } && !problems.contains { $0.contains("cannot list") }, "\(problems)")
        #expect(try servedVersion(harness) == "1")
    }

    /// A good piece and a refused one arriving in the same check: the good one serves, the bad
    /// one is charged (both were held back, and the good model was blamed).
    @Test(arguments: [true, false])
    func aGoodPieceServesBesideARefusedOneOfTheSameCheck(goodModel: Bool) throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        let before = try servedSnapshot(harness)
        if goodModel {
            try harness.addModelVersion("2")
            let unusable = try Data(contentsOf: SampleBundle.fixtures.appendingPathComponent("tables/query_product_without_query_ctr.parquet"))
            try harness.addSnapshot("20991231T000000Z", parts: ["part-00000.parquet": Array(unusable)])
        } else {
            try addRefusedModelVersion(harness, "2")
            try harness.addSnapshot("20991231T000000Z")
        }
        for _ in 0..<3 { _ = harness.service.scheduler.refreshAndWait() }
        let problems = try problems(harness)
        if goodModel {
            #expect(try servedVersion(harness) == "2" && servedSnapshot(harness) == before)
            #expect(problems.count == 1 && problems[0].contains("snapshot refused with model search v2") && problems[0].contains("query_ctr"), "\(problems)")
            #expect(try modelFailures(harness) == "0")
        } else {
            #expect(try servedVersion(harness) == "1" && servedSnapshot(harness) == "20991231T000000Z")
            #expect(problems.count == 1 && problems[0].contains("product.nope"), "\(problems)")
            #expect(try modelFailures(harness) == "1")
        }
    }

    /// A broken version met again (a newer one deleted) is neither read nor counted again.
    @Test func aBrokenVersionMetAgainIsNotReadAgain() throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        try harness.addModelVersion("2", modelBytes: Array("not an onnx model".utf8))
        _ = harness.service.scheduler.refreshAndWait()
        try harness.addModelVersion("3")
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try servedVersion(harness) == "3")
        try FileManager.default.removeItem(at: harness.bundle.appendingPathComponent("models/search/3"))
        for _ in 0..<3 { _ = harness.service.scheduler.refreshAndWait() }
        #expect(try modelFailures(harness) == "1")
        #expect(harness.logCount(#""event":"load_failed""#) == 1)
        #expect(try problems(harness).contains { $0.contains("version 2") })
        #expect(try servedVersion(harness) == "3", "what serves keeps serving while the newest on disk is broken")
    }

    /// A snapshot with no rows (a failed job that still wrote _SUCCESS) does not replace a
    /// served table on reload: it would silently turn every lookup into a default.
    @Test func anEmptySnapshotDoesNotReplaceAServedTable() throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        let before = try servedSnapshot(harness)
        let empty = try Data(contentsOf: SampleBundle.fixtures.appendingPathComponent("tables/empty_query_product.parquet"))
        try harness.addSnapshot("20991231T000000Z", parts: ["part-00000.parquet": Array(empty)])
        _ = harness.service.scheduler.refreshAndWait()
        #expect(try servedSnapshot(harness) == before)
        #expect(try problems(harness).contains { $0.contains("snapshot 20991231T000000Z has no rows; refusing to replace the 6000 rows") })
        let metrics = try TestHTTPClient(port: harness.port).get("/metrics").text
        #expect(metrics.contains(#"rankd_reloads_total{kind="table",result="failure"} 1"#))
    }

    @Test func notReadyUntilTheModelArrives() throws {
        let harness = try ServiceHarness { bundle in
            try FileManager.default.moveItem(at: bundle.appendingPathComponent("models/search/1"),
                                             to: bundle.appendingPathComponent("parked"))
        }
        defer { harness.stop() }
        let client = TestHTTPClient(port: harness.port)
        _ = try harness.waitFor { _ in try problems(harness).isEmpty ? nil : true }
        #expect(try client.get("/health").status == 200)
        #expect(try client.get("/ready").status == 503)
        let rank = try client.post("/rank", #"{"query":"q","candidates":["P000883"]}"#)
        #expect(rank.status == 503)
        try FileManager.default.moveItem(at: harness.bundle.appendingPathComponent("parked"),
                                         to: harness.bundle.appendingPathComponent("models/search/1"))
        try harness.waitReady()
        #expect(try client.post("/rank", #"{"query":"q","candidates":["P000883"]}"#).status == 200)
    }

    /// A burst of reload requests costs one check per check actually started, not one per
    /// request: a flood of POST /admin/reload once queued tens of thousands of checks.
    @Test func reloadRequestsJoinAQueuedCheck() throws {
        let harness = try ServiceHarness(pollInterval: 3600)
        defer { harness.stop() }
        try harness.waitReady()
        let checks = { harness.logCount(#""reload_check""#) }
        _ = harness.service.scheduler.refreshAndWait()  // the start-up check has run
        let before = checks()
        var queued = 0
        for _ in 0..<5_000 where harness.service.scheduler.trigger(reason: "test") { queued += 1 }
        _ = harness.service.scheduler.refreshAndWait()  // every queued check has run
        #expect(queued >= 1)
        #expect(queued <= 50, "5,000 triggers queued \(queued) checks")
        #expect(checks() - before == queued)

        // Over HTTP: answered 202 either way, saying which.
        let client = TestHTTPClient(port: harness.port)
        var bodies = Set<String>()
        for _ in 0..<20 {
            let response = try client.post("/admin/reload", "")
            #expect(response.status == 202)
            bodies.insert(response.text)
        }
        #expect(bodies.isSubset(of: [#"{"status":"reload scheduled"}"#, #"{"status":"reload already scheduled"}"#]))
        #expect(bodies.contains(#"{"status":"reload scheduled"}"#))
    }

    /// A service that cannot listen (port in use) is released with a scheduler whose timer never
    /// started; libdispatch traps on releasing a suspended source (rankd exited 132 instead of 1).
    @Test func aServiceThatFailedToStartIsReleasedCleanly() throws {
        let running = try ServiceHarness(pollInterval: 3600)
        defer { running.stop() }
        var config = try ServiceConfig.load(path: SampleBundle.configPath)
        config.host = "127.0.0.1"
        config.port = running.port
        for _ in 0..<3 {
            var service: RankService? = try RankService(config: config, log: EventLog { _ in })
            #expect(throws: ServiceError.self) { try service?.start() }
            #expect((try? service?.start()) == nil)
            service = nil  // the trap was here
            _ = service
        }
        // A never-started scheduler, on its own.
        let loader = BundleLoader(config: config, state: ServingState(), metrics: nil, log: EventLog { _ in })
        var scheduler: ReloadScheduler? = ReloadScheduler(loader: loader, pollInterval: 5)
        scheduler = nil
        _ = scheduler
    }

    @Test func metricsPassPromtool() throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        try harness.waitReady()
        let client = TestHTTPClient(port: harness.port)
        _ = try client.post("/rank", #"{"query":"power bank","candidates":["P000883","nope"]}"#)
        _ = try client.post("/rank", "bad")
        let response = try client.get("/metrics")
        #expect(response.headers["content-type"] == "text/plain; version=0.0.4; charset=utf-8")
        for family in ["rankd_rank_requests_total", "rankd_rank_candidates_bucket", "rankd_model_scoring_seconds_bucket",
                       "rankd_feature_lookup_seconds_bucket", "rankd_feature_rows_missing_total", "rankd_model_info",
                       "rankd_table_rows", "rankd_snapshot_age_seconds", "rankd_http_requests_total", "process_cpu_seconds_total"] {
            #expect(response.text.contains(family), "missing \(family)")
        }
        // Recorded into the children resolved when the snapshot was installed.
        #expect(response.text.contains("rankd_feature_rows_missing_total{table=\"product\"} 1\n"))
        #expect(response.text.contains("rankd_model_scoring_seconds_count{model=\"search\",version=\"1\"} 1\n"))
        // Exported at 0 before any failure, so the alert's increase() sees the first one.
        #expect(response.text.contains("rankd_reloads_total{kind=\"model\",result=\"failure\"} 0\n"))
        #expect(response.text.contains("rankd_reloads_total{kind=\"table\",result=\"failure\"} 0\n"))
        checkHistograms(response.text)
        let promtool = try Promtool.checkMetrics(response.body)
        #expect(promtool.status == 0 && promtool.output.isEmpty, "promtool: \(promtool.output)")
    }

    /// What promtool does not check: per histogram series, `le` ascending, counts never
    /// decreasing, and the `+Inf` bucket equal to `_count`.
    func checkHistograms(_ text: String) {
        var buckets: [String: [(le: Double, count: Double)]] = [:]
        var counts: [String: Double] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            guard parts.count == 2, let value = Double(parts[1]) else { continue }
            let series = String(parts[0])
            if let range = series.range(of: "_bucket{") {
                let labels = series[range.upperBound...].dropLast()
                let pairs = labels.split(separator: ",").map(String.init)
                guard let le = pairs.first(where: { $0.hasPrefix("le=") }) else { continue }
                let key = String(series[..<range.lowerBound]) + "{" + pairs.filter { !$0.hasPrefix("le=") }.joined(separator: ",") + "}"
                let bound = le.dropFirst(4).dropLast()
                buckets[key, default: []].append((bound == "+Inf" ? .infinity : Double(bound) ?? .nan, value))
            } else if let range = series.range(of: "_count") {
                let rest = series[range.upperBound...]
                counts[String(series[..<range.lowerBound]) + (rest.isEmpty ? "{}" : String(rest))] = value
            }
        }
        #expect(!buckets.isEmpty)
        for (key, series) in buckets {
            #expect(series.map(\.le) == series.map(\.le).sorted(), "\(key): le not ascending")
            #expect(series.map(\.count) == series.map(\.count).sorted(), "\(key): counts decrease")
            #expect(series.last?.le == .infinity, "\(key): no +Inf bucket")
            #expect(series.last?.count == counts[key], "\(key): +Inf \(series.last?.count ?? -1) != _count \(counts[key] ?? -1)")
        }
    }
}
