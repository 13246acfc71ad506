import OnnxRuntime

/// A validated request as the pipeline sees it (the API layer decodes and checks the JSON).
public struct RankInput: Sendable {
    public var query: String
    /// Distinct candidate ids in request order.
    public var candidates: [String]
    public var userID: String?
    /// Context values by name, each name once. A request carries a handful, and a plan looks up
    /// a handful: a scan of this list costs less than building and hashing a dictionary.
    public var context: [RankRequest.ContextFeature]
    public var topK: Int?
    public var explain: Bool

    public init(query: String, candidates: [String], userID: String? = nil, context: [RankRequest.ContextFeature],
                topK: Int? = nil, explain: Bool = false) {
        self.query = query
        self.candidates = candidates
        self.userID = userID
        self.context = context
        self.topK = topK
        self.explain = explain
    }

    public init(query: String, candidates: [String], userID: String? = nil, context: [String: Float] = [:],
                topK: Int? = nil, explain: Bool = false) {
        self.init(query: query, candidates: candidates, userID: userID,
                  context: context.map { RankRequest.ContextFeature(name: $0.key, value: $0.value) }, topK: topK, explain: explain)
    }

    /// The value of context feature `name`, if the request carried it.
    func contextValue(_ name: String) -> Float? {
        context.first { $0.name == name }?.value
    }
}

public struct RankedItem: Sendable, Equatable {
    public let id: String
    public let score: Float
    public let rank: Int
    /// Present with `explain`: what the model was fed, by feature name.
    public let features: [(name: String, value: Float)]?

    public static func == (a: RankedItem, b: RankedItem) -> Bool {
        a.id == b.id && a.score.bitPattern == b.score.bitPattern && a.rank == b.rank
    }
}

public struct RankOutcome: Sendable {
    public var items: [RankedItem]
    public var lookupSeconds: Double
    public var scoringSeconds: Double
    /// Per configured table, how many lookups found no row.
    public var missingRows: [Int]
}

/// The scoring failed for a reason that is the service's, not the client's (a 500).
public struct RankError: Error, Sendable, CustomStringConvertible {
    public let description: String
}

/// The request path: look up features, build the batch, run the model, order the candidates.
public enum RankPipeline {
    public static func rank(_ input: RankInput, with snapshot: ServingSnapshot) throws(RankError) -> RankOutcome {
        let start = monotonicSeconds()
        var batch = FeatureBatch(plan: snapshot.plan, count: input.candidates.count)
        let missing = batch.assemble(input, snapshot: snapshot)
        let assembled = monotonicSeconds()
        let scores = try score(batch, snapshot: snapshot)
        let scored = monotonicSeconds()
        let order = ranking(scores, limit: input.topK)
        let items = order.enumerated().map { position, index in
            RankedItem(id: input.candidates[index], score: scores[index], rank: position + 1,
                       features: input.explain ? batch.features(of: index) : nil)
        }
        return RankOutcome(items: items, lookupSeconds: assembled - start, scoringSeconds: scored - assembled, missingRows: missing)
    }

    static func score(_ batch: FeatureBatch, snapshot: ServingSnapshot) throws(RankError) -> [Float] {
        let plan = snapshot.plan
        var inputs = batch.namedInputs
        var order: [Int32]?
        if let rowOrder = snapshot.rowOrder, batch.count >= RowOrder.minimumRows {
            let rows = inputs[rowOrder.slot].values.withUnsafeBufferPointer { rowOrder.order(of: $0, count: batch.count) }
            inputs[rowOrder.slot].values = rowOrder.grouped(inputs[rowOrder.slot].values, order: rows)
            order = rows
        }
        let outputs: [OutputTensor]
        do {
            outputs = try snapshot.model.session.run(inputs, outputs: [plan.output])
        } catch {
            throw RankError(description: "model \(snapshot.model.name) v\(snapshot.model.version) failed: \(error.message)")
        }
        guard let output = outputs.first else { throw RankError(description: "model returned no output") }
        let n = batch.count
        guard output.values.count % max(n, 1) == 0, output.values.count >= n else {
            throw RankError(description: "output '\(output.name)' has \(output.values.count) values for \(n) candidates")
        }
        let width = output.values.count / n
        guard plan.outputIndex < width else {
            throw RankError(description: "output '\(output.name)' has \(width) columns; output_index is \(plan.outputIndex)")
        }
        let scores = width == 1 ? output.values : (0..<n).map { output.values[$0 * width + plan.outputIndex] }
        guard let order else { return scores }
        return RowOrder.restored(scores, order: order)
    }

    /// Candidate indices by score, highest first; ties keep request order; NaN scores last.
    /// Each candidate becomes one integer key (score bits ordered descending, then its index),
    /// made in index order, so a radix sort over the score bytes alone gives the full order.
    static func ranking(_ scores: [Float], limit: Int?) -> [Int] {
        var keys = scores.enumerated().map { index, score in
            UInt64(descendingOrder(score)) << 32 | UInt64(UInt32(truncatingIfNeeded: index))
        }
        RadixSort.sort(&keys, sortedLowBytes: 4)
        let count = min(limit ?? keys.count, keys.count)
        return keys.prefix(count).map { Int($0 & 0xFFFF_FFFF) }
    }

    /// Maps a Float to a UInt32 that sorts ascending as the Float sorts descending, with every
    /// NaN after every number; -0 ties with +0.
    @inline(__always)
    static func descendingOrder(_ score: Float) -> UInt32 {
        score.isNaN ? UInt32.max : min(~FloatOrder.bits(score), UInt32.max - 1)
    }
}
