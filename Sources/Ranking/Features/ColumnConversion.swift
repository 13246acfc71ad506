import Parquet

/// Which Parquet columns can be features. The conversion itself is the Parquet layer's
/// (`ParquetColumn.floats()` / `elementFloats()`); this is the feature store's policy.
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
}
