import Foundation

/// A single Parquet file, or a directory of part files (as Spark writes it) read as one table.
/// In a directory, names starting with `_` or `.` (`_SUCCESS`, `.part-0.crc`) and files not
/// ending in `.parquet` are skipped; the parts' schemas must agree.
public struct ParquetDataset {
    public let path: String
    public let files: [ParquetFile]

    public init(path: String, options: ParquetReadOptions = .init()) throws(ParquetError) {
        self.path = path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw ParquetError("\(path): no such file or directory")
        }
        guard isDirectory.boolValue else {
            files = [try ParquetFile(path: path, options: options)]
            return
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: path)
        } catch {
            throw ParquetError("\(path): cannot list directory: \(error.localizedDescription)")
        }
        let parts = names.filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") && $0.hasSuffix(".parquet") }.sorted()
        guard !parts.isEmpty else { throw ParquetError("\(path): directory holds no .parquet part files") }
        var opened: [ParquetFile] = []
        for name in parts {
            let file = try ParquetFile(path: (path as NSString).appendingPathComponent(name), options: options)
            if let first = opened.first { try Self.checkSameSchema(first, file) }
            opened.append(file)
        }
        files = opened
    }

    public var schema: ParquetSchema { files[0].schema }

    public var numRows: Int { files.reduce(0) { $0 &+ $1.numRows } }

    public func read(columns: [String]? = nil) throws(ParquetError) -> ParquetTable {
        try TableReader.read(files: files, columns: columns)
    }

    /// Parts must have the same top-level fields with the same types (column order may differ).
    static func checkSameSchema(_ a: ParquetFile, _ b: ParquetFile) throws(ParquetError) {
        guard Set(a.schema.fieldNames) == Set(b.schema.fieldNames), a.schema.fieldNames.count == b.schema.fieldNames.count else {
            throw ParquetError("schemas differ: \(a.path) has columns [\(a.schema.fieldNames.joined(separator: ", "))], \(b.path) has [\(b.schema.fieldNames.joined(separator: ", "))]")
        }
        for x in a.schema.columns {
            guard let y = b.schema.column(named: x.name),
                  x.physicalType == y.physicalType, x.logicalType == y.logicalType, x.typeLength == y.typeLength,
                  x.isList == y.isList, x.maxDefinitionLevel == y.maxDefinitionLevel,
                  x.maxRepetitionLevel == y.maxRepetitionLevel else {
                throw ParquetError("schemas differ: column '\(x.name)' in \(a.path) and \(b.path) has different types or nullability")
            }
        }
    }
}
