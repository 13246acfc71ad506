import COnnxRuntime

/// The ONNX Runtime function table for the API version these headers describe.
///
/// `GetApi(ORT_API_VERSION)` returns NULL when the shared library is older than the headers;
/// newer libraries serve older API versions, so headers 1.21 with a 1.31 library are fine.
/// The table is immutable and owned by the library for the life of the process.
struct OrtAPI: @unchecked Sendable {
    let api: UnsafePointer<OrtApi>

    static func load() throws(OrtError) -> OrtAPI {
        guard let base = OrtGetApiBase() else {
            throw OrtError(.apiUnavailable, "OrtGetApiBase returned NULL: libonnxruntime is not usable")
        }
        guard let api = base.pointee.GetApi(UInt32(ORT_API_VERSION)) else {
            throw OrtError(
                .apiUnavailable,
                "libonnxruntime \(runtimeVersion) does not serve ORT API version \(ORT_API_VERSION) "
                    + "(the headers rankd was built with); install a newer onnxruntime library")
        }
        return OrtAPI(api: api)
    }

    /// The version string of the loaded shared library, e.g. "1.31.1".
    static var runtimeVersion: String {
        guard let base = OrtGetApiBase(), let version = base.pointee.GetVersionString() else {
            return "unknown"
        }
        return String(cString: version)
    }
}
