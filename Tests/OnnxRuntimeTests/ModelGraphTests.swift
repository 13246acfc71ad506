import Foundation
@testable import OnnxRuntime
import TestSupport
import Testing

/// The protobuf reader against the onnx package's own reading of the same files (graphs.json,
/// written by make_fixtures.py), and against broken files.
@Suite struct ModelGraphTests {
    static let models = ["lgbm_lambdarank.onnx", "mlp_regressor.onnx", "sklearn_gbr.onnx", "two_inputs.onnx", "int64_input.onnx", "multi_output.onnx"]

    /// graphs.json as ModelGraph values.
    static func expected() throws -> [String: ModelGraph] {
        let data = try Data(contentsOf: Fixtures.directory.appendingPathComponent("graphs.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        return json.mapValues { entry in
            let nodes = (entry["nodes"] as? [[String: Any]] ?? []).map { raw in
                ModelGraph.Node(
                    opType: raw["op_type"] as? String ?? "?", domain: raw["domain"] as? String ?? "?",
                    inputs: raw["inputs"] as? [String] ?? [], outputs: raw["outputs"] as? [String] ?? [],
                    integers: (raw["integers"] as? [String: [NSNumber]] ?? [:]).mapValues { $0.map(\.int64Value) },
                    strings: raw["strings"] as? [String: [String]] ?? [:])
            }
            return ModelGraph(inputs: entry["inputs"] as? [String] ?? [], nodes: nodes)
        }
    }

    @Test(arguments: models) func readsWhatTheOnnxPackageReads(model: String) throws {
        let expected = try #require(try Self.expected()[model])
        let graph = try ModelGraph.read(path: Fixtures.path(model))
        #expect(graph.inputs == expected.inputs)
        #expect(graph.nodes.count == expected.nodes.count)
        for (read, want) in zip(graph.nodes, expected.nodes) {
            #expect(read == want, "\(model): node \(want.opType) \(want.outputs)")
        }
    }

    @Test func treeEnsembleAttributesAreComplete() throws {
        let graph = try ModelGraph.read(path: Fixtures.path("lgbm_lambdarank.onnx"))
        let tree = try #require(graph.nodes.first { $0.opType == "TreeEnsembleRegressor" })
        let features = try #require(tree.integers["nodes_featureids"])
        #expect(features.count == tree.strings["nodes_modes"]?.count)
        #expect(features.allSatisfy { (0..<8).contains($0) })
        #expect(tree.strings["nodes_modes"]?.contains("LEAF") == true)
    }

    /// Every prefix of a real model, and the corrupt fixture: a graph or an error, never a trap.
    @Test func truncatedAndCorruptFilesAreErrorsOrGraphs() throws {
        let bytes = try Fixtures.bytes("lgbm_lambdarank.onnx")
        var errors = 0
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 400)) {
            let prefix = Array(bytes[0..<length])
            do {
                _ = try prefix.withUnsafeBytes { try ModelGraph(modelProto: $0) }
            } catch {
                errors += 1
                #expect("\(error)".contains("byte") || "\(error)".contains("no graph"), "\(error)")
            }
        }
        #expect(errors > 300)
        let corrupt = try Fixtures.bytes("corrupt.onnx")
        #expect(throws: ModelGraphError.self) { _ = try corrupt.withUnsafeBytes { try ModelGraph(modelProto: $0) } }
    }

    @Test func malformedWireDataNamesWhatIsWrong() {
        func error(_ bytes: [UInt8]) -> String {
            do {
                _ = try bytes.withUnsafeBytes { try ModelGraph(modelProto: $0) }
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(error([0x3A, 0x05, 0x0A]) == "model at byte 2: field 7 needs 5 bytes, 1 left")
        #expect(error([0x08] + [UInt8](repeating: 0xFF, count: 11)) == "model at byte 11: varint longer than 10 bytes")
        #expect(error([0x08, 0x80]) == "model at byte 2: truncated varint")
        #expect(error([0x0B]) == "model at byte 1: field 1 uses protobuf groups")
        #expect(error([0x07]) == "model at byte 1: bad field key 7")
        #expect(error([0x08, 0x01]) == "model: no graph (field 7)")
        // A node whose attribute's ints field has a fixed-width wire type.
        let attribute: [UInt8] = [0x0A, 0x01, 0x61, 0x45, 0, 0, 0, 0]
        let node: [UInt8] = [0x2A, UInt8(attribute.count)] + attribute
        let graph: [UInt8] = [0x0A, UInt8(node.count)] + node
        #expect(error([0x3A, UInt8(graph.count)] + graph) == "graph.node[0].attribute[0]: integer field 8 has wire type fixed32")
    }

    @Test func missingFileNamesThePath() {
        #expect { _ = try ModelGraph.read(path: "/nonexistent/model.onnx") } throws: { error in
            (error as? ModelGraphError)?.description.hasPrefix("/nonexistent/model.onnx:") == true
        }
    }

    @Test func filesOverTheLimitAreNotRead() throws {
        let size = try Fixtures.bytes("lgbm_lambdarank.onnx").count
        #expect { _ = try ModelGraph.read(path: Fixtures.path("lgbm_lambdarank.onnx"), maxBytes: 100) } throws: { error in
            "\(error)".hasSuffix("lgbm_lambdarank.onnx: \(size) bytes, more than the 100 read to inspect a graph")
        }
        #expect(throws: Never.self) { _ = try ModelGraph.read(path: Fixtures.path("lgbm_lambdarank.onnx"), maxBytes: size) }
    }

    @Test func randomBytesNeverTrap() {
        var generator = SeededGenerator(state: 41)
        for _ in 0..<2000 {
            let bytes = (0..<Int.random(in: 0..<64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            _ = try? bytes.withUnsafeBytes { try ModelGraph(modelProto: $0) }
        }
    }
}
