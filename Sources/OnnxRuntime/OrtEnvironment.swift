import COnnxRuntime

/// The process-wide ONNX Runtime environment. ORT wants exactly one `OrtEnv` per process; every
/// session is created from it. It lives for the whole process (ORT's own guidance: releasing the
/// env while sessions exist is undefined), so there is no release path.
///
/// `@unchecked Sendable`: the env and API table are immutable after creation and ORT documents
/// them as safe to use from any thread.
public final class OrtEnvironment: @unchecked Sendable {
    let api: OrtAPI
    let env: OpaquePointer

    /// The single environment, created on first use. A failure (for example a library too old
    /// for the headers) is remembered and rethrown to every caller.
    public static func shared() throws(OrtError) -> OrtEnvironment {
        try sharedResult.get()
    }

    private static let sharedResult: Result<OrtEnvironment, OrtError> = {
        do throws(OrtError) {
            return .success(try OrtEnvironment())
        } catch {
            return .failure(error)
        }
    }()

    private init() throws(OrtError) {
        api = try OrtAPI.load()
        var env: OpaquePointer?
        // WARNING keeps ORT's own stderr quiet in normal operation; errors reach us as statuses.
        try api.check(api.api.pointee.CreateEnv(ORT_LOGGING_LEVEL_ERROR, "rankd", &env))
        guard let env else { throw OrtError(.fail, "CreateEnv returned no environment") }
        self.env = env
    }

    /// The loaded library's version, e.g. "1.31.1" (for /health, /metrics and logs).
    public static var runtimeVersion: String { OrtAPI.runtimeVersion }

    /// The ORT API version the wrapper was compiled against (from the headers).
    public static var headerAPIVersion: Int { Int(ORT_API_VERSION) }
}
