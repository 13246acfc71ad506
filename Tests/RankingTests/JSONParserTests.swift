import Testing
@testable import Ranking

private func parse(_ text: String, _ options: JSONParser.Options = .init()) throws(JSONParseError) -> JSONValue {
    try JSONParser.parse(Array(text.utf8), options: options)
}

private func number(_ text: String) throws -> JSONNumber {
    try #require(try parse(text).numberValue)
}

@Suite struct JSONParserTests {
    @Test func minusZeroIsAnIntegerWithNegativeZeroDouble() throws {
        let n = try number("-0")
        #expect(n.isInteger && n.int64Value == 0)
        #expect(n.doubleValue == 0 && n.doubleValue.sign == .minus)
        #expect(try number("-0.0").doubleValue.sign == .minus)
        #expect(try number("-0e5").isInteger == false)
    }

    @Test func exponentFormsAreNotIntegers() throws {
        for text in ["1E+2", "1e2", "100e0", "1.0e2", "10000e-2"] {
            let n = try number(text)
            #expect(!n.isInteger && n.int64Value == nil, "\(text)")
            #expect(n.doubleValue == 100, "\(text)")
        }
        #expect(try number("1.0").int64Value == nil)
    }

    @Test func int64BoundsAreExactAndBeyondIsNil() throws {
        #expect(try number("9223372036854775807").int64Value == .max)
        #expect(try number("-9223372036854775808").int64Value == .min)
        let beyond = try number("9223372036854775808")
        #expect(beyond.isInteger && beyond.int64Value == nil && beyond.doubleValue == 9223372036854775808.0)
        let below = try number("-9223372036854775809")
        #expect(below.int64Value == nil && below.doubleValue == -9223372036854775808.0)
        let huge = try number("123456789012345678901234567890")
        #expect(huge.int64Value == nil && huge.doubleValue == 1.2345678901234568e29)
    }

    @Test func doubleRangeEdges() throws {
        #expect(try number("1e400").doubleValue == .infinity)
        #expect(try number("-1e400").doubleValue == -.infinity)
        #expect(try number("1e-400").doubleValue == 0)
        #expect(try number("4.9406564584124654e-324").doubleValue == .leastNonzeroMagnitude)
        #expect(try number("1.7976931348623157e308").doubleValue == .greatestFiniteMagnitude)
        #expect(try number("0e99999999999999999999999").doubleValue == 0)
        #expect(try number("1e-99999999999999999999999").doubleValue == 0)
    }

    /// The fast path (Clinger) and the stdlib fallback must agree with the stdlib's correctly
    /// rounded conversion on every lexeme, including the 2^53 and 10^22 boundaries.
    @Test func numberConversionMatchesStandardLibrary() throws {
        var rng = SystemRandomNumberGenerator()
        var lexemes = ["9007199254740993", "9007199254740992.5", "1e22", "1e23", "123456789e-22",
                       "0.1", "0.3", "2.2250738585072011e-308", "89255.0e-22", "8.98846567431158e307"]
        for _ in 0..<20_000 {
            let digits = String(UInt64.random(in: 0...UInt64.max, using: &rng)).prefix(Int.random(in: 1...19, using: &rng))
            let integer = digits.first == "0" && digits.count > 1 ? "1" + digits.dropFirst() : String(digits)
            var text = Bool.random(using: &rng) ? "-" + integer : integer
            if Bool.random(using: &rng) { text += "." + String(UInt32.random(in: 0...UInt32.max, using: &rng)) }
            if Bool.random(using: &rng) { text += "e" + String(Int.random(in: -40...40, using: &rng)) }
            lexemes.append(text)
        }
        for text in lexemes {
            let expected = try #require(Double(text))
            let n = try number(text)
            #expect(n.doubleValue == expected && n.doubleValue.sign == expected.sign, "\(text)")
            if !text.contains(".") && !text.contains("e") {
                #expect(n.int64Value == Int64(text), "\(text)")
            }
        }
    }

    @Test func stringsDecodeEscapesAndUnicode() throws {
        #expect(try parse(#""\uD834\uDD1E""#) == .string("𝄞"))
        #expect(try parse(#""\u0000""#) == .string("\u{0}"))
        #expect(try parse(#""\"\\\/\b\f\n\r\t""#) == .string("\"\\/\u{8}\u{C}\n\r\t"))
        #expect(try parse(#""caf\u00e9 \u20AC""#) == .string("café €"))
        #expect(try parse("\"plain ascii then é and 𝄞\"") == .string("plain ascii then é and 𝄞"))
        #expect(try parse(#""\uDBFF\uDFFF""#) == .string("\u{10FFFF}"))
        #expect(try parse(#""0123456789abcdef\n0123456789abcdef""#) == .string("0123456789abcdef\n0123456789abcdef"))
    }

