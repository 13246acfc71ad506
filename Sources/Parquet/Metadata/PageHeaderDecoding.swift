/// Decoding of page headers (parquet.thrift `PageHeader` and its per-type headers).
extension PageHeader {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        var required = 0
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1: type = try r.i32(f, "PageHeader.type"); required |= 1
            case 2: uncompressedPageSize = try r.i32(f, "PageHeader.uncompressed_page_size"); required |= 2
            case 3: compressedPageSize = try r.i32(f, "PageHeader.compressed_page_size"); required |= 4
            case 4: crc = try r.i32(f, "PageHeader.crc")
            case 5: try r.structure(f, "PageHeader.data_page_header"); dataPage = try DataPageHeader(thrift: &r)
            case 7:
                try r.structure(f, "PageHeader.dictionary_page_header")
                dictionaryPage = try DictionaryPageHeader(thrift: &r)
            case 8: try r.structure(f, "PageHeader.data_page_header_v2"); dataPageV2 = try DataPageHeaderV2(thrift: &r)
            default: try r.skip(f.type)
            }
        }
        guard required == 7 else { throw ParquetError("page header lacks type or sizes") }
        guard uncompressedPageSize >= 0, compressedPageSize >= 0 else {
            throw ParquetError("page header has negative sizes (\(compressedPageSize)/\(uncompressedPageSize))")
        }
    }
}

extension DataPageHeader {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1: numValues = try r.i32(f, "DataPageHeader.num_values")
            case 2: encoding = ParquetEncoding(rawValue: try r.i32(f, "DataPageHeader.encoding"))
            case 3: definitionLevelEncoding = ParquetEncoding(rawValue: try r.i32(f, "DataPageHeader.definition_level_encoding"))
            case 4: repetitionLevelEncoding = ParquetEncoding(rawValue: try r.i32(f, "DataPageHeader.repetition_level_encoding"))
            default: try r.skip(f.type)
            }
        }
        guard numValues >= 0 else { throw ParquetError("data page has negative num_values \(numValues)") }
    }
}

extension DataPageHeaderV2 {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1: numValues = try r.i32(f, "DataPageHeaderV2.num_values")
            case 2: numNulls = try r.i32(f, "DataPageHeaderV2.num_nulls")
            case 3: numRows = try r.i32(f, "DataPageHeaderV2.num_rows")
            case 4: encoding = ParquetEncoding(rawValue: try r.i32(f, "DataPageHeaderV2.encoding"))
            case 5: definitionLevelsByteLength = try r.i32(f, "DataPageHeaderV2.definition_levels_byte_length")
            case 6: repetitionLevelsByteLength = try r.i32(f, "DataPageHeaderV2.repetition_levels_byte_length")
            case 7: isCompressed = try r.bool(f, "DataPageHeaderV2.is_compressed")
            default: try r.skip(f.type)
            }
        }
        guard numValues >= 0, numNulls >= 0, numRows >= 0,
              definitionLevelsByteLength >= 0, repetitionLevelsByteLength >= 0 else {
            throw ParquetError("data page v2 header has negative counts or lengths")
        }
    }
}

extension DictionaryPageHeader {
    init(thrift r: inout ThriftCompactReader) throws(ParquetError) {
        self.init()
        try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
            switch f.id {
            case 1: numValues = try r.i32(f, "DictionaryPageHeader.num_values")
            case 2: encoding = ParquetEncoding(rawValue: try r.i32(f, "DictionaryPageHeader.encoding"))
            default: try r.skip(f.type)
            }
        }
        guard numValues >= 0 else { throw ParquetError("dictionary page has negative num_values \(numValues)") }
    }
}
