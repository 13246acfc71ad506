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
    /// Candidate ids (decimal text) that were sent as JSON integers: echoed back as integers.
    public var integerCandidates: Set<String> = []

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

    /// One pass over the bytes: the known members are decoded straight into their types as
    /// they are met, and everything else is validated and skipped, so no `JSONValue` tree is
    /// built. A refusal found on the way is only recorded (a later duplicate of the member
    /// replaces it, as the last value wins), because a body that is not JSON must be
    /// reported as `invalid_json` even after a member that was merely wrong.
    public static func decode(
        _ body: UnsafeRawBufferPointer, limits: RankRequestLimits = RankRequestLimits()
    ) throws(RankRequestError) -> RankRequest {
        let options = JSONParser.Options(maxDepth: limits.maxDepth, maxInputBytes: limits.maxBodyBytes)
        var reader = JSONReader(buffer: body, options: options)
        let members: KnownMembers?
        do {
            members = try KnownMembers.read(&reader, RankRequestFields(limits: limits))
        } catch {
            throw RankRequestError(code: "invalid_json", field: nil, message: error.description)
        }
        guard let members else { throw .invalidRequest(nil, "request body must be a JSON object") }
        return try members.request()
    }

    /// The members this API knows, each holding what its last occurrence decoded to (a value
    /// or a refusal); nil when absent.
    private struct KnownMembers {
        typealias Outcome<Value> = RankRequestFields.Outcome<Value>
        var query: Outcome<String>?
        var candidates: Outcome<RankRequestFields.Candidates>?
        var topK: Outcome<Int?>?
        var userID: Outcome<String?>?
        var context: Outcome<[ContextFeature]>?
        var requestID: Outcome<String?>?
        var explain: Outcome<Bool>?

        /// The whole document; nil when it is valid JSON but not an object.
        static func read(_ reader: inout JSONReader, _ fields: RankRequestFields) throws(JSONParseError) -> KnownMembers? {
            try reader.beginDocument()
            guard reader.byte(at: reader.pos) == UInt8(ascii: "{") else {
                try reader.skipValue()
                try reader.endDocument()
                return nil
            }
            var members = KnownMembers()
            if try reader.openObject() {
                repeat {
                    let name = try reader.memberName()
                    try members.readMember(name, &reader, fields)
                } while try reader.nextMember()
            }
            try reader.endDocument()
            return members
        }

        /// The name is compared before the value is read: an escaped name lives in the
        /// reader's scratch, which the value's strings reuse.
        private mutating func readMember(
            _ name: JSONStringToken, _ reader: inout JSONReader, _ fields: RankRequestFields
        ) throws(JSONParseError) {
            if reader.token(name, equals: "query") {
                query = try fields.query(&reader)
            } else if reader.token(name, equals: "candidates") {
                candidates = try fields.candidates(&reader)
            } else if reader.token(name, equals: "top_k") {
                topK = try fields.topK(&reader)
            } else if reader.token(name, equals: "user_id") {
                userID = try fields.userID(&reader)
            } else if reader.token(name, equals: "context") {
                context = try fields.context(&reader)
            } else if reader.token(name, equals: "request_id") {
                requestID = try fields.requestID(&reader)
            } else if reader.token(name, equals: "explain") {
                explain = try fields.explain(&reader)
            } else {
                try reader.skipValue()  // unknown members are ignored (forward compatibility)
            }
        }

        /// Members are checked in this order, so the first error reported is stable.
        func request() throws(RankRequestError) -> RankRequest {
            guard let query else { throw .invalidRequest("query", "\"query\" is required") }
            let text = try query.get()
            guard let candidates else { throw .invalidRequest("candidates", "\"candidates\" is required") }
            let list = try candidates.get()
            var request = RankRequest(
                query: text,
                candidates: list.ids,
                topK: try topK?.get() ?? nil,
                userID: try userID?.get() ?? nil,
                context: try context?.get() ?? [],
                requestID: try requestID?.get() ?? nil,
                explain: try explain?.get() ?? false)
            request.integerCandidates = list.integerIDs
            return request
        }
    }
}
