/// Incremental decoder for the chunked transfer coding (RFC 9112 §7.1): feed it bytes as they
/// arrive, in any split; it appends chunk data to the body, ignores chunk extensions, accepts and
/// discards trailer fields, and bounds everything it buffers.
struct ChunkedBodyDecoder: Sendable {
    enum Progress: Equatable {
        /// All input was used; the body continues.
        case needMore
        /// The body ended after `consumed` bytes of this input.
        case done(consumed: Int)
        case error(HTTPRequestError)
    }

    private enum State: Equatable {
        case size, extensions, sizeLF, data, dataCR, dataLF
        case trailerLineStart, trailerLine, trailerLF, finalLF
    }

    /// Longest chunk-size line tail (extensions) accepted; they are ignored, so any more is abuse.
    static let maxExtensionBytes = 4096

    private let maxBody: Int
    private let maxTrailerBytes: Int
    private var state = State.size
    private var sizeDigits = 0
    private var chunkSize = 0
    private var remaining = 0
    private var lineBytes = 0
    private var trailerBytes = 0
    private var lineHasColon = false
    /// Decoded body bytes so far.
    private(set) var bodyCount = 0
    /// Wire bytes consumed so far (for request-size metrics).
    private(set) var wireCount = 0

    init(maxBody: Int, maxTrailerBytes: Int) {
        self.maxBody = maxBody
        self.maxTrailerBytes = maxTrailerBytes
    }

    mutating func decode(_ input: UnsafeBufferPointer<UInt8>, into body: inout [UInt8]) -> Progress {
        var i = 0
        while i < input.count {
            if state == .data {
                let take = min(remaining, input.count - i)
                body.append(contentsOf: UnsafeBufferPointer(rebasing: input[i..<(i + take)]))
                remaining -= take
                i += take
                if remaining == 0 { state = .dataCR }
                continue
            }
            let byte = input[i]
            i += 1
            if let error = step(byte) { wireCount += i; return .error(error) }
            if state == .finalLF && byte == ASCII.lf { wireCount += i; return .done(consumed: i) }
        }
        wireCount += input.count
        return .needMore
    }

    /// Advances the line-level states by one byte. `.finalLF` followed by its LF means done.
    private mutating func step(_ byte: UInt8) -> HTTPRequestError? {
        switch state {
        case .size: return sizeByte(byte)
        case .extensions:
            if byte == ASCII.cr { state = .sizeLF; return nil }
            lineBytes += 1
            if lineBytes > Self.maxExtensionBytes { return .badRequest("chunk extension longer than \(Self.maxExtensionBytes) bytes") }
            return byte == ASCII.lf || (byte < 0x20 && byte != ASCII.tab) || byte == 0x7F
                ? .badRequest("invalid byte in chunk extension") : nil
        case .sizeLF:
            guard byte == ASCII.lf else { return .badRequest("chunk size line must end with CRLF") }
            return chunkSizeComplete()
        case .dataCR:
            guard byte == ASCII.cr else { return .badRequest("chunk data longer than its chunk size") }
            state = .dataLF
        case .dataLF:
            guard byte == ASCII.lf else { return .badRequest("chunk data must end with CRLF") }
            state = .size; sizeDigits = 0; chunkSize = 0; lineBytes = 0
        case .trailerLineStart, .trailerLine: return trailerByte(byte)
        case .trailerLF:
            guard byte == ASCII.lf else { return .badRequest("bare CR in trailer section") }
            state = .trailerLineStart
        case .finalLF:
            guard byte == ASCII.lf else { return .badRequest("chunked body must end with CRLF") }
        case .data: break
        }
        return nil
    }

    private mutating func sizeByte(_ byte: UInt8) -> HTTPRequestError? {
        if let digit = Self.hexValue(byte) {
            sizeDigits += 1
            // chunkSize stays <= maxBody (far below Int.max / 16), so this cannot overflow.
            chunkSize = chunkSize * 16 + digit
            if chunkSize > maxBody - bodyCount {
                return .payloadTooLarge("chunked request body exceeds \(maxBody) bytes")
            }
            return sizeDigits > 64 ? .badRequest("chunk size has more than 64 digits") : nil
        }
        guard sizeDigits > 0 else { return .badRequest("invalid chunk size") }
        switch byte {
        case ASCII.cr: state = .sizeLF
        case UInt8(ascii: ";"), ASCII.space, ASCII.tab: state = .extensions; lineBytes = 0
        default: return .badRequest("invalid chunk size")
        }
        return nil
    }

    private mutating func chunkSizeComplete() -> HTTPRequestError? {
        if chunkSize == 0 {
            state = .trailerLineStart
            return nil
        }
        bodyCount += chunkSize
        remaining = chunkSize
        state = .data
        return nil
    }

    /// Trailer fields are accepted and discarded (nothing here needs them), but still checked for
    /// the bytes that would make another parser read them differently, and bounded.
    private mutating func trailerByte(_ byte: UInt8) -> HTTPRequestError? {
        if state == .trailerLineStart {
            if byte == ASCII.cr { state = .finalLF; return nil }
            if byte == ASCII.space || byte == ASCII.tab { return .badRequest("obsolete line folding in trailer section") }
            if byte == ASCII.colon { return .badRequest("empty trailer field name") }
            state = .trailerLine
            lineHasColon = false
        }
        trailerBytes += 1
        if trailerBytes > maxTrailerBytes { return .headerTooLarge("trailer section exceeds \(maxTrailerBytes) bytes") }
        if byte == ASCII.cr {
            guard lineHasColon else { return .badRequest("trailer field without a colon") }
            state = .trailerLF
            return nil
        }
        if byte == ASCII.colon { lineHasColon = true; return nil }
        if !lineHasColon && !ASCII.isTokenChar(byte) { return .badRequest("invalid character in trailer field name") }
        return FieldSectionParser.valueByteProblem(byte).map { .badRequest("\($0) (trailer)") }
    }

    private static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 0x30...0x39: Int(byte - 0x30)
        case 0x41...0x46: Int(byte - 0x41 + 10)
        case 0x61...0x66: Int(byte - 0x61 + 10)
        default: nil
        }
    }
}
