import Foundation
import Testing
@testable import Ranking
import TestSupport

private func text(_ writer: borrowing JSONWriter) -> String { String(decoding: writer.bytes, as: UTF8.self) }

@Suite struct JSONWriterTests {
    @Test func commasAreInsertedBetweenSiblingsOnly() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a"); writer.int(1)
        writer.key("b"); writer.beginArray()
        writer.bool(true); writer.null(); writer.beginObject(); writer.endObject()
        writer.beginArray(); writer.endArray(); writer.string("x")
        writer.endArray()
        writer.key("c"); writer.beginObject(); writer.key("d"); writer.double(0.5); writer.endObject()
        writer.endObject()
        #expect(text(writer) == #"{"a":1,"b":[true,null,{},[],"x"],"c":{"d":0.5}}"#)
    }

    @Test func stringsAreEscapedPerRFC8259() {
        var writer = JSONWriter()
        writer.string("q\"b\\s/\n\r\t\u{8}\u{C}\u{0}\u{1F}\u{7F}\u{2028}\u{2029}é𝄞")
        #expect(text(writer) == "\"q\\\"b\\\\s/\\n\\r\\t\\b\\f\\u0000\\u001f\u{7F}\u{2028}\u{2029}é𝄞\"")
    }

    /// Why the Foundation comparisons tolerate a missing leading U+FEFF: Foundation (not
    /// this writer) loses it, while the text we write keeps it and our parser reads it back.
    @Test func leadingByteOrderMarkInAStringIsKept() throws {
        var writer = JSONWriter()
        writer.string("\u{FEFF}a")
        #expect(writer.bytes == [0x22, 0xEF, 0xBB, 0xBF, 0x61, 0x22])
        #expect(try JSONParser.parse(writer.bytes) == .string("\u{FEFF}a"))
        let foundation = try #require(foundationParse(writer.bytes) as? String)
        withKnownIssue("Foundation's JSONSerialization drops U+FEFF at the start of a string or after an escape") {
            #expect(foundation == "\u{FEFF}a")
        }
    }

    @Test func integersIncludingExtremes() {
        var writer = JSONWriter()
        writer.beginArray()
        for value in [0, 7, -7, 10, 1_000_000, Int.max, Int.min] { writer.int(value) }
        writer.endArray()
        #expect(text(writer) == "[0,7,-7,10,1000000,\(Int.max),\(Int.min)]")
    }

    @Test func floatsUseTheFloatsShortestTextAndNonFiniteIsNull() {
        var writer = JSONWriter()
        writer.beginArray()
        for value: Float in [1.93, 0.1, -0.0, .leastNonzeroMagnitude, 3.4028235e38, 16777216, 1, .nan, .infinity, -.infinity] {
            writer.float(value)
        }
        writer.double(.nan)
        writer.double(0.1)
        writer.endArray()
        #expect(text(writer) == "[1.93,0.1,-0.0,1e-45,3.4028235e+38,16777216.0,1.0,null,null,null,null,0.1]")
    }

    /// Every finite Float, written and read back (both as a Float and, as JSON consumers
    /// do, as a Double narrowed to Float), is the same Float.
    @Test func floatTextRoundTrips() throws {
        var rng = SeededGenerator(state: UInt64.random(in: 0...UInt64.max))
        for _ in 0..<100_000 {
            let value = Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
            guard value.isFinite else { continue }
            var writer = JSONWriter()
            writer.float(value)
            let written = text(writer)
            #expect(Float(written) == value, "\(written)")
            #expect(Float(try #require(Double(written))) == value, "\(written)")
            let parsed = try JSONParser.parse(writer.bytes)
            #expect(parsed.numberValue.map { Float($0.doubleValue) } == value, "\(written)")
        }
    }

    @Test func writtenValuesParseInFoundationAsTheSameValues() throws {
        let seed = UInt64.random(in: 0...UInt64.max)
        var values = RandomJSONValues(rng: SeededGenerator(state: seed))
        for index in 0..<2000 {
            let value = values.value(depth: 0)
            var writer = JSONWriter()
            writer.value(value)
            let theirs = try #require(foundationParse(writer.bytes), "seed \(seed) value \(index): \(text(writer))")
            #expect(foundationEquivalent(value, theirs), "seed \(seed) value \(index): \(text(writer))")
            #expect(try JSONParser.parse(writer.bytes) == value, "seed \(seed) value \(index)")
        }
    }
}

/// Random values built directly (no text), with strings that need every kind of escape.
struct RandomJSONValues {
    var rng: SeededGenerator

    mutating func value(depth: Int) -> JSONValue {
        switch Int.random(in: 0..<(depth >= 4 ? 4 : 6), using: &rng) {
        case 0: return [.null, .bool(true), .bool(false)].randomElement(using: &rng)!
        case 1: return .number(number())
        case 2, 3: return .string(string())
        case 4: return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in value(depth: depth + 1) })
        default:
            var seen = Set<String>()
            var members: [(key: String, value: JSONValue)] = []
            for _ in 0..<Int.random(in: 0...4, using: &rng) {
                let key = string()
                // Names must stay distinct for Foundation, which loses some U+FEFF.
                if seen.insert(withoutBOM(key)).inserted { members.append((key, value(depth: depth + 1))) }
            }
            return .object(members)
        }
    }

    mutating func number() -> JSONNumber {
        if Bool.random(using: &rng) { return JSONNumber(Int64.random(in: .min ... .max, using: &rng)) }
        var double: Double
        repeat {
            double = Double(bitPattern: UInt64.random(in: 0...UInt64.max, using: &rng))
        } while !double.isFinite
        // A Double with an integral value is written like `3.0`, which still reads back as
        // a non-integer lexeme, so the value is kept as is.
        return JSONNumber(double: double)
    }

    mutating func string() -> String {
        var scalars = String.UnicodeScalarView()
        for _ in 0..<Int.random(in: 0...10, using: &rng) {
            let value: UInt32
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: value = UInt32.random(in: 0..<0x20, using: &rng)
            case 1: value = [0x22, 0x5C, 0x2F, 0x7F, 0x2028, 0x2029, 0x1D11E, 0xFEFF].randomElement(using: &rng)!
            case 2: value = UInt32.random(in: 0x80...0x10FFFF, using: &rng)
            default: value = UInt32.random(in: 0x20..<0x7F, using: &rng)
            }
            scalars.append(Unicode.Scalar(value) ?? "x")
        }
        return String(scalars)
    }
}
