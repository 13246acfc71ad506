import Foundation

/// Conversions the ranking layer needs: numeric columns as `[Float]` (NaN for nulls), key
/// columns as `[String]`, and list<float> rows.
extension ParquetColumn {
    /// Any integer or floating column (decimals scaled, FLOAT16 widened, unsigned integers
    /// read as unsigned) as Float, NaN where null.
    public func floats() throws(ParquetError) -> [Float] {
        guard !descriptor.isList else { throw ParquetError("column '\(name)' is a list; use floatLists()") }
        var out = try slotFloats()
        if let validity { for i in out.indices where !validity[i] { out[i] = .nan } }
        return out
    }

    /// A list column's rows as Float arrays (nil for a null list, NaN for a null element).
    public func floatLists() throws(ParquetError) -> [[Float]?] {
        guard let offsets = listOffsets else { throw ParquetError("column '\(name)' is not a list") }
        let items = try elementFloats()
        return (0..<count).map { row in
            if isNull(row: row) { return nil }
            return Array(items[Int(offsets[row])..<Int(offsets[row + 1])])
        }
    }

    /// A list column's elements back to back (row i's are `listOffsets[i]..<listOffsets[i+1]`),
    /// NaN for a null element: the flat form, without an array per row.
    public func elementFloats() throws(ParquetError) -> [Float] {
        guard descriptor.isList, listOffsets != nil else { throw ParquetError("column '\(name)' is not a list") }
        var items = try slotFloats()
        if let elementValidity { for i in items.indices where !elementValidity[i] { items[i] = .nan } }
        return items
    }

    /// Key column values as text: strings as UTF-8, integers in decimal; nulls become `nullAs`.
    public func strings(nullAs: String = "") throws(ParquetError) -> [String] {
        guard !descriptor.isList else { throw ParquetError("column '\(name)' is a list, not a key column") }
        let unsigned = descriptor.logicalType.map { if case .integer(_, false) = $0 { true } else { false } } ?? false
        var out: [String]
        switch values {
        case let .byteArray(offsets, bytes):
            out = bytes.withUnsafeBytes { raw in
                (0..<values.count).map { String(decoding: UnsafeRawBufferPointer(rebasing: raw[offsets[$0]..<offsets[$0 + 1]]), as: UTF8.self) }
            }
        case let .fixedLenByteArray(width, bytes):
            out = (0..<values.count).map { String(decoding: bytes[$0 * width..<($0 + 1) * width], as: UTF8.self) }
        case let .int32(v): out = v.map { unsigned ? String(UInt32(bitPattern: $0)) : String($0) }
        case let .int64(v): out = v.map { unsigned ? String(UInt64(bitPattern: $0)) : String($0) }
        default: throw ParquetError("column '\(name)' of type \(descriptor.physicalType) is not a string or integer column")
        }
        if let validity { for i in out.indices where !validity[i] { out[i] = nullAs } }
        return out
    }

    /// One Float per value slot (placeholders at nulls).
    private func slotFloats() throws(ParquetError) -> [Float] {
        let logical = descriptor.logicalType
        var scale: Int32 = 0
        if case let .decimal(_, s)? = logical { scale = s }
        let divisor = pow(10.0, Double(scale))
        let unsigned = logical.map { if case .integer(_, false) = $0 { true } else { false } } ?? false
        switch values {
        case let .float(v): return v
        case let .double(v): return v.map { Float($0) }
        case let .int32(v):
            if unsigned { return v.map { Float(UInt32(bitPattern: $0)) } }
            return scale == 0 ? v.map { Float($0) } : v.map { Float(Double($0) / divisor) }
        case let .int64(v):
            if unsigned { return v.map { Float(UInt64(bitPattern: $0)) } }
            return scale == 0 ? v.map { Float($0) } : v.map { Float(Double($0) / divisor) }
        case let .boolean(v): return v.map { $0 ? 1 : 0 }
        case let .fixedLenByteArray(width, bytes) where logical == .float16 && width == 2:
            return (0..<bytes.count / 2).map { HalfFloat.toFloat(UInt16(bytes[2 * $0]) | UInt16(bytes[2 * $0 + 1]) << 8) }
        case let .fixedLenByteArray(width, bytes) where scale > 0 || isDecimal:
            return (0..<bytes.count / width).map { Float(Self.bigEndianToDouble(bytes[$0 * width..<($0 + 1) * width]) / divisor) }
        case let .byteArray(offsets, bytes) where isDecimal:
            return (0..<offsets.count - 1).map { Float(Self.bigEndianToDouble(bytes[offsets[$0]..<offsets[$0 + 1]]) / divisor) }
        default:
            throw ParquetError("column '\(name)' of type \(descriptor.physicalType) is not numeric")
        }
    }

    private var isDecimal: Bool {
        if case .decimal? = descriptor.logicalType { true } else { false }
    }

    /// Two's-complement big-endian integer of any width, as Double.
    private static func bigEndianToDouble(_ bytes: ArraySlice<UInt8>) -> Double {
        guard let first = bytes.first else { return 0 }
        var value = 0.0
        for b in bytes { value = value * 256 + Double(b) }
        if first & 0x80 != 0 { value -= pow(2.0, Double(8 * bytes.count)) }
        return value
    }
}
