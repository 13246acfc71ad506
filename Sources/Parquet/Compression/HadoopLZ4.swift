/// Parquet's deprecated LZ4 codec id. parquet-mr wrote Hadoop's framing: repeated
/// (4-byte big-endian uncompressed length, 4-byte big-endian compressed length, LZ4 block).
/// Older parquet-cpp wrote a bare LZ4 block, and some writers an LZ4 frame, under the same id.
/// As Arrow does, try Hadoop framing first and fall back when it does not parse exactly.
enum HadoopLZ4 {
    static func decompress(
        _ input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws(DecompressionError) -> [UInt8] {
        try fillArray(count: uncompressedSize) { output throws(DecompressionError) in
            let hadoopFailure: DecompressionError
            do throws(DecompressionError) {
                try decodeHadoopFraming(input, into: output)
                return
            } catch {
                hadoopFailure = error
            }
            // A bare block cannot start with the frame magic (token 0x04 would need a match
            // before any output), so the magic is unambiguous.
            if LZ4Frame.startsWithMagic(input) {
                try LZ4Frame.decode(input, into: output)
                return
            }
            do throws(DecompressionError) {
                let written = try LZ4Block.decode(input, into: output, at: 0, windowStart: 0)
                guard written == output.count else {
                    throw DecompressionError("lz4: block produces \(written) bytes, expected \(output.count)")
                }
            } catch {
                throw DecompressionError(
                    "lz4 (deprecated codec): not Hadoop-framed (\(hadoopFailure.message)); as a bare block: \(error.message)")
            }
        }
    }

    /// Succeeds only when the framing accounts for every input byte and exactly fills `output`.
    static func decodeHadoopFraming(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer
    ) throws(DecompressionError) {
        var cursor = FrameCursor(input)
        var op = 0
        while !cursor.atEnd {
            let blockSize = Int(try cursor.readBE32("hadoop block uncompressed length"))
            let compressedSize = Int(try cursor.readBE32("hadoop block compressed length"))
            let block = try cursor.take(compressedSize, "hadoop block")
            guard blockSize <= output.count - op else {
                throw DecompressionError("hadoop block of \(blockSize) bytes overruns the \(output.count)-byte output")
            }
            // Each Hadoop block was compressed on its own: matches stay within the block.
            let window = UnsafeMutableRawBufferPointer(rebasing: output[op..<(op + blockSize)])
            let written = try LZ4Block.decode(block, into: window, at: 0, windowStart: 0)
            guard written == blockSize else {
                throw DecompressionError("hadoop block declares \(blockSize) bytes but decodes to \(written)")
            }
            op += blockSize
        }
        guard op == output.count else {
            throw DecompressionError("hadoop blocks produce \(op) bytes, expected \(output.count)")
        }
    }
}
