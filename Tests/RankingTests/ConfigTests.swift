import Foundation
@testable import OnnxRuntime
@testable import Ranking
import Testing
import TestSupport

private func config(_ json: String) throws -> ServiceConfig {
    let data = Data(json.utf8)
    let object = try ConfigObject(file: "test.json", path: "", JSONSerialization.jsonObject(with: data))
    return try ServiceConfig.parse(object, base: URL(fileURLWithPath: "/bundle"))
}

private func configError(_ json: String) -> String {
    do {
        _ = try config(json)
        return "no error"
    } catch {
        return "\(error)"
    }
}

@Suite struct ServiceConfigTests {
    @Test func sampleConfigParsesWithPathsRelativeToTheFile() throws {
        let parsed = try ServiceConfig.load(path: SampleBundle.configPath)
        let root = URL(fileURLWithPath: SampleBundle.configPath).deletingLastPathComponent().standardizedFileURL.path
        #expect(parsed.tables.map(\.name) == ["product", "query_product", "user"])
        #expect(parsed.tables[1].path == root + "/features/query_product")
        #expect(parsed.tables[1].key.map(\.column) == ["query", "product_id"])
        #expect(parsed.tables[1].key.map(\.source) == [.query, .candidate])
        #expect(parsed.models.path == root + "/models")
        #expect(parsed.port == 8080)
    }

