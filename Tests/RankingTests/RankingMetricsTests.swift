import Foundation
import Testing
@testable import Ranking

@Suite struct RankingMetricsTests {
    @Test func ndcgByHand() {
        // grades in served order 3,2,0,1 ; ideal 3,2,1,0
        let query = JudgedRanking(ranked: [3, 2, 0, 1], judged: [0, 1, 2, 3])
        let dcg = 7 / log2(2.0) + 3 / log2(3.0) + 0 + 1 / log2(5.0)
        let ideal = 7 / log2(2.0) + 3 / log2(3.0) + 1 / log2(4.0)
        #expect(abs(RankingMetrics.ndcgAt(10, query) - dcg / ideal) < 1e-12)
    }

    @Test func perfectOrderingScoresOne() {
        let query = JudgedRanking(ranked: [4, 3, 3, 1, 0], judged: [0, 1, 3, 4, 3])
        #expect(abs(RankingMetrics.ndcgAt(10, query) - 1) < 1e-12)
    }

    @Test func reciprocalRankAndPrecision() {
        #expect(RankingMetrics.reciprocalRank([0, 0, 2, 1]) == 1.0 / 3)
        #expect(RankingMetrics.reciprocalRank([0, 0]) == 0)
        #expect(RankingMetrics.precisionAt(10, [1, 0, 2, 0]) == 0.5)
        #expect(RankingMetrics.precisionAt(10, Array(repeating: 1, count: 12) + [0]) == 1)
    }

    @Test func queriesWithoutRelevantItemsAreSkipped() {
        let summary = RankingMetrics.summarize([
            JudgedRanking(ranked: [0, 0], judged: [0, 0]),
            JudgedRanking(ranked: [1, 0], judged: [0, 1]),
        ])
        #expect(summary.queries == 1)
        #expect(summary.skipped == 1)
        #expect(summary.mrr == 1)
        #expect(summary.precisionAt10 == 0.5)
    }

    @Test func cutoffAtTen() {
        let ranked = Array(repeating: 0, count: 10) + [4]
        let query = JudgedRanking(ranked: ranked, judged: ranked)
        #expect(RankingMetrics.ndcgAt(10, query) == 0)
    }
}

@Suite struct RankingOrderTests {
    @Test func scoresDescendingTiesInRequestOrderNaNLast() {
        let scores: [Float] = [0.5, .nan, 2, -1, 2, 0, -0.0, .infinity, -.infinity, 0.5, -3.5e-40]
        let order = RankPipeline.ranking(scores, limit: nil)
        #expect(order == [7, 2, 4, 0, 9, 5, 6, 10, 3, 8, 1])
        #expect(RankPipeline.ranking(scores, limit: 3) == [7, 2, 4])
        #expect(RankPipeline.ranking([1], limit: 5) == [0])
    }

    @Test func agreesWithAStableSortOnRandomScores() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let scores = (0..<50).map { _ in Float(Int.random(in: -5...5, using: &generator)) / 2 }
            let expected = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
            #expect(RankPipeline.ranking(scores, limit: nil) == expected)
        }
    }
}

/// Judgment files that would make the metrics wrong or undefined are refused, naming the row;
/// the files come from pyarrow (Fixtures/judgments/make_judgments.py).
@Suite struct JudgmentsTests {
    static func path(_ name: String) -> String {
        SampleBundle.fixtures.appendingPathComponent("judgments/\(name)").path
    }

    static func refusal(_ name: String) -> String? {
        do {
            _ = try Judgments.load(path: path(name))
            return nil
        } catch {
            return error.description
        }
    }

    @Test func aRepeatedJudgmentCountsOnce() throws {
        let judgments = try Judgments.load(path: Self.path("repeated_same.parquet"))
        #expect(judgments.queries.map(\.query) == ["power bank", "desk lamp"])
        #expect(judgments.queries[0].products == ["P000883", "P001418"] && judgments.queries[0].grades == [2, 0])
    }

    @Test func badFilesAreRefusedNamingTheRow() {
        #expect(Self.refusal("conflicting.parquet")?.contains("judges product 'P000883' twice with different relevance: 2 at row 0, 4 at row 2") == true)
        #expect(Self.refusal("grade_1024.parquet")?.contains("row 0: relevance must be an integer in 0...100") == true)
        #expect(Self.refusal("grade_negative.parquet")?.contains("row 1: relevance must be an integer in 0...100") == true)
        #expect(Self.refusal("empty.parquet")?.contains("no judgments (0 rows)") == true)
    }

    @Test func nothingRelevantIsAnErrorNotAZeroScore() throws {
        let judgments = try Judgments.load(path: Self.path("nothing_relevant.parquet"))
        let snapshot = try SampleBundle.loadSnapshot()
        #expect(throws: EvaluationError.self) { try Evaluator.evaluate(judgments, with: snapshot) }
    }

    @Test func theGateFailsOnNaN() {
        var summary = EvaluationSummary(ndcgAt10: .nan, mrr: 0, precisionAt10: 0, queries: 1, skipped: 0)
        #expect(!summary.passes(minNDCG: 0.5))
        #expect(!summary.passes(minNDCG: 0))
        summary.ndcgAt10 = 0.5
        #expect(summary.passes(minNDCG: 0.5) && !summary.passes(minNDCG: 0.51))
    }
}
