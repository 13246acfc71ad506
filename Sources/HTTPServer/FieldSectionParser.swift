/// field-line = field-name ":" OWS field-value OWS, each ending in CRLF, until an empty line
/// (RFC 9112 §5). Strict: whitespace before the colon, obs-fold, and CR/LF/NUL or other control
/// bytes in a value are errors, as they are the raw material of request smuggling.
enum FieldSectionParser {
    /// Parses the field lines of a head, `bytes` starting after the request line and ending just
    /// past the empty line. Also used for chunked trailers.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, maxFields: Int) -> Result<HTTPHeaders, HTTPRequestError> {
        var fields: [HTTPHeaders.Field] = []
        var lineStart = 0
        while lineStart < bytes.count {
            guard let lf = bytes[lineStart...].firstIndex(of: ASCII.lf) else {
                return .failure(.badRequest("header section does not end with an empty line"))
            }
            guard lf > lineStart, bytes[lf - 1] == ASCII.cr else {
                return .failure(.badRequest("header line must end with CRLF (bare LF)"))
            }
            let content = lineStart..<(lf - 1)
            if content.isEmpty { break }
            if fields.count == maxFields {
                return .failure(.headerTooLarge("more than \(maxFields) header fields"))
            }
            switch parseLine(bytes, content) {
            case .success(let field): fields.append(field)
            case .failure(let error): return .failure(error)
            }
            lineStart = lf + 1
        }
        return .success(HTTPHeaders(storage: Array(bytes), fields: fields))
    }

    private static func parseLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Result<HTTPHeaders.Field, HTTPRequestError> {
        let first = bytes[line.lowerBound]
        if first == ASCII.space || first == ASCII.tab {
            return .failure(.badRequest("obsolete line folding (a header line starting with whitespace) is not allowed"))
        }
        var i = line.lowerBound
        while i < line.upperBound, ASCII.isTokenChar(bytes[i]) { i += 1 }
        guard i < line.upperBound, bytes[i] == ASCII.colon else {
            if i < line.upperBound, bytes[i] == ASCII.space || bytes[i] == ASCII.tab {
                return .failure(.badRequest("whitespace between header field name and colon"))
            }
            if i < line.upperBound, bytes[i] == ASCII.cr { return .failure(.badRequest("bare CR in header field name")) }
            return .failure(.badRequest("invalid character in header field name"))
        }
        guard i > line.lowerBound else { return .failure(.badRequest("empty header field name")) }
        let name = line.lowerBound..<i
        var valueStart = i + 1
        while valueStart < line.upperBound, bytes[valueStart] == ASCII.space || bytes[valueStart] == ASCII.tab { valueStart += 1 }
        var valueEnd = line.upperBound
        while valueEnd > valueStart, bytes[valueEnd - 1] == ASCII.space || bytes[valueEnd - 1] == ASCII.tab { valueEnd -= 1 }
        for j in valueStart..<valueEnd {
            if let problem = valueByteProblem(bytes[j]) { return .failure(.badRequest(problem)) }
        }
        return .success(HTTPHeaders.Field(name: name, value: valueStart..<valueEnd))
    }

    /// field-vchar / SP / HTAB / obs-text are allowed; everything else is named.
    static func valueByteProblem(_ byte: UInt8) -> String? {
        if byte >= 0x20 && byte != 0x7F || byte == ASCII.tab { return nil }
        switch byte {
        case 0: return "NUL in header field value"
        case ASCII.cr: return "bare CR in header field value"
        case ASCII.lf: return "bare LF in header field value"
        default: return "control character in header field value"
        }
    }
}
