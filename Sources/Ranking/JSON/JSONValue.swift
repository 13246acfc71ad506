/// A parsed JSON number, reduced to the facts a caller can rely on without re-reading the
/// lexeme. The lexeme itself is not kept: holding it would cost an allocation for every number
/// longer than a small string, and nothing in the service needs more than these three facts.
public struct JSONNumber: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The lexeme had neither a fraction nor an exponent (`17`, `-0`), so it names an integer
    /// even when that integer does not fit in `Int64`.
    public let isInteger: Bool
    /// The exact value when the lexeme is an integer that fits in `Int64`; nil otherwise
    /// (`1.0` and `1e2` are not integer lexemes, `9223372036854775808` does not fit).
    public let int64Value: Int64?
    /// The correctly rounded nearest `Double`; `±infinity` when the magnitude overflows
    /// (`1e400` is valid JSON: RFC 8259 leaves the range to the implementation).
    public let doubleValue: Double

    public init(isInteger: Bool, int64Value: Int64?, doubleValue: Double) {
        self.isInteger = isInteger
        self.int64Value = int64Value
        self.doubleValue = doubleValue
    }

    /// An integer number; its `doubleValue` is the nearest `Double`.
    public init(_ value: Int64) {
        self.init(isInteger: true, int64Value: value, doubleValue: Double(value))
    }

    /// A number with a fraction or exponent.
    public init(_ value: Double) {
        self.init(isInteger: false, int64Value: nil, doubleValue: value)
    }

    public var description: String {
        if let exact = int64Value { return String(exact) }
        return doubleValue.description
    }
}

/// One JSON value (RFC 8259). Objects keep their members in document order and keep
/// duplicate names, because RFC 8259 allows them; lookups by name take the last one,
/// which is what most parsers (and JavaScript's `JSON.parse`) do.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([(key: String, value: JSONValue)])

    /// The value of member `key` when `self` is an object holding it (the last duplicate wins);
    /// nil for a missing member or a non-object.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        // Scanning backwards makes the last duplicate win without looking at the rest.
        for member in members.reversed() where member.key == key {
            return member.value
        }
        return nil
    }

    public var stringValue: String? {
        if case .string(let text) = self { return text }
        return nil
    }

    public var numberValue: JSONNumber? {
        if case .number(let number) = self { return number }
        return nil
    }

    public var boolValue: Bool? {
        if case .bool(let flag) = self { return flag }
        return nil
    }

    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The JSON type's name as used in error messages ("string", "object", ...).
    public var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    // Tuples are not Equatable, so object equality is spelled out: same members, same order.
    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.null, .null): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.number(a), .number(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.array(a), .array(b)): return a == b
        case let (.object(a), .object(b)):
            guard a.count == b.count else { return false }
            for (x, y) in zip(a, b) where x.key != y.key || x.value != y.value {
                return false
            }
            return true
        default: return false
        }
    }
}
