/// LZ4 block format decoder (no framing): sequences of a token, literal-length extension bytes,
/// literals, a 2-byte little-endian offset and match-length extension bytes; the last sequence
/// carries literals only. Used for LZ4_RAW pages, and as the inner decoder of the Hadoop and
/// LZ4-frame containers that the deprecated LZ4 codec id may hold.
enum LZ4Block {
    /// LZ4_RAW: the whole page body is one block that must produce exactly `uncompressedSize` bytes.
    static func decompressRaw(
        _ input: UnsafeRawBufferPointer, uncompressedSize: Int
    ) throws(DecompressionError) -> [UInt8] {
        try fillArray(count: uncompressedSize) { output throws(DecompressionError) in
            let written = try decode(input, into: output, at: 0, windowStart: 0)
            guard written == uncompressedSize else {
                throw DecompressionError("lz4: block produces \(written) bytes, expected \(uncompressedSize)")
            }
        }
    }

    /// Decodes one block into `output[start...]` and returns how many bytes it wrote. Matches may
    /// reach back to `windowStart` (earlier blocks of a linked LZ4 frame), never before it.
    static func decode(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableRawBufferPointer,
        at start: Int, windowStart: Int
    ) throws(DecompressionError) -> Int {
        var decoder = LZ4SequenceDecoder(input: input, output: output, start: start, windowStart: windowStart)
        try decoder.run()
        return decoder.op &- start
    }
}

/// Builds an array of exactly `count` bytes filled by `body`, which must write every byte or
/// throw. The array is never zero-filled first: on the hot path that would double the memory
/// traffic.
func fillArray(
    count: Int, _ body: (UnsafeMutableRawBufferPointer) throws(DecompressionError) -> Void
) throws(DecompressionError) -> [UInt8] {
    guard count >= 0 else { throw DecompressionError("negative uncompressed size \(count)") }
    var failure: DecompressionError?
    let output = [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
        do throws(DecompressionError) {
            try body(UnsafeMutableRawBufferPointer(buffer))
            initialized = count
        } catch {
            failure = error
            initialized = 0
        }
    }
    if let failure { throw failure }
    return output
}

/// The sequence loop. `ip`/`op` are offsets into the buffers; each is advanced only after a
/// check that the step stays inside its buffer, so the wrapping arithmetic never wraps.
struct LZ4SequenceDecoder {
    let input: UnsafeRawBufferPointer
    let output: UnsafeMutableRawBufferPointer
    let windowStart: Int
    var ip = 0
    var op: Int

    init(input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer, start: Int, windowStart: Int) {
        self.input = input
        self.output = output
        self.windowStart = windowStart
        op = start
    }

    mutating func run() throws(DecompressionError) {
        guard !input.isEmpty else { throw DecompressionError("lz4: empty block (a block has at least a token)") }
        while true {
            guard ip < input.count else { throw DecompressionError("lz4: input ends where a token was expected") }
            let token = input[ip]
            ip &+= 1
            let literalLength = try readLength(Int(token >> 4), what: "literal length")
            try copyLiterals(literalLength)
            // The last sequence has literals only: the block ends right after them.
            if ip == input.count { return }
            guard input.count &- ip >= 2 else { throw DecompressionError("lz4: input ends inside a match offset") }
            let offset = Int(input[ip]) | Int(input[ip &+ 1]) << 8
            ip &+= 2
            let matchLength = try readLength(Int(token & 15), what: "match length") &+ 4
            try copyMatch(offset: offset, length: matchLength)
        }
    }

    /// A nibble of 15 continues with bytes added to it until one is not 255.
    @inline(__always)
    private mutating func readLength(_ nibble: Int, what: String) throws(DecompressionError) -> Int {
        guard nibble == 15 else { return nibble }
        var length = nibble
        while true {
            guard ip < input.count else { throw DecompressionError("lz4: input ends inside a \(what)") }
            let byte = input[ip]
            ip &+= 1
            length &+= Int(byte)
            // Any length beyond the output is corrupt; stopping here also bounds the loop's sum.
            guard length <= output.count else {
                throw DecompressionError("lz4: \(what) exceeds the \(output.count)-byte output")
            }
            if byte != 255 { return length }
        }
    }

    @inline(__always)
    private mutating func copyLiterals(_ length: Int) throws(DecompressionError) {
        guard input.count &- ip >= length else {
            throw DecompressionError("lz4: literals of \(length) bytes overrun the input at byte \(ip)")
        }
        guard output.count &- op >= length else {
            throw DecompressionError("lz4: literals of \(length) bytes overrun the \(output.count)-byte output")
        }
        if length > 0 {
            (output.baseAddress! + op).copyMemory(from: input.baseAddress! + ip, byteCount: length)
        }
        ip &+= length
        op &+= length
    }

    @inline(__always)
    private mutating func copyMatch(offset: Int, length: Int) throws(DecompressionError) {
        guard offset != 0, offset <= op &- windowStart else {
            throw DecompressionError("lz4: match offset \(offset) at output byte \(op) is outside the window")
        }
        guard output.count &- op >= length else {
            throw DecompressionError("lz4: match of \(length) bytes overruns the \(output.count)-byte output")
        }
        let to = output.baseAddress! + op
        let from = UnsafeRawPointer(to - offset)
        if offset >= length {
            to.copyMemory(from: from, byteCount: length)
        } else {
            copyRepeating(from: from, to: to, offset: offset, length: length)
        }
        op &+= length
    }

    /// An overlapping match repeats the last `offset` bytes. Chunks of a multiple of `offset`,
    /// read from just behind the destination, never overlap their source and double in size.
    @inline(__always)
    private func copyRepeating(from: UnsafeRawPointer, to: UnsafeMutableRawPointer, offset: Int, length: Int) {
        var done = 0
        var distance = offset
        while done < length {
            let chunk = min(distance, length &- done)
            (to + done).copyMemory(from: UnsafeRawPointer(to + done) - distance, byteCount: chunk)
            done &+= chunk
            distance &+= distance
        }
    }
}
