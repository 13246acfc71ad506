import Foundation
import Testing
@testable import Ranking

/// Scores and feature vectors from the serving pipeline equal an independent Python
/// implementation of the lookup rules scored by onnxruntime's Python API (within 1e-5).
@Suite struct PipelineParityTests {
    @Test func everyCaseMatchesPython() throws {
        let snapshot = try SampleBundle.loadSnapshot()
        let parity = try SampleBundle.json("sample_parity.json")
        let cases = try #require(parity["cases"] as? [[String: Any]])
        #expect(cases.count >= 10)
        for entry in cases {
            let name = entry["name"] as? String ?? "?"
            let body = try JSONSerialization.data(withJSONObject: try #require(entry["request"]))
            var request = try RankRequest.decode([UInt8](body))
            request.explain = true
            let input = RankInput(query: request.query, candidates: request.candidates, userID: request.userID,
                                  context: Dictionary(request.context.map { ($0.name, $0.value) }, uniquingKeysWith: { $1 }),
                                  topK: request.topK, explain: true)
            let outcome = try RankPipeline.rank(input, with: snapshot)
            let expected = try #require(entry["expected_items"] as? [[String: Any]], "\(name)")
            #expect(outcome.items.map(\.id) == expected.map { SampleBundle.idText($0["id"]) }, "\(name): order")
            for (item, want) in zip(outcome.items, expected) {
                #expect(abs(item.score - SampleBundle.float(want["score"])) <= 1e-5, "\(name): \(item.id)")
            }
            try checkVectors(entry, outcome, candidates: input.candidates, name: name)
        }
    }

    /// `feature_vectors` holds one vector per distinct candidate, in request order.
    private func checkVectors(_ entry: [String: Any], _ outcome: RankOutcome, candidates: [String], name: String) throws {
        let vectors = try #require(entry["feature_vectors"] as? [[Any]], "\(name): feature_vectors")
        #expect(vectors.count == candidates.count, "\(name): one vector per distinct candidate")
        for item in outcome.items {
            let position = try #require(candidates.firstIndex(of: item.id))
            let want = vectors[position]
            let got = try #require(item.features)
            #expect(got.count == want.count, "\(name): \(item.id) width")
            for ((feature, value), expected) in zip(got, want) {
                let e = SampleBundle.float(expected)
                let same = (value.isNaN && e.isNaN) || value == e
                #expect(same, "\(name): \(item.id) \(feature) = \(value), python \(e)")
            }
        }
    }

    @Test func evalMatchesPython() throws {
        let snapshot = try SampleBundle.loadSnapshot()
        let expected = try SampleBundle.json("sample_eval.json")
        let judgments = try Judgments.load(path: SampleBundle.repoRoot.appendingPathComponent("deploy/sample/judgments.parquet").path)
        let summary = try Evaluator.evaluate(judgments, with: snapshot)
        #expect(summary.queries == expected["queries"] as? Int)
        #expect(abs(summary.ndcgAt10 - ((expected["ndcg@10"] as? Double) ?? -1)) < 1e-6)
        #expect(abs(summary.mrr - ((expected["mrr"] as? Double) ?? -1)) < 1e-6)
        #expect(abs(summary.precisionAt10 - ((expected["p@10"] as? Double) ?? -1)) < 1e-6)
    }
}
