import COnnxRuntime

/// An error from ONNX Runtime (carrying its `OrtErrorCode` and message) or from this wrapper's own
/// checks, which use the same codes so callers handle one type.
public struct OrtError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Code: Sendable, Equatable {
        case fail, invalidArgument, noSuchFile, noModel, engineError, runtimeException
        case invalidProtobuf, modelLoaded, notImplemented, invalidGraph, executionProviderFailure
        /// The loaded library cannot serve the API version the headers were built for.
        case apiUnavailable
        case other(Int32)

        init(_ raw: OrtErrorCode) {
            switch raw {
            case ORT_FAIL: self = .fail
            case ORT_INVALID_ARGUMENT: self = .invalidArgument
            case ORT_NO_SUCHFILE: self = .noSuchFile
            case ORT_NO_MODEL: self = .noModel
            case ORT_ENGINE_ERROR: self = .engineError
            case ORT_RUNTIME_EXCEPTION: self = .runtimeException
            case ORT_INVALID_PROTOBUF: self = .invalidProtobuf
            case ORT_MODEL_LOADED: self = .modelLoaded
            case ORT_NOT_IMPLEMENTED: self = .notImplemented
            case ORT_INVALID_GRAPH: self = .invalidGraph
            case ORT_EP_FAIL: self = .executionProviderFailure
            default: self = .other(Int32(bitPattern: raw.rawValue))
            }
        }
    }

    public let code: Code
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "ONNX Runtime error (\(code)): \(message)" }
}

extension OrtAPI {
    /// Turns an `OrtStatus*` into a thrown error. Every status ORT hands back is owned by the caller,
    /// so it is released here, on the only path that sees it.
    @inline(__always)
    func check(_ status: OpaquePointer?) throws(OrtError) {
        guard let status else { return }
        throw consume(status)
    }

    func consume(_ status: OpaquePointer) -> OrtError {
        let code = api.pointee.GetErrorCode(status)
        let message = api.pointee.GetErrorMessage(status).map { String(cString: $0) } ?? "(no message)"
        api.pointee.ReleaseStatus(status)
        return OrtError(OrtError.Code(code), message)
    }
}
