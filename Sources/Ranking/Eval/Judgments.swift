import Parquet

/// Graded relevance judgments: per query (in first-appearance order), its judged products in
/// file order with their grades.
public struct Judgments: Sendable {
    public struct Query: Sendable {
        public let query: String
        public var products: [String]
        public var grades: [Int]
    }

    public let queries: [Query]

    /// The grades NDCG's gain 2^rel − 1 can take: negative grades have no meaning there, and
    /// past ~1000 the gain overflows a Double (a 0–1024 scale printed NDCG as NaN, and NaN
    /// passed the --min-ndcg gate). Real scales are 0–4 or so; 100 leaves room and stays exact.
    public static let grades = 0...100

    /// Reads `query`, `product_id` and `relevance` columns (strings or integers for the first
    /// two, an integer type for relevance). Rows with a null in any of them are an error: a
    /// judgment file with holes would silently shift the metrics. So is a grade outside
    /// `grades`, a (query, product) judged twice with different grades (which one counts would
    /// be an accident of file order), and a file with no rows.
    public static func load(path: String) throws(EvaluationError) -> Judgments {
        let table: ParquetTable
        do {
            table = try ParquetDataset(path: path).read(columns: ["query", "product_id", "relevance"])
        } catch {
            throw EvaluationError("judgments: \(error.message)")
        }
        guard let query = table.column(named: "query"), let product = table.column(named: "product_id"),
              let relevance = table.column(named: "relevance") else {
            throw EvaluationError("\(path): needs columns query, product_id, relevance")
        }
        let queries: KeyColumn, products: KeyColumn
        do {
            queries = try KeyColumn(query, normalizeQuery: false)
            products = try KeyColumn(product, normalizeQuery: false)
        } catch {
            throw EvaluationError("\(path): \(error.detail)")
        }
        let grades = try gradeValues(relevance, path: path)
        guard table.numRows > 0 else { throw EvaluationError("\(path): no judgments (0 rows)") }
        var order: [String: Int] = [:]
        var result: [Query] = []
        /// Per query, the row that first judged each product, by the id's bytes (as the tables
        /// key products: String keys would merge "é" and "e" + U+0301).
        var judgedAt: [[[UInt8]: Int]] = []
        for row in 0..<table.numRows {
            guard !queries.isNull(row), !products.isNull(row), !relevance.isNull(row: row) else {
                throw EvaluationError("\(path): row \(row) has a null query, product_id or relevance")
            }
            guard Self.grades.contains(grades[row]) else {
                throw EvaluationError("\(path): row \(row): relevance must be an integer in \(Self.grades.lowerBound)..."
                    + "\(Self.grades.upperBound) (NDCG's gain is 2^rel - 1), got \(grades[row])")
            }
            let text = queries.text(row)
            let slot = order[text] ?? {
                order[text] = result.count
                result.append(Query(query: text, products: [], grades: []))
                judgedAt.append([:])
                return result.count - 1
            }()
            let product = products.text(row)
            if let earlier = judgedAt[slot][Array(product.utf8)] {
                guard grades[earlier] == grades[row] else {
                    throw EvaluationError("\(path): query '\(text)' judges product '\(product)' twice with different "
                        + "relevance: \(grades[earlier]) at row \(earlier), \(grades[row]) at row \(row)")
                }
                continue  // the same judgment repeated: counted once
            }
            judgedAt[slot][Array(product.utf8)] = row
            result[slot].products.append(product)
            result[slot].grades.append(grades[row])
        }
        return Judgments(queries: result)
    }

    private static func gradeValues(_ column: ParquetColumn, path: String) throws(EvaluationError) -> [Int] {
        switch column.values {
        case .int32(let v): return v.map(Int.init)
        case .int64(let v): return v.map { Int(truncatingIfNeeded: $0) }
        case .boolean(let v): return v.map { $0 ? 1 : 0 }
        default: throw EvaluationError("\(path): relevance must be an integer column, got \(column.descriptor.physicalType)")
        }
    }
}

public struct EvaluationError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Ranks each judged query's products through the serving pipeline (the same feature lookup
/// and model as POST /rank) and scores the orderings.
public enum Evaluator {
    public static func evaluate(_ judgments: Judgments, with snapshot: ServingSnapshot) throws(EvaluationError) -> EvaluationSummary {
        var rankings: [JudgedRanking] = []
        for query in judgments.queries {
            var grades: [[UInt8]: Int] = [:]  // by bytes, as the pipeline de-duplicates ids
            var distinct: [String] = []
            for (product, grade) in zip(query.products, query.grades) where grades[Array(product.utf8)] == nil {
                grades[Array(product.utf8)] = grade
                distinct.append(product)
            }
            let outcome: RankOutcome
            do {
                outcome = try RankPipeline.rank(RankInput(query: query.query, candidates: distinct), with: snapshot)
            } catch {
                throw EvaluationError("query '\(query.query)': \(error.description)")
            }
            rankings.append(JudgedRanking(ranked: outcome.items.map { grades[Array($0.id.utf8)] ?? 0 },
                                          judged: distinct.map { grades[Array($0.utf8)] ?? 0 }))
        }
        let summary = RankingMetrics.summarize(rankings)
        guard summary.queries > 0 else {
            throw EvaluationError("no judged query has a relevant item (relevance > 0): NDCG, MRR and P@10 are undefined")
        }
        return summary
    }
}
