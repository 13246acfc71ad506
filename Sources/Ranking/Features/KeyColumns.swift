import Parquet

/// Key columns as text, per row: strings as their bytes, integers as decimal text (so a request
/// may send `17` or `"17"`), nil for a null key.
struct KeyColumn {
    let name: String
    private let values: ColumnValues
    private let validity: [Bool]?
    /// Integer keys as decimal text, from the Parquet layer (which knows unsigned types).
    private let integerText: [String]?
    let normalizeQuery: Bool

    /// Why a column cannot be a key; the caller says whose (a table, a judgments file).
    struct Unusable: Error {
        let detail: String
    }

    init(_ column: ParquetColumn, normalizeQuery: Bool) throws(Unusable) {
        let d = column.descriptor
        guard !d.isList else { throw Unusable(detail: "key column \(d.name) is a list; keys must be strings or integers") }
        switch (d.physicalType, d.logicalType) {
        case (.byteArray, .string?), (.byteArray, .enumeration?), (.byteArray, nil), (.int32, nil), (.int64, nil),
             (.int32, .integer?), (.int64, .integer?):
            break
        default:
            throw Unusable(detail: "key column \(d.name) is \(d.physicalType)\(d.logicalType.map { " \($0)" } ?? ""); keys must be strings or integers")
        }
        name = d.name
        values = column.values
        validity = column.validity
        if d.physicalType == .byteArray {
            integerText = nil
        } else {
            do {
                integerText = try column.strings()
            } catch {
                throw Unusable(detail: "key column \(d.name): \(error.message)")
            }
        }
        self.normalizeQuery = normalizeQuery
    }

    func isNull(_ row: Int) -> Bool { validity.map { !$0[row] } ?? false }

    /// The key text of `row` (call only for non-null rows).
    func text(_ row: Int) -> String {
        let raw: String
        if case .byteArray(let offsets, let bytes) = values {
            raw = String(decoding: bytes[offsets[row]..<offsets[row + 1]], as: UTF8.self)
        } else {
            raw = integerText?[row] ?? ""
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

    /// `row`'s key bytes into `out` (replacing its contents), without a String for plain string
    /// keys. Query keys are normalised once per distinct raw value in a run: snapshots are
    /// usually grouped by query, so 1M rows normalise only their ~10k distinct queries.
    func bytes(_ row: Int, into out: inout [UInt8], memo: inout QueryMemo) {
        out.removeAll(keepingCapacity: true)
        guard case .byteArray(let offsets, let bytes) = values else {
            out.append(contentsOf: text(row).utf8)
            return
        }
        let raw = bytes[offsets[row]..<offsets[row + 1]]
        guard normalizeQuery else {
            out.append(contentsOf: raw)
            return
        }
        if !memo.raw.elementsEqual(raw) {
            memo.raw = Array(raw)
            memo.normalized = Array(QueryNormalizer.normalize(String(decoding: raw, as: UTF8.self)).utf8)
        }
        out.append(contentsOf: memo.normalized)
    }
}

/// The last raw query seen by `KeyColumn.bytes` and its normalised form.
struct QueryMemo {
    var raw: [UInt8] = [0xFF]  // never valid UTF-8, so the first row always normalises
    var normalized: [UInt8] = []
}
