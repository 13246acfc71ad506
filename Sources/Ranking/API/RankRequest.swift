/// The body of `POST /rank`:
/// ```
/// {"query": "wireless headphones", "candidates": ["SKU-1", "SKU-2", 17], "top_k": 10,
///  "user_id": "u-42", "context": {"hour": 13, "device_mobile": 1},
///  "request_id": "abc", "explain": false}
/// ```
/// Only `query` and `candidates` are required. Unknown top-level members are ignored so that
/// clients can send fields a newer server will understand (forward compatibility); `null`
/// for an optional member means the same as leaving it out. A member given twice takes its
/// last value, as `JSONValue`'s lookup does.
public struct RankRequest: Sendable, Equatable {
    /// The search query as sent (may be empty; the ranking layer normalises it).
    public var query: String
    /// Candidate ids in request order, each ranked once: a repeated id keeps its first
    /// position. Integer ids arrive as their decimal text (`17` → "17", `-3` → "-3").
    public var candidates: [String]
    /// How many items to return; nil means all. May exceed the candidate count.
    public var topK: Int?
    public var userID: String?
    /// Request-time features in request order; a name given twice keeps its last value.
    public var context: [ContextFeature]
    /// The client's id for this request, echoed in the response; nil when not sent.
    public var requestID: String?
    /// Whether each item in the response carries the feature values the model saw.
    public var explain: Bool

    public struct ContextFeature: Sendable, Equatable {
        public var name: String
        public var value: Float

        public init(name: String, value: Float) {
            self.name = name
            self.value = value
        }
    }

    public init(query: String, candidates: [String], topK: Int? = nil, userID: String? = nil,
                context: [ContextFeature] = [], requestID: String? = nil, explain: Bool = false) {
        self.query = query
        self.candidates = candidates
        self.topK = topK
        self.userID = userID
        self.context = context
        self.requestID = requestID
        self.explain = explain
    }

    /// The value of context feature `name`, if the request carried it.
    public func contextValue(_ name: String) -> Float? {
        context.first { $0.name == name }?.value
    }
}

/// Bounds on a request, so that one body cannot make the service allocate or work without
/// limit. Defaults suit interactive search ranking.
public struct RankRequestLimits: Sendable {
    public var maxCandidates = 1000
    public var maxIDBytes = 256
    public var maxQueryBytes = 1024
    public var maxContextEntries = 64
    public var maxRequestIDBytes = 128
    /// The whole body; 1000 maximal ids fit comfortably.
    public var maxBodyBytes = 1 << 20
    /// The request itself nests two levels; unknown members may nest a little deeper.
    public var maxDepth = 16

    public init() {}
}

/// Why a request was refused; every case is a client error (HTTP 400).
public struct RankRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `invalid_json` when the body is not JSON at all, `invalid_request` when it is JSON
    /// that breaks a rule of this API.
    public let code: String
    /// The member at fault as a path (`candidates[3]`, `context.hour`), nil for the body.
    public let field: String?
    public let message: String

    public init(code: String, field: String?, message: String) {
        self.code = code
        self.field = field
        self.message = message
    }

    static func invalidRequest(_ field: String?, _ message: String) -> RankRequestError {
        RankRequestError(code: "invalid_request", field: field, message: message)
    }

    public var description: String { "\(code): \(message)" }
}

extension RankRequest {
    public static func decode(
        _ body: [UInt8], limits: RankRequestLimits = RankRequestLimits()
    ) throws(RankRequestError) -> RankRequest {
        let result = body.withUnsafeBytes { buffer in
            Result { () throws(RankRequestError) -> RankRequest in try decode(buffer, limits: limits) }
        }
        return try result.get()
    }

    public static func decode(
        _ body: UnsafeRawBufferPointer, limits: RankRequestLimits = RankRequestLimits()
    ) throws(RankRequestError) -> RankRequest {
        let document: JSONValue
        do {
            let options = JSONParser.Options(maxDepth: limits.maxDepth, maxInputBytes: limits.maxBodyBytes)
            document = try JSONParser.parse(body, options: options)
        } catch {
            throw RankRequestError(code: "invalid_json", field: nil, message: error.description)
        }
        guard case .object(let members) = document else {
            throw .invalidRequest(nil, "request body must be a JSON object")
        }
        return try decode(members: members, limits: limits)
    }

    /// The members this API knows, each holding the last value given for it.
    private struct KnownMembers {
        var query: JSONValue?
        var candidates: JSONValue?
        var topK: JSONValue?
        var userID: JSONValue?
        var context: JSONValue?
        var requestID: JSONValue?
        var explain: JSONValue?

        init(_ members: [(key: String, value: JSONValue)]) {
            for member in members {
                switch member.key {
                case "query": query = member.value
                case "candidates": candidates = member.value
                case "top_k": topK = member.value
                case "user_id": userID = member.value
                case "context": context = member.value
                case "request_id": requestID = member.value
                case "explain": explain = member.value
                default: continue  // unknown members are ignored (forward compatibility)
                }
            }
        }
    }

    private static func decode(
        members: [(key: String, value: JSONValue)], limits: RankRequestLimits
    ) throws(RankRequestError) -> RankRequest {
        let known = KnownMembers(members)
        let fields = RankRequestFields(limits: limits)
        return RankRequest(
            query: try fields.query(known.query),
            candidates: try fields.candidates(known.candidates),
            topK: try fields.topK(known.topK),
            userID: try fields.userID(known.userID),
            context: try fields.context(known.context),
            requestID: try fields.requestID(known.requestID),
            explain: try fields.explain(known.explain))
    }
}
