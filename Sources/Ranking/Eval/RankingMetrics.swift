import Foundation

/// Offline ranking quality of one query: the relevance grades of its items in served order, and
/// all its judged grades (for the ideal ordering).
public struct JudgedRanking: Sendable {
    public var ranked: [Int]
    public var judged: [Int]

    public init(ranked: [Int], judged: [Int]) {
        self.ranked = ranked
        self.judged = judged
    }
}

public struct EvaluationSummary: Sendable, Equatable {
    public var ndcgAt10: Double
    public var mrr: Double
    public var precisionAt10: Double
    /// Queries with at least one relevant item (the others are skipped).
    public var queries: Int
    public var skipped: Int

    /// The release gate (`rankd eval --min-ndcg`): NDCG@10 at least `minimum`. Written as
    /// `>=` so that a NaN NDCG fails, where `ndcg < minimum` would let it through.
    public func passes(minNDCG minimum: Double) -> Bool { ndcgAt10 >= minimum }
}

/// NDCG@10 (gain 2^rel - 1, discount log2(rank + 1), ideal from the query's own judged items),
/// MRR of the first relevant item, and P@10 (share of the top 10 that is relevant, over
/// min(10, items ranked)). A query with no item of rel > 0 has no defined NDCG or MRR, so it is
/// skipped for all three, as TREC tools do.
public enum RankingMetrics {
    public static let cutoff = 10

    public static func summarize(_ queries: [JudgedRanking]) -> EvaluationSummary {
        var ndcg = 0.0, mrr = 0.0, precision = 0.0, counted = 0
        for query in queries where query.judged.contains(where: { $0 > 0 }) {
            ndcg += ndcgAt(cutoff, query)
            mrr += reciprocalRank(query.ranked)
            precision += precisionAt(cutoff, query.ranked)
            counted += 1
        }
        let n = Double(max(counted, 1))
        return EvaluationSummary(ndcgAt10: ndcg / n, mrr: mrr / n, precisionAt10: precision / n,
                                 queries: counted, skipped: queries.count - counted)
    }

    public static func dcg(_ grades: ArraySlice<Int>) -> Double {
        var total = 0.0
        for (position, grade) in grades.enumerated() where grade > 0 {
            total += (pow(2.0, Double(grade)) - 1) / log2(Double(position) + 2)
        }
        return total
    }

    public static func ndcgAt(_ k: Int, _ query: JudgedRanking) -> Double {
        let ideal = dcg(query.judged.sorted(by: >).prefix(k))
        guard ideal > 0 else { return 0 }
        return dcg(query.ranked.prefix(k)) / ideal
    }

    public static func reciprocalRank(_ ranked: [Int]) -> Double {
        guard let first = ranked.firstIndex(where: { $0 > 0 }) else { return 0 }
        return 1.0 / Double(first + 1)
    }

    public static func precisionAt(_ k: Int, _ ranked: [Int]) -> Double {
        let top = ranked.prefix(k)
        guard !top.isEmpty else { return 0 }
        return Double(top.filter { $0 > 0 }.count) / Double(top.count)
    }
}
