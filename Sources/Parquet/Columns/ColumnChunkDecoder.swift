/// What a column chunk decoder needs to know about the chunk, from the footer.
struct ChunkContext {
    let descriptor: ColumnDescriptor
    let codec: CompressionCodec
    let numValues: Int
    let rowGroupRows: Int
    let totalUncompressedSize: Int
    let verifyChecksums: Bool
}

/// Decodes every page of one column chunk into a builder and the column's assembly state.
struct ColumnChunkDecoder<Builder: ValueBuilder> {
    let context: ChunkContext
    private var dictionary: Builder?
    private var levelsRead = 0
    private var rep: [UInt8] = []
    private var def: [UInt8] = []
    private var indices: [UInt32] = []

    init(context: ChunkContext) { self.context = context }

    mutating func decode(
        _ chunk: UnsafeRawBufferPointer, into builder: inout Builder, assembly: inout ColumnAssembly
    ) throws(ParquetError) {
        var pages = PageReader(chunk: chunk, verifyChecksums: context.verifyChecksums)
        let decompressor = PageDecompressor(codec: context.codec, maxUncompressedSize: context.totalUncompressedSize)
        let rowMark = assembly.rows
        while levelsRead < context.numValues {
            guard !pages.atEnd else {
                throw ParquetError("column chunk ends after \(levelsRead) of its \(context.numValues) values")
            }
            do throws(ParquetError) {
                let page = try pages.next()
                try decodePage(page, decompressor, &builder, &assembly)
            } catch {
                throw error.prefixed("page \(pages.pageIndex)")
            }
        }
        try assembly.checkRows(since: rowMark, expected: context.rowGroupRows)
    }

    private mutating func decodePage(
        _ page: RawPage, _ decompressor: PageDecompressor, _ builder: inout Builder, _ assembly: inout ColumnAssembly
    ) throws(ParquetError) {
        let h = page.header
        switch PageType(rawValue: h.type) {
        case .dictionaryPage:
            guard let dh = h.dictionaryPage else { throw ParquetError("dictionary page without its header") }
            guard dictionary == nil, levelsRead == 0 else { throw ParquetError("dictionary page after data pages") }
            guard dh.encoding == .plain || dh.encoding == .plainDictionary else {
                throw ParquetError("dictionary page uses encoding \(dh.encoding), expected PLAIN")
            }
            var dict = Builder(descriptor: context.descriptor)
            try decompressor.withUncompressed(page.body, uncompressedSize: Int(h.uncompressedPageSize), compressed: true) {
                (data) throws(ParquetError) in try dict.appendPlain(data, count: Int(dh.numValues))
            }
            dictionary = dict
        case .dataPage:
            guard let dh = h.dataPage else { throw ParquetError("data page without its header") }
            try decompressor.withUncompressed(page.body, uncompressedSize: Int(h.uncompressedPageSize), compressed: true) {
                (data) throws(ParquetError) in try decodeV1(dh, data, &builder, &assembly)
            }
        case .dataPageV2:
            guard let dh = h.dataPageV2 else { throw ParquetError("data page v2 without its header") }
            try decodeV2(dh, page, decompressor, &builder, &assembly)
        case .indexPage, nil:
            return  // not needed to read values; unknown page types from newer writers are skipped
        }
    }

    private mutating func claimLevels(_ count: Int) throws(ParquetError) -> Bool {
        guard count <= context.numValues - levelsRead else {
            throw ParquetError("pages hold more than the column chunk's \(context.numValues) values")
        }
        let first = levelsRead == 0
        levelsRead += count
        return first
    }

    private mutating func decodeV1(
        _ h: DataPageHeader, _ data: UnsafeRawBufferPointer, _ builder: inout Builder, _ assembly: inout ColumnAssembly
    ) throws(ParquetError) {
        let count = Int(h.numValues)
        let first = try claimLevels(count)
        var cursor = ByteCursor(data)
        let d = context.descriptor
        rep.removeAll(keepingCapacity: true)
        def.removeAll(keepingCapacity: true)
        if d.maxRepetitionLevel > 0 {
            try LevelDecoding.decodeV1(&cursor, encoding: h.repetitionLevelEncoding, maxLevel: d.maxRepetitionLevel,
                                       count: count, into: &rep, what: "repetition")
        }
        if d.maxDefinitionLevel > 0 {
            try LevelDecoding.decodeV1(&cursor, encoding: h.definitionLevelEncoding, maxLevel: d.maxDefinitionLevel,
                                       count: count, into: &def, what: "definition")
        }
        let nonNull = try assembly.consume(rep: rep, def: def, count: count, firstInChunk: first)
        let values = UnsafeRawBufferPointer(rebasing: data[cursor.position...])
        try decodeValues(h.encoding, values, nonNull: nonNull, &builder, assembly)
    }

