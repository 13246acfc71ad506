import Foundation
import Testing
@testable import Ranking
import TestSupport

private func decode(_ text: String, limits: RankRequestLimits = RankRequestLimits()) throws(RankRequestError) -> RankRequest {
    try RankRequest.decode(Array(text.utf8), limits: limits)
}

/// The error for `text`, which must be refused.
private func refusal(_ text: String, limits: RankRequestLimits = RankRequestLimits(),
                     sourceLocation: SourceLocation = #_sourceLocation) -> RankRequestError? {
    do {
        let request = try decode(text, limits: limits)
        Issue.record("accepted \(text) as \(request)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A request with `members` added to a valid minimal body.
private func body(_ members: String) -> String {
    #"{"query": "q", "candidates": ["a"], "# + members + "}"
}

/// What the tree parser says about `text`, which must not be JSON.
private func parserMessage(_ text: String) -> String? {
    do {
        _ = try JSONParser.parse(Array(text.utf8), options: .init(maxDepth: 16))
        return nil
    } catch {
        return error.description
    }
}

private func expectRefused(_ text: String, field: String?, message: String,
                           limits: RankRequestLimits = RankRequestLimits(),
                           sourceLocation: SourceLocation = #_sourceLocation) {
    guard let error = refusal(text, limits: limits, sourceLocation: sourceLocation) else { return }
    #expect(error.code == "invalid_request", sourceLocation: sourceLocation)
    #expect(error.field == field, sourceLocation: sourceLocation)
    #expect(error.message == message, sourceLocation: sourceLocation)
}

@Suite struct RankRequestTests {
    @Test func integerIdsAreRememberedByFirstOccurrence() throws {
        #expect(try decode(#"{"query":"q","candidates":[17,"17","x",-3]}"#).integerCandidates == ["17", "-3"])
        #expect(try decode(#"{"query":"q","candidates":["17",17]}"#).integerCandidates == [])
        #expect(try decode(#"{"query":"q","candidates":["a"]}"#).integerCandidates == [])
    }

    @Test func decodesTheDocumentedExample() throws {
        let request = try decode(#"""
            {"query": "wireless headphones", "candidates": ["SKU-1", "SKU-2", 17], "top_k": 10,
             "user_id": "u-42", "context": {"hour": 13, "device_mobile": 1},
             "request_id": "abc", "explain": false}
            """#)
        var expected = RankRequest(
            query: "wireless headphones", candidates: ["SKU-1", "SKU-2", "17"], topK: 10, userID: "u-42",
            context: [.init(name: "hour", value: 13), .init(name: "device_mobile", value: 1)],
            requestID: "abc", explain: false)
        expected.integerCandidates = ["17"]
        #expect(request == expected)
        #expect(request.contextValue("hour") == 13)
        #expect(request.contextValue("missing") == nil)
    }

    @Test func optionalMembersDefaultAndNullMeansAbsent() throws {
        let minimal = try decode(#"{"query": "", "candidates": ["a"]}"#)
        #expect(minimal == RankRequest(query: "", candidates: ["a"]))
        let nulls = try decode(body(#""top_k": null, "user_id": null, "context": null, "request_id": null, "explain": null"#))
        #expect(nulls == minimal.with(query: "q"))
    }

    @Test func bodyMustBeAJSONObject() {
        for text in ["[]", "\"x\"", "1", "null", "true"] {
            expectRefused(text, field: nil, message: "request body must be a JSON object")
        }
    }

    @Test func malformedJSONIsInvalidJSONWithTheParserMessage() throws {
        let error = try #require(refusal(#"{"query": "x", "candidates": ["a",]}"#))
        #expect(error.code == "invalid_json" && error.field == nil)
        #expect(error.message == "invalid JSON at byte 34: trailing comma before ']' is not allowed")
        #expect(refusal("")?.code == "invalid_json")
        var limits = RankRequestLimits()
        limits.maxBodyBytes = 10
        #expect(refusal(body(""), limits: limits)?.code == "invalid_json")
        #expect(refusal(body(#""future": "# + String(repeating: "[", count: 20) + String(repeating: "]", count: 20)))?.code == "invalid_json")
    }

    @Test func queryRules() {
        expectRefused(#"{"candidates": ["a"]}"#, field: "query", message: "\"query\" is required")
        expectRefused(#"{"query": 5, "candidates": ["a"]}"#, field: "query", message: "\"query\" must be a string, got 5")
        expectRefused(#"{"query": null, "candidates": ["a"]}"#, field: "query", message: "\"query\" must be a string, got null")
        var limits = RankRequestLimits()
        limits.maxQueryBytes = 4
        #expect((try? decode(#"{"query": "\u00e9\u00e9", "candidates": ["a"]}"#, limits: limits)) != nil)
        expectRefused(#"{"query": "ééé", "candidates": ["a"]}"#, field: "query",
                      message: "\"query\" must be at most 4 bytes, got 6", limits: limits)
    }

    @Test func candidatesAreStringsOrIntegersDeduplicatedInFirstOccurrenceOrder() throws {
        let request = try decode(#"{"query": "q", "candidates": ["b", "a", "b", "17", 17, -3, "-3", 0, -0, 9223372036854775807]}"#)
        #expect(request.candidates == ["b", "a", "17", "-3", "0", "9223372036854775807"])
    }

    @Test func candidatesShapeAndCountRules() {
        expectRefused(#"{"query": "q"}"#, field: "candidates", message: "\"candidates\" is required")
        expectRefused(#"{"query": "q", "candidates": "a"}"#, field: "candidates",
                      message: "\"candidates\" must be an array of ids, got a string")
        expectRefused(#"{"query": "q", "candidates": []}"#, field: "candidates",
                      message: "\"candidates\" must contain between 1 and 1000 ids, got 0")
        var limits = RankRequestLimits()
        limits.maxCandidates = 3
        // The limit counts the array as sent, duplicates included.
        expectRefused(#"{"query": "q", "candidates": ["a", "a", "a", "a"]}"#, field: "candidates",
                      message: "\"candidates\" must contain between 1 and 3 ids, got 4", limits: limits)
        limits.maxCandidates = 0
        expectRefused(#"{"query": "q", "candidates": ["a"]}"#, field: "candidates",
                      message: "\"candidates\" must contain between 1 and 0 ids, got 1", limits: limits)
    }

    @Test func eachBadCandidateIsNamedByIndex() {
        let cases: [(String, String)] = [
            ("1.5", "candidates[3] must be a string or an integer, got 1.5"),
            ("1e2", "candidates[3] must be a string or an integer, got 100.0"),
            ("1.0", "candidates[3] must be a string or an integer, got 1.0"),
            ("true", "candidates[3] must be a string or an integer, got true"),
            ("null", "candidates[3] must be a string or an integer, got null"),
            ("{}", "candidates[3] must be a string or an integer, got an object"),
            ("[\"x\"]", "candidates[3] must be a string or an integer, got an array"),
            ("\"\"", "candidates[3] must not be empty"),
            ("9223372036854775808", "candidates[3] is an integer outside the 64-bit range"),
        ]
        for (element, message) in cases {
            expectRefused(#"{"query": "q", "candidates": ["a", "b", "c", "# + element + "]}",
                          field: "candidates[3]", message: message)
        }
        var limits = RankRequestLimits()
        limits.maxIDBytes = 3
        expectRefused(#"{"query": "q", "candidates": ["abc", "abcd"]}"#, field: "candidates[1]",
                      message: "candidates[1] must be at most 3 bytes, got 4", limits: limits)
    }

    @Test func topKRules() throws {
        #expect(try decode(body(#""top_k": 1"#)).topK == 1)
        #expect(try decode(body(#""top_k": 500"#)).topK == 500, "above the candidate count is fine")
        for bad in ["0", "-1", "1.5", "2.0", "1e1", "\"10\"", "true", "99999999999999999999", "[]"] {
            guard let error = refusal(body(#""top_k": "# + bad)) else { continue }
            #expect(error.field == "top_k")
            #expect(error.message.hasPrefix("\"top_k\" must be a positive integer, got "), "\(bad)")
        }
        expectRefused(body(#""top_k": 0"#), field: "top_k", message: "\"top_k\" must be a positive integer, got 0")
    }

    @Test func userIDRules() throws {
        #expect(try decode(body(#""user_id": "u-42""#)).userID == "u-42")
        #expect(try decode(body(#""user_id": 42"#)).userID == "42")
        #expect(try decode(body(#""user_id": -7"#)).userID == "-7")
        let rule = "\"user_id\" must be a non-empty string of at most 256 bytes or a 64-bit integer (null or absent for anonymous requests)"
        for bad in ["\"\"", "1.5", "\"" + String(repeating: "u", count: 257) + "\""] {
            expectRefused(body(#""user_id": "# + bad), field: "user_id", message: rule)
        }
        expectRefused(body(#""user_id": true"#), field: "user_id", message: "\"user_id\" must be a string or an integer, got true")
        expectRefused(body(#""user_id": {}"#), field: "user_id", message: "\"user_id\" must be a string or an integer, got an object")
    }

    @Test func contextRules() throws {
        let request = try decode(body(#""context": {"b": -1.5, "a": 2, "b": 3e-2, "tiny": 1e-50}"#))
        #expect(request.context == [.init(name: "b", value: 0.03), .init(name: "a", value: 2), .init(name: "tiny", value: 0)],
                "order of first appearance, last value wins, underflow is zero")
        expectRefused(body(#""context": {"hour": true}"#), field: "context.hour",
                      message: "context.hour must be a finite number, got true")
        expectRefused(body(#""context": {"hour": "13"}"#), field: "context.hour",
                      message: "context.hour must be a finite number, got a string")
        expectRefused(body(#""context": {"hour": null}"#), field: "context.hour",
                      message: "context.hour must be a finite number, got null")
        expectRefused(body(#""context": {"x": 1e300}"#), field: "context.x", message: "context.x is out of float range")
        expectRefused(body(#""context": {"x": -1e39}"#), field: "context.x", message: "context.x is out of float range")
        expectRefused(body(#""context": {"x": 1e400}"#), field: "context.x", message: "context.x is out of float range")
        expectRefused(body(#""context": [1]"#), field: "context", message: "\"context\" must be an object of numbers, got an array")
        var limits = RankRequestLimits()
        limits.maxContextEntries = 2
        expectRefused(body(#""context": {"a": 1, "b": 2, "a": 3}"#), field: "context",
                      message: "\"context\" must have at most 2 entries, got 3", limits: limits)
        limits.maxIDBytes = 4
        expectRefused(body(#""context": {"abcde": 1}"#), field: "context.abcde",
                      message: "context.abcde has a name longer than 4 bytes", limits: limits)
    }

    @Test func hugeContextNamesAreShortenedInMessages() throws {
        let name = String(repeating: "n", count: 300)
        let error = try #require(refusal(body(#""context": {""# + name + #"": true}"#)))
        #expect(error.field == "context." + String(repeating: "n", count: 64) + "…")
        let combining = "e" + String(repeating: "\u{301}", count: 500)
        #expect(RankRequestFields.shortened(combining).utf8.count < 200)
    }

    @Test func requestIDRules() throws {
        #expect(try decode(body(#""request_id": "abc-123_X.y""#)).requestID == "abc-123_X.y")
        let rule = "\"request_id\" must be 1 to 128 visible ASCII characters (no spaces or control characters)"
        for bad in ["\"\"", "\"a b\"", "\"a\\r\\nSet-Cookie: x\"", "\"é\"", "\"" + String(repeating: "r", count: 129) + "\""] {
            expectRefused(body(#""request_id": "# + bad), field: "request_id", message: rule)
        }
        expectRefused(body(#""request_id": 5"#), field: "request_id", message: "\"request_id\" must be a string, got 5")
    }

    @Test func explainRules() throws {
        #expect(try decode(body(#""explain": true"#)).explain)
        #expect(try decode(body(#""explain": false"#)).explain == false)
        expectRefused(body(#""explain": "yes""#), field: "explain", message: "\"explain\" must be true or false, got a string")
        expectRefused(body(#""explain": 1"#), field: "explain", message: "\"explain\" must be true or false, got 1")
    }

    @Test func unknownMembersAreIgnoredAndDuplicatesTakeTheLastValue() throws {
        let request = try decode(#"{"query": "old", "future": {"x": [1, 2, {"y": null}]}, "candidates": [1], "query": "new", "top_k": "bad", "top_k": 3}"#)
        #expect(request.query == "new" && request.topK == 3 && request.candidates == ["1"])
    }

    /// The decoder reads members as they come; a refusal found early must not hide a syntax
    /// error later in the body.
    @Test func syntaxErrorAfterABadMemberIsStillInvalidJSON() throws {
        let bodies = [
            #"{"query": 5, "candidates": ["a",]}"#,
            #"{"query": "q", "candidates": [1.5, "a"], "top_k": tru}"#,
            #"{"query": "q", "candidates": ["", {"x": [1,]}]}"#,
            #"{"query": "q", "candidates": ["a"], "context": {"h": true, "d": 01}}"#,
            #"{"query": "q", "candidates": ["a"], "user_id": {}, "explain": "yes"} x"#,
            #"{"query": "q", "candidates": ["a"], "request_id": " ", "z": "\x"}"#,
        ]
        for text in bodies {
            let error = try #require(refusal(text))
            #expect(error.code == "invalid_json", "\(text)")
            #expect(error.message == parserMessage(text), "\(text)")
        }
        var limits = RankRequestLimits()
        limits.maxCandidates = 1
        #expect(refusal(#"{"query": "q", "candidates": ["a", "b", 1.]}"#, limits: limits)?.code == "invalid_json")
        limits.maxContextEntries = 1
        #expect(refusal(body(#""context": {"a": 1, "b": 2, "c": nul}"#), limits: limits)?.code == "invalid_json")
    }

    @Test func aDuplicateMemberReplacesAnEarlierRefusal() throws {
        let request = try decode(#"{"query": 5, "candidates": {}, "top_k": 0, "context": [1], "query": "q", "candidates": ["a"], "top_k": null, "context": {"x": 1}}"#)
        #expect(request.query == "q" && request.candidates == ["a"] && request.topK == nil)
        #expect(request.context == [.init(name: "x", value: 1)])
        expectRefused(#"{"query": "q", "candidates": ["a"], "candidates": [true]}"#, field: "candidates[0]",
                      message: "candidates[0] must be a string or an integer, got true")
    }

    @Test func theFirstBadMemberInCheckingOrderIsReported() {
        expectRefused(#"{"explain": 1, "request_id": 5, "context": 1, "user_id": true, "top_k": 0, "candidates": [1.5], "query": 5}"#,
                      field: "query", message: "\"query\" must be a string, got 5")
        expectRefused(#"{"explain": 1, "request_id": 5, "context": 1, "user_id": true, "top_k": 0, "candidates": [1.5], "query": ""}"#,
                      field: "candidates[0]", message: "candidates[0] must be a string or an integer, got 1.5")
        expectRefused(#"{"explain": 1, "request_id": 5, "context": 1, "user_id": true, "query": "", "candidates": [1]}"#,
                      field: "user_id", message: "\"user_id\" must be a string or an integer, got true")
        // Within candidates, the count limit wins over a bad element, and the first bad element wins.
        var limits = RankRequestLimits()
        limits.maxCandidates = 2
        expectRefused(#"{"query": "q", "candidates": [true, "a", "b"]}"#, field: "candidates",
                      message: "\"candidates\" must contain between 1 and 2 ids, got 3", limits: limits)
        expectRefused(#"{"query": "q", "candidates": ["a", null, true]}"#, field: "candidates[1]",
                      message: "candidates[1] must be a string or an integer, got null")
        expectRefused(body(#""context": {"a": true, "b": "x"}"#), field: "context.a",
                      message: "context.a must be a finite number, got true")
    }

    @Test func unknownMembersAreValidatedAllTheWayDown() throws {
        let accepted = try decode(body(#""future": {"a": [1, {"b": [true, null, "\u00e9", -1.5e3]}], "c": {}}, "more": []"#))
        #expect(accepted.query == "q")
        for member in [#""future": {"a": [1, {"b": [tru]}]}"#, #""future": ["\q"]"#, #""future": {"a" 1}"#,
                       #""future": [1 2]"#, #""future": {"a": 1,}"#, #""future": "\ud800""#] {
            let text = body(member)
            #expect(refusal(text)?.code == "invalid_json", "\(member)")
            #expect(refusal(text)?.message == parserMessage(text), "\(member)")
        }
        var limits = RankRequestLimits()
        limits.maxDepth = 3
        #expect((try? decode(body(#""future": [[1]]"#), limits: limits)) != nil)
        #expect(refusal(body(#""future": [[[1]]]"#), limits: limits)?.code == "invalid_json")
        #expect(refusal(#"{"query": "q", "candidates": ["a", [[1]]]}"#, limits: limits)?.code == "invalid_json")
    }

    @Test func escapedIDsAndNamesDecodeLikeTheirPlainForms() throws {
        let request = try decode(#"{"q\u0075ery": "\u0071", "candidates": ["SKU\u002D1", "SKU-1", "a\"b", "\u00e9", "e\u0301", "\ud83d\ude00", "\u00e9"]}"#)
        #expect(request.query == "q")
        // Escaped and plain forms of the same bytes are one id; "é" and "e" + U+0301 are two
        // (the tables match keys by bytes). Compared as bytes: String == would merge them.
        #expect(request.candidates.map { Array($0.utf8) } == ["SKU-1", "a\"b", "\u{E9}", "e\u{301}", "\u{1F600}"].map { Array($0.utf8) })
        let named = try decode(body(#""context": {"h\u006Fur": 13}, "request_\u0069d": "r-\u0031""#))
        #expect(named.contextValue("hour") == 13 && named.requestID == "r-1")
        var limits = RankRequestLimits()
        limits.maxIDBytes = 2
        expectRefused(#"{"query": "q", "candidates": ["\u00e9", "\u00e9\u00e9"]}"#, field: "candidates[1]",
                      message: "candidates[1] must be at most 2 bytes, got 4", limits: limits)
    }

    @Test func manyCandidatesGrowTheDuplicateTable() throws {
        let ids = (0..<1000).map { index in index % 3 == 0 ? String(index % 700) : "\"id-\(index % 600)\"" }
        let request = try decode(#"{"query": "q", "candidates": ["# + ids.joined(separator: ",") + "]}")
        var seen = Set<String>()
        let texts = ids.map { $0.hasPrefix("\"") ? String($0.dropFirst().dropLast()) : $0 }
        #expect(request.candidates == texts.filter { seen.insert($0).inserted })
        #expect(request.integerCandidates == Set(ids.filter { !$0.hasPrefix("\"") }))
    }

    @Test func decodesFromRawBytes() throws {
        let bytes = Array(body(#""top_k": 2"#).utf8)
        let request = try bytes.withUnsafeBytes { buffer throws(RankRequestError) in try RankRequest.decode(buffer) }
        #expect(request.topK == 2)
    }

    @Test func errorBodyNamesCodeMessageAndField() throws {
        let error = try #require(refusal(body(#""context": {"hour": true}"#)))
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(error.responseBody)) as? [String: Any])
        let inner = try #require(parsed["error"] as? [String: String])
        #expect(inner == ["code": "invalid_request", "message": "context.hour must be a finite number, got true", "field": "context.hour"])
        let generic = String(decoding: ErrorBody.encode(code: "not_found", message: "no \"route\""), as: UTF8.self)
        #expect(generic == #"{"error":{"code":"not_found","message":"no \"route\""}}"#)
    }
}

private extension RankRequest {
    func with(query: String) -> RankRequest {
        var copy = self
        copy.query = query
        return copy
    }
}

/// deploy/openapi.yaml states the request limits the decoder enforces; a default changed in
/// one place and not the other would publish a contract the server does not keep.
@Suite struct OpenAPILimitsTests {
    @Test func documentedLimitsAreTheDecodersDefaults() throws {
        let text = try String(contentsOf: SampleBundle.repoRoot.appendingPathComponent("deploy/openapi.yaml"), encoding: .utf8)
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        /// The first `key: value` line after the line `anchor`.
        func value(_ key: String, after anchor: String) -> String? {
            guard let start = lines.firstIndex(of: anchor) else { return nil }
            return lines[(start + 1)...].first { $0.hasPrefix(key + ":") }.map { String($0.dropFirst(key.count + 1)).trimmingCharacters(in: .whitespaces) }
        }
        let limits = RankRequestLimits()
        #expect(value("maxItems", after: "candidates:") == "\(limits.maxCandidates)")
        #expect(value("maxLength", after: "CandidateId:") == "\(limits.maxIDBytes)")
        #expect(value("maxLength", after: "query:") == "\(limits.maxQueryBytes)")
        #expect(value("maxLength", after: "user_id:") == "\(limits.maxIDBytes)")
        #expect(value("maxProperties", after: "context:") == "\(limits.maxContextEntries)")
        #expect(value("maxLength", after: "request_id:") == "\(limits.maxRequestIDBytes)")
    }
}

@Suite struct UniqueIDListTests {
    /// The reference: the first occurrence of each distinct UTF-8 byte string.
    private func reference(_ ids: [String]) -> [String] {
        var seen = Set<[UInt8]>()
        return ids.filter { seen.insert(Array($0.utf8)).inserted }
    }

    private func deduplicated(_ ids: [String], capacity: Int) -> [String] {
        var list = UniqueIDList(capacity: capacity)
        for id in ids { list.append(id) }
        return list.ids
    }

    @Test func matchesSetOnRandomASCIIIds() {
        var rng = SeededGenerator(state: UInt64.random(in: 0...UInt64.max))
        for _ in 0..<300 {
            let ids = (0..<Int.random(in: 1...300, using: &rng)).map { _ in
                "SKU-" + String(Int.random(in: 0...150, using: &rng)) + String(repeating: "x", count: Int.random(in: 0...20, using: &rng) / 10)
            }
            #expect(deduplicated(ids, capacity: ids.count) == reference(ids))
        }
    }

    /// With room for one id the table fills up and overflows its probe limit, which must
    /// hand over to the Set without losing or repeating anything.
    @Test func overflowingTheProbeLimitFallsBackToSet() {
        let ids = (0..<200).map { "id-\($0 % 120)" }
        #expect(deduplicated(ids, capacity: 1) == reference(ids))
        #expect(deduplicated(ids, capacity: 1).count == 120)
        // The table grows when half full, so only a tiny probe limit still overflows.
        var list = UniqueIDList(capacity: 1, maxProbes: 1)
        for id in ids { list.append(id) }
        #expect(list.ids == reference(ids))
    }

    @Test func bytesGivenByTheCallerHashLikeTheString() {
        var list = UniqueIDList(capacity: 4)
        for id in ["a", "b", "a", "SKU-123456789", "b", "SKU-123456789"] {
            var copy = id
            copy.withUTF8 { bytes in _ = list.append(id, utf8: bytes) }
        }
        list.append("SKU-123456789")
        #expect(list.ids == ["a", "b", "SKU-123456789"])
    }

    /// Ids are the same when their bytes are, as the tables' keys are: "é" precomposed and
    /// "e" + combining acute are two products there, as are the Kelvin sign and "K" (String
    /// `==` merged them, and the second one's row was never ranked).
    @Test func idsAreTheSameOnlyWhenTheirBytesAre() {
        let ids = ["K", "caf\u{E9}", "a", "\u{212A}", "cafe\u{301}", "a", "z", "caf\u{E9}"]
        #expect(deduplicated(ids, capacity: ids.count) == ["K", "caf\u{E9}", "a", "\u{212A}", "cafe\u{301}", "z"])
        #expect(deduplicated(ids, capacity: ids.count) == reference(ids))
        #expect(deduplicated(ids, capacity: 1) == reference(ids))  // through growth and the fallback Set
    }
}
