// Values: one dispatch on a value's first byte (`readToken`), driven by two consumers — the
// tree builder behind `JSONParser.parse`, and `skipValue`, which validates a value exactly
// as strictly without building anything (for members a decoder does not want).

/// A value as the reader meets it: scalars read whole, containers only announced (the
/// reader stands on the bracket, ready for `openArray`/`openObject`).
enum JSONToken {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(JSONStringToken)
    case arrayStart
    case objectStart
}

extension JSONReader {
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        try beginDocument()
        let value = try parseValue()
        try endDocument()
        return value
    }

    /// Reads a scalar, or stops at the bracket of a container.
    mutating func readToken() throws(JSONParseError) -> JSONToken {
        guard let b = byte(at: pos) else {
            throw fail(pos, "unexpected end of input, expected a value")
        }
        switch b {
        case UInt8(ascii: "\""): return .string(try scanString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            return .number(try parseNumber())
        case UInt8(ascii: "{"): return .objectStart
        case UInt8(ascii: "["): return .arrayStart
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        default: throw fail(pos, unexpectedValueStart(b))
        }
    }

    // MARK: - Building a tree

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        switch try readToken() {
        case .null: return .null
        case .bool(let flag): return .bool(flag)
        case .number(let number): return .number(number)
        case .string(let token): return .string(string(token))
        case .arrayStart: return try parseArray()
        case .objectStart: return try parseObject()
        }
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        guard try openArray() else { return .array([]) }
        let first = elementStack.count
        repeat {
            elementStack.append(try parseValue())
        } while try nextElement()
        let elements = Array(elementStack[first...])
        elementStack.removeSubrange(first...)
        return .array(elements)
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        guard try openObject() else { return .object([]) }
        let first = memberStack.count
        repeat {
            // Two statements: in `string(try memberName())` the copy of self that `string`
            // reads would be taken before the name is scanned into the scratch buffer.
            let name = try memberName()
            let key = string(name)
            memberStack.append((key, try parseValue()))
        } while try nextMember()
        let members = Array(memberStack[first...])
        memberStack.removeSubrange(first...)
        return .object(members)
    }

    // MARK: - Skipping

    /// Reads one value of any kind, validating all of it (nesting depth included) but
    /// keeping nothing of a container; returns its token so a caller can say what it was.
    @discardableResult
    mutating func skipValue() throws(JSONParseError) -> JSONToken {
        let token = try readToken()
        switch token {
        case .arrayStart:
            if try openArray() {
                repeat { try skipValue() } while try nextElement()
            }
        case .objectStart:
            if try openObject() {
                repeat {
                    _ = try memberName()
                    try skipValue()
                } while try nextMember()
            }
        default:
            break
        }
        return token
    }
}
