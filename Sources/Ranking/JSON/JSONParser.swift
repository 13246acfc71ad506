/// Why a document is not acceptable JSON, and where: `offset` is the 0-based index of the
/// byte at which the problem was detected.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    public let offset: Int
    public let reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "invalid JSON at byte \(offset): \(reason)" }
}

/// A strict RFC 8259 parser over bytes, built for request bodies on the ranking hot path.
///
/// Strict means: exactly one value, optionally surrounded by whitespace; no comments, trailing
/// commas, single quotes, NaN/Infinity, leading zeros, `+1`, `.5` or `1.`; strings must be
/// valid UTF-8 with control characters escaped and `\u` surrogates properly paired.
/// Duplicate member names are kept (RFC 8259 permits them). Any input, however broken,
/// ends in a value or a `JSONParseError`, never a trap.
public enum JSONParser {
    public struct Options: Sendable {
        /// Deepest nesting of arrays/objects accepted; the top-level container is depth 1.
        public var maxDepth: Int
        /// Largest document accepted, checked before any work is done.
        public var maxInputBytes: Int

        /// The parser recurses once per nesting level; this ceiling keeps a misconfigured
        /// `maxDepth` from turning deep input into a stack overflow on small thread stacks.
        public static let depthCeiling = 512

        public init(maxDepth: Int = 64, maxInputBytes: Int = 1 << 20) {
            self.maxDepth = maxDepth
            self.maxInputBytes = maxInputBytes
        }
    }

    public static func parse(
        _ bytes: [UInt8], options: Options = Options()
    ) throws(JSONParseError) -> JSONValue {
        // withUnsafeBytes cannot forward a typed error, so the result travels in a Result.
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer, options: options) }
        }
        return try result.get()
    }

    public static func parse(
        _ buffer: UnsafeRawBufferPointer, options: Options = Options()
    ) throws(JSONParseError) -> JSONValue {
        var reader = JSONReader(buffer: buffer, options: options)
        return try reader.parseDocument()
    }
}

/// The parsing state over one document. Scratch storage (for escaped strings and for the
/// elements of containers being built) is reused across the whole document so that each
/// array or object costs exactly one allocation of its final size.
struct JSONReader {
    let base: UnsafeRawPointer?
    let count: Int
    let maxDepth: Int
    let maxInputBytes: Int
    var pos = 0
    var depth = 0
    var scratch: [UInt8] = []
    var elementStack: [JSONValue] = []
    var memberStack: [(key: String, value: JSONValue)] = []

    init(buffer: UnsafeRawBufferPointer, options: JSONParser.Options) {
        base = buffer.baseAddress
        count = buffer.count
        maxDepth = min(options.maxDepth, JSONParser.Options.depthCeiling)
        maxInputBytes = options.maxInputBytes
    }

    /// The byte at `index`, or nil past the end: every read of input goes through here or
    /// through a loop that checks `index < count` itself.
    @inline(__always)
    func byte(at index: Int) -> UInt8? {
        guard index >= 0, index < count, let base else { return nil }
        return base.load(fromByteOffset: index, as: UInt8.self)
    }

