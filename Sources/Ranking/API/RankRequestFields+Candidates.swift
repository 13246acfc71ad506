/// Candidate ids (and `user_id`, which follows the same rules): strings or integers, read
/// one element at a time straight from the body.
extension RankRequestFields {
    /// The ids in first-occurrence order, and those whose first occurrence was a JSON
    /// integer (as decimal text), so the response can give each id back in the type the
    /// client sent it.
    struct Candidates {
        var ids: [String]
        var integerIDs: Set<String>
    }

    /// Why a value is not an id.
    enum IDProblem: Error {
        case empty
        case tooLong(Int)
        case outOfRange
        case notAnID(JSONToken)
    }

    /// Most requests carry at most this many candidates; the list grows past it.
    static let initialCandidateCapacity = 128

    func candidates(_ reader: inout JSONReader) throws(JSONParseError) -> Outcome<Candidates> {
        guard reader.byte(at: reader.pos) == UInt8(ascii: "[") else {
            let token = try reader.skipValue()
            return refuse("candidates", "\"candidates\" must be an array of ids, got \(describe(token))")
        }
        var unique = UniqueIDList(capacity: min(limits.maxCandidates, Self.initialCandidateCapacity))
        // Collected first and hashed into a Set once at the end: growing a Set as they come
        // rehashes it again and again.
        var integerIDs: [String] = []
        var sent = 0
        var firstRefusal: RankRequestError?
        if try reader.openArray() {
            repeat {
                // Past the count limit (refused below) or a refusal, the rest is only validated.
                if sent < limits.maxCandidates, firstRefusal == nil {
                    switch try readID(&reader) {
                    case .success(.text(let token)):
                        _ = reader.withBytes(of: token) { bytes in
                            unique.append(String(decoding: bytes, as: UTF8.self), utf8: bytes)
                        }
                    case .success(.integer(let value)):
                        let text = String(value)
                        if unique.append(text) { integerIDs.append(text) }
                    case .failure(let problem):
                        firstRefusal = refusal(problem, path: "candidates[\(sent)]")
                    }
                } else {
                    try reader.skipValue()
                }
                sent += 1
            } while try reader.nextElement()
        }
        // The count limit applies to the array as sent, before duplicates are removed,
        // because that is the work the request asks for.
        guard sent >= 1, sent <= limits.maxCandidates else {
            return refuse("candidates",
                          "\"candidates\" must contain between 1 and \(limits.maxCandidates) ids, got \(sent)")
        }
        if let firstRefusal { return .failure(firstRefusal) }
        return .success(Candidates(ids: unique.ids, integerIDs: Set(integerIDs)))
    }

    private func refusal(_ problem: IDProblem, path: String) -> RankRequestError {
        switch problem {
        case .empty:
            return .invalidRequest(path, "\(path) must not be empty")
        case .tooLong(let length):
            return .invalidRequest(path, "\(path) must be at most \(limits.maxIDBytes) bytes, got \(length)")
        case .outOfRange:
            return .invalidRequest(path, "\(path) is an integer outside the 64-bit range")
        case .notAnID(let token):
            return .invalidRequest(path, "\(path) must be a string or an integer, got \(describe(token))")
        }
    }

    /// A valid id as it appeared in the body.
    enum ID {
        /// A string, still in the reader (valid until the next string is scanned).
        case text(JSONStringToken)
        /// An integer, which names the same item as its decimal text.
        case integer(Int64)
    }

    /// One whole value as an id. A string is left in the reader, so a caller can make a
    /// String straight from the body's bytes (a small String, no allocation, up to 15 bytes).
    func readID(_ reader: inout JSONReader) throws(JSONParseError) -> Result<ID, IDProblem> {
        let token = try reader.skipValue()
        switch token {
        case .string(let text):
            let length = reader.utf8Count(of: text)
            guard length > 0 else { return .failure(.empty) }
            guard length <= limits.maxIDBytes else { return .failure(.tooLong(length)) }
            return .success(.text(text))
        case .number(let number) where number.isInteger:
            guard let exact = number.int64Value else { return .failure(.outOfRange) }
            return .success(.integer(exact))
        default:
            return .failure(.notAnID(token))
        }
    }
}
