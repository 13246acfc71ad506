import Foundation

/// One feature column as laid out in a table row: `width` floats starting at `offset`
/// (width > 1 for `list<float>` vector features).
public struct FeatureColumn: Sendable, Equatable {
    public let name: String
    public let offset: Int
    public let width: Int
    /// The Parquet type it was loaded from, for /ready and error messages.
    public let sourceType: String
}

/// Where a table's rows came from: enough to tell operators what is served and to notice a
/// newer snapshot.
public struct SnapshotInfo: Sendable, Equatable {
    /// The snapshot subdirectory name, or the file/directory name with its modification time.
    public let id: String
    /// The file or directory actually read.
    public let dataPath: String
    /// Newest modification time among the files read.
    public let modified: Date
    public let loadedAt: Date
}

/// A loaded feature table: a key index and row-major Float32 features, so one candidate's
/// features are one contiguous copy. Immutable; a reload builds a new one and swaps it in.
public final class FeatureTable: Sendable {
    public let name: String
    /// Key columns in the order their values are composed into a lookup key.
    public let keyColumns: [String]
    public let columns: [FeatureColumn]
    /// Floats per row.
    public let width: Int
    public let values: AlignedFloats
    public let index: KeyIndex
    public let snapshot: SnapshotInfo
    /// Columns present in the data but not usable as features (strings, nested types), with why:
    /// a model naming one gets that reason back instead of "no such column".
    public let skippedColumns: [String: String]
    /// File rows left out because a key column was null there: they cannot be looked up.
    public let nullKeyRows: Int

    public var rowCount: Int { index.count }

    /// Transposes column-major feature data (as Parquet delivers it) into row-major rows.
    /// `columns[i].values` holds `rowCount * width` floats, row by row for vector columns.
    /// Rows sharing a key prefix (one query's products) are stored together (`KeyIndex`), so row
    /// numbers are the index's, not the file's; errors still name file rows.
    public init(name: String, keyColumns: [String], keys: PackedKeys,
                columns: [(name: String, width: Int, sourceType: String, values: [Float])],
                snapshot: SnapshotInfo, skippedColumns: [String: String] = [:], nullKeyRows: Int = 0) throws(FeatureTableError) {
        let rows = keys.count
        var layout: [FeatureColumn] = []
        var width = 0
        for column in columns {
            guard column.values.count == rows * column.width else {
                throw .inconsistent(table: name, detail: "column \(column.name) has \(column.values.count) values for \(rows) rows of width \(column.width)")
            }
            layout.append(FeatureColumn(name: column.name, offset: width, width: column.width, sourceType: column.sourceType))
            width += column.width
        }
        let (total, overflow) = rows.multipliedReportingOverflow(by: width)
        guard !overflow else { throw .inconsistent(table: name, detail: "\(rows) rows x \(width) features overflow") }
        let parts = keyColumns.count
        var groups = parts > 1 ? KeyGroups(keys, parts: parts) : nil
        let order = groups?.contiguousOrder()
        if let order { groups = groups?.reordered(order) }
        do {
            self.index = try KeyIndex(keys: order.map { keys.reordered($0) } ?? keys, parts: parts, groups: groups)
        } catch {
            throw FeatureTableError(table: name, keyColumns: keyColumns, error.inFileRows(order))
        }
        let values = AlignedFloats(count: total) { out in
            for (column, source) in zip(layout, columns) {
                source.values.withUnsafeBufferPointer { src in
                    FeatureTable.scatter(src, into: out, rows: rows, rowWidth: width, column: column, order: order)
                }
            }
        }
        self.name = name
        self.keyColumns = keyColumns
        self.columns = layout
        self.width = width
        self.values = values
        self.snapshot = snapshot
        self.skippedColumns = skippedColumns
        self.nullKeyRows = nullKeyRows
    }

    /// Row `row` of the table takes row `order[row]` of the file (`row` itself without an order).
    private static func scatter(_ src: UnsafeBufferPointer<Float>, into out: UnsafeMutableBufferPointer<Float>,
                                rows: Int, rowWidth: Int, column: FeatureColumn, order: [Int]?) {
        guard let source = src.baseAddress, let target = out.baseAddress else { return }
        for row in 0..<rows {
            let from = order?[row] ?? row
            if column.width == 1 {
                target[row * rowWidth + column.offset] = source[from]
            } else {
                (target + row * rowWidth + column.offset).update(from: source + from * column.width, count: column.width)
            }
        }
    }

    public func column(named name: String) -> FeatureColumn? { columns.first { $0.name == name } }

    /// Bytes of keys and values as loaded (the floor any layout must hold).
    public var rawBytes: Int { index.rawKeyBytes + values.count * MemoryLayout<Float>.stride }

    /// Bytes this table actually holds in memory.
    public var memoryBytes: Int { index.memoryBytes + values.count * MemoryLayout<Float>.stride }

    /// Row `row`'s features.
    @inline(__always)
    public func withRow<R>(_ row: Int, _ body: (UnsafeBufferPointer<Float>) -> R) -> R {
        values.withUnsafeBufferPointer { all in
            body(UnsafeBufferPointer(rebasing: all[(row * width)..<((row + 1) * width)]))
        }
    }
}

extension KeyIndexError {
    /// The error with row numbers of the file rather than of the reordered keys.
    func inFileRows(_ order: [Int]?) -> KeyIndexError {
        guard let order, case .duplicateKey(let key, let first, let second) = self else { return self }
        return .duplicateKey(key: key, firstRow: min(order[first], order[second]), secondRow: max(order[first], order[second]))
    }
}

public struct FeatureTableError: Error, Sendable, CustomStringConvertible {
    public let description: String

    static func inconsistent(table: String, detail: String) -> FeatureTableError {
        FeatureTableError(description: "table \(table): \(detail)")
    }

    init(description: String) { self.description = description }

    init(table: String, keyColumns: [String], _ error: KeyIndexError) {
        switch error {
        case .duplicateKey(let key, let first, let second):
            let shown = KeyEncoding.display(key, components: keyColumns.count)
            description = "table \(table): key \(keyColumns.joined(separator: ",")) = \(shown) appears in rows \(first) and \(second); keys must be unique"
        case .tooLarge(let rows, let bytes):
            description = "table \(table): \(rows) rows / \(bytes) key bytes exceed the 4 GiB index limit"
        }
    }
}
