/// Thrift compact-protocol wire types (the low nibble of a field header).
enum ThriftType: UInt8 {
    case stop = 0, boolTrue = 1, boolFalse = 2, byte = 3, i16 = 4, i32 = 5, i64 = 6
    case double = 7, binary = 8, list = 9, set = 10, map = 11, structure = 12
}

/// A field header: its id and wire type. `boolValue` carries a boolean field's value,
/// which the compact protocol packs into the type nibble.
struct ThriftFieldHeader {
    var id: Int16
    var type: ThriftType
    var boolValue: Bool { type == .boolTrue }
}

/// Reads the Thrift compact protocol from a byte range the caller keeps alive.
/// Every length is checked against the bytes left and nesting is bounded, so a hostile
/// footer or page header costs at most its own size in work and memory.
struct ThriftCompactReader {
    static let maxDepth = 64

    private let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    private var depth = 0
    private var lastFieldIDs: [Int16] = []
    private var lastFieldID: Int16 = 0

    init(_ bytes: UnsafeRawBufferPointer, position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var remaining: Int { bytes.count - position }

    mutating func readByte() throws(ParquetError) -> UInt8 {
        guard position < bytes.count else { throw ParquetError("Thrift data ends early (at byte \(position))") }
        let b = bytes[position]
        position += 1
        return b
    }

    mutating func readVarint() throws(ParquetError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            if shift == 63 && b > 1 { throw ParquetError("Thrift varint is longer than 64 bits") }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift > 63 { throw ParquetError("Thrift varint is longer than 64 bits") }
        }
    }

    mutating func readI64() throws(ParquetError) -> Int64 {
        let v = try readVarint()
        return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
    }

    mutating func readI32() throws(ParquetError) -> Int32 {
        let v = try readI64()
        guard let r = Int32(exactly: v) else { throw ParquetError("Thrift i32 value \(v) is out of range") }
        return r
    }

    mutating func readI16() throws(ParquetError) -> Int16 {
        let v = try readI64()
        guard let r = Int16(exactly: v) else { throw ParquetError("Thrift i16 value \(v) is out of range") }
        return r
    }

    mutating func readDouble() throws(ParquetError) -> Double {
        guard remaining >= 8 else { throw ParquetError("Thrift double ends early") }
        let raw = bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self)
        position += 8
        return Double(bitPattern: UInt64(littleEndian: raw))
    }

    /// A binary/string field: the length is checked against the bytes left before anything is copied.
    mutating func readBinary() throws(ParquetError) -> [UInt8] {
        let range = try readBinaryRange()
        return [UInt8](UnsafeRawBufferPointer(rebasing: bytes[range]))
    }

    mutating func readString() throws(ParquetError) -> String {
        let range = try readBinaryRange()
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    mutating func skipBinary() throws(ParquetError) { _ = try readBinaryRange() }

    private mutating func readBinaryRange() throws(ParquetError) -> Range<Int> {
        let length = try readVarint()
        guard length <= UInt64(remaining) else {
            throw ParquetError("Thrift binary length \(length) exceeds the \(remaining) bytes left")
        }
        let start = position
        position += Int(length)
        return start..<position
    }

    // MARK: Structs

    mutating func beginStruct() throws(ParquetError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw ParquetError("Thrift nesting deeper than \(Self.maxDepth)") }
        lastFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        depth -= 1
        lastFieldID = lastFieldIDs.popLast() ?? 0
    }

    /// The next field header, or nil at the struct's STOP.
    mutating func readFieldHeader() throws(ParquetError) -> ThriftFieldHeader? {
        let b = try readByte()
        if b == 0 { return nil }
        guard let type = ThriftType(rawValue: b & 0x0F), type != .stop else {
            throw ParquetError("Thrift field has unknown type \(b & 0x0F)")
        }
        let delta = Int16(b >> 4)
        let id: Int16
        if delta == 0 {
            id = try readI16()
        } else {
            let (sum, overflow) = lastFieldID.addingReportingOverflow(delta)
            if overflow { throw ParquetError("Thrift field id overflows") }
            id = sum
        }
        lastFieldID = id
        return ThriftFieldHeader(id: id, type: type)
    }

    /// A list or set header: element type and count, the count bounded by the bytes left
    /// (every element takes at least one byte, except booleans which take exactly one).
    mutating func readListHeader() throws(ParquetError) -> (ThriftType, Int) {
        let b = try readByte()
        var count = UInt64(b >> 4)
        if count == 15 { count = try readVarint() }
        guard let type = ThriftType(rawValue: b & 0x0F), type != .stop else {
            throw ParquetError("Thrift list has unknown element type \(b & 0x0F)")
        }
        guard count <= UInt64(remaining) else {
            throw ParquetError("Thrift list of \(count) elements exceeds the \(remaining) bytes left")
        }
        return (type, Int(count))
    }

    /// Skips a value of any type, so fields and union members from newer writers are ignored.
    mutating func skip(_ type: ThriftType) throws(ParquetError) {
        switch type {
        case .boolTrue, .boolFalse, .stop: return
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double: _ = try readDouble()
        case .binary: try skipBinary()
        case .list, .set:
            let (elementType, count) = try readListHeader()
            try nested { (r: inout ThriftCompactReader) throws(ParquetError) in
                for _ in 0..<count { try r.skipElement(elementType) }
            }
        case .map: try skipMap()
        case .structure: try skipStruct()
        }
    }

    /// List elements: booleans are one byte each there, unlike in field headers.
    mutating func skipElement(_ type: ThriftType) throws(ParquetError) {
        if type == .boolTrue || type == .boolFalse { _ = try readByte() } else { try skip(type) }
    }

    mutating func readBoolElement() throws(ParquetError) -> Bool { try readByte() == 1 }

    private mutating func skipMap() throws(ParquetError) {
        let count = try readVarint()
        guard count > 0 else { return }
        guard count <= UInt64(remaining) else {
            throw ParquetError("Thrift map of \(count) entries exceeds the \(remaining) bytes left")
        }
        let types = try readByte()
        guard let keyType = ThriftType(rawValue: types >> 4), let valueType = ThriftType(rawValue: types & 0x0F) else {
            throw ParquetError("Thrift map has unknown key or value type")
        }
        try nested { (r: inout ThriftCompactReader) throws(ParquetError) in
            for _ in 0..<Int(count) {
                try r.skipElement(keyType)
                try r.skipElement(valueType)
            }
        }
    }

    mutating func skipStruct() throws(ParquetError) {
        try readStruct { (r: inout ThriftCompactReader, field: ThriftFieldHeader) throws(ParquetError) in
            try r.skip(field.type)
        }
    }

    /// Reads a struct, handing each field to `body`, which must consume (or skip) it.
    mutating func readStruct(
        _ body: (inout ThriftCompactReader, ThriftFieldHeader) throws(ParquetError) -> Void
    ) throws(ParquetError) {
        try beginStruct()
        while let field = try readFieldHeader() {
            try body(&self, field)
        }
        endStruct()
    }

    private mutating func nested(_ body: (inout ThriftCompactReader) throws(ParquetError) -> Void) throws(ParquetError) {
        depth += 1
        guard depth <= Self.maxDepth else { throw ParquetError("Thrift nesting deeper than \(Self.maxDepth)") }
        try body(&self)
        depth -= 1
    }

    /// Reads a list of structs or scalars with `element` for each item.
    mutating func readList<T>(
        _ element: (inout ThriftCompactReader, ThriftType) throws(ParquetError) -> T
    ) throws(ParquetError) -> [T] {
        let (type, count) = try readListHeader()
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(try element(&self, type)) }
        return out
    }
}
