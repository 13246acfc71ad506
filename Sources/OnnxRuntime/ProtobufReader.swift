/// The protobuf wire format (varints, tags, length-delimited fields), read in place and bounds
/// checked at every step: a model file is input like any other, and a truncated or hostile one
/// must give an error, never a trap or an over-read. Only what `ModelGraph` needs.
struct ProtobufReader {
    enum WireType: UInt64 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    struct Field {
        let number: UInt64
        let wireType: WireType
        /// The value of a varint field (0 for the other wire types).
        let varint: UInt64
        /// The bytes of a length-delimited field (empty for the other wire types).
        let bytes: UnsafeRawBufferPointer
    }

    private let buffer: UnsafeRawBufferPointer
    private(set) var offset = 0
    /// What is being read, for error messages (`graph.node[3].attribute[0]`).
    let path: String

    init(_ buffer: UnsafeRawBufferPointer, path: String) {
        self.buffer = buffer
        self.path = path
    }

    var isAtEnd: Bool { offset >= buffer.count }

    /// The next field, or nil at the end of the message.
    mutating func next() throws(ModelGraphError) -> Field? {
        guard !isAtEnd else { return nil }
        let key = try varint()
        let number = key >> 3
        guard number > 0, let wireType = WireType(rawValue: key & 7) else {
            throw error("bad field key \(key)")
        }
        switch wireType {
        case .varint:
            return Field(number: number, wireType: wireType, varint: try varint(), bytes: UnsafeRawBufferPointer(start: nil, count: 0))
        case .fixed64:
            try skip(8)
        case .fixed32:
            try skip(4)
        case .lengthDelimited:
            let length = try varint()
            guard length <= UInt64(buffer.count - offset) else {
                throw error("field \(number) needs \(length) bytes, \(buffer.count - offset) left")
            }
            let start = offset
            offset += Int(length)
            return Field(number: number, wireType: wireType, varint: 0,
                         bytes: UnsafeRawBufferPointer(rebasing: buffer[start..<offset]))
        case .startGroup, .endGroup:
            // Deprecated groups never appear in ONNX's proto3 schema.
            throw error("field \(number) uses protobuf groups")
        }
        return Field(number: number, wireType: wireType, varint: 0, bytes: UnsafeRawBufferPointer(start: nil, count: 0))
    }

    mutating func varint() throws(ModelGraphError) -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard shift < 64 else { throw error("varint longer than 10 bytes") }
            guard offset < buffer.count else { throw error("truncated varint") }
            let byte = buffer[offset]
            offset += 1
            value |= UInt64(byte & 0x7F) << shift
            if byte & 0x80 == 0 { return value }
            shift += 7
        }
    }

    private mutating func skip(_ count: Int) throws(ModelGraphError) {
        guard buffer.count - offset >= count else { throw error("truncated fixed-width field") }
        offset += count
    }

    func error(_ message: String) -> ModelGraphError {
        ModelGraphError("\(path) at byte \(offset): \(message)")
    }
}

extension ProtobufReader.Field {
    var string: String { String(decoding: bytes, as: UTF8.self) }

    /// A repeated integer field: one varint, or a packed run of them (proto3's default).
    func appendIntegers(to values: inout [Int64], path: String) throws(ModelGraphError) {
        switch wireType {
        case .varint:
            values.append(Int64(bitPattern: varint))
        case .lengthDelimited:
            var packed = ProtobufReader(bytes, path: path)
            while !packed.isAtEnd { values.append(Int64(bitPattern: try packed.varint())) }
        default:
            throw ModelGraphError("\(path): integer field \(number) has wire type \(wireType)")
        }
    }
}

/// The model file could not be read as an ONNX `ModelProto`.
public struct ModelGraphError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
