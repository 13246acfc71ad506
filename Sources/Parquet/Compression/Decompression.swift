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
public func decompress(
    _ codec: CompressionCodec, _ input: UnsafeRawBufferPointer, uncompressedSize: Int
) throws(DecompressionError) -> [UInt8] {
    switch codec {
    case .uncompressed:
        guard input.count == uncompressedSize else {
            throw DecompressionError("uncompressed page is \(input.count) bytes, header says \(uncompressedSize)")
        }
        return [UInt8](input)
    default:
        throw DecompressionError("codec \(codec) is not supported yet")
    }
}
