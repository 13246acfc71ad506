/// An append-only JSON writer into one growable byte buffer.
///
/// Commas are automatic: every value, member name or container start emits a ',' first
/// when it follows a sibling. The writer does not check that calls form a well-nested
/// document (that would need a stack on the hot path); callers are small, audited encoders.
/// Output is compact (no whitespace).
///
/// The buffer is a raw allocation owned by this non-copyable value rather than an Array:
/// a response is a few thousand one-to-ten-byte appends, and Array's per-append uniqueness
/// and capacity checks cost more than the bytes themselves.
public struct JSONWriter: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// Bytes written so far.
    public private(set) var count = 0
    /// True right after a complete value, so the next sibling needs a separator.
    private var needsComma = false

    public init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    /// A copy of the bytes written so far.
    public var bytes: [UInt8] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if capacity - count < extra { grow(extra) }
    }

    private mutating func grow(_ extra: Int) {
        let newCapacity = max(capacity * 2, count + extra)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        base.deallocate()
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func put(_ byte: UInt8) {
        reserve(1)
        base[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func put(_ run: UnsafeBufferPointer<UInt8>) {
        guard let source = run.baseAddress else { return }
        reserve(run.count)
        if run.count <= 16 {
            // Short runs (numbers, literals) are cheaper to copy than a memmove call.
            for offset in 0..<run.count { base[count + offset] = source[offset] }
        } else {
            (base + count).update(from: source, count: run.count)
        }
        count += run.count
    }

    @inline(__always)
    private mutating func separate() {
        if needsComma { put(UInt8(ascii: ",")) }
    }

    public mutating func beginObject() {
        separate()
        put(UInt8(ascii: "{"))
        needsComma = false
    }

    public mutating func endObject() {
        put(UInt8(ascii: "}"))
        needsComma = true
    }

    public mutating func beginArray() {
        separate()
        put(UInt8(ascii: "["))
        needsComma = false
    }

    public mutating func endArray() {
        put(UInt8(ascii: "]"))
        needsComma = true
    }

    /// A member name; the member's value must follow.
    public mutating func key(_ name: String) {
        separate()
        appendEscaped(name)
        put(UInt8(ascii: ":"))
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
        appendFloat(value)
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

    // MARK: - Raw appends
    //
    // For encoders of a fixed shape (a response item) that know where commas go: they write
    // literal runs such as `,"score":` at once instead of a key call and a separator check,
    // and must themselves keep the output well formed. No separator is written or recorded.

    /// Appends `literal`, which must be valid JSON text in its place, as it is.
    @inline(__always)
    mutating func appendLiteral(_ literal: StaticString) {
        put(UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// The text `float(_:)` writes, without a separator.
    mutating func appendFloat(_ value: Float) {
        guard value.isFinite else { return appendLiteral("null") }
        // At most 15 bytes ("-1.1754944e-38"), so a small String: no allocation.
        var text = value.description
        text.withUTF8 { put($0) }
    }

    /// The text `string(_:)` writes, without a separator.
    mutating func appendString(_ text: String) {
        appendEscaped(text)
    }

    /// The text `int(_:)` writes, without a separator.
    mutating func appendInt(_ value: Int) {
        appendDecimal(value)
    }

    // MARK: - Bytes

    private mutating func appendASCII(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ put($0) }) == nil {
            var copy = text
            copy.withUTF8 { put($0) }
        }
    }

    private mutating func appendDecimal(_ value: Int) {
        // The magnitude as UInt, so Int.min does not overflow; digits are written in place,
        // last first, once their count is known.
        var magnitude = value.magnitude
        var digits = 1
        var probe = magnitude
        while probe >= 10 {
            probe /= 10
            digits += 1
        }
        reserve(digits + 1)
        if value < 0 { put(UInt8(ascii: "-")) }
        var position = count + digits
        repeat {
            position -= 1
            base[position] = UInt8(ascii: "0") + UInt8(magnitude % 10)
            magnitude /= 10
        } while magnitude != 0
        count += digits
    }

    /// RFC 8259 §7: `"` and `\` and the controls below 0x20 must be escaped; everything else
    /// (including U+2028/U+2029) may be written raw. Runs of plain bytes are copied at once.
    private mutating func appendEscaped(_ text: String) {
        if text.utf8.withContiguousStorageIfAvailable({ appendEscaped(utf8: $0) }) == nil {
            var copy = text
            copy.withUTF8 { appendEscaped(utf8: $0) }
        }
    }

    private mutating func appendEscaped(utf8: UnsafeBufferPointer<UInt8>) {
        if Self.needsNoEscaping(utf8) {
            // The usual id or name: the whole run at once between its quotes.
            reserve(utf8.count + 2)
            base[count] = UInt8(ascii: "\"")
            count += 1
            put(utf8)
            base[count] = UInt8(ascii: "\"")
            count += 1
            return
        }
        // Room for every input byte plus both quotes is reserved once, so plain bytes (nearly
        // all of them) are stored through locals without a capacity check each; an escape
        // re-reserves for the rest before writing.
        reserve(utf8.count + 2)
        var output = base
        var end = count
        output[end] = UInt8(ascii: "\"")
        end += 1
        for index in 0..<utf8.count {
            let b = utf8[index]
            if b >= 0x20 && b != 0x22 && b != 0x5C {
                output[end] = b
                end += 1
                continue
            }
            count = end
            reserve(utf8.count - index + 6)
            appendEscape(b)
            output = base
            end = count
        }
        output[end] = UInt8(ascii: "\"")
        count = end + 1
    }

    /// No quote, backslash or control byte, checked 8 bytes at a time with the "has a zero
    /// byte" / "has a byte less than" bit tricks (exact for whether any byte matches; bytes
    /// from 0x80 up need no escaping and do not disturb them).
    static func needsNoEscaping(_ utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let start = utf8.baseAddress else { return true }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highs: UInt64 = 0x8080_8080_8080_8080
        var offset = 0
        while offset + 8 <= utf8.count {
            let word = UnsafeRawPointer(start + offset).loadUnaligned(as: UInt64.self)
            let quotes = word ^ (ones &* 0x22)
            let slashes = word ^ (ones &* 0x5C)
            let special = ((quotes &- ones) & ~quotes) | ((slashes &- ones) & ~slashes) | ((word &- ones &* 0x20) & ~word)
            if special & highs != 0 { return false }
            offset += 8
        }
        while offset < utf8.count {
            let b = start[offset]
            if b < 0x20 || b == 0x22 || b == 0x5C { return false }
            offset += 1
        }
        return true
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
            let hex: StaticString = "0123456789abcdef"
            put(UInt8(ascii: "\\"))
            put(UInt8(ascii: "u"))
            put(UInt8(ascii: "0"))
            put(UInt8(ascii: "0"))
            put(hex.utf8Start[Int(b >> 4)])
            put(hex.utf8Start[Int(b & 0xF)])
            return
        }
        put(UInt8(ascii: "\\"))
        put(short)
    }
}
