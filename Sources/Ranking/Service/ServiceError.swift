/// The service could not start (metrics registration, listening socket, bundle).
public struct ServiceError: Error, Sendable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
