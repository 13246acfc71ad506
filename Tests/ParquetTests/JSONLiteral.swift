/// A JSON value that keeps numbers as their literal text, so expected rows compare exactly
/// (`1.0` is not `1`) while whitespace and string escaping differences do not matter.
indirect enum JSONLiteral: Equatable, CustomStringConvertible {
    case null, bool(Bool), number(String), string(String)
    case array([JSONLiteral])
    case object([(String, JSONLiteral)])

    static func == (a: JSONLiteral, b: JSONLiteral) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case let (.bool(x), .bool(y)): x == y
        case let (.number(x), .number(y)): x == y
        case let (.string(x), .string(y)): x == y
        case let (.array(x), .array(y)): x == y
        case let (.object(x), .object(y)): x.count == y.count && zip(x, y).allSatisfy { $0.0 == $1.0 && $0.1 == $1.1 }
        default: false
        }
    }

    var description: String {
        switch self {
        case .null: "null"
        case let .bool(b): "\(b)"
        case let .number(n): n
        case let .string(s): "\"\(s)\""
        case let .array(a): "[" + a.map(\.description).joined(separator: ",") + "]"
        case let .object(o): "{" + o.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
        }
    }

    struct ParseError: Error { let message: String }

    static func parse(_ text: String) throws -> JSONLiteral {
        var p = Parser(chars: Array(text.unicodeScalars))
        let v = try p.value()
        p.skipSpace()
        guard p.i == p.chars.count else { throw ParseError(message: "trailing characters") }
        return v
    }

    private struct Parser {
        let chars: [Unicode.Scalar]
        var i = 0

        mutating func skipSpace() { while i < chars.count, " \t\r\n".unicodeScalars.contains(chars[i]) { i += 1 } }

        mutating func value() throws -> JSONLiteral {
            skipSpace()
            guard i < chars.count else { throw ParseError(message: "unexpected end") }
            switch chars[i] {
            case "{": return try object()
            case "[": return try array()
            case "\"": return .string(try string())
            case "t": try literal("true"); return .bool(true)
            case "f": try literal("false"); return .bool(false)
            case "n": try literal("null"); return .null
            default: return try number()
            }
        }

        mutating func literal(_ word: String) throws {
            for s in word.unicodeScalars {
                guard i < chars.count, chars[i] == s else { throw ParseError(message: "bad literal") }
                i += 1
            }
        }

        mutating func number() throws -> JSONLiteral {
            let start = i
            while i < chars.count, "+-0123456789.eE".unicodeScalars.contains(chars[i]) { i += 1 }
            guard i > start else { throw ParseError(message: "unexpected character \(chars[i])") }
            return .number(String(String.UnicodeScalarView(chars[start..<i])))
        }

        mutating func string() throws -> String {
            i += 1
            var out = String.UnicodeScalarView()
            while i < chars.count, chars[i] != "\"" {
                if chars[i] == "\\" {
                    i += 1
                    guard i < chars.count else { break }
                    switch chars[i] {
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "b": out.append("\u{08}")
                    case "f": out.append("\u{0C}")
                    case "u": out.append(try unicodeEscape())
                    default: out.append(chars[i])
                    }
                } else { out.append(chars[i]) }
                i += 1
            }
            i += 1
            return String(out)
        }

        mutating func hex4() throws -> UInt32 {
            guard i + 4 < chars.count, let v = UInt32(String(String.UnicodeScalarView(chars[i + 1...i + 4])), radix: 16) else {
                throw ParseError(message: "bad \\u escape")
            }
            i += 4
            return v
        }

        mutating func unicodeEscape() throws -> Unicode.Scalar {
            var v = try hex4()
            if (0xD800..<0xDC00).contains(v), i + 2 < chars.count, chars[i + 1] == "\\", chars[i + 2] == "u" {
                i += 2
                let low = try hex4()
                v = 0x10000 + ((v - 0xD800) << 10) + (low - 0xDC00)
            }
            return Unicode.Scalar(v) ?? "\u{FFFD}"
        }

        mutating func array() throws -> JSONLiteral {
            i += 1
            var items: [JSONLiteral] = []
            skipSpace()
            if i < chars.count, chars[i] == "]" { i += 1; return .array(items) }
            while true {
                items.append(try value())
                skipSpace()
                guard i < chars.count else { throw ParseError(message: "unterminated array") }
                if chars[i] == "]" { i += 1; return .array(items) }
                guard chars[i] == "," else { throw ParseError(message: "expected , in array") }
                i += 1
            }
        }

        mutating func object() throws -> JSONLiteral {
            i += 1
            var members: [(String, JSONLiteral)] = []
            skipSpace()
            if i < chars.count, chars[i] == "}" { i += 1; return .object(members) }
            while true {
                skipSpace()
                guard i < chars.count, chars[i] == "\"" else { throw ParseError(message: "expected key") }
                let key = try string()
                skipSpace()
                guard i < chars.count, chars[i] == ":" else { throw ParseError(message: "expected :") }
                i += 1
                members.append((key, try value()))
                skipSpace()
                guard i < chars.count else { throw ParseError(message: "unterminated object") }
                if chars[i] == "}" { i += 1; return .object(members) }
                guard chars[i] == "," else { throw ParseError(message: "expected , in object") }
                i += 1
            }
        }
    }
}
