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
