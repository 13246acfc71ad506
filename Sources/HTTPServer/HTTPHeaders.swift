/// Request header fields in arrival order, with case-insensitive lookup.
///
/// Stored as one byte buffer plus ranges so that parsing a request allocates twice, whatever
/// the number of fields; names and values become Strings only when asked for.
public struct HTTPHeaders: Sendable, Sequence {
    struct Field: Sendable {
        var name: Range<Int>
        var value: Range<Int>
    }

    private var storage: [UInt8]
    private var fields: [Field]

    init(storage: [UInt8], fields: [Field]) {
        self.storage = storage
        self.fields = fields
    }

    /// Builds headers from name/value pairs (for tests and hand-made requests).
    public init(_ pairs: [(String, String)] = []) {
        storage = []
        fields = []
        for (name, value) in pairs { append(name: name, value: value) }
    }

    public mutating func append(name: String, value: String) {
        let nameStart = storage.count
        storage.append(contentsOf: name.utf8)
        let valueStart = storage.count
        storage.append(contentsOf: value.utf8)
        fields.append(Field(name: nameStart..<valueStart, value: valueStart..<storage.count))
    }

    public var count: Int { fields.count }

    /// The first value of the field named `name` (ASCII case-insensitive), or nil.
    public subscript(name: String) -> String? {
        var name = name
        return name.withUTF8 { key in
            for field in fields where matches(field, key) { return string(field.value) }
            return nil
        }
    }

    /// Every value of the field named `name`, in order.
    public func values(for name: String) -> [String] {
        var name = name
        return name.withUTF8 { key in fields.filter { matches($0, key) }.map { string($0.value) } }
    }

    public func makeIterator() -> AnyIterator<(name: String, value: String)> {
        var index = 0
        return AnyIterator {
            guard index < fields.count else { return nil }
            defer { index += 1 }
            return (string(fields[index].name), string(fields[index].value))
        }
    }

    /// The fields that decide framing and connection handling, found in one pass (no Strings).
    struct ControlFields {
        var hostCount = 0
        /// The first Host field's value (the only one, when the request is valid).
        var host: Range<Int>?
        var contentLength: [Range<Int>] = []
        var transferEncoding: [Range<Int>] = []
        var connection: [Range<Int>] = []
        var expect: [Range<Int>] = []
    }

    func controlFields() -> ControlFields {
        var found = ControlFields()
        storage.withUnsafeBufferPointer { bytes in
            for field in fields {
                let name = UnsafeBufferPointer(rebasing: bytes[field.name])
                switch name.count {
                case 4 where ASCII.equalsIgnoringCase(name, "host"):
                    found.hostCount += 1
                    if found.host == nil { found.host = field.value }
                case 6 where ASCII.equalsIgnoringCase(name, "expect"): found.expect.append(field.value)
                case 10 where ASCII.equalsIgnoringCase(name, "connection"): found.connection.append(field.value)
                case 14 where ASCII.equalsIgnoringCase(name, "content-length"): found.contentLength.append(field.value)
                case 17 where ASCII.equalsIgnoringCase(name, "transfer-encoding"): found.transferEncoding.append(field.value)
                default: break
                }
            }
        }
        return found
    }

    func withValueBytes<T>(_ range: Range<Int>, _ body: (UnsafeBufferPointer<UInt8>) -> T) -> T {
        storage.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[range])) }
    }

    private func matches(_ field: Field, _ key: UnsafeBufferPointer<UInt8>) -> Bool {
        guard field.name.count == key.count else { return false }
        var keyIndex = 0
        for i in field.name {
            if ASCII.lowercased(storage[i]) != ASCII.lowercased(key[keyIndex]) { return false }
            keyIndex += 1
        }
        return true
    }

    private func string(_ range: Range<Int>) -> String {
        storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }
}

/// Byte classes from RFC 9110 §5.6.2 and friends.
enum ASCII {
    static let cr: UInt8 = 13, lf: UInt8 = 10, space: UInt8 = 32, tab: UInt8 = 9, colon: UInt8 = 58

    static func lowercased(_ byte: UInt8) -> UInt8 { byte &- 65 < 26 ? byte | 0x20 : byte }

    /// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
    /// Bit masks of tchar over bytes 0...63 and 64...127 (no table lookup on the hot path).
    @inline(__always)
    static func isTokenChar(_ byte: UInt8) -> Bool {
        if byte < 64 { return (0x03FF_6CFA_0000_0000 as UInt64) >> UInt64(byte) & 1 == 1 }
        if byte < 128 { return (0x57FF_FFFF_C7FF_FFFE as UInt64) >> UInt64(byte - 64) & 1 == 1 }
        return false
    }

    /// Case-insensitive equality of raw bytes with a lowercase ASCII literal.
    static func equalsIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, _ lowercase: StaticString) -> Bool {
        guard bytes.count == lowercase.utf8CodeUnitCount else { return false }
        let literal = lowercase.utf8Start
        for i in 0..<bytes.count where lowercased(bytes[i]) != literal[i] { return false }
        return true
    }
}