    @Test func defaultsAndOverrides() throws {
        let parsed = try config(#"{"features": [], "models": {"path": "/m", "name": "search", "version": "3"},"#
            + #""server": {"threads": 4, "shutdown_timeout_seconds": 2.5}, "ranking": {"max_candidates": 50},"#
            + #""reload": {"poll_interval_seconds": 1}, "logging": {"access_log_sample_rate": 0.5}}"#)
        #expect(parsed.threads == 4)
        #expect(parsed.shutdownTimeoutSeconds == 2.5)
        #expect(parsed.maxCandidates == 50)
        #expect(parsed.maxIDBytes == 256)
        #expect(parsed.models == ModelsConfig(path: "/m", name: "search", version: "3"))
        #expect(parsed.pollIntervalSeconds == 1)
        #expect(parsed.accessLogSampleRate == 0.5)
    }

    @Test(arguments: [
        (#"{"models": "m"}"#, "features: is required"),
        (#"{"features": []}"#, "models: is required"),
        (#"{"features": [], "models": "m", "sever": {}}"#, "sever: unknown setting"),
        (#"{"features": [], "models": "m", "server": {"port": 70000}}"#, "server.port: must be between 0 and 65535"),
        (#"{"features": [], "models": "m", "server": {"port": "80"}}"#, "server.port: must be an integer"),
        (#"{"features": [], "models": "m", "server": {"threads": true}}"#, "server.threads: must be an integer"),
        (#"{"features": [{"table": "t", "path": "x", "key": {"id": "sku"}}], "models": "m"}"#, "features[0].key.id: must be one of candidate, query, user"),
        (#"{"features": [{"table": "t", "path": "x"}], "models": "m"}"#, "features[0].key: is required"),
        (#"{"features": [{"table": "t.x", "path": "x", "key": {"id": "candidate"}}], "models": "m"}"#, "features[0].table"),
        (#"{"features": [{"table": "context", "path": "x", "key": {"id": "candidate"}}], "models": "m"}"#, "reserved"),
        (#"{"features": [{"table": "t", "path": "x", "key": {"a": "candidate"}}, {"table": "t", "path": "y", "key": {"a": "candidate"}}], "models": "m"}"#, "configured twice"),
        (#"{"features": [{"table": "t", "path": "x", "key": {"a": "candidate", "b": "candidate"}}], "models": "m"}"#, "same request value"),
        (#"{"features": [], "models": "m", "logging": {"access_log_sample_rate": 2}}"#, "between 0.0 and 1.0"),
    ])
    func mistakesNameTheField(json: String, expected: String) {
        let message = configError(json)
        #expect(message.contains(expected), "\(message)")
        #expect(message.hasPrefix("test.json"), "\(message)")
    }

    @Test func invalidJSONNamesTheByte() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rankd-bad-\(UUID().uuidString).json")
        try Data("{\"features\": [}".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect { _ = try ServiceConfig.load(path: file.path) } throws: { error in
            "\(error)".contains("invalid JSON at byte")
        }
    }

    /// Foundation keeps the last of two equal member names, so `"models"` given twice served
    /// the second silently; config files (and manifests) now refuse it, naming where.
    @Test(arguments: [
        (#"{"models": "models", "features": [], "models": "elsewhere"}"#, #"member "models" appears more than once"#),
        (#"{"server": {"port": 1, "port": 2}, "features": [], "models": "m"}"#, #"server: member "port" appears more than once"#),
        (#"{"features": [{"table": "a", "path": "p", "key": {"k": "candidate"}, "path": "q"}], "models": "m"}"#,
         #"features[0]: member "path" appears more than once"#),
    ])
    func repeatedMembersAreRefused(json: String, expected: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rankd-dup-\(UUID().uuidString).json")
        try Data(json.utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect { _ = try ServiceConfig.load(path: file.path) } throws: { error in
            "\(error)".contains(expected) && "\(error)".hasPrefix(file.path)
        }
    }

    @Test func aByteOrderMarkIsIgnoredAndAFIFOIsRefused() throws {
        let fifo = try TemporaryFIFO(named: "fifo.json")
        defer { fifo.remove() }
        let bom = fifo.directory.appendingPathComponent("bom.json")
        try Data([0xEF, 0xBB, 0xBF] + Array(#"{"features": [], "models": "m", "server": {"port": 9}}"#.utf8)).write(to: bom)
        #expect(try ServiceConfig.load(path: bom.path).port == 9)
        switch TemporaryFIFO.run(within: 10, { _ = try ServiceConfig.load(path: fifo.path) }) {
        case .timedOut: Issue.record("loading a FIFO did not return within 10 s")
        case .returned: Issue.record("a FIFO loaded as a config")
        case .threw(let error): #expect("\(error)".contains("not a regular file"), "\(error)")
        }
    }
}

@Suite struct ManifestAndContractTests {
    func manifest(_ json: String) throws -> ModelManifest {
        try ModelManifest.parse(ConfigObject(file: "manifest.json", path: "", JSONSerialization.jsonObject(with: Data(json.utf8))))
    }

    func table() throws -> FeatureTable {
        var keys = PackedKeys()
        ["a", "b"].forEach { keys.append($0) }
        return try FeatureTable(name: "product", keyColumns: ["product_id"], keys: keys, columns: [
            (name: "price", width: 1, sourceType: "FLOAT", values: [1, 2]),
            (name: "emb", width: 2, sourceType: "LIST<FLOAT>", values: [1, 2, 3, 4]),
        ], snapshot: SnapshotInfo(id: "s", dataPath: "/x", modified: Date(), loadedAt: Date()),
           skippedColumns: ["title": "is a STRING column; features must be numeric"])
    }

    func signature(width: Int64, input: TensorElementType = .float, output: [Int64] = [-1, 1]) -> ModelSignature {
        ModelSignature(inputs: [TensorInfo(name: "input", kind: .tensor, elementType: input, shape: [-1, width])],
                       outputs: [TensorInfo(name: "variable", kind: .tensor, elementType: .float, shape: output)])
    }

    func contractError(_ features: String, width: Int64, input: TensorElementType = .float, output: [Int64] = [-1, 1],
                       extra: String = "") throws -> String {
        let parsed = try manifest(#"{"inputs": [{"name": "input", "features": \#(features)}], "output": "variable"\#(extra)}"#)
        do {
            _ = try FeaturePlan.build(manifest: parsed, signature: signature(width: width, input: input, output: output), tables: [table()])
            return "accepted"
        } catch {
            return "\(error)"
        }
    }

    @Test func vectorFeaturesExpandAndDefaultsApply() throws {
        let parsed = try manifest(#"{"inputs": [{"name": "input", "features": ["product.price", "product.emb", "context.hour"]}], "output": "variable", "defaults": {"context.hour": 12, "product.price": null}}"#)
        let plan = try FeaturePlan.build(manifest: parsed, signature: signature(width: 4), tables: [table()])
        #expect(plan.inputs[0].featureNames == ["product.price", "product.emb[0]", "product.emb[1]", "context.hour"])
        #expect(plan.inputs[0].context.first?.fill == 12)
        #expect(plan.inputs[0].segments.first?.fill == nil, "a null default is NaN")
    }

    @Test func mismatchesAreRefusedNamingTheFeature() throws {
        #expect(try contractError(#"["product.price", "product.colour"]"#, width: 2).contains("product.colour"))
        #expect(try contractError(#"["product.title"]"#, width: 1).contains("STRING"))
        #expect(try contractError(#"["product.product_id"]"#, width: 1).contains("key column"))
        #expect(try contractError(#"["user.age"]"#, width: 1).contains("no table 'user'"))
        #expect(try contractError(#"["product.price", "product.emb"]"#, width: 2).contains("takes 2 features per row, the manifest lists 3"))
        #expect(try contractError(#"["product.price"]"#, width: 1, input: .int64).contains("tensor(int64)"))
        #expect(try contractError(#"["product.price"]"#, width: 1, output: [-1, 3]).contains("output_index"))
        #expect(try contractError(#"["product.price"]"#, width: 1, output: [-1, 3], extra: #", "output_index": 5"#).contains("out of range"))
        #expect(try contractError(#"["product.price"]"#, width: 1, output: [-1, 3], extra: #", "output_index": 2"#) == "accepted")
    }

    @Test(arguments: [
        (#"{"output": "v"}"#, "inputs"),
        (#"{"inputs": [{"name": "i", "features": ["a.b", "a.b"]}], "output": "v"}"#, "listed twice"),
        (#"{"inputs": [{"name": "i", "features": ["nodot"]}], "output": "v"}"#, "not 'table.column'"),
        (#"{"inputs": [{"name": "i", "features": ["a.b"]}]}"#, "output: is required"),
        (#"{"inputs": [{"name": "i", "features": ["a.b"]}], "output": "v", "defaults": {"x.y": 1}}"#, "not one of the model's features"),
        (#"{"inputs": [{"name": "i", "features": ["a.b"]}], "output": "v", "defaults": {"a.b": "1"}}"#, "number or null"),
    ])
    func manifestMistakes(json: String, expected: String) {
        do {
            _ = try manifest(json)
            Issue.record("accepted \(json)")
        } catch {
            #expect("\(error)".contains(expected), "\(error)")
        }
    }
}
