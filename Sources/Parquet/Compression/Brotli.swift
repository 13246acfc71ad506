import CBrotli

/// BROTLI pages through libbrotlidec's streaming API: unlike the one-shot call it reports
/// whether input is left over, so trailing garbage and short streams are both caught.
enum Brotli {
    static func decompress(
        _ input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws(DecompressionError) -> [UInt8] {
        try fillArray(count: uncompressedSize) { output throws(DecompressionError) in
            guard let decoder = BrotliDecoderCreateInstance(nil, nil, nil) else {
                throw DecompressionError("brotli: cannot create a decoder")
            }
            defer { BrotliDecoderDestroyInstance(decoder) }
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { placeholder throws(DecompressionError) in
                var availableIn = input.count
                var nextIn: UnsafePointer<UInt8>? = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
                    ?? UnsafePointer(placeholder.baseAddress!)
                var availableOut = output.count
                var nextOut: UnsafeMutablePointer<UInt8>? = output.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) }
                    ?? placeholder.baseAddress!
                let result = BrotliDecoderDecompressStream(decoder, &availableIn, &nextIn, &availableOut, &nextOut, nil)
                switch result {
                case BROTLI_DECODER_RESULT_SUCCESS:
                    guard availableIn == 0 else {
                        throw DecompressionError("brotli: \(availableIn) bytes of trailing data after the stream")
                    }
                    guard availableOut == 0 else {
                        throw DecompressionError(
                            "brotli: stream decodes to \(output.count - availableOut) bytes, expected \(output.count)")
                    }
                case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
                    throw DecompressionError("brotli: input is truncated")
                case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
                    throw DecompressionError("brotli: stream decodes to more than \(output.count) bytes")
                default:
                    let code = BrotliDecoderGetErrorCode(decoder)
                    throw DecompressionError("brotli: \(String(cString: BrotliDecoderErrorString(code)))")
                }
            }
        }
    }
}
