import COnnxRuntime

/// How a session is built. Defaults suit a latency-bound server that runs one small batch per
/// request on the request's own thread: one intra-op thread (ORT then creates no pool threads at
/// all) and no spinning, so idle pools never burn cores.
public struct SessionOptions: Sendable, Equatable {
    public enum GraphOptimizationLevel: Sendable, Equatable {
        case disabled, basic, extended, all
    }

    /// Threads ORT may use inside one `run`. 1 means the caller's thread only.
    public var intraOpThreads: Int = 1
    /// Whether idle ORT pool threads spin waiting for work (trades CPU for latency).
    public var allowSpinning: Bool = false
    public var graphOptimizationLevel: GraphOptimizationLevel = .all

    public init(intraOpThreads: Int = 1, allowSpinning: Bool = false,
                graphOptimizationLevel: GraphOptimizationLevel = .all) {
        self.intraOpThreads = intraOpThreads
        self.allowSpinning = allowSpinning
        self.graphOptimizationLevel = graphOptimizationLevel
    }
}

extension SessionOptions.GraphOptimizationLevel {
    var ort: GraphOptimizationLevel {
        switch self {
        case .disabled: ORT_DISABLE_ALL
        case .basic: ORT_ENABLE_BASIC
        case .extended: ORT_ENABLE_EXTENDED
        case .all: ORT_ENABLE_ALL
        }
    }
}

extension OrtAPI {
    /// Builds an `OrtSessionOptions`; the caller releases it with `ReleaseSessionOptions`.
    func makeSessionOptions(_ options: SessionOptions) throws(OrtError) -> OpaquePointer {
        guard options.intraOpThreads >= 1, options.intraOpThreads <= 1024 else {
            throw OrtError(.invalidArgument, "intra-op threads must be 1...1024, got \(options.intraOpThreads)")
        }
        var raw: OpaquePointer?
        try check(api.pointee.CreateSessionOptions(&raw))
        guard let handle = raw else { throw OrtError(.fail, "CreateSessionOptions returned nothing") }
        do throws(OrtError) {
            try check(api.pointee.SetIntraOpNumThreads(handle, Int32(options.intraOpThreads)))
            try check(api.pointee.SetInterOpNumThreads(handle, 1))
            try check(api.pointee.SetSessionGraphOptimizationLevel(handle, options.graphOptimizationLevel.ort))
            let spin = options.allowSpinning ? "1" : "0"
            try check(api.pointee.AddSessionConfigEntry(handle, "session.intra_op.allow_spinning", spin))
            try check(api.pointee.AddSessionConfigEntry(handle, "session.inter_op.allow_spinning", spin))
        } catch {
            api.pointee.ReleaseSessionOptions(handle)
            throw error
        }
        return handle
    }
}
