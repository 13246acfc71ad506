import Parquet

/// Key columns as text, per row: strings as their bytes, integers as decimal text (so a request
/// may send `17` or `"17"`), nil for a null key.
struct KeyColumn {
    let name: String
    private let values: ColumnValues
    private let validity: [Bool]?
    let normalizeQuery: Bool

    init(_ column: ParquetColumn, normalizeQuery: Bool) throws(FeatureTableError) {
        let d = column.descriptor
        guard !d.isList else { throw .inconsistent(table: "", detail: "key column \(d.name) is a list; keys must be strings or integers") }
        switch (d.physicalType, d.logicalType) {
        case (.byteArray, .string?), (.byteArray, .enumeration?), (.byteArray, nil), (.int32, nil), (.int64, nil),
             (.int32, .integer?), (.int64, .integer?):
            break
        default:
            throw .inconsistent(table: "", detail: "key column \(d.name) is \(d.physicalType)\(d.logicalType.map { " \($0)" } ?? ""); keys must be strings or integers")
        }
        name = d.name
        values = column.values
        validity = column.validity
        self.normalizeQuery = normalizeQuery
    }

    func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }

    /// The key text of `row` (call only for non-null rows).
    func text(_ row: Int) -> String {
        let raw: String
        switch values {
        case .byteArray(let offsets, let bytes): raw = String(decoding: bytes[offsets[row]..<offsets[row + 1]], as: UTF8.self)
        case .int32(let v): raw = String(v[row])
        case .int64(let v): raw = String(v[row])
        default: raw = ""
        }
        return normalizeQuery ? QueryNormalizer.normalize(raw) : raw
    }

    /// Appends `row`'s key bytes without building a String (the common single string key).
    func appendRaw(_ row: Int, to keys: inout PackedKeys) {
        if case .byteArray(let offsets, let bytes) = values, !normalizeQuery {
            bytes.withUnsafeBytes { keys.append(UnsafeRawBufferPointer(rebasing: $0[offsets[row]..<offsets[row + 1]])) }
        } else {
            keys.append(text(row))
        }
    }
}
