import Glibc

/// A server that could not be set up or started, with the step and the system's reason.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public let message: String

    public init(_ message: String) { self.message = message }

    /// `what` failed, with errno's text.
    static func system(_ what: String, errno code: Int32 = errno) -> HTTPServerError {
        HTTPServerError("\(what): \(String(cString: strerror(code))) (errno \(code))")
    }

    public var description: String { message }
}
