/// One page of a column chunk, its body checked (CRC) and its size checked against the chunk.
struct RawPage {
    var header: PageHeader
    /// The page body as stored (compressed), a slice of the chunk buffer.
    var body: UnsafeRawBufferPointer
}

/// Walks the pages of one column chunk. Sizes are checked against the bytes of the chunk
/// before anything is allocated, and page counts are plain `Int` (a chunk may hold more than
/// 32,767 pages).
struct PageReader {
    let chunk: UnsafeRawBufferPointer
    let verifyChecksums: Bool
    private(set) var position = 0
    private(set) var pageIndex = -1

    init(chunk: UnsafeRawBufferPointer, verifyChecksums: Bool) {
        self.chunk = chunk
        self.verifyChecksums = verifyChecksums
    }

    var atEnd: Bool { position >= chunk.count }

    mutating func next() throws(ParquetError) -> RawPage {
        pageIndex += 1
        var reader = ThriftCompactReader(chunk, position: position)
        let header: PageHeader
        do throws(ParquetError) {
            header = try PageHeader(thrift: &reader)
        } catch {
            throw error.prefixed("corrupt page header at chunk offset \(position)")
        }
        let start = reader.position
        let size = Int(header.compressedPageSize)
        guard size <= chunk.count - start else {
            throw ParquetError("compressed page size \(size) exceeds the \(chunk.count - start) bytes left in the column chunk")
        }
        let body = UnsafeRawBufferPointer(rebasing: chunk[start..<start + size])
        position = start + size
        if verifyChecksums, let expected = header.crc {
            let actual = PageCRC.checksum(body)
            guard actual == UInt32(bitPattern: expected) else {
                throw ParquetError("page CRC mismatch (header \(hex(UInt32(bitPattern: expected))), computed \(hex(actual)))")
            }
        }
        return RawPage(header: header, body: body)
    }

    private func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
}

/// Turns a stored page body into its uncompressed bytes, never trusting the header's size.
struct PageDecompressor {
    let codec: CompressionCodec
    /// Upper bound for any page's uncompressed size: the chunk's declared total.
    let maxUncompressedSize: Int

    /// Calls `body` with the uncompressed bytes; uncompressed pages are not copied.
    func withUncompressed<R>(
        _ stored: UnsafeRawBufferPointer, uncompressedSize: Int, compressed: Bool,
        _ body: (UnsafeRawBufferPointer) throws(ParquetError) -> R
    ) throws(ParquetError) -> R {
        guard uncompressedSize >= 0, uncompressedSize <= maxUncompressedSize else {
            throw ParquetError("uncompressed page size \(uncompressedSize) exceeds the column chunk's total \(maxUncompressedSize)")
        }
        if !compressed || codec == .uncompressed {
            guard stored.count == uncompressedSize else {
                throw ParquetError("uncompressed page holds \(stored.count) bytes, header says \(uncompressedSize)")
            }
            return try body(stored)
        }
        if stored.isEmpty && uncompressedSize == 0 {
            // An empty body is not a valid stream for some codecs (e.g. snappy), yet writers emit it.
            return try body(stored)
        }
        let output: [UInt8]
        do throws(DecompressionError) {
            output = try decompress(codec, stored, uncompressedSize: uncompressedSize)
        } catch {
            throw ParquetError("\(codec) decompression failed: \(error.message)")
        }
        guard output.count == uncompressedSize else {
            throw ParquetError("page decompressed to \(output.count) bytes, header says \(uncompressedSize)")
        }
        return try output.withBytes(body)
    }
}
