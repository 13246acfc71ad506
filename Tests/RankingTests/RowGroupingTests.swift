import Foundation
import OnnxRuntime
import TestSupport
import Testing
@testable import Ranking

/// Which tree-ensemble graphs get their batch rows sorted, by which columns, and that sorting
/// never changes a score.
@Suite struct RowGroupingTests {
    static let onnxFixtures = SampleBundle.repoRoot.appendingPathComponent("Tests/OnnxRuntimeTests/Fixtures")

    static func graph(_ model: String) throws -> ModelGraph {
        try ModelGraph.read(path: onnxFixtures.appendingPathComponent(model).path)
    }

    /// The three most split-on features of the LightGBM fixture, counted from the onnx package's
    /// reading of it (graphs.json), not from ours.
    @Test func lightGBMIsGroupedByItsMostSplitFeatures() throws {
        let data = try Data(contentsOf: Self.onnxFixtures.appendingPathComponent("graphs.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String: Any]])
        let nodes = try #require(json["lgbm_lambdarank.onnx"]?["nodes"] as? [[String: Any]])
        let tree = try #require(nodes.first { $0["op_type"] as? String == "TreeEnsembleRegressor" })
        let features = try #require((tree["integers"] as? [String: [Int]])?["nodes_featureids"])
        let modes = try #require((tree["strings"] as? [String: [String]])?["nodes_modes"])
        var counts: [Int: Int] = [:]
        for (feature, mode) in zip(features, modes) where mode != "LEAF" { counts[feature, default: 0] += 1 }
        let expected = counts.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.prefix(3).map(\.key)

        let grouping = try #require(RowGrouping.of(try Self.graph("lgbm_lambdarank.onnx")))
        #expect(grouping.input == "input")
        #expect(grouping.columns == expected)
        #expect(RowGrouping.of(try Self.graph("lgbm_lambdarank.onnx"), maxColumns: 1)?.columns == [expected[0]])
    }

    /// Two converters' tree ensembles (onnxmltools' LightGBM, skl2onnx's gradient boosting), run
    /// through ORT on grouped rows and put back: onnxruntime-Python's request-order outputs.
    @Test(arguments: ["lgbm_lambdarank", "sklearn_gbr"])
    func groupedRunsGiveOnnxRuntimePythonsOutputs(model: String) throws {
        let path = Self.onnxFixtures.appendingPathComponent("\(model).onnx").path
        let grouping = try #require(RowGrouping.of(try ModelGraph.read(path: path)))
        let session = try Session(path: path)
        let data = try Data(contentsOf: Self.onnxFixtures.appendingPathComponent("\(model).cases.json"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        let cases = try #require(json["cases"] as? [[String: Any]])
        func floats(_ raw: Any?) -> [Float] {
            ((raw as? [String: Any])?["data"] as? [Any] ?? []).map { ($0 as? NSNumber)?.floatValue ?? .nan }
        }
        var grouped = 0
        for recorded in cases {
            let rows = try #require(recorded["rows"] as? Int)
            let input = floats((recorded["inputs"] as? [String: Any])?["input"])
            let expected = floats((recorded["outputs"] as? [String: Any])?["variable"])
            let width = input.count / rows
            let plan = FeaturePlan(inputs: [FeaturePlan.Input(name: "input", width: width, isVector: false, segments: [],
                                                              context: [], featureNames: [])],
                                   tables: [], output: "variable", outputWidth: 1, outputIndex: 0)
            let order = try #require(RowOrder(grouping: grouping, plan: plan))
            let positions = input.withUnsafeBufferPointer { order.order(of: $0, count: rows) }
            if rows > 1, positions != (0..<Int32(rows)).map({ $0 }) { grouped += 1 }
            let outputs = try session.run([(name: "input", values: order.grouped(input, order: positions), shape: [Int64(rows), Int64(width)])],
                                          outputs: ["variable"])
            let scores = RowOrder.restored(try #require(outputs.first).values, order: positions)
            #expect(scores.count == expected.count)
            for (got, want) in zip(scores, expected) { #expect(abs(got - want) <= 1e-5, "\(model), \(rows) rows") }
        }
        #expect(grouped >= 2, "the multi-row cases were reordered")
    }

    @Test(arguments: ["mlp_regressor.onnx", "two_inputs.onnx", "multi_output.onnx", "int64_input.onnx"])
    func otherGraphsAreLeftInRequestOrder(model: String) throws {
        #expect(RowGrouping.of(try Self.graph(model)) == nil)
    }

    static func tree(reading input: String, features: [Int64] = [2, 0, 2, 1], output: String = "score") -> ModelGraph.Node {
        ModelGraph.Node(opType: "TreeEnsembleRegressor", domain: "ai.onnx.ml", inputs: [input], outputs: [output],
                        integers: ["nodes_featureids": features + [0]],
                        strings: ["nodes_modes": Array(repeating: "BRANCH_LEQ", count: features.count) + ["LEAF"]])
    }

    @Test func treesBehindCastOrIdentityAreGrouped() {
        let cast = ModelGraph.Node(opType: "Cast", inputs: ["x"], outputs: ["x32"])
        let identity = ModelGraph.Node(opType: "Identity", inputs: ["x32"], outputs: ["x2"])
        let graph = ModelGraph(inputs: ["x"], nodes: [cast, identity, Self.tree(reading: "x2")])
        #expect(RowGrouping.of(graph) == RowGrouping(input: "x", columns: [2, 0, 1]))
    }

    @Test func graphsThatCouldMixRowsAreNot() {
        let tree = Self.tree(reading: "x", output: "raw")
        // A softmax over the batch would make each score depend on the other rows.
        let softmax = ModelGraph.Node(opType: "Softmax", inputs: ["raw"], outputs: ["score"])
        #expect(RowGrouping.of(ModelGraph(inputs: ["x"], nodes: [tree, softmax])) == nil)
        // Trees fed by a computed tensor: its columns are not the input's.
        let mul = ModelGraph.Node(opType: "Mul", inputs: ["x", "w"], outputs: ["xw"])
        #expect(RowGrouping.of(ModelGraph(inputs: ["x"], nodes: [mul, Self.tree(reading: "xw")])) == nil)
        // Trees over two different inputs.
        let two = ModelGraph(inputs: ["a", "b"], nodes: [Self.tree(reading: "a", output: "s1"), Self.tree(reading: "b", output: "s2")])
        #expect(RowGrouping.of(two) == nil)
        // Trees over one input, and a second input passed through to an output (a hand-built
        // graph that was grouped: its scores came back permuted, the second input not reordered).
        let passthrough = ModelGraph(inputs: ["a", "b"], nodes: [
            Self.tree(reading: "a", output: "s1"),
            ModelGraph.Node(opType: "Identity", inputs: ["b"], outputs: ["b1"]),
            ModelGraph.Node(opType: "Cast", inputs: ["b1"], outputs: ["score"]),
        ])
        #expect(RowGrouping.of(passthrough) == nil)
        // An unused second graph input leaves the trees' grouping alone (the session check in
        // LoadedModel refuses models fed several inputs anyway).
        #expect(RowGrouping.of(ModelGraph(inputs: ["a", "b"], nodes: [Self.tree(reading: "a")])) != nil)
        // Attributes that do not line up, and a negative feature id.
        var broken = Self.tree(reading: "x")
        broken.strings["nodes_modes"]?.removeLast()
        #expect(RowGrouping.of(ModelGraph(inputs: ["x"], nodes: [broken])) == nil)
        #expect(RowGrouping.of(ModelGraph(inputs: ["x"], nodes: [Self.tree(reading: "x", features: [-1])])) == nil)
        // A tree in another operator domain, and no nodes at all.
        var foreign = Self.tree(reading: "x")
        foreign.domain = "com.example"
        #expect(RowGrouping.of(ModelGraph(inputs: ["x"], nodes: [foreign])) == nil)
        #expect(RowGrouping.of(ModelGraph(inputs: ["x"], nodes: [])) == nil)
    }

    static func rowOrder(columns: [Int], width: Int) throws -> RowOrder {
        let plan = FeaturePlan(inputs: [FeaturePlan.Input(name: "x", width: width, isVector: false, segments: [], context: [],
                                                          featureNames: (0..<width).map { "f\($0)" })],
                               tables: [], output: "score", outputWidth: 1, outputIndex: 0)
        return try #require(RowOrder(grouping: RowGrouping(input: "x", columns: columns), plan: plan))
    }

    @Test func rowsSortByEachColumnInTurnWithNaNLastAndTiesInRequestOrder() throws {
        let order = try Self.rowOrder(columns: [1, 0], width: 3)
        let rows: [[Float]] = [
            [5, .nan, 0], [2, 1, 1], [1, 1, 2], [9, -3, 3], [1, 1, 4], [0, .nan, 5], [-0.0, 0, 6], [0, 0, 7],
        ]
        let flat = rows.flatMap { $0 }
        let positions = flat.withUnsafeBufferPointer { order.order(of: $0, count: rows.count) }
        // Column 1 ascending (NaN last), then column 0; -0 ties with +0, so request order decides.
        #expect(positions == [3, 6, 7, 2, 4, 1, 5, 0])
        let grouped = order.grouped(flat, order: positions)
        #expect(grouped.enumerated().allSatisfy { index, value in
            value.bitPattern == flat[Int(positions[index / 3]) * 3 + index % 3].bitPattern
        })
        let scores = positions.map { Float($0) * 10 }  // what a model would return per grouped row
        #expect(RowOrder.restored(scores, order: positions) == (0..<rows.count).map { Float($0) * 10 })
    }

    @Test func anyBatchSizeGivesAPermutationGroupedByTheFirstColumn() throws {
        let order = try Self.rowOrder(columns: [0, 2, 1], width: 3)
        var generator = SeededGenerator(state: 7)
        for count in [1, 2, 16, 100, 1000, 5000] {
            let flat = (0..<(count * 3)).map { _ -> Float in
                Int.random(in: 0..<10, using: &generator) == 0 ? .nan : Float(Int.random(in: -20...20, using: &generator))
            }
            let positions = flat.withUnsafeBufferPointer { order.order(of: $0, count: count) }
            #expect(Set(positions).count == count && positions.allSatisfy { (0..<Int32(count)).contains($0) }, "\(count)")
            // Sorted by the first column's value as far as the key keeps it (its top bits).
            let first = positions.map { RowOrder.ascendingOrder(flat[Int($0) * 3]) >> UInt32(32 - RowOrder.columnBits) }
            #expect(first == first.sorted(), "\(count)")
        }
    }

    @Test func groupingNeedsTheColumnsInAMatrixInput() {
        let input = { (width: Int, isVector: Bool) in
            FeaturePlan(inputs: [FeaturePlan.Input(name: "x", width: width, isVector: isVector, segments: [], context: [], featureNames: [])],
                        tables: [], output: "score", outputWidth: 1, outputIndex: 0)
        }
        #expect(RowOrder(grouping: RowGrouping(input: "x", columns: [3]), plan: input(3, false)) == nil)
        #expect(RowOrder(grouping: RowGrouping(input: "x", columns: [0]), plan: input(1, true)) == nil)
        #expect(RowOrder(grouping: RowGrouping(input: "y", columns: [0]), plan: input(3, false)) == nil)
        #expect(RowOrder(grouping: RowGrouping(input: "x", columns: [2]), plan: input(3, false)) != nil)
    }

    /// What tells the loader that ORT and the graph reader read the same model file.
    @Test func fileIdentityChangesWhenTheFileIsRewritten() throws {
        let path = NSTemporaryDirectory() + "rankd-identity-\(UUID().uuidString)"
        try Data("one".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try #require(FileIdentity(path: path))
        #expect(FileIdentity(path: path) == first)
        usleep(20_000)  // file times advance with the kernel's coarse clock (a few ms)
        try Data("two".utf8).write(to: URL(fileURLWithPath: path))  // same size, in place
        #expect(FileIdentity(path: path) != first)
        #expect(FileIdentity(path: path + "-missing") == nil)
    }

    /// The sample bundle's LightGBM model, grouped and in request order: the same bits for every
    /// score, the same ranking.
    @Test func groupedScoresAreTheRequestOrderScores() throws {
        let grouped = try SampleBundle.loadSnapshot()
        #expect(grouped.rowOrder != nil)
        let plain = try ServingSnapshot(model: grouped.model, tables: grouped.tables, keySources: grouped.keySources, groupRows: false)
        #expect(plain.rowOrder == nil)
        // Sample product ids run P000000, P000001, ...; a few past the catalogue are unknown.
        let products = (0..<2100).map { "P" + String(repeating: "0", count: 6 - String($0).count) + String($0) }
        let cases = try #require(try SampleBundle.json("sample_parity.json")["cases"] as? [[String: Any]])
        let queries = cases.compactMap { ($0["request"] as? [String: Any])?["query"] as? String }
        var generator = SeededGenerator(state: 99)
        for round in 0..<40 {
            let count = [16, 17, 50, 100, 300][round % 5]
            var seen = Set<String>()
            let candidates = (0..<count).map { _ in products[Int.random(in: 0..<products.count, using: &generator)] }
                .filter { seen.insert($0).inserted }  // the pipeline takes distinct ids
            let input = RankInput(query: queries[Int.random(in: 0..<queries.count, using: &generator)],
                                  candidates: candidates,
                                  context: ["hour": Float(round % 24), "device_mobile": Float(round % 2)])
            let a = try RankPipeline.rank(input, with: grouped)
            let b = try RankPipeline.rank(input, with: plain)
            #expect(a.items == b.items, "round \(round)")
        }
    }
}
