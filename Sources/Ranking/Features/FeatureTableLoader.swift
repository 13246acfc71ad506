import Foundation
import Parquet

/// Reads a configured table path into a `FeatureTable`: resolves which snapshot to serve, reads
/// its Parquet data, keeps numeric and `list<float>` columns as features and the key columns
/// as the index.
public enum FeatureTableLoader {
    public static func load(_ config: TableConfig, snapshot: ResolvedSnapshot,
                            options: ParquetReadOptions = .init()) throws(TableLoadError) -> FeatureTable {
        let parquet: ParquetTable
        let readable: [ColumnDescriptor]
        let unreadable: [String]
        var ambiguous: [String: Int] = [:]
        do throws(ParquetError) {
            let dataset = try ParquetDataset(path: snapshot.dataPath, options: options)
            // Two columns of one name (pyarrow and Polars can write that) make `table.column`
            // ambiguous: a key must not be, and a feature of that name is left out with the
            // reason, so a model naming it is refused saying why instead of reading either.
            for name in dataset.schema.fieldNames { ambiguous[name, default: 0] += 1 }
            ambiguous = ambiguous.filter { $0.value > 1 }
            for key in config.key {
                if let count = ambiguous[key.column] { throw ParquetError("key column \(key.column) appears \(count) times in the data") }
            }
            readable = dataset.schema.columns.filter { ambiguous[$0.name] == nil }
            unreadable = dataset.schema.fieldNames.filter { name in ambiguous[name] == nil && !readable.contains { $0.name == name } }
            for key in config.key where !readable.contains(where: { $0.name == key.column }) {
                throw ParquetError("key column \(key.column) is not in the data (columns: \(dataset.schema.fieldNames.joined(separator: ", ")))")
            }
            parquet = try dataset.read(columns: readable.map(\.name))
        } catch {
            throw TableLoadError(table: config.name, "\(snapshot.dataPath): \(error.message)")
        }
        do {
            return try build(config, parquet, snapshot: snapshot, unreadable: unreadable, ambiguous: ambiguous)
        } catch {
            throw TableLoadError(table: config.name, "\(snapshot.dataPath): \(error.description)")
        }
    }

    static func build(_ config: TableConfig, _ parquet: ParquetTable, snapshot: ResolvedSnapshot,
                      unreadable: [String], ambiguous: [String: Int] = [:]) throws(FeatureTableError) -> FeatureTable {
        guard parquet.numRows < Int(Int32.max) else {
            throw .inconsistent(table: config.name, detail: "\(parquet.numRows) rows exceed the 2^31 row limit")
        }
        var keyColumns: [KeyColumn] = []
        for binding in config.key {
            guard let column = parquet.column(named: binding.column) else {
                throw .inconsistent(table: config.name, detail: "key column \(binding.column) was not read")
            }
            do {
                keyColumns.append(try KeyColumn(column, normalizeQuery: binding.source == .query))
            } catch {
                throw .inconsistent(table: config.name, detail: error.detail)
            }
        }
        let (keys, kept) = packKeys(keyColumns, rows: parquet.numRows)
        var skipped: [String: String] = [:]
        for name in unreadable { skipped[name] = "is nested (maps, structs, lists of lists cannot be features)" }
        for (name, count) in ambiguous { skipped[name] = "appears \(count) times in the data, so the name is ambiguous" }
        var features: [(name: String, width: Int, sourceType: String, values: [Float])] = []
        let keyNames = Set(config.key.map(\.column))
        for column in parquet.columns where !keyNames.contains(column.name) && ambiguous[column.name] == nil {
            if let reason = ColumnConversion.unusableReason(column.descriptor) {
                skipped[column.name] = reason
                continue
            }
            switch featureValues(column, rows: parquet.numRows, kept: kept) {
            case .success(let feature): features.append(feature)
            case .failure(let reason): skipped[column.name] = reason.description
            }
        }
        let info = SnapshotInfo(id: snapshot.id, dataPath: snapshot.dataPath, modified: snapshot.modified, loadedAt: Date())
        return try FeatureTable(name: config.name, keyColumns: config.key.map(\.column), keys: keys,
                                columns: features, snapshot: info, skippedColumns: skipped,
                                nullKeyRows: kept.map { parquet.numRows - $0.count } ?? 0)
    }

    /// Composes each row's key; rows with a null key part cannot be looked up and are dropped
    /// (`kept` lists the surviving rows, or is nil when all survive).
    static func packKeys(_ columns: [KeyColumn], rows: Int) -> (PackedKeys, [Int]?) {
        var keys = PackedKeys()
        keys.reserve(rows: rows, bytes: rows * 12)
        var kept: [Int] = []
        var dropped = false
        var part: [UInt8] = []
        var memos = [QueryMemo](repeating: QueryMemo(), count: columns.count)
        for row in 0..<rows {
            if columns.contains(where: { $0.isNull(row) }) { dropped = true; continue }
            if columns.count == 1, !columns[0].normalizeQuery {
                columns[0].appendRaw(row, to: &keys)
            } else {
                for index in columns.indices {
                    columns[index].bytes(row, into: &part, memo: &memos[index])
                    keys.appendPart(part, lengthPrefixed: index < columns.count - 1)
                }
                keys.endKey()
            }
            kept.append(row)
        }
        return (keys, dropped ? kept : nil)
    }
}

public struct TableLoadError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(table: String, _ detail: String) { description = "table \(table): \(detail)" }
}
