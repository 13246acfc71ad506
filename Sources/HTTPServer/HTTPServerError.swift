import Glibc

/// A server that could not be set up or started, with the step and the system's reason.
public struct HTTPServerError: Error, Sendable, CustomStringConvertible {
    public let message: String
    /// The errno of a failed system call, nil for other failures.
    public let errno: Int32?

    public init(_ message: String, errno: Int32? = nil) {
        self.message = message
        self.errno = errno
    }

    /// `what` failed, with errno's text.
    static func system(_ what: String, errno code: Int32 = Glibc.errno) -> HTTPServerError {
        HTTPServerError("\(what): \(String(cString: strerror(code))) (errno \(code))", errno: code)
    }

    public var description: String { message }
}
