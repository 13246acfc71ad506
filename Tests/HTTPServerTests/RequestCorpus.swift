/// Valid and malformed requests with the verdict RFC 9110/9112 calls for. Each `raw` is a
/// request head (and, for body cases, its body), written with explicit \r\n.
import Testing

struct CorpusCase: Sendable, CustomTestStringConvertible {
    var testDescription: String { name }

    enum Expected: Sendable, Equatable {
        /// A valid head: method, path, and body framing.
        case head(method: String, path: String, framing: String)
        /// Refused with this status; `message` must appear in the error text.
        case error(status: Int, message: String)
        /// A valid head whose body must decode to `body` (or fail with `status`).
        case body(String)
        case bodyError(status: Int)
    }

    let name: String
    let raw: String
    let expected: Expected
}

enum RequestCorpus {
    static let heads: [CorpusCase] = [
        .init(name: "simple GET", raw: "GET /health HTTP/1.1\r\nHost: a\r\n\r\n", expected: .head(method: "GET", path: "/health", framing: "none")),
        .init(name: "query", raw: "GET /rank?q=1&x=%20 HTTP/1.1\r\nHost: a\r\n\r\n", expected: .head(method: "GET", path: "/rank", framing: "none")),
        .init(name: "leading empty line", raw: "\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "HTTP/1.0 without Host", raw: "GET / HTTP/1.0\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "absolute-form", raw: "GET http://example.com/a/b?c HTTP/1.1\r\nHost: example.com\r\n\r\n", expected: .head(method: "GET", path: "/a/b", framing: "none")),
        .init(name: "OPTIONS *", raw: "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n", expected: .head(method: "OPTIONS", path: "*", framing: "none")),
        .init(name: "unknown token method", raw: "PURGE /x HTTP/1.1\r\nHost: a\r\n\r\n", expected: .head(method: "PURGE", path: "/x", framing: "none")),
        .init(name: "content-length", raw: "POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\n", expected: .head(method: "POST", path: "/r", framing: "length 5")),
        .init(name: "duplicate equal content-length", raw: "POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\nContent-Length: 5\r\n\r\n", expected: .head(method: "POST", path: "/r", framing: "length 5")),
        .init(name: "content-length list of equal values", raw: "POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: 5, 5\r\n\r\n", expected: .head(method: "POST", path: "/r", framing: "length 5")),
        .init(name: "content-length zero", raw: "POST /r HTTP/1.1\r\nHost: a\r\nContent-Length: 0\r\n\r\n", expected: .head(method: "POST", path: "/r", framing: "none")),
        .init(name: "chunked", raw: "POST /r HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n", expected: .head(method: "POST", path: "/r", framing: "chunked")),
        .init(name: "chunked any case", raw: "POST /r HTTP/1.1\r\nHost: a\r\ntransfer-encoding: ChunKed\r\n\r\n", expected: .head(method: "POST", path: "/r", framing: "chunked")),
        .init(name: "OWS and obs-text in value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: \t v\u{00e9} \t\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "empty field value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-Empty:\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),

        .init(name: "CL with TE", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", expected: .error(status: 400, message: "both Content-Length and Transfer-Encoding")),
        .init(name: "conflicting CL", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n", expected: .error(status: 400, message: "conflicting Content-Length")),
        .init(name: "conflicting CL list", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3, 4\r\n\r\n", expected: .error(status: 400, message: "conflicting Content-Length")),
        .init(name: "invalid CL sign", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: +3\r\n\r\n", expected: .error(status: 400, message: "invalid Content-Length")),
        .init(name: "invalid CL hex", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 0x10\r\n\r\n", expected: .error(status: 400, message: "invalid Content-Length")),
        .init(name: "empty CL", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \r\n\r\n", expected: .error(status: 400, message: "empty Content-Length")),
        .init(name: "CL over limit", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 2000000\r\n\r\n", expected: .error(status: 413, message: "exceeds")),
        .init(name: "CL overflowing Int", raw: "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 99999999999999999999999\r\n\r\n", expected: .error(status: 413, message: "exceeds")),
        .init(name: "unknown transfer coding", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", expected: .error(status: 501, message: "gzip")),
        .init(name: "chunked not final", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked, chunked\r\n\r\n", expected: .error(status: 400, message: "more than once")),
        .init(name: "TE in HTTP/1.0", raw: "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", expected: .error(status: 400, message: "HTTP/1.0")),
        .init(name: "space before colon", raw: "GET / HTTP/1.1\r\nHost : a\r\n\r\n", expected: .error(status: 400, message: "whitespace between header field name and colon")),
        .init(name: "obs-fold", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\r\n  c\r\n\r\n", expected: .error(status: 400, message: "obsolete line folding")),
        .init(name: "NUL in value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{0}c\r\n\r\n", expected: .error(status: 400, message: "NUL")),
        .init(name: "bare CR in value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\rc\r\n\r\n", expected: .error(status: 400, message: "bare CR")),
        .init(name: "bare LF line end", raw: "GET / HTTP/1.1\r\nHost: a\nX-A: b\r\n\r\n", expected: .error(status: 400, message: "bare LF")),
        .init(name: "bare LF request line", raw: "GET / HTTP/1.1\nHost: a\r\n\r\n", expected: .error(status: 400, message: "CRLF")),
        .init(name: "bare CR in request line", raw: "GET /a\rb HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "bare CR")),
        .init(name: "control char in value", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: b\u{1}\r\n\r\n", expected: .error(status: 400, message: "control character")),
        .init(name: "no Host", raw: "GET / HTTP/1.1\r\nX-A: b\r\n\r\n", expected: .error(status: 400, message: "without a Host")),
        .init(name: "two Hosts", raw: "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n", expected: .error(status: 400, message: "multiple Host")),
        .init(name: "method not a token", raw: "G@T / HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "method must be a token")),
        .init(name: "two spaces", raw: "GET  / HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "empty request target")),
        .init(name: "HTTP/0.9 style", raw: "GET /\r\n\r\n", expected: .error(status: 400, message: "missing HTTP version")),
        .init(name: "lowercase version", raw: "GET / http/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "HTTP version")),
        .init(name: "version with extra", raw: "GET / HTTP/1.1 x\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "HTTP version")),
        .init(name: "HTTP/2.0", raw: "GET / HTTP/2.0\r\nHost: a\r\n\r\n", expected: .error(status: 505, message: "HTTP/2.0")),
        .init(name: "HTTP/1.2", raw: "GET / HTTP/1.2\r\nHost: a\r\n\r\n", expected: .error(status: 505, message: "not supported")),
        .init(name: "relative target", raw: "GET foo HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "request target must be")),
        .init(name: "non-ASCII target", raw: "GET /\u{00e9} HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "visible ASCII")),
        .init(name: "empty field name", raw: "GET / HTTP/1.1\r\nHost: a\r\n: b\r\n\r\n", expected: .error(status: 400, message: "empty header field name")),
        .init(name: "no colon", raw: "GET / HTTP/1.1\r\nHost: a\r\nBroken\r\n\r\n", expected: .error(status: 400, message: "field name")),
        .init(name: "long target", raw: "GET /" + String(repeating: "a", count: 9000) + " HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 414, message: "request target exceeds")),
        .init(name: "huge header section", raw: "GET / HTTP/1.1\r\nHost: a\r\nX-A: " + String(repeating: "b", count: 17000) + "\r\n\r\n", expected: .error(status: 431, message: "header section exceeds")),
        .init(name: "too many fields", raw: "GET / HTTP/1.1\r\nHost: a\r\n" + String(repeating: "X-A: b\r\n", count: 64) + "\r\n", expected: .error(status: 431, message: "more than 64")),
        // Host must be uri-host [":" port] (RFC 9112 §3.2, RFC 3986 §3.2.2); empty is allowed.
        .init(name: "Host with port", raw: "GET / HTTP/1.1\r\nHost: example.com:8080\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "Host IPv4 and port", raw: "GET / HTTP/1.1\r\nHost: 127.0.0.1:80\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "Host IPv6 literal", raw: "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "Host IPvFuture", raw: "GET / HTTP/1.1\r\nHost: [v1.a:b]\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "Host pct-encoded", raw: "GET / HTTP/1.1\r\nHost: a%2Db\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "Host empty", raw: "GET / HTTP/1.1\r\nHost:\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "Host empty port", raw: "GET / HTTP/1.1\r\nHost: a:\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "Host with space", raw: "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host list", raw: "GET / HTTP/1.1\r\nHost: a, b\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host userinfo", raw: "GET / HTTP/1.1\r\nHost: x@y\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host open bracket", raw: "GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host empty brackets", raw: "GET / HTTP/1.1\r\nHost: []\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host non-hex IPv6", raw: "GET / HTTP/1.1\r\nHost: [zz::1]\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host port not digits", raw: "GET / HTTP/1.1\r\nHost: x:abc\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host no host before port", raw: "GET / HTTP/1.1\r\nHost: :80\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host is a URI", raw: "GET / HTTP/1.1\r\nHost: http://x\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host with path", raw: "GET / HTTP/1.1\r\nHost: x/y\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        .init(name: "Host bad pct-encoding", raw: "GET / HTTP/1.1\r\nHost: a%2\r\n\r\n", expected: .error(status: 400, message: "invalid Host")),
        // Targets: absolute-form needs a host and no userinfo; no form carries a fragment.
        .init(name: "absolute-form with port", raw: "GET http://h:80 HTTP/1.1\r\nHost: h:80\r\n\r\n", expected: .head(method: "GET", path: "/", framing: "none")),
        .init(name: "absolute-form empty host", raw: "GET http:///health HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "request target")),
        .init(name: "absolute-form userinfo", raw: "GET http://u@h/health HTTP/1.1\r\nHost: h\r\n\r\n", expected: .error(status: 400, message: "request target")),
        .init(name: "fragment", raw: "GET /health#x HTTP/1.1\r\nHost: a\r\n\r\n", expected: .error(status: 400, message: "fragment")),
        // Transfer-Encoding elements must match the grammar whole, not just start with a token.
        .init(name: "TE token then junk", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked/1.1\r\n\r\n", expected: .error(status: 400, message: "invalid Transfer-Encoding")),
        .init(name: "TE two words", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked foo\r\n\r\n", expected: .error(status: 400, message: "invalid Transfer-Encoding")),
        .init(name: "TE at sign", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked@\r\n\r\n", expected: .error(status: 400, message: "invalid Transfer-Encoding")),
        .init(name: "TE equals without semicolon", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked=x\r\n\r\n", expected: .error(status: 400, message: "invalid Transfer-Encoding")),
        .init(name: "TE quote", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\"x\"\r\n\r\n", expected: .error(status: 400, message: "invalid Transfer-Encoding")),
        .init(name: "TE parameter without value", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip;q, chunked\r\n\r\n", expected: .error(status: 400, message: "invalid Transfer-Encoding")),
        .init(name: "TE unterminated quoted parameter", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip;q=\"x, chunked\r\n\r\n", expected: .error(status: 400, message: "invalid Transfer-Encoding")),
        .init(name: "TE chunked with parameter", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked;a=b\r\n\r\n", expected: .error(status: 400, message: "no parameters")),
        .init(name: "TE unknown with parameters", raw: "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: gzip ; q=1 ; n=\"a \\\" b\", chunked\r\n\r\n", expected: .error(status: 501, message: "gzip")),
        .init(name: "TE chunked with OWS", raw: "POST /r HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:  chunked \t\r\n\r\n", expected: .head(method: "POST", path: "/r", framing: "chunked")),
    ]

    static let bodies: [CorpusCase] = [
        .init(name: "one chunk", raw: "5\r\nhello\r\n0\r\n\r\n", expected: .body("hello")),
        .init(name: "two chunks, hex upper", raw: "3\r\nabc\r\nA\r\n0123456789\r\n0\r\n\r\n", expected: .body("abc0123456789")),
        .init(name: "extensions ignored", raw: "3;name=value;x\r\nabc\r\n0;last\r\n\r\n", expected: .body("abc")),
        .init(name: "trailers discarded", raw: "3\r\nabc\r\n0\r\nX-Checksum: 1\r\nX-B: 2\r\n\r\n", expected: .body("abc")),
        .init(name: "leading zeros", raw: "0003\r\nabc\r\n0\r\n\r\n", expected: .body("abc")),
        .init(name: "empty body", raw: "0\r\n\r\n", expected: .body("")),
        .init(name: "bad size", raw: "x\r\nabc\r\n0\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "size missing", raw: "\r\nabc\r\n0\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "data longer than size", raw: "2\r\nabc\r\n0\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "bare LF after size", raw: "3\nabc\r\n0\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "huge size", raw: "fffffffffffffffff\r\n", expected: .bodyError(status: 413)),
        .init(name: "over body limit", raw: "200001\r\n", expected: .bodyError(status: 413)),
        .init(name: "trailer obs-fold", raw: "0\r\nX: a\r\n b\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "trailer NUL", raw: "0\r\nX: a\u{0}\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "trailer empty name", raw: "0\r\n: v\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "trailer without colon", raw: "0\r\nXa\r\n\r\n", expected: .bodyError(status: 400)),
        .init(name: "huge trailers", raw: "0\r\nX: " + String(repeating: "a", count: 17000) + "\r\n\r\n", expected: .bodyError(status: 431)),
    ]
}
