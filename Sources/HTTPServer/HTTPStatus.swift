/// Reason phrases (RFC 9110 §15) for the status line; unknown codes get a generic phrase by class.
enum HTTPStatus {
    static func reasonPhrase(_ status: Int) -> String {
        switch status {
        case 100: "Continue"
        case 200: "OK"
        case 201: "Created"
        case 202: "Accepted"
        case 204: "No Content"
        case 301: "Moved Permanently"
        case 302: "Found"
        case 304: "Not Modified"
        case 400: "Bad Request"
        case 401: "Unauthorized"
        case 403: "Forbidden"
        case 404: "Not Found"
        case 405: "Method Not Allowed"
        case 408: "Request Timeout"
        case 409: "Conflict"
        case 413: "Content Too Large"
        case 414: "URI Too Long"
        case 415: "Unsupported Media Type"
        case 422: "Unprocessable Content"
        case 429: "Too Many Requests"
        case 431: "Request Header Fields Too Large"
        case 500: "Internal Server Error"
        case 501: "Not Implemented"
        case 503: "Service Unavailable"
        case 505: "HTTP Version Not Supported"
        default:
            switch status / 100 {
            case 1: "Informational"
            case 2: "Success"
            case 3: "Redirection"
            case 4: "Client Error"
            default: "Server Error"
            }
        }
    }

    /// Whether a response with this status carries no content (RFC 9110 §6.4.1).
    static func forbidsContent(_ status: Int) -> Bool {
        status < 200 || status == 204 || status == 304
    }
}

/// Why a request was refused before reaching a handler. Always answered with the JSON error shape,
/// then the connection is closed (the framing of what follows can no longer be trusted).
public struct HTTPRequestError: Error, Sendable, Equatable, CustomStringConvertible {
    public let status: Int
    /// Machine-readable code in the error body, e.g. "bad_request".
    public let code: String
    /// Human message in the error body, naming what was wrong.
    public let message: String
    /// Label for `HTTPServerObserver.requestRejected(reason:)`, from a small fixed set.
    public let reason: String

    public var description: String { "\(status) \(code): \(message)" }

    static func badRequest(_ message: String) -> HTTPRequestError {
        HTTPRequestError(status: 400, code: "bad_request", message: message, reason: "bad_request")
    }
    static func headerTooLarge(_ message: String) -> HTTPRequestError {
        HTTPRequestError(status: 431, code: "header_fields_too_large", message: message, reason: "header_too_large")
    }
    static func uriTooLong(_ message: String) -> HTTPRequestError {
        HTTPRequestError(status: 414, code: "uri_too_long", message: message, reason: "uri_too_long")
    }
    static func payloadTooLarge(_ message: String) -> HTTPRequestError {
        HTTPRequestError(status: 413, code: "payload_too_large", message: message, reason: "body_too_large")
    }
    static func notImplemented(_ message: String) -> HTTPRequestError {
        HTTPRequestError(status: 501, code: "not_implemented", message: message, reason: "not_implemented")
    }
    static func versionNotSupported(_ message: String) -> HTTPRequestError {
        HTTPRequestError(status: 505, code: "http_version_not_supported", message: message, reason: "bad_version")
    }
    static func timeout(_ message: String) -> HTTPRequestError {
        HTTPRequestError(status: 408, code: "request_timeout", message: message, reason: "timeout")
    }

    var response: HTTPResponse { .error(status: status, code: code, message: message) }
}
