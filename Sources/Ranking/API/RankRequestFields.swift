/// The rules for each member of a rank request, applied while the member's value is read.
/// Every refusal names the member by its path (`"top_k"`, `candidates[3]`, `context.hour`)
/// so a client can fix the request without guessing.
///
/// Each function reads one whole value, validating all of it even after deciding to refuse
/// it, and returns the decoded value or the refusal; syntax errors are thrown instead, and
/// win over any refusal.
struct RankRequestFields {
    typealias Outcome<Value> = Result<Value, RankRequestError>

    let limits: RankRequestLimits

    func refuse<Value>(_ field: String, _ message: String) -> Outcome<Value> {
        .failure(.invalidRequest(field, message))
    }

    func query(_ reader: inout JSONReader) throws(JSONParseError) -> Outcome<String> {
        let token = try reader.skipValue()
        guard case .string(let text) = token else {
            return refuse("query", "\"query\" must be a string, got \(describe(token))")
        }
        let length = reader.utf8Count(of: text)
        guard length <= limits.maxQueryBytes else {
            return refuse("query", "\"query\" must be at most \(limits.maxQueryBytes) bytes, got \(length)")
        }
        return .success(reader.string(text))
    }

    func topK(_ reader: inout JSONReader) throws(JSONParseError) -> Outcome<Int?> {
        let token = try reader.skipValue()
        if case .null = token { return .success(nil) }
        guard case .number(let number) = token, number.isInteger,
              let exact = number.int64Value, exact >= 1, let count = Int(exactly: exact) else {
            return refuse("top_k", "\"top_k\" must be a positive integer, got \(describe(token))")
        }
        return .success(count)
    }

    func userID(_ reader: inout JSONReader) throws(JSONParseError) -> Outcome<String?> {
        switch try readID(&reader) {
        case .success(.text(let token)):
            return .success(reader.string(token))
        case .success(.integer(let value)):
            return .success(String(value))
        case .failure(.notAnID(.null)):
            return .success(nil)
        case .failure(.notAnID(let token)) where !token.isNumber:
            return refuse("user_id", "\"user_id\" must be a string or an integer, got \(describe(token))")
        case .failure:
            // Same rules as a candidate id, but the message names this member.
            return refuse("user_id", "\"user_id\" must be a non-empty string of at most "
                + "\(limits.maxIDBytes) bytes or a 64-bit integer (null or absent for anonymous requests)")
        }
    }

    func requestID(_ reader: inout JSONReader) throws(JSONParseError) -> Outcome<String?> {
        let token = try reader.skipValue()
        if case .null = token { return .success(nil) }
        guard case .string(let text) = token else {
            return refuse("request_id", "\"request_id\" must be a string, got \(describe(token))")
        }
        // The id is echoed back and typically logged or put in a response header, so it is
        // restricted to visible ASCII: no spaces, controls (header injection) or non-ASCII.
        let visible = reader.withBytes(of: text) { bytes in
            !bytes.isEmpty && bytes.count <= limits.maxRequestIDBytes && bytes.allSatisfy { $0 >= 0x21 && $0 <= 0x7E }
        }
        guard visible else {
            return refuse("request_id", "\"request_id\" must be 1 to \(limits.maxRequestIDBytes) "
                + "visible ASCII characters (no spaces or control characters)")
        }
        return .success(reader.string(text))
    }

    func explain(_ reader: inout JSONReader) throws(JSONParseError) -> Outcome<Bool> {
        let token = try reader.skipValue()
        switch token {
        case .null: return .success(false)
        case .bool(let flag): return .success(flag)
        default: return refuse("explain", "\"explain\" must be true or false, got \(describe(token))")
        }
    }

    func context(_ reader: inout JSONReader) throws(JSONParseError) -> Outcome<[RankRequest.ContextFeature]> {
        guard reader.byte(at: reader.pos) == UInt8(ascii: "{") else {
            let token = try reader.skipValue()
            if case .null = token { return .success([]) }
            return refuse("context", "\"context\" must be an object of numbers, got \(describe(token))")
        }
        var features: [RankRequest.ContextFeature] = []
        var sent = 0
        var firstRefusal: RankRequestError?
        if try reader.openObject() {
            repeat {
                let name = try reader.memberName()
                // Past the count limit (refused below) or a refusal, the rest is only validated.
                if sent < limits.maxContextEntries, firstRefusal == nil {
                    switch try contextFeature(name, &reader) {
                    case .success(let feature): Self.merge(feature, into: &features)
                    case .failure(let refusal): firstRefusal = refusal
                    }
                } else {
                    try reader.skipValue()
                }
                sent += 1
            } while try reader.nextMember()
        }
        guard sent <= limits.maxContextEntries else {
            return refuse("context", "\"context\" must have at most \(limits.maxContextEntries) entries, got \(sent)")
        }
        if let firstRefusal { return .failure(firstRefusal) }
        return .success(features)
    }

    /// Last duplicate wins, like every other member lookup; the count is bounded, so the
    /// linear search stays cheap.
    private static func merge(_ feature: RankRequest.ContextFeature, into features: inout [RankRequest.ContextFeature]) {
        if let existing = features.firstIndex(where: { $0.name == feature.name }) {
            features[existing].value = feature.value
        } else {
            features.append(feature)
        }
    }

    private func contextFeature(
        _ nameToken: JSONStringToken, _ reader: inout JSONReader
    ) throws(JSONParseError) -> Outcome<RankRequest.ContextFeature> {
        let name = reader.string(nameToken)  // before the value's strings reuse the scratch
        let token = try reader.skipValue()
        // The path is only spelled out for a refusal: most names would need an allocation.
        func refusal(_ problem: String) -> Outcome<RankRequest.ContextFeature> {
            let path = "context." + Self.shortened(name)
            return refuse(path, path + problem)
        }
        guard name.utf8.count <= limits.maxIDBytes else {
            return refusal(" has a name longer than \(limits.maxIDBytes) bytes")
        }
        guard case .number(let number) = token else {
            return refusal(" must be a finite number, got \(describe(token))")
        }
        let single = Float(number.doubleValue)
        guard number.doubleValue.isFinite, single.isFinite else {
            return refusal(" is out of float range")
        }
        return .success(RankRequest.ContextFeature(name: name, value: single))
    }

    /// Names are echoed in messages; a hostile one must not make the message huge. Cut by
    /// scalars, not Characters: one Character can carry any number of combining marks.
    static func shortened(_ name: String) -> String {
        guard name.utf8.count > 64 else { return name }
        return String(String.UnicodeScalarView(name.unicodeScalars.prefix(64))) + "…"
    }

    /// What the client sent, for messages: a number's value, otherwise its JSON type.
    func describe(_ token: JSONToken) -> String {
        switch token {
        case .number(let number): return number.description
        case .string: return "a string"
        case .arrayStart: return "an array"
        case .objectStart: return "an object"
        case .bool(let flag): return String(flag)
        case .null: return "null"
        }
    }
}

extension JSONToken {
    var isNumber: Bool {
        if case .number = self { return true }
        return false
    }
}
