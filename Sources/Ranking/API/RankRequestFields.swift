/// The rules for each member of a rank request. Every refusal names the member by its path
/// (`"top_k"`, `candidates[3]`, `context.hour`) so a client can fix the request without
/// guessing.
struct RankRequestFields {
    let limits: RankRequestLimits

    private func refuse(_ field: String, _ message: String) -> RankRequestError {
        .invalidRequest(field, message)
    }

    func query(_ value: JSONValue?) throws(RankRequestError) -> String {
        guard let value else { throw refuse("query", "\"query\" is required") }
        guard case .string(let text) = value else {
            throw refuse("query", "\"query\" must be a string, got \(describe(value))")
        }
        let length = text.utf8.count
        guard length <= limits.maxQueryBytes else {
            throw refuse("query", "\"query\" must be at most \(limits.maxQueryBytes) bytes, got \(length)")
        }
        return text
    }

    func candidates(_ value: JSONValue?) throws(RankRequestError) -> [String] {
        guard let value else { throw refuse("candidates", "\"candidates\" is required") }
        guard case .array(let elements) = value else {
            throw refuse("candidates", "\"candidates\" must be an array of ids, got \(describe(value))")
        }
        // The count limit applies to the array as sent, before duplicates are removed,
        // because that is the work the request asks for.
        guard elements.count >= 1, elements.count <= limits.maxCandidates else {
            throw refuse("candidates",
                         "\"candidates\" must contain between 1 and \(limits.maxCandidates) ids, got \(elements.count)")
        }
        var ids: [String] = []
        ids.reserveCapacity(elements.count)
        var seen = Set<String>(minimumCapacity: elements.count)
        for (index, element) in elements.enumerated() {
            let id = try candidateID(element, path: "candidates[\(index)]")
            if seen.insert(id).inserted { ids.append(id) }
        }
        return ids
    }

    private func candidateID(_ value: JSONValue, path: @autoclosure () -> String) throws(RankRequestError) -> String {
        switch value {
        case .string(let text):
            guard !text.isEmpty else { throw refuse(path(), "\(path()) must not be empty") }
            let length = text.utf8.count
            guard length <= limits.maxIDBytes else {
                throw refuse(path(), "\(path()) must be at most \(limits.maxIDBytes) bytes, got \(length)")
            }
            return text
        case .number(let number) where number.isInteger:
            // An integer id names the same item as its decimal text.
            guard let exact = number.int64Value else {
                throw refuse(path(), "\(path()) is an integer outside the 64-bit range")
            }
            return String(exact)
        default:
            throw refuse(path(), "\(path()) must be a string or an integer, got \(describe(value))")
        }
    }

    func topK(_ value: JSONValue?) throws(RankRequestError) -> Int? {
        guard let value, !value.isNull else { return nil }
        guard case .number(let number) = value, number.isInteger,
              let exact = number.int64Value, exact >= 1, let count = Int(exactly: exact) else {
            throw refuse("top_k", "\"top_k\" must be a positive integer, got \(describe(value))")
        }
        return count
    }

    func userID(_ value: JSONValue?) throws(RankRequestError) -> String? {
        guard let value, !value.isNull else { return nil }
        switch value {
        case .string, .number:
            do {
                return try candidateID(value, path: "user_id")
            } catch {
                // Same rules as a candidate id, but the message names this member.
                throw refuse("user_id", "\"user_id\" must be a non-empty string of at most "
                    + "\(limits.maxIDBytes) bytes or a 64-bit integer (null or absent for anonymous requests)")
            }
        default:
            throw refuse("user_id", "\"user_id\" must be a string or an integer, got \(describe(value))")
        }
    }

    func requestID(_ value: JSONValue?) throws(RankRequestError) -> String? {
        guard let value, !value.isNull else { return nil }
        guard case .string(let text) = value else {
            throw refuse("request_id", "\"request_id\" must be a string, got \(describe(value))")
        }
        // The id is echoed back and typically logged or put in a response header, so it is
        // restricted to visible ASCII: no spaces, controls (header injection) or non-ASCII.
        let utf8 = text.utf8
        guard !utf8.isEmpty, utf8.count <= limits.maxRequestIDBytes,
              utf8.allSatisfy({ $0 >= 0x21 && $0 <= 0x7E }) else {
            throw refuse("request_id", "\"request_id\" must be 1 to \(limits.maxRequestIDBytes) "
                + "visible ASCII characters (no spaces or control characters)")
        }
        return text
    }

    func explain(_ value: JSONValue?) throws(RankRequestError) -> Bool {
        guard let value, !value.isNull else { return false }
        guard case .bool(let flag) = value else {
            throw refuse("explain", "\"explain\" must be true or false, got \(describe(value))")
        }
        return flag
    }

    func context(_ value: JSONValue?) throws(RankRequestError) -> [RankRequest.ContextFeature] {
        guard let value, !value.isNull else { return [] }
        guard case .object(let members) = value else {
            throw refuse("context", "\"context\" must be an object of numbers, got \(describe(value))")
        }
        guard members.count <= limits.maxContextEntries else {
            throw refuse("context",
                         "\"context\" must have at most \(limits.maxContextEntries) entries, got \(members.count)")
        }
        var features: [RankRequest.ContextFeature] = []
        features.reserveCapacity(members.count)
        for member in members {
            let feature = try contextFeature(name: member.key, value: member.value)
            // Last duplicate wins, like every other member lookup; the count is bounded,
            // so the linear search stays cheap.
            if let existing = features.firstIndex(where: { $0.name == feature.name }) {
                features[existing].value = feature.value
            } else {
                features.append(feature)
            }
        }
        return features
    }

    private func contextFeature(name: String, value: JSONValue) throws(RankRequestError) -> RankRequest.ContextFeature {
        let path = "context." + Self.shortened(name)
        guard name.utf8.count <= limits.maxIDBytes else {
            throw refuse(path, "\(path) has a name longer than \(limits.maxIDBytes) bytes")
        }
        guard case .number(let number) = value else {
            throw refuse(path, "\(path) must be a finite number, got \(describe(value))")
        }
        let single = Float(number.doubleValue)
        guard number.doubleValue.isFinite, single.isFinite else {
            throw refuse(path, "\(path) is out of float range")
        }
        return RankRequest.ContextFeature(name: name, value: single)
    }

    /// Names are echoed in messages; a hostile one must not make the message huge. Cut by
    /// scalars, not Characters: one Character can carry any number of combining marks.
    static func shortened(_ name: String) -> String {
        guard name.utf8.count > 64 else { return name }
        return String(String.UnicodeScalarView(name.unicodeScalars.prefix(64))) + "…"
    }

    /// What the client sent, for messages: a number's value, otherwise its JSON type.
    private func describe(_ value: JSONValue) -> String {
        switch value {
        case .number(let number): return number.description
        case .string: return "a string"
        case .array: return "an array"
        case .object: return "an object"
        case .bool(let flag): return String(flag)
        case .null: return "null"
        }
    }
}