    @Test func objectsKeepOrderAndDuplicatesAndLastWins() throws {
        let value = try parse(#"{"b":1,"a":2,"b":3}"#)
        guard case .object(let members) = value else { Issue.record("not an object"); return }
        #expect(members.map(\.key) == ["b", "a", "b"])
        #expect(value["b"] == .number(JSONNumber(3)))
        #expect(value["a"] == .number(JSONNumber(2)))
        #expect(value["c"] == nil)
        #expect(JSONValue.array([])["a"] == nil)
    }

    @Test func nestedContainersAreBuiltCorrectly() throws {
        let value = try parse(#"[1,[2,[3,{"k":[4,5]}],6],{"x":{}},[]]"#)
        let expected: JSONValue = .array([
            .number(JSONNumber(1)),
            .array([.number(JSONNumber(2)),
                    .array([.number(JSONNumber(3)), .object([(key: "k", value: .array([.number(JSONNumber(4)), .number(JSONNumber(5))]))])]),
                    .number(JSONNumber(6))]),
            .object([(key: "x", value: .object([]))]),
            .array([]),
        ])
        #expect(value == expected)
    }

    @Test func depthLimitIsConfigurableAndCapped() throws {
        let deep = { (n: Int) in String(repeating: "[", count: n) + String(repeating: "]", count: n) }
        _ = try parse(deep(3), .init(maxDepth: 3))
        #expect(throws: JSONParseError.self) { try parse(deep(4), .init(maxDepth: 3)) }
        // A huge configured depth is capped, so deep input is an error rather than a stack overflow.
        let ceiling = JSONParser.Options.depthCeiling
        _ = try parse(deep(ceiling), .init(maxDepth: .max))
        #expect(throws: JSONParseError.self) { try parse(deep(100_000), .init(maxDepth: .max)) }
        #expect(throws: JSONParseError.self) { try parse("[1]", .init(maxDepth: 0)) }
        _ = try parse("1", .init(maxDepth: 0))
    }

    @Test func inputSizeLimit() throws {
        _ = try parse("[1,2]", .init(maxInputBytes: 5))
        let error = try #require(throws: JSONParseError.self) { try parse("[1,2] ", .init(maxInputBytes: 5)) }
        #expect(error.offset == 0 && error.reason.contains("over the limit of 5"))
    }

    @Test func errorsCarryOffsetAndReadableMessage() throws {
        let error = try #require(throws: JSONParseError.self) { try parse(#"{"query": "x", "top_k" 3}"#) }
        #expect(error.offset == 23)
        #expect(error.description == "invalid JSON at byte 23: expected ':' after member name, found '3'")
        let comma = try #require(throws: JSONParseError.self) { try parse(#"{"a":1 "b":2}"#) }
        #expect(comma.offset == 7)
        #expect(comma.description.hasPrefix("invalid JSON at byte 7: expected ',' or '}' in object"))
        let utf8 = try #require(throws: JSONParseError.self) {
            try JSONParser.parse([0x5B, 0x22, 0x61, 0xED, 0xA0, 0x80, 0x22, 0x5D])
        }
        #expect(utf8.offset == 3)
    }

    @Test func parsesFromASliceOfALargerBuffer() throws {
        let storage = Array("xx[\"in\"]yy".utf8)
        let value = try storage.withUnsafeBytes { all in
            try JSONParser.parse(UnsafeRawBufferPointer(rebasing: all[2..<8]))
        }
        #expect(value == .array([.string("in")]))
        #expect(throws: JSONParseError.self) {
            try JSONParser.parse(UnsafeRawBufferPointer(start: nil, count: 0))
        }
    }

    /// Every 8-byte alignment of a special byte must be seen by the word-at-a-time scan.
    @Test func plainScanSeesSpecialBytesAtEveryPosition() throws {
        for position in 0..<17 {
            let prefix = String(repeating: "a", count: position)
            #expect(try parse("\"\(prefix)\\n0123456789\"") == .string(prefix + "\n0123456789"))
            #expect(try parse("\"\(prefix)é0123456789\"") == .string(prefix + "é0123456789"))
            #expect(try parse("[\"\(prefix)\",\"0123456789\"]") == .array([.string(prefix), .string("0123456789")]))
            var control = Array("\"\(prefix)x0123456789\"".utf8)
            control[1 + position] = 0x1F
            #expect(throws: JSONParseError.self) { try JSONParser.parse(control) }
            control[1 + position] = 0x7F
            #expect(try JSONParser.parse(control) == .string(prefix + "\u{7F}0123456789"))
        }
    }
}