    private mutating func decodeV2(
        _ h: DataPageHeaderV2, _ page: RawPage, _ decompressor: PageDecompressor,
        _ builder: inout Builder, _ assembly: inout ColumnAssembly
    ) throws(ParquetError) {
        let count = Int(h.numValues)
        let first = try claimLevels(count)
        let repLength = Int(h.repetitionLevelsByteLength)
        let defLength = Int(h.definitionLevelsByteLength)
        let levelBytes = repLength + defLength
        guard levelBytes <= page.body.count, levelBytes <= Int(page.header.uncompressedPageSize) else {
            throw ParquetError("data page v2 level lengths (\(repLength)+\(defLength)) exceed the page")
        }
        let d = context.descriptor
        rep.removeAll(keepingCapacity: true)
        def.removeAll(keepingCapacity: true)
        if d.maxRepetitionLevel > 0 {
            try LevelDecoding.decodeV2(UnsafeRawBufferPointer(rebasing: page.body[0..<repLength]),
                                       maxLevel: d.maxRepetitionLevel, count: count, into: &rep, what: "repetition")
        }
        if d.maxDefinitionLevel > 0 {
            try LevelDecoding.decodeV2(UnsafeRawBufferPointer(rebasing: page.body[repLength..<levelBytes]),
                                       maxLevel: d.maxDefinitionLevel, count: count, into: &def, what: "definition")
        }
        let nonNull = try assembly.consume(rep: rep, def: def, count: count, firstInChunk: first)
        let stored = UnsafeRawBufferPointer(rebasing: page.body[levelBytes...])
        let size = Int(page.header.uncompressedPageSize) - levelBytes
        try decompressor.withUncompressed(stored, uncompressedSize: size, compressed: h.isCompressed) {
            (values) throws(ParquetError) in try decodeValues(h.encoding, values, nonNull: nonNull, &builder, assembly)
        }
    }

    private mutating func decodeValues(
        _ encoding: ParquetEncoding, _ data: UnsafeRawBufferPointer, nonNull: Int,
        _ builder: inout Builder, _ assembly: ColumnAssembly
    ) throws(ParquetError) {
        switch encoding {
        case .plain: try builder.appendPlain(data, count: nonNull)
        case .plainDictionary, .rleDictionary: try appendDictionaryIndices(data, count: nonNull, &builder)
        default: try builder.appendEncoded(encoding, data, count: nonNull)
        }
        let slots = assembly.pageValidity.count
        if slots > nonNull {
            assembly.pageValidity.withUnsafeBufferPointer { builder.spreadNulls($0, nonNullCount: nonNull) }
        }
    }

    private mutating func appendDictionaryIndices(
        _ data: UnsafeRawBufferPointer, count: Int, _ builder: inout Builder
    ) throws(ParquetError) {
        guard let dictionary else { throw ParquetError("dictionary-encoded page but the chunk has no dictionary page") }
        guard count > 0 else { return }
        var cursor = ByteCursor(data)
        let width = Int(try cursor.readByte("dictionary index bit width"))
        guard width <= 32 else { throw ParquetError("dictionary index bit width \(width) exceeds 32") }
        var decoder = try RleBitPackedDecoder(UnsafeRawBufferPointer(rebasing: data[1...]), bitWidth: width)
        indices.removeAll(keepingCapacity: true)
        indices.append(contentsOf: repeatElement(0, count: count))
        let dictCount = dictionary.count
        try indices.withUnsafeMutableBufferPointer { (b) throws(ParquetError) in
            guard let base = b.baseAddress else { return }
            try decoder.decode(into: base, count: count)
            var highest: UInt32 = 0
            for i in b { highest = max(highest, i) }
            guard Int(highest) < dictCount else {
                throw ParquetError("dictionary index \(highest) is out of range for a dictionary of \(dictCount) values")
            }
            builder.appendGathered(from: dictionary, indices: UnsafeBufferPointer(b))
        }
    }
}
