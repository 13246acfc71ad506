/// Locates and decodes the footer: `... FileMetaData, 4-byte length, "PAR1"`.
enum Footer {
    static let magic: [UInt8] = Array("PAR1".utf8)
    static let encryptedMagic: [UInt8] = Array("PARE".utf8)

    /// Returns the metadata and the byte offset where it begins (column chunks must end before it).
    static func read(_ source: FileSource) throws(ParquetError) -> (FileMetaData, footerStart: Int) {
        guard source.size >= 12 else {
            throw ParquetError("file is \(source.size) bytes, too small for a Parquet file (needs at least 12)")
        }
        let head = try source.read(offset: 0, count: 4)
        let tail = try source.read(offset: source.size - 8, count: 8)
        let tailMagic = Array(tail[4..<8])
        if tailMagic == encryptedMagic || head == encryptedMagic {
            throw ParquetError("encrypted files are not supported (footer magic PARE)")
        }
        guard head == magic else { throw ParquetError("not a Parquet file: no PAR1 magic at the start") }
        guard tailMagic == magic else { throw ParquetError("not a Parquet file or truncated: no PAR1 magic at the end") }
        let length = Int(UInt32(tail[0]) | UInt32(tail[1]) << 8 | UInt32(tail[2]) << 16 | UInt32(tail[3]) << 24)
        guard length > 0, length <= source.size - 12 else {
            throw ParquetError("footer length \(length) does not fit in the \(source.size)-byte file")
        }
        let start = source.size - 8 - length
        let bytes = try source.read(offset: start, count: length)
        let metadata = try bytes.withBytes { (raw) throws(ParquetError) -> FileMetaData in
            var reader = ThriftCompactReader(raw)
            do throws(ParquetError) {
                return try FileMetaData(thrift: &reader)
            } catch {
                throw error.prefixed("corrupt footer metadata")
            }
        }
        if metadata.isEncrypted || metadata.rowGroups.contains(where: { $0.columns.contains { c in c.isEncrypted } }) {
            throw ParquetError("encrypted files are not supported (encrypted columns in a plaintext footer)")
        }
        return (metadata, start)
    }
}
