import Foundation
import Testing
@testable import Ranking
import TestSupport

/// Writes random *valid* JSON text directly (not through JSONWriter), exercising what a
/// writer of ours would never produce: every escape form, surrogate-pair escapes, raw
/// multi-byte UTF-8, exponent spellings and all four whitespace characters.
struct RandomJSONText {
    var rng: SeededGenerator
    /// Integers stay inside Int64 and exponents inside Double's range, because beyond
    /// those the reference parser (Foundation) and RFC 8259 leave behaviour open.
    let maxDepth: Int

    init(seed: UInt64, maxDepth: Int = 5) {
        rng = SeededGenerator(state: seed)
        self.maxDepth = maxDepth
    }

    mutating func document() -> String { ws() + value(depth: 0) + ws() }

    mutating func ws() -> String {
        ["", "", "", " ", "\n", "\t", "\r\n  ", " \t"].randomElement(using: &rng)!
    }

    mutating func value(depth: Int) -> String {
        let choice = Int.random(in: 0..<(depth >= maxDepth ? 5 : 8), using: &rng)
        switch choice {
        case 0: return ["true", "false", "null"].randomElement(using: &rng)!
        case 1, 2: return number()
        case 3, 4: return string()
        case 5: return array(depth: depth)
        default: return object(depth: depth)
        }
    }

    mutating func array(depth: Int) -> String {
        let count = Int.random(in: 0...5, using: &rng)
        let elements = (0..<count).map { _ in ws() + value(depth: depth + 1) + ws() }
        return "[" + (count == 0 ? ws() : elements.joined(separator: ",")) + "]"
    }

    mutating func object(depth: Int) -> String {
        let count = Int.random(in: 0...5, using: &rng)
        var keys = Set<String>()
        var members: [String] = []
        for _ in 0..<count {
            let key = string()
            // Foundation keeps one of duplicate names (which one is unspecified).
            guard keys.insert(key).inserted else { continue }
            members.append(ws() + key + ws() + ":" + ws() + value(depth: depth + 1) + ws())
        }
        return "{" + (members.isEmpty ? ws() : members.joined(separator: ",")) + "}"
    }

    mutating func number() -> String {
        let sign = Bool.random(using: &rng) ? "-" : ""
        switch Int.random(in: 0..<6, using: &rng) {
        case 0: return sign + "0"
        case 1: return sign + String(Int.random(in: 1...1000, using: &rng))
        case 2: return sign + String(Int64.random(in: 1...Int64.max, using: &rng))
        case 3: return sign + String(Int.random(in: 0...99999, using: &rng)) + "." + fractionDigits()
        case 4:
            let e = ["e", "E"].randomElement(using: &rng)! + ["", "+", "-"].randomElement(using: &rng)!
            return sign + String(Int.random(in: 1...9, using: &rng)) + "." + fractionDigits()
                + e + String(Int.random(in: 0...300, using: &rng))
        default:
            return sign + String(Double.random(in: -1e6...1e6, using: &rng).magnitude)
        }
    }

    mutating func fractionDigits() -> String {
        let digits = "0123456789"
        return String((0..<Int.random(in: 1...17, using: &rng)).map { _ in digits.randomElement(using: &rng)! })
    }

    mutating func string() -> String {
        var text = "\""
        for _ in 0..<Int.random(in: 0...12, using: &rng) {
            text += stringPiece()
        }
        return text + "\""
    }

    mutating func stringPiece() -> String {
        switch Int.random(in: 0..<10, using: &rng) {
        case 0: return ["\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t"].randomElement(using: &rng)!
        case 1:
            // A BMP escape that is not a surrogate.
            var unit = UInt16.random(in: 0...0xFFFF, using: &rng)
            if (0xD800...0xDFFF).contains(unit) { unit = 0x41 }
            let hex = String(unit, radix: 16, uppercase: Bool.random(using: &rng))
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        case 2:
            let scalar = UInt32.random(in: 0x10000...0x10FFFF, using: &rng) - 0x10000
            let high = String(0xD800 + (scalar >> 10), radix: 16)
            let low = String(0xDC00 + (scalar & 0x3FF), radix: 16)
            return "\\u" + high + "\\u" + low
        case 3: return ["é", "€", "𝄞", "\u{2028}", "中文", "\u{7F}", "ﬃ", "e\u{301}"].randomElement(using: &rng)!
        default:
            let letters = "abcdefghijklmnopqrstuvwxyz ABC-_.:0123456789"
            return String((0..<Int.random(in: 1...10, using: &rng)).map { _ in letters.randomElement(using: &rng)! })
        }
    }
}

/// Whether a value from JSONSerialization means the same as one of ours.
func foundationEquivalent(_ ours: JSONValue, _ theirs: Any) -> Bool {
    switch ours {
    case .null: return theirs is NSNull
    case .bool(let flag): return (theirs as? Bool) == flag
    case .string(let text):
        guard let reference = theirs as? String else { return false }
        return withoutBOM(reference) == withoutBOM(text)
    case .number(let number):
        // Foundation keeps some numbers as Decimal, whose doubleValue is not correctly
        // rounded; its exact decimal text, converted by the stdlib, is the fair reference.
        if let decimal = theirs as? NSDecimalNumber {
            if let exact = number.int64Value { return decimal.int64Value == exact }
            return Double(decimal.stringValue) == number.doubleValue
        }
        guard let reference = theirs as? NSNumber else { return false }
        if let exact = number.int64Value { return reference.int64Value == exact }
        return reference.doubleValue == number.doubleValue
    case .array(let elements):
        guard let list = theirs as? [Any], list.count == elements.count else { return false }
        return zip(elements, list).allSatisfy { foundationEquivalent($0, $1) }
    case .object(let members):
        guard let dictionary = theirs as? [String: Any], dictionary.count == members.count else { return false }
        let lookup = Dictionary(dictionary.map { (withoutBOM($0.key), $0.value) }, uniquingKeysWith: { a, _ in a })
        return members.allSatisfy { member in
            lookup[withoutBOM(member.key)].map { foundationEquivalent(member.value, $0) } ?? false
        }
    }
}

/// Foundation drops raw U+FEFF characters from strings in some positions (it takes them
/// for byte order marks; see JSONWriterTests), so comparisons with it leave them out.
func withoutBOM(_ text: String) -> String {
    guard text.unicodeScalars.contains("\u{FEFF}") else { return text }
    return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 != "\u{FEFF}" }))
}

func foundationParse(_ bytes: [UInt8]) -> Any? {
    try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])
}

@Suite struct JSONRandomDocumentsTests {
    @Test func randomValidTextParsesLikeFoundation() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = RandomJSONText(seed: seed)
        for index in 0..<3000 {
            let text = Array(generator.document().utf8)
            let ours = try JSONParser.parse(text)
            let theirs = try #require(foundationParse(text), "Foundation refused document \(index) of seed \(seed)")
            #expect(foundationEquivalent(ours, theirs),
                    "seed \(seed) document \(index): \(String(decoding: text, as: UTF8.self))")
        }
    }

    /// Foundation's own writer produces the text this time (its number formatting, its
    /// `\/` escaping), and both parsers must read it back the same.
    @Test func foundationWrittenDocumentsParseLikeFoundation() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var generator = RandomJSONText(seed: seed)
        for index in 0..<1000 {
            let source = try #require(foundationParse(Array(generator.document().utf8)))
            let data = try JSONSerialization.data(withJSONObject: source, options: [.fragmentsAllowed])
            let ours = try JSONParser.parse(Array(data))
            #expect(foundationEquivalent(ours, source), "seed \(seed) document \(index)")
        }
    }
}
