import CBrotli
import CZlib
import CZstd

/// Column chunk compression codecs, numbered as `CompressionCodec` in parquet.thrift.
public enum CompressionCodec: Int32, Sendable, CaseIterable {
    case uncompressed = 0
    case snappy = 1
    case gzip = 2
    case lzo = 3
    case brotli = 4
    /// Deprecated Hadoop-framed LZ4 (with a raw-block fallback for files that wrote raw blocks).
    case lz4 = 5
    case zstd = 6
    case lz4Raw = 7
}

/// A page body could not be decompressed; `message` says why (codec, sizes, what was corrupt).
public struct DecompressionError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Decompresses one page body. The result is exactly `uncompressedSize` bytes, or an error:
/// a size mismatch means a corrupt page, and callers never trust it.
///
/// The only allocation sized by the caller is the `uncompressedSize`-byte result; nothing is
/// sized from the (hostile) input. The C libraries keep their own bounded working memory
/// (zlib's 32 KiB window, brotli's ring buffer of at most 16 MiB, a zstd context).
public func decompress(
    _ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, uncompressedSize: Int
) throws(DecompressionError) -> [UInt8] {
    guard uncompressedSize >= 0 else {
        throw DecompressionError("\(codec): negative uncompressed size \(uncompressedSize)")
    }
    switch codec {
    case .uncompressed:
        guard input.count == uncompressedSize else {
            throw DecompressionError("uncompressed page is \(input.count) bytes, header says \(uncompressedSize)")
        }
        return [UInt8](input)
    case .snappy: return try Snappy.decompress(input, uncompressedSize: uncompressedSize)
    case .gzip: return try Gzip.decompress(input, uncompressedSize: uncompressedSize)
    case .lzo: throw DecompressionError("LZO compression is not supported")
    case .brotli: return try Brotli.decompress(input, uncompressedSize: uncompressedSize)
    case .lz4: return try HadoopLZ4.decompress(input, uncompressedSize: uncompressedSize)
    case .zstd: return try Zstd.decompress(input, uncompressedSize: uncompressedSize)
    case .lz4Raw: return try LZ4Block.decompressRaw(input, uncompressedSize: uncompressedSize)
    }
}
