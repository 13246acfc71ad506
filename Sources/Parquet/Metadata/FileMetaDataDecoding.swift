/// Decoding of the footer's `FileMetaData` (parquet.thrift field ids). Fields this reader does
/// not use, and any field a newer writer adds, are skipped.
extension FileMetaData {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        var seen = (version: false, schema: false, numRows: false, rowGroups: false)
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1: version = try r.i32(f, "FileMetaData.version"); seen.version = true
            case 2: schema = try r.structList(f, "FileMetaData.schema", SchemaElement.init(thrift:)); seen.schema = true
            case 3: numRows = try r.i64(f, "FileMetaData.num_rows"); seen.numRows = true
            case 4: rowGroups = try r.structList(f, "FileMetaData.row_groups", RowGroup.init(thrift:)); seen.rowGroups = true
            case 5: keyValueMetadata = try r.structList(f, "FileMetaData.key_value_metadata", readKeyValue)
            case 6: createdBy = try r.string(f, "FileMetaData.created_by")
            case 8: isEncrypted = true; try r.skip(f.type)
            default: try r.skip(f.type)
            }
        }
        guard seen.schema, seen.numRows, seen.rowGroups else {
            throw ParquetError("FileMetaData lacks a required field (schema, num_rows or row_groups)")
        }
    }
}

private func readKeyValue(_ r: inout ThriftCompactReader) throws(ParquetError) -> (key: String, value: String?) {
    var key = ""
    var value: String?
    try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
        switch f.id {
        case 1: key = try r.string(f, "KeyValue.key")
        case 2: value = try r.string(f, "KeyValue.value")
        default: try r.skip(f.type)
        }
    }
    return (key, value)
}

extension SchemaElement {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        var hasName = false
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1:
                let raw = try r.i32(f, "SchemaElement.type")
                guard let t = ParquetPhysicalType(rawValue: raw) else {
                    throw ParquetError("schema element has unknown physical type \(raw)")
                }
                type = t
            case 2: typeLength = try r.i32(f, "SchemaElement.type_length")
            case 3:
                let raw = try r.i32(f, "SchemaElement.repetition_type")
                guard let rep = ParquetRepetition(rawValue: raw) else {
                    throw ParquetError("schema element has unknown repetition \(raw)")
                }
                repetition = rep
            case 4: name = try r.string(f, "SchemaElement.name"); hasName = true
            case 5: numChildren = try r.i32(f, "SchemaElement.num_children")
            // An unknown converted type is treated as absent: the logical type, if any, still applies.
            case 6: convertedType = ConvertedType(rawValue: try r.i32(f, "SchemaElement.converted_type"))
            case 7: scale = try r.i32(f, "SchemaElement.scale")
            case 8: precision = try r.i32(f, "SchemaElement.precision")
            case 10: try r.structure(f, "SchemaElement.logicalType"); logicalType = try readLogicalType(&r)
            default: try r.skip(f.type)
            }
        }
        guard hasName else { throw ParquetError("schema element has no name") }
    }
}

extension RowGroup {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        var hasRows = false
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1: columns = try r.structList(f, "RowGroup.columns", ColumnChunk.init(thrift:))
            case 2: totalByteSize = try r.i64(f, "RowGroup.total_byte_size")
            case 3: numRows = try r.i64(f, "RowGroup.num_rows"); hasRows = true
            default: try r.skip(f.type)
            }
        }
        guard hasRows else { throw ParquetError("row group has no num_rows") }
        guard numRows >= 0 else { throw ParquetError("row group has negative num_rows \(numRows)") }
    }
}

extension ColumnChunk {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1: filePath = try r.string(f, "ColumnChunk.file_path")
            case 3: try r.structure(f, "ColumnChunk.meta_data"); metaData = try ColumnMetaData(thrift: &r)
            case 8, 9: isEncrypted = true; try r.skip(f.type)
            default: try r.skip(f.type)
            }
        }
    }
}

extension ColumnMetaData {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        var required = 0
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1:
                let raw = try r.i32(f, "ColumnMetaData.type")
                guard let t = ParquetPhysicalType(rawValue: raw) else {
                    throw ParquetError("column chunk has unknown physical type \(raw)")
                }
                type = t; required |= 1
            case 2: encodings = try r.i32List(f, "ColumnMetaData.encodings").map(ParquetEncoding.init(rawValue:))
            case 3: pathInSchema = try r.stringList(f, "ColumnMetaData.path_in_schema")
            case 4: codec = try r.i32(f, "ColumnMetaData.codec"); required |= 2
            case 5: numValues = try r.i64(f, "ColumnMetaData.num_values"); required |= 4
            case 6: totalUncompressedSize = try r.i64(f, "ColumnMetaData.total_uncompressed_size")
            case 7: totalCompressedSize = try r.i64(f, "ColumnMetaData.total_compressed_size"); required |= 8
            case 9: dataPageOffset = try r.i64(f, "ColumnMetaData.data_page_offset"); required |= 16
            case 11: dictionaryPageOffset = try r.i64(f, "ColumnMetaData.dictionary_page_offset")
            default: try r.skip(f.type)
            }
        }
        guard required == 31 else {
            throw ParquetError("column metadata lacks a required field (type, codec, num_values, sizes or data_page_offset)")
        }
    }
}
