import CZlib

/// Page checksums: CRC-32 with the IEEE/zlib polynomial over the page's bytes exactly as stored
/// (after compression), per parquet.thrift `PageHeader.crc`.
enum PageCRC {
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return 0 }
        var crc = crc32(0, nil, 0)
        var offset = 0
        // zlib takes a 32-bit length: feed large pages in pieces.
        while offset < bytes.count {
            let n = min(bytes.count - offset, 1 << 30)
            crc = crc32(crc, base.advanced(by: offset).assumingMemoryBound(to: Bytef.self), uInt(n))
            offset += n
        }
        return UInt32(truncatingIfNeeded: crc)
    }
}
