/// An opened Parquet file: footer parsed and checked; column data is read on demand.
public final class ParquetFile {
    public let path: String
    public let options: ParquetReadOptions
    public let schema: ParquetSchema
    public let metadata: ParquetFileMetadata
    public let rowGroups: [RowGroupInfo]
    /// Rows in all row groups (the row groups are trusted over the footer's num_rows).
    public let numRows: Int

    let source: FileSource
    let fileMetaData: FileMetaData
    let footerStart: Int

    public init(path: String, options: ParquetReadOptions = .init()) throws(ParquetError) {
        self.path = path
        self.options = options
        do throws(ParquetError) {
            source = try FileSource(path: path)
            (fileMetaData, footerStart) = try Footer.read(source)
            schema = try ParquetSchema(elements: fileMetaData.schema)
            rowGroups = try Self.describeRowGroups(fileMetaData, leafCount: schema.leafCount, leaves: schema.root)
            var total = 0
            for g in rowGroups { total = try checkedAdd(total, g.numRows, "total row count") }
            numRows = total
        } catch {
            throw error.message.hasPrefix(path) ? error : error.prefixed(path)
        }
        var kv: [String: String] = [:]
        for (k, v) in fileMetaData.keyValueMetadata { kv[k] = v ?? "" }
        metadata = ParquetFileMetadata(version: fileMetaData.version, createdBy: fileMetaData.createdBy,
                                       declaredNumRows: fileMetaData.numRows, keyValueMetadata: kv)
    }

    /// Reads the named top-level columns (all columns when nil), in the order asked.
    /// Only the chunks of those columns are read from disk.
    public func readColumns(_ names: [String]? = nil) throws(ParquetError) -> ParquetTable {
        try TableReader.read(files: [self], columns: names)
    }

    private static func describeRowGroups(
        _ m: FileMetaData, leafCount: Int, leaves root: SchemaNode
    ) throws(ParquetError) -> [RowGroupInfo] {
        var result: [RowGroupInfo] = []
        for (index, group) in m.rowGroups.enumerated() {
            guard group.columns.count == leafCount else {
                throw ParquetError("row group \(index) has \(group.columns.count) column chunks, the schema has \(leafCount) columns")
            }
            guard group.numRows <= Int64(Int32.max) * 1024 else {
                throw ParquetError("row group \(index) claims \(group.numRows) rows")
            }
            var chunks: [ColumnChunkInfo] = []
            for (c, chunk) in group.columns.enumerated() {
                guard let md = chunk.metaData else {
                    throw ParquetError("row group \(index) column \(c) has no metadata")
                }
                chunks.append(ColumnChunkInfo(
                    path: md.pathInSchema, physicalType: md.type, codec: CompressionCodec(rawValue: md.codec),
                    codecNumber: md.codec, encodings: md.encodings, numValues: md.numValues,
                    compressedSize: md.totalCompressedSize, uncompressedSize: md.totalUncompressedSize))
            }
            result.append(RowGroupInfo(numRows: Int(group.numRows), totalByteSize: group.totalByteSize, columns: chunks))
        }
        return result
    }
}
