import CZlib

/// GZIP pages through zlib. Window bits 15+32 accept both gzip and zlib headers, and a page may
/// hold several concatenated gzip members (some writers flush per chunk), decoded back to back.
enum Gzip {
    static func decompress(
        _ input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws(DecompressionError) -> [UInt8] {
        guard !input.isEmpty else { throw DecompressionError("gzip: empty input") }
        guard input.count <= Int(UInt32.max), uncompressedSize <= Int(UInt32.max) else {
            throw DecompressionError("gzip: page larger than 4 GiB")
        }
        return try fillArray(count: uncompressedSize) { output throws(DecompressionError) in
            // zlib keeps a pointer back to its z_stream, so the stream needs a fixed address.
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            defer { stream.deallocate() }
            try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 1) { sink throws(DecompressionError) in
                let inflater = try Inflater(stream: stream, input: input)
                defer { inflater.end() }
                try inflater.inflateAll(into: output, overflowSink: sink.baseAddress!)
            }
        }
    }
}

/// One zlib inflate stream over a whole page body.
private struct Inflater {
    let stream: UnsafeMutablePointer<z_stream>

    init(stream: UnsafeMutablePointer<z_stream>, input: UnsafeRawBufferPointer) throws(DecompressionError) {
        self.stream = stream
        let status = inflateInit2_(stream, 15 + 32, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else { throw DecompressionError("gzip: inflateInit2 failed (\(status))") }
        stream.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress!.assumingMemoryBound(to: Bytef.self))
        stream.pointee.avail_in = UInt32(input.count)
    }

    func end() { inflateEnd(stream) }

    /// Inflates members until the input is used up. When `output` is full the stream is pointed
    /// at a one-byte sink: any byte landing there means the page inflates to more than declared.
    func inflateAll(
        into output: UnsafeMutableRawBufferPointer, overflowSink: UnsafeMutablePointer<UInt8>
    ) throws(DecompressionError) {
        var produced = 0
        while true {
            let full = produced == output.count
            stream.pointee.next_out = full ? overflowSink : (output.baseAddress! + produced).assumingMemoryBound(to: Bytef.self)
            stream.pointee.avail_out = full ? 1 : UInt32(output.count - produced)
            let before = stream.pointee.avail_out
            let status = inflate(stream, Z_NO_FLUSH)
            let written = Int(before - stream.pointee.avail_out)
            if full && written > 0 || !full && written > output.count - produced {
                throw DecompressionError("gzip: inflates to more than \(output.count) bytes")
            }
            produced += written
            switch status {
            case Z_OK:
                continue
            case Z_STREAM_END:
                if stream.pointee.avail_in == 0 {
                    guard produced == output.count else {
                        throw DecompressionError("gzip: inflates to \(produced) bytes, expected \(output.count)")
                    }
                    return
                }
                // Another member follows.
                guard inflateReset(stream) == Z_OK else { throw DecompressionError("gzip: inflateReset failed") }
            case Z_BUF_ERROR:
                throw DecompressionError(stream.pointee.avail_in == 0
                    ? "gzip: input is truncated (after \(produced) of \(output.count) bytes)"
                    : "gzip: inflates to more than \(output.count) bytes")
            case Z_NEED_DICT:
                throw DecompressionError("gzip: stream needs a preset dictionary")
            default:
                throw DecompressionError("gzip: \(message(status))")
            }
        }
    }

    private func message(_ status: Int32) -> String {
        if let text = stream.pointee.msg { return "corrupt data (\(String(cString: text)))" }
        return status == Z_MEM_ERROR ? "out of memory" : "inflate failed (\(status))"
    }
}
