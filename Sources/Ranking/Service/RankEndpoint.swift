import HTTPServer

/// POST /rank: decode, rank on the current snapshot, encode. Client mistakes are 400s with the
/// field named; no model yet is a 503; only a failure of our own is a 500.
struct RankEndpoint: Sendable {
    /// Made once: an array literal of Strings is an allocation per response.
    static let jsonHeaders: [(String, String)] = [("Content-Type", "application/json")]

    let state: ServingState
    let metrics: ServiceMetrics
    let limits: RankRequestLimits
    let access: AccessLog

    func handle(_ request: HTTPRequest, _ context: HTTPRequestContext) -> HTTPResponse {
        let started = monotonicSeconds()
        let decoded: RankRequest
        do {
            decoded = try RankRequest.decode(request.body, limits: limits)
        } catch {
            metrics.rankBadRequest.increment()
            access.refused(status: 400, code: error.code, field: error.field, tookMs: (monotonicSeconds() - started) * 1000)
            return HTTPResponse(status: 400, headers: RankEndpoint.jsonHeaders, body: error.responseBody)
        }
        guard let serving = state.serving else {
            metrics.rankNotReady.increment()
            access.refused(status: 503, code: "not_ready", field: nil, tookMs: (monotonicSeconds() - started) * 1000)
            return .error(status: 503, code: "not_ready", message: "no model is loaded yet; see GET /ready")
        }
        let snapshot = serving.snapshot
        let requestID = decoded.requestID ?? RequestIDs.next(loop: context.eventLoopIndex)
        let input = RankInput(query: decoded.query, candidates: decoded.candidates, userID: decoded.userID,
                              context: decoded.context,  // each name once: the decoder merged repeats, last wins
                              topK: decoded.topK, explain: decoded.explain)
        let outcome: RankOutcome
        do {
            outcome = try RankPipeline.rank(input, with: snapshot)
        } catch {
            metrics.rankError.increment()
            access.error("rank_failed", requestID: requestID, message: error.description)
            return .error(status: 500, code: "internal", message: "scoring failed (request \(requestID)); the server log has the cause")
        }
        metrics.recordRank(outcome, snapshot: snapshot, children: serving.metrics, candidates: input.candidates.count)
        let tookMs = (monotonicSeconds() - started) * 1000
        let body = decoded.explain
            ? RankResponse.encode(
                requestID: requestID, modelName: snapshot.model.name, modelVersion: snapshot.model.version,
                items: outcome.items.lazy.map { (id: $0.id, score: $0.score, rank: $0.rank) },
                explain: { outcome.items[$0].features ?? [] },
                integerIDs: decoded.integerCandidates, tookMilliseconds: tookMs)
            : RankResponse.encode(
                requestID: requestID, modelName: snapshot.model.name, modelVersion: snapshot.model.version,
                ranked: outcome.items, integerIDs: decoded.integerCandidates, tookMilliseconds: tookMs)
        access.record(requestID: requestID, candidates: input.candidates.count, tookMs: tookMs, model: snapshot.model)
        return HTTPResponse(status: 200, headers: RankEndpoint.jsonHeaders, body: body)
    }
}
