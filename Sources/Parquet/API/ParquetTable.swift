/// Reader options.
public struct ParquetReadOptions: Sendable {
    /// Verify page CRC-32 checksums when the writer stored them.
    public var verifyChecksums = true
    public init() {}
}

/// One column read into memory.
public struct ParquetColumn: Sendable {
    public let descriptor: ColumnDescriptor
    /// Flat columns: one value per row. Lists: one value per element slot (all rows' elements
    /// back to back). Null slots hold placeholders.
    public let values: ColumnValues
    /// Flat columns: per-row validity. Lists: whether each row's list is present.
    /// nil means nothing is null.
    public let validity: [Bool]?
    /// Lists only: row i's elements are values[listOffsets[i]..<listOffsets[i+1]].
    public let listOffsets: [Int32]?
    /// Lists only: per-element validity; nil means no element is null.
    public let elementValidity: [Bool]?

    public var name: String { descriptor.name }

    /// Number of rows.
    public var count: Int {
        if let listOffsets { return max(0, listOffsets.count - 1) }
        return values.count
    }

    public func isNull(row: Int) -> Bool { validity.map { !$0[row] } ?? false }
}

/// Columns read from one file or a dataset, all of the same row count.
public struct ParquetTable: Sendable {
    public let columns: [ParquetColumn]
    public let numRows: Int

    public init(columns: [ParquetColumn], numRows: Int) {
        self.columns = columns
        self.numRows = numRows
    }

    public func column(named name: String) -> ParquetColumn? {
        columns.first { $0.descriptor.name == name }
    }
}

/// Per-chunk facts from the footer, for `rankd parquet schema` and diagnostics.
public struct ColumnChunkInfo: Sendable {
    public let path: [String]
    public let physicalType: ParquetPhysicalType
    /// nil when the file names a codec number this reader does not know.
    public let codec: CompressionCodec?
    public let codecNumber: Int32
    public let encodings: [ParquetEncoding]
    public let numValues: Int64
    public let compressedSize: Int64
    public let uncompressedSize: Int64
}

public struct RowGroupInfo: Sendable {
    public let numRows: Int
    public let totalByteSize: Int64
    public let columns: [ColumnChunkInfo]
}

public struct ParquetFileMetadata: Sendable {
    public let version: Int32
    public let createdBy: String?
    /// `num_rows` as the footer states it (some writers leave it 0; `ParquetFile.numRows` sums row groups).
    public let declaredNumRows: Int64
    public let keyValueMetadata: [String: String]
}
