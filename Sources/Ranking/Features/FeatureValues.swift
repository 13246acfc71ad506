import Parquet

struct UnusableColumn: Error, CustomStringConvertible {
    let description: String
}

extension FeatureTableLoader {
    /// A column's features for the kept rows: one Float per row, or `width` per row for a list
    /// column whose non-null lists all have the same length (null lists become NaN).
    static func featureValues(_ column: ParquetColumn, rows: Int, kept: [Int]?)
        -> Result<(name: String, width: Int, sourceType: String, values: [Float]), UnusableColumn> {
        let d = column.descriptor
        let type = "\(d.physicalType)\(d.logicalType.map { " \($0)" } ?? "")"
        let flat: [Float]
        do {
            flat = try d.isList ? column.elementFloats() : column.floats()
        } catch {
            return .failure(UnusableColumn(description: error.message))
        }
        guard d.isList, let offsets = column.listOffsets else {
            guard flat.count == rows else {
                return .failure(UnusableColumn(description: "has \(flat.count) values for \(rows) rows"))
            }
            return .success((d.name, 1, type, kept.map { $0.map { flat[$0] } } ?? flat))
        }
        var width: Int? = nil
        for row in 0..<rows where !column.isNull(row: row) {
            let length = Int(offsets[row + 1]) - Int(offsets[row])
            if let w = width, w != length {
                return .failure(UnusableColumn(description: "is a list whose length varies (\(w) and \(length) at row \(row)); a vector feature needs one width"))
            }
            width = length
        }
        guard let width, width > 0 else {
            return .failure(UnusableColumn(description: "is a list column with no non-empty rows; its width is unknown"))
        }
        var values = [Float](repeating: .nan, count: (kept?.count ?? rows) * width)
        for (position, row) in (kept ?? Array(0..<rows)).enumerated() where !column.isNull(row: row) {
            let start = Int(offsets[row])
            for k in 0..<width { values[position * width + k] = flat[start + k] }
        }
        return .success((d.name, width, "LIST<\(type)>", values))
    }
}
