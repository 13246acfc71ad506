import Glibc

/// A request method (RFC 9110 §9). Methods are case-sensitive tokens; unknown ones keep their text.
public enum HTTPMethod: Sendable, Hashable, CustomStringConvertible {
    case get, head, post, put, delete, options, patch
    case other(String)

    public init(_ text: String) {
        switch text {
        case "GET": self = .get
        case "HEAD": self = .head
        case "POST": self = .post
        case "PUT": self = .put
        case "DELETE": self = .delete
        case "OPTIONS": self = .options
        case "PATCH": self = .patch
        default: self = .other(text)
        }
    }

    /// Recognises the common methods without allocating; `bytes` must already be a valid token.
    init(token bytes: UnsafeBufferPointer<UInt8>) {
        func equals(_ literal: StaticString) -> Bool {
            bytes.count == literal.utf8CodeUnitCount && memcmp(bytes.baseAddress!, literal.utf8Start, bytes.count) == 0
        }
        switch bytes.count {
        case 3 where equals("GET"): self = .get
        case 3 where equals("PUT"): self = .put
        case 4 where equals("POST"): self = .post
        case 4 where equals("HEAD"): self = .head
        case 5 where equals("PATCH"): self = .patch
        case 6 where equals("DELETE"): self = .delete
        case 7 where equals("OPTIONS"): self = .options
        default: self = .other(String(decoding: bytes, as: UTF8.self))
        }
    }

    public var rawValue: String {
        switch self {
        case .get: "GET"
        case .head: "HEAD"
        case .post: "POST"
        case .put: "PUT"
        case .delete: "DELETE"
        case .options: "OPTIONS"
        case .patch: "PATCH"
        case .other(let text): text
        }
    }

    public var description: String { rawValue }

    /// The method as a metrics label: client-chosen method names would be unbounded, so every
    /// unknown method is reported as "OTHER".
    public var metricsLabel: String {
        if case .other = self { return "OTHER" }
        return rawValue
    }
}

/// HTTP-version of a request line; only 1.0 and 1.1 are served.
public enum HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    case http1_0, http1_1

    public var description: String { self == .http1_0 ? "HTTP/1.0" : "HTTP/1.1" }
}