    func fail(_ offset: Int, _ reason: String) -> JSONParseError {
        JSONParseError(offset: offset, reason: reason)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        guard count > 0 else { throw fail(0, "empty input") }
        guard count <= maxInputBytes else {
            throw fail(0, "document is \(count) bytes, over the limit of \(maxInputBytes)")
        }
        skipWhitespace()
        guard pos < count else { throw fail(pos, "expected a value, found only whitespace") }
        let value = try parseValue()
        skipWhitespace()
        guard pos == count else {
            throw fail(pos, "unexpected \(describe(byte(at: pos))) after the top-level value")
        }
        return value
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while let b = byte(at: pos), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
            pos += 1
        }
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard let b = byte(at: pos) else {
            throw fail(pos, "unexpected end of input, expected a value")
        }
        switch b {
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw fail(pos, unexpectedValueStart(b))
        }
    }

    /// Names the common non-JSON habits explicitly, because "unexpected character" alone
    /// leaves a client guessing.
    func unexpectedValueStart(_ b: UInt8) -> String {
        switch b {
        case UInt8(ascii: "'"): return "strings must use double quotes, not single quotes"
        case UInt8(ascii: "/"): return "comments are not allowed in JSON"
        case UInt8(ascii: "+"): return "a number must not start with '+'"
        case UInt8(ascii: "."): return "a number must have a digit before '.'"
        case UInt8(ascii: "N"), UInt8(ascii: "I"): return "NaN and Infinity are not valid JSON"
        case UInt8(ascii: "]"), UInt8(ascii: "}"): return "expected a value, found '\(Character(Unicode.Scalar(b)))'"
        default: return "expected a value, found \(describe(b))"
        }
    }

    /// A byte as it should appear in a message: printable ASCII quoted, the rest in hex.
    func describe(_ b: UInt8?) -> String {
        guard let b else { return "end of input" }
        if b >= 0x21 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        return "byte 0x" + hex2(b)
    }

    func hex2(_ b: UInt8) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        return String(decoding: [digits[Int(b >> 4)], digits[Int(b & 0xF)]], as: UTF8.self)
    }

    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        let start = literal.utf8Start
        for k in 0..<length where byte(at: pos + k) != start[k] {
            throw fail(pos + k, "invalid literal, expected '\(literal)'")
        }
        pos += length
    }

    mutating func enterContainer() throws(JSONParseError) {
        depth += 1
        guard depth <= maxDepth else {
            throw fail(pos, "nesting is deeper than the limit of \(maxDepth) levels")
        }
        pos += 1
        skipWhitespace()
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        if byte(at: pos) == UInt8(ascii: "]") {
            pos += 1
            return .array([])
        }
        let first = elementStack.count
        while true {
            elementStack.append(try parseValue())
            skipWhitespace()
            guard let b = byte(at: pos) else {
                throw fail(pos, "unexpected end of input in array, expected ',' or ']'")
            }
            pos += 1
            if b == UInt8(ascii: "]") { break }
            guard b == UInt8(ascii: ",") else {
                throw fail(pos - 1, "expected ',' or ']' in array, found \(describe(b))")
            }
            skipWhitespace()
            if byte(at: pos) == UInt8(ascii: "]") {
                throw fail(pos, "trailing comma before ']' is not allowed")
            }
        }
        let elements = Array(elementStack[first...])
        elementStack.removeSubrange(first...)
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        if byte(at: pos) == UInt8(ascii: "}") {
            pos += 1
            return .object([])
        }
        let first = memberStack.count
        while true {
            memberStack.append(try parseMember())
            skipWhitespace()
            guard let b = byte(at: pos) else {
                throw fail(pos, "unexpected end of input in object, expected ',' or '}'")
            }
            pos += 1
            if b == UInt8(ascii: "}") { break }
            guard b == UInt8(ascii: ",") else {
                throw fail(pos - 1, "expected ',' or '}' in object, found \(describe(b))")
            }
            skipWhitespace()
            if byte(at: pos) == UInt8(ascii: "}") {
                throw fail(pos, "trailing comma before '}' is not allowed")
            }
        }
        let members = Array(memberStack[first...])
        memberStack.removeSubrange(first...)
        return .object(members)
    }

    /// `"name" : value`, starting at the name.
    mutating func parseMember() throws(JSONParseError) -> (key: String, value: JSONValue) {
        guard byte(at: pos) == UInt8(ascii: "\"") else {
            let found = byte(at: pos)
            if found == UInt8(ascii: "'") {
                throw fail(pos, "member names must use double quotes, not single quotes")
            }
            throw fail(pos, "expected a member name in double quotes, found \(describe(found))")
        }
        let key = try parseString()
        skipWhitespace()
        guard byte(at: pos) == UInt8(ascii: ":") else {
            throw fail(pos, "expected ':' after member name, found \(describe(byte(at: pos)))")
        }
        pos += 1
        skipWhitespace()
        return (key, try parseValue())
    }
}
