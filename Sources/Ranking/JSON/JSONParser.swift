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

/// The parsing state over one document: the one implementation of JSON's syntax. Callers
/// drive it token by token: `JSONParser` builds a `JSONValue` tree from it, and decoders of
/// known documents (a rank request) read the members they want straight into their own
/// types and skip (while still fully validating) the rest. Scratch storage (for escaped
/// strings and for the elements of containers being built) is reused across the whole
/// document so that each array or object costs exactly one allocation of its final size.
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

    /// Checks the document-wide limits and moves to the start of the top-level value.
    mutating func beginDocument() throws(JSONParseError) {
        guard count > 0 else { throw fail(0, "empty input") }
        guard count <= maxInputBytes else {
            throw fail(0, "document is \(count) bytes, over the limit of \(maxInputBytes)")
        }
        skipWhitespace()
        guard pos < count else { throw fail(pos, "expected a value, found only whitespace") }
    }

    /// After the top-level value: only whitespace may follow.
    mutating func endDocument() throws(JSONParseError) {
        skipWhitespace()
        guard pos == count else {
            throw fail(pos, "unexpected \(describe(byte(at: pos))) after the top-level value")
        }
    }

    @inline(__always)
    mutating func skipWhitespace() {
        while let b = byte(at: pos), b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 {
            pos += 1
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
}

// MARK: - Containers
//
// A container is read as `if try openArray() { repeat { <read one element> } while try
// nextElement() }` (objects alike, each member starting with `memberName()`), so the rules
// for brackets, commas and nesting depth live here once, whoever consumes the elements.

private let arrayClose = UInt8(ascii: "]")
private let objectClose = UInt8(ascii: "}")

extension JSONReader {
    /// At `[`: enters the array; false when it is empty (and already closed).
    mutating func openArray() throws(JSONParseError) -> Bool {
        try open(closing: arrayClose)
    }

    /// After an element: true when another follows, false when the array closed.
    mutating func nextElement() throws(JSONParseError) -> Bool {
        try next(closing: arrayClose, in: "array")
    }

    /// At `{`: enters the object; false when it is empty (and already closed).
    mutating func openObject() throws(JSONParseError) -> Bool {
        try open(closing: objectClose)
    }

    /// After a member's value: true when another member follows, false when the object closed.
    mutating func nextMember() throws(JSONParseError) -> Bool {
        try next(closing: objectClose, in: "object")
    }

    private mutating func open(closing: UInt8) throws(JSONParseError) -> Bool {
        depth += 1
        guard depth <= maxDepth else {
            throw fail(pos, "nesting is deeper than the limit of \(maxDepth) levels")
        }
        pos += 1
        skipWhitespace()
        guard byte(at: pos) == closing else { return true }
        pos += 1
        depth -= 1
        return false
    }

    private mutating func next(closing: UInt8, in kind: StaticString) throws(JSONParseError) -> Bool {
        var close: Character { Character(Unicode.Scalar(closing)) }  // for messages only
        skipWhitespace()
        guard let b = byte(at: pos) else {
            throw fail(pos, "unexpected end of input in \(kind), expected ',' or '\(close)'")
        }
        pos += 1
        if b == closing {
            depth -= 1
            return false
        }
        guard b == UInt8(ascii: ",") else {
            throw fail(pos - 1, "expected ',' or '\(close)' in \(kind), found \(describe(b))")
        }
        skipWhitespace()
        if byte(at: pos) == closing {
            throw fail(pos, "trailing comma before '\(close)' is not allowed")
        }
        return true
    }

    /// `"name" :` up to the start of the member's value. The token stays valid until the
    /// next string is scanned, so take what is needed from it before reading the value.
    mutating func memberName() throws(JSONParseError) -> JSONStringToken {
        guard byte(at: pos) == UInt8(ascii: "\"") else {
            let found = byte(at: pos)
            if found == UInt8(ascii: "'") {
                throw fail(pos, "member names must use double quotes, not single quotes")
            }
            throw fail(pos, "expected a member name in double quotes, found \(describe(found))")
        }
        let name = try scanString()
        skipWhitespace()
        guard byte(at: pos) == UInt8(ascii: ":") else {
            throw fail(pos, "expected ':' after member name, found \(describe(byte(at: pos)))")
        }
        pos += 1
        skipWhitespace()
        return name
    }
}
