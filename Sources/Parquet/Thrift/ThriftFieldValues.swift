/// Typed reads of a field's value that first check the wire type, so a field whose id is known
/// but whose type is not what the spec says is reported instead of misread.
extension ThriftCompactReader {
    private func expect(_ field: ThriftFieldHeader, _ types: ThriftType..., name: String) throws(ParquetError) {
        guard types.contains(field.type) else {
            throw ParquetError("Thrift field \(name) (id \(field.id)) has wire type \(field.type), expected \(types[0])")
        }
    }

    mutating func i32(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) -> Int32 {
        try expect(field, .i32, .i16, .byte, name: name)
        if field.type == .byte { return Int32(Int8(bitPattern: try readByte())) }
        return try readI32()
    }

    mutating func i64(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) -> Int64 {
        try expect(field, .i64, .i32, .i16, name: name)
        return try readI64()
    }

    mutating func i8(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) -> Int8 {
        try expect(field, .byte, .i16, .i32, name: name)
        if field.type == .byte { return Int8(bitPattern: try readByte()) }
        let v = try readI32()
        guard let r = Int8(exactly: v) else { throw ParquetError("Thrift field \(name) value \(v) is out of range") }
        return r
    }

    mutating func bool(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) -> Bool {
        try expect(field, .boolTrue, .boolFalse, name: name)
        return field.boolValue
    }

    mutating func string(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) -> String {
        try expect(field, .binary, name: name)
        return try readString()
    }

    mutating func structure(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) {
        try expect(field, .structure, name: name)
    }

    mutating func list(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) {
        try expect(field, .list, .set, name: name)
    }

    /// Reads a list<i32> (e.g. encodings).
    mutating func i32List(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) -> [Int32] {
        try list(field, name)
        return try readList { (r: inout ThriftCompactReader, type: ThriftType) throws(ParquetError) -> Int32 in
            guard type == .i32 || type == .i16 || type == .byte else {
                throw ParquetError("Thrift list \(name) has elements of wire type \(type), expected i32")
            }
            if type == .byte { return Int32(Int8(bitPattern: try r.readByte())) }
            return try r.readI32()
        }
    }

    mutating func stringList(_ field: ThriftFieldHeader, _ name: String) throws(ParquetError) -> [String] {
        try list(field, name)
        return try readList { (r: inout ThriftCompactReader, type: ThriftType) throws(ParquetError) -> String in
            guard type == .binary else {
                throw ParquetError("Thrift list \(name) has elements of wire type \(type), expected binary")
            }
            return try r.readString()
        }
    }

    /// Reads a list<struct>, decoding each element with `element`.
    mutating func structList<T>(
        _ field: ThriftFieldHeader, _ name: String,
        _ element: (inout ThriftCompactReader) throws(ParquetError) -> T
    ) throws(ParquetError) -> [T] {
        try list(field, name)
        return try readList { (r: inout ThriftCompactReader, type: ThriftType) throws(ParquetError) -> T in
            guard type == .structure else {
                throw ParquetError("Thrift list \(name) has elements of wire type \(type), expected struct")
            }
            return try element(&r)
        }
    }
}
