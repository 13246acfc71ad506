/// An append-only JSON writer into one byte buffer.
///
/// Commas are automatic: every value, member name or container start emits a ',' first
/// when it follows a sibling. The writer does not check that calls form a well-nested
/// document (that would need a stack on the hot path); callers are small, audited encoders.
/// Output is compact (no whitespace).
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8]
    /// True right after a complete value, so the next sibling needs a separator.
    private var needsComma = false

    public init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { bytes.append(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member name; the member's value must follow.
    public mutating func key(_ name: String) {
        separate()
        appendEscaped(name)
        bytes.append(UInt8(ascii: ":"))
        needsComma = false
    }

    public mutating func string(_ value: String) {
        separate()
        appendEscaped(value)
        needsComma = true
    }

    public mutating func bool(_ value: Bool) {
        separate()
        appendASCII(value ? "true" : "false")
        needsComma = true
    }

    public mutating func null() {
        separate()
        appendASCII("null")
        needsComma = true
    }

    public mutating func int(_ value: Int) {
        separate()
        appendDecimal(value)
        needsComma = true
    }

    /// The shortest text that reads back as the same Float (Swift's `description` is
    /// shortest-round-trip per type, so 1.93 prints as `1.93`, not as the Double
    /// 1.9299999475479126). JSON has no NaN or infinity: they are written as `null`.
    public mutating func float(_ value: Float) {
        separate()
        if value.isFinite { appendASCII(value.description) } else { appendASCII("null") }
        needsComma = true
    }

    /// Like `float(_:)` for Doubles.
    public mutating func double(_ value: Double) {
        separate()
        if value.isFinite { appendASCII(value.description) } else { appendASCII("null") }
        needsComma = true
    }

    /// Any parsed value; integers that fit Int are written exactly, other numbers as Doubles.
    public mutating func value(_ value: JSONValue) {
        switch value {
        case .null: null()
        case .bool(let flag): bool(flag)
        case .string(let text): string(text)
        case .number(let number):
            if let exact = number.int64Value { int(Int(exact)) } else { double(number.doubleValue) }
        case .array(let elements):
            beginArray()
            for element in elements { self.value(element) }
            endArray()
        case .object(let members):
            beginObject()
            for member in members {
                key(member.key)
                self.value(member.value)
            }
            endObject()
        }
    }

    /// Convenience for `key(name)` followed by `string(value)`.
    public mutating func member(_ name: String, _ value: String) {
        key(name)
        string(value)
    }

    // MARK: - Bytes

    private mutating func appendASCII(_ text: String) {
        var text = text
        text.withUTF8 { bytes.append(contentsOf: $0) }
    }

    private mutating func appendDecimal(_ value: Int) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        // The magnitude as UInt, so Int.min does not overflow; 20 digits hold UInt64.max.
        var magnitude = value.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var start = digits.count
            repeat {
                start -= 1
                digits[start] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude != 0 && start > 0
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[start...]))
        }
    }

    /// RFC 8259 §7: `"` and `\` and the controls below 0x20 must be escaped; everything else
    /// (including U+2028/U+2029) may be written raw. Runs of plain bytes are copied at once.
    private mutating func appendEscaped(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var runStart = 0
            for (index, b) in utf8.enumerated() where b < 0x20 || b == 0x22 || b == 0x5C {
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                appendEscape(b)
                runStart = index + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart...]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func appendEscape(_ b: UInt8) {
        let short: UInt8
        switch b {
        case 0x22: short = UInt8(ascii: "\"")
        case 0x5C: short = UInt8(ascii: "\\")
        case 0x0A: short = UInt8(ascii: "n")
        case 0x0D: short = UInt8(ascii: "r")
        case 0x09: short = UInt8(ascii: "t")
        case 0x08: short = UInt8(ascii: "b")
        case 0x0C: short = UInt8(ascii: "f")
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"),
                                      UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 0xF)]])
            return
        }
        bytes.append(UInt8(ascii: "\\"))
        bytes.append(short)
    }
}
