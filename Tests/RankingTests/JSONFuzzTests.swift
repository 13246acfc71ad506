import Foundation
import Testing
@testable import Ranking
import TestSupport

/// Random mutations of valid documents: the parser must end every one in a value or an
/// error (a trap would kill the test process), and what it accepts must be JSON that
/// Foundation accepts too and that survives a round trip through JSONWriter.
@Suite struct JSONFuzzTests {
    static let interestingBytes: [UInt8] = Array("\"\\{}[],:0123456789-+.eEtfnu \t\r\n/'".utf8)
        + [0x00, 0x1F, 0x7F, 0x80, 0xBF, 0xC0, 0xC3, 0xE2, 0xED, 0xF0, 0xF4, 0xF5, 0xFF]

    struct Mutator {
        var rng: SeededGenerator

        mutating func mutate(_ input: [UInt8]) -> [UInt8] {
            var bytes = input
            for _ in 0..<Int.random(in: 1...3, using: &rng) where !bytes.isEmpty {
                let at = Int.random(in: 0..<bytes.count, using: &rng)
                switch Int.random(in: 0..<6, using: &rng) {
                case 0: bytes[at] = JSONFuzzTests.interestingBytes.randomElement(using: &rng)!
                case 1: bytes[at] = UInt8.random(in: 0...255, using: &rng)
                case 2: bytes.insert(JSONFuzzTests.interestingBytes.randomElement(using: &rng)!, at: at)
                case 3: bytes.remove(at: at)
                case 4: bytes.removeSubrange(at...)
                default:
                    let end = min(bytes.count, at + Int.random(in: 1...8, using: &rng))
                    bytes.insert(contentsOf: bytes[at..<end], at: at)
                }
            }
            return bytes
        }
    }

    @Test func mutatedDocumentsNeverTrapAndAcceptedOnesAreSound() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var documents = RandomJSONText(seed: seed, maxDepth: 4)
        var mutator = Mutator(rng: SeededGenerator(state: seed ^ 0x5555))
        var accepted = 0
        for index in 0..<20_000 {
            let input = mutator.mutate(Array(documents.document().utf8))
            guard let value = try? JSONParser.parse(input) else { continue }
            accepted += 1
            let context = "seed \(seed) case \(index): \(String(decoding: input, as: UTF8.self))"
            if let theirs = foundationParse(input) {
                #expect(foundationAgrees(value, theirs), "\(context)")
            } else {
                #expect(foundationMayRefuse(value), "Foundation refused what we accepted: \(context)")
            }
            var writer = JSONWriter()
            writer.value(value)
            let reparsed = try JSONParser.parse(writer.bytes)
            #expect(sameMeaning(value, reparsed), "\(context)")
        }
        // Mutations are small, so a fair share of inputs stays valid and gets checked.
        #expect(accepted > 1000)
    }

    /// The rank request decoder drives the same reader without building a tree; on any
    /// input it must call exactly the same bodies invalid JSON, with the same message, and
    /// refuse as `invalid_request` only bodies that are JSON.
    @Test func rankRequestDecoderAgreesWithTheParserOnSyntax() {
        let seed = UInt64.random(in: 0...UInt64.max)
        var mutator = Mutator(rng: SeededGenerator(state: seed))
        let valid = Array(#"""
            {"query": "q \u00e9", "candidates": ["SKU-1", 17, "a\"b", -0, "SKU-1", 9007199254740993],
             "top_k": 3, "user_id": "u", "context": {"hour": 13, "x": -1.5e-3}, "request_id": "r-1",
             "explain": false, "future": {"a": [1, {"b": null}], "c": "\ud83d\ude00", "d": true}}
            """#.utf8)
        var refusedAsRequest = 0
        for index in 0..<20_000 {
            let input = mutator.mutate(valid)
            let context = "seed \(seed) case \(index): \(String(decoding: input, as: UTF8.self))"
            let parsed = Result { () throws(JSONParseError) -> JSONValue in try JSONParser.parse(input, options: .init(maxDepth: 16)) }
            let decoded = Result { () throws(RankRequestError) -> RankRequest in try RankRequest.decode(input) }
            switch (parsed, decoded) {
            case (.failure(let syntax), .failure(let error)):
                #expect(error.code == "invalid_json" && error.message == syntax.description, "\(context)")
            case (.failure(let syntax), .success):
                Issue.record("decoded a body the parser refuses (\(syntax)): \(context)")
            case (.success, .failure(let error)):
                #expect(error.code == "invalid_request", "\(context)")
                refusedAsRequest += 1
            case (.success, .success):
                break
            }
        }
        #expect(refusedAsRequest > 100)
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator(state: UInt64.random(in: 0...UInt64.max))
        for _ in 0..<5000 {
            let length = Int.random(in: 0...40, using: &rng)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &rng) ? JSONFuzzTests.interestingBytes.randomElement(using: &rng)!
                    : UInt8.random(in: 0...255, using: &rng)
            }
            if let value = try? JSONParser.parse(bytes) {
                #expect(foundationParse(bytes) != nil || foundationMayRefuse(value))
            }
        }
    }
}

/// Values outside Int64/Double range and duplicate names are valid JSON that Foundation
/// handles differently (refuses, or keeps one duplicate); everything else must agree.
private func foundationMayRefuse(_ value: JSONValue) -> Bool {
    switch value {
    case .number(let n): return !n.doubleValue.isFinite || (n.isInteger && n.int64Value == nil)
    case .array(let elements): return elements.contains(where: foundationMayRefuse)
    case .object(let members):
        return Set(members.map(\.key)).count != members.count || members.contains { foundationMayRefuse($0.value) }
    default: return false
    }
}

private func foundationAgrees(_ ours: JSONValue, _ theirs: Any) -> Bool {
    foundationMayRefuse(ours) || foundationEquivalent(ours, theirs)
}

/// Equality after a write/parse round trip: numbers are compared by value, since an
/// integer beyond Int64 is written as a Double and infinities as null.
private func sameMeaning(_ a: JSONValue, _ b: JSONValue) -> Bool {
    switch (a, b) {
    case let (.number(x), .number(y)): return x.doubleValue == y.doubleValue
    case let (.number(x), .null): return !x.doubleValue.isFinite
    case let (.array(x), .array(y)): return x.count == y.count && zip(x, y).allSatisfy(sameMeaning)
    case let (.object(x), .object(y)):
        return x.count == y.count && zip(x, y).allSatisfy { $0.key == $1.key && sameMeaning($0.value, $1.value) }
    default: return a == b
    }
}
