/// Reads projected columns from one or more files (a dataset's parts) into one table.
enum TableReader {
    static func read(files: [ParquetFile], columns names: [String]?) throws(ParquetError) -> ParquetTable {
        guard let first = files.first else { throw ParquetError("no Parquet files to read") }
        let descriptors = try resolve(first.schema, names, path: first.path)
        var columns: [ParquetColumn] = []
        columns.reserveCapacity(descriptors.count)
        for d in descriptors { columns.append(try readColumn(d, files)) }
        var rows = 0
        for f in files { rows = try checkedAdd(rows, f.numRows, "dataset row count") }
        return ParquetTable(columns: columns, numRows: rows)
    }

    /// Maps requested names to readable columns; an unknown or unsupported name is an error, and
    /// so is a name two top-level columns share (pyarrow and Polars write such files): columns
    /// are found by name, and the second one silently read as the first.
    static func resolve(_ schema: ParquetSchema, _ names: [String]?, path: String) throws(ParquetError) -> [ColumnDescriptor] {
        let wanted = names ?? schema.fieldNames
        var result: [ColumnDescriptor] = []
        for name in wanted {
            let sharing = schema.fieldNames.count { $0 == name }
            if sharing > 1 {
                throw ParquetError("\(path): \(sharing) columns are named '\(name)'; a column must be named once to be read by name")
            }
            if let d = schema.column(named: name) { result.append(d); continue }
            if let field = schema.fields.first(where: { $0.name == name }), case let .unsupported(_, reason) = field {
                throw ParquetError("\(path): \(reason)")
            }
            throw ParquetError("\(path): no column named '\(name)' (columns: \(schema.fieldNames.joined(separator: ", ")))")
        }
        return result
    }

    private static func readColumn(_ d: ColumnDescriptor, _ files: [ParquetFile]) throws(ParquetError) -> ParquetColumn {
        switch d.physicalType {
        case .boolean: try readColumn(d, files, BooleanBuilder.self)
        case .int32: try readColumn(d, files, FixedWidthBuilder<Int32>.self)
        case .int64: try readColumn(d, files, FixedWidthBuilder<Int64>.self)
        case .int96: try readColumn(d, files, FixedWidthBuilder<Int96>.self)
        case .float: try readColumn(d, files, FixedWidthBuilder<Float>.self)
        case .double: try readColumn(d, files, FixedWidthBuilder<Double>.self)
        case .byteArray: try readColumn(d, files, ByteArrayBuilder.self)
        case .fixedLenByteArray: try readColumn(d, files, FixedLenBuilder.self)
        }
    }

    private static func readColumn<B: ValueBuilder>(
        _ d: ColumnDescriptor, _ files: [ParquetFile], _: B.Type
    ) throws(ParquetError) -> ParquetColumn {
        var builder = B(descriptor: d)
        var assembly = ColumnAssembly(descriptor: d)
        for file in files {
            // Parts of a dataset may order columns differently: use each file's own leaf index.
            guard let own = file.schema.column(named: d.name) else {
                throw ParquetError("\(file.path): no column named '\(d.name)'")
            }
            for (g, group) in file.fileMetaData.rowGroups.enumerated() {
                do throws(ParquetError) {
                    try readChunk(file, group, own, &builder, &assembly)
                } catch {
                    throw error.prefixed("\(file.path): column '\(d.name)' row group \(g)")
                }
            }
        }
        let (validity, offsets, elementValidity) = try assembly.finish()
        let values = builder.finish()
        do throws(ParquetError) {
            try checkIntegerRange(values, d)
        } catch {
            throw error.prefixed(files.count == 1 ? files[0].path : "\(files.count) part files")
        }
        return ParquetColumn(descriptor: d, values: values, validity: validity,
                             listOffsets: offsets, elementValidity: elementValidity)
    }

    /// INT(8|16, signed or not) annotates an INT32 column whose values must fit those bits. The
    /// spec leaves other values undefined; a value outside is a corrupt or mis-annotated file
    /// (a flipped byte turned a UINT(8) into 4294967295), refused instead of printed or served.
    static func checkIntegerRange(_ values: ColumnValues, _ d: ColumnDescriptor) throws(ParquetError) {
        guard case let .int32(stored) = values, case let .integer(bitWidth, signed)? = d.logicalType, bitWidth < 32 else { return }
        let bits = Int64(bitWidth)
        let range: ClosedRange<Int64> = signed ? -(1 << (bits - 1))...((1 << (bits - 1)) - 1) : 0...((1 << bits) - 1)
        for (index, raw) in stored.enumerated() {
            let value = signed ? Int64(raw) : Int64(UInt32(bitPattern: raw))
            guard range.contains(value) else {
                throw ParquetError("column '\(d.name)': value \(value) (value #\(index)) is outside INT(\(bitWidth), \(signed ? "signed" : "unsigned"))'s range \(range.lowerBound)...\(range.upperBound)")
            }
        }
    }

    private static func readChunk<B: ValueBuilder>(
        _ file: ParquetFile, _ group: RowGroup, _ d: ColumnDescriptor, _ builder: inout B, _ assembly: inout ColumnAssembly
    ) throws(ParquetError) {
        let chunk = group.columns[d.leafIndex]
        guard chunk.filePath == nil else { throw ParquetError("column chunks stored in other files are not supported") }
        guard let md = chunk.metaData else { throw ParquetError("column chunk has no metadata") }
        guard md.type == d.physicalType else {
            throw ParquetError("chunk physical type \(md.type) differs from the schema's \(d.physicalType)")
        }
        guard let codec = CompressionCodec(rawValue: md.codec) else { throw ParquetError("unknown compression codec \(md.codec)") }
        guard md.numValues >= 0 else { throw ParquetError("negative num_values \(md.numValues)") }
        // Flat columns have one level per row; lists at least one. Checked before any allocation.
        guard d.isList ? md.numValues >= group.numRows : md.numValues == group.numRows else {
            throw ParquetError("column chunk holds \(md.numValues) values for \(group.numRows) rows")
        }
        if md.numValues == 0 {
            // Nothing to decode (some writers leave offsets unset for empty chunks).
            try assembly.checkRows(since: assembly.rows, expected: Int(group.numRows))
            return
        }
        let range = try chunkRange(md, file)
        let bytes = try file.source.read(offset: range.lowerBound, count: range.count)
        let context = ChunkContext(
            descriptor: d, codec: codec, numValues: Int(md.numValues), rowGroupRows: Int(group.numRows),
            totalUncompressedSize: Int(max(md.totalUncompressedSize, md.totalCompressedSize)),
            verifyChecksums: file.options.verifyChecksums)
        var decoder = ColumnChunkDecoder<B>(context: context)
        try bytes.withBytes { (raw) throws(ParquetError) in try decoder.decode(raw, into: &builder, assembly: &assembly) }
    }

    /// The chunk's bytes: from the dictionary page when its offset is plausible, else from the
    /// first data page (a dictionary page found there is recognised by its header type).
    static func chunkRange(_ md: ColumnMetaData, _ file: ParquetFile) throws(ParquetError) -> Range<Int> {
        var start = md.dataPageOffset
        if let dict = md.dictionaryPageOffset, dict >= 4, dict < start || start < 4 { start = dict }
        let size = md.totalCompressedSize
        guard start >= 4, size > 0, start < Int64(file.footerStart), size <= Int64(file.footerStart) - start else {
            throw ParquetError("column chunk range \(start)+\(size) lies outside the data section (4..<\(file.footerStart))")
        }
        return Int(start)..<Int(start + size)
    }
}
