import Parquet

/// Turns Parquet columns into what the feature store holds: Float32 features (NaN for nulls)
/// and key bytes. Kept apart from loading so each rule is testable on a hand-made column.
enum ColumnConversion {
    /// Why a column cannot be a feature, or nil when it can.
    static func unusableReason(_ d: ColumnDescriptor) -> String? {
        switch d.logicalType {
        case .string?, .enumeration?, .json?, .bson?, .uuid?:
            return "is a \(d.logicalType!) column; features must be numeric"
        case .date?, .time?, .timestamp?, .interval?:
            return "is a \(d.logicalType!) column; convert it to a number (e.g. an age in days) when writing the snapshot"
        default: break
        }
        switch d.physicalType {
        case .boolean, .int32, .int64, .float, .double: return nil
        case .fixedLenByteArray where d.logicalType == .float16: return nil
        case .fixedLenByteArray, .byteArray:
            if case .decimal? = d.logicalType { return nil }
            return "is a \(d.physicalType) column; features must be numeric"
        case .int96: return "is an INT96 timestamp column; features must be numeric"
        }
    }

    /// One value per slot (list elements or rows) as Float32; nulls become NaN.
    static func floats(_ column: ParquetColumn) -> [Float] {
        let d = column.descriptor
        var out = rawFloats(column.values, d)
        let validity = d.isList ? column.elementValidity : column.validity
        if let validity {
            for (i, valid) in validity.enumerated() where !valid && i < out.count { out[i] = .nan }
        }
        return out
    }

    private static func rawFloats(_ values: ColumnValues, _ d: ColumnDescriptor) -> [Float] {
        let scale = decimalScale(d)
        switch values {
        case .boolean(let v): return v.map { $0 ? 1 : 0 }
        case .int32(let v):
            if isUnsigned(d) { return v.map { Float(UInt32(bitPattern: $0)) * scale } }
            return v.map { Float(Double($0) * Double(scale)) }
        case .int64(let v):
            if isUnsigned(d) { return v.map { Float(Double(UInt64(bitPattern: $0)) * Double(scale)) } }
            return v.map { Float(Double($0) * Double(scale)) }
        case .float(let v): return v
        case .double(let v): return v.map { Float($0) }
        case .fixedLenByteArray(let width, let bytes) where d.logicalType == .float16 && width == 2:
            return stride(from: 0, to: bytes.count - 1, by: 2).map {
                Float(Float16(bitPattern: UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8))
            }
        case .fixedLenByteArray(let width, let bytes):
            return stride(from: 0, to: bytes.count, by: max(width, 1)).map {
                decimalFromBigEndian(bytes[$0..<min($0 + width, bytes.count)], scale: scale)
            }
        case .byteArray(let offsets, let bytes):
            return (0..<max(offsets.count - 1, 0)).map {
                decimalFromBigEndian(bytes[offsets[$0]..<offsets[$0 + 1]], scale: scale)
            }
        case .int96(let v): return [Float](repeating: .nan, count: v.count)
        }
    }

    private static func isUnsigned(_ d: ColumnDescriptor) -> Bool {
        if case .integer(_, let signed)? = d.logicalType { return !signed }
        return false
    }

    private static func decimalScale(_ d: ColumnDescriptor) -> Float {
        if case .decimal(_, let scale)? = d.logicalType { return Float(pow10(-Int(scale))) }
        return 1
    }

    private static func pow10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(exponent) { result *= 10 }
        return exponent < 0 ? 1 / result : result
    }

    /// A big-endian two's-complement unscaled decimal as Float (precision beyond Float is lost,
    /// as it would be in any Float32 feature).
    private static func decimalFromBigEndian(_ bytes: ArraySlice<UInt8>, scale: Float) -> Float {
        guard let first = bytes.first else { return .nan }
        // Seeding with -1 for a set sign bit makes the running value two's complement.
        var value = first >= 0x80 ? -1.0 : 0.0
        for byte in bytes { value = value * 256 + Double(byte) }
        return Float(value * Double(scale))
    }
}
