import CZstd

/// ZSTD pages through libzstd's single-pass decoder, which accepts several concatenated (and
/// skippable) frames and frames that omit their content size, writing straight into the output
/// with no window buffer of its own. `dstCapacity` caps what it may write.
enum Zstd {
    static func decompress(
        _ input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws(DecompressionError) -> [UInt8] {
        // libzstd accepts zero frames as zero bytes; a page body always holds at least one frame.
        guard !input.isEmpty else { throw DecompressionError("zstd: empty input (no frame)") }
        return try fillArray(count: uncompressedSize) { output throws(DecompressionError) in
            try withUnsafeTemporaryAllocation(byteCount: 1, alignment: 1) { placeholder throws(DecompressionError) in
                // libzstd wants non-null pointers even for empty buffers.
                let destination = output.baseAddress ?? placeholder.baseAddress!
                let source = input.baseAddress ?? UnsafeRawPointer(placeholder.baseAddress!)
                let result = ZSTD_decompress(destination, output.count, source, input.count)
                if ZSTD_isError(result) != 0 {
                    throw DecompressionError("zstd: \(String(cString: ZSTD_getErrorName(result)))")
                }
                guard result == output.count else {
                    throw DecompressionError("zstd: frames decode to \(result) bytes, expected \(output.count)")
                }
            }
        }
    }
}
