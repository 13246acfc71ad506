import COnnxRuntime
import Glibc

/// A loaded model. `run` may be called from many threads at once: ORT documents `Session::Run`
/// as thread-safe, and everything else here is immutable after `init`, hence
/// `@unchecked Sendable`.
public final class Session: @unchecked Sendable {
    public let signature: ModelSignature
    private let environment: OrtEnvironment
    private let handle: OpaquePointer
    let memoryInfo: OpaquePointer
    /// C copies of the names, made once so a run passes pointers without converting strings.
    private let inputNames: [UnsafeMutablePointer<CChar>]
    private let outputNames: [UnsafeMutablePointer<CChar>]
    private let inputIndex: [String: Int]
    private let outputIndex: [String: Int]

    var api: OrtAPI { environment.api }

    /// Loads a model from an `.onnx` file.
    public convenience init(path: String, options: SessionOptions = SessionOptions(),
                            environment: OrtEnvironment? = nil) throws(OrtError) {
        try Session.requireRegularFile(path)
        let env = try Session.resolve(environment)
        let sessionOptions = try env.api.makeSessionOptions(options)
        defer { env.api.api.pointee.ReleaseSessionOptions(sessionOptions) }
        var raw: OpaquePointer?
        try env.api.check(env.api.api.pointee.CreateSession(env.env, path, sessionOptions, &raw))
        try self.init(adopting: raw, environment: env, source: path)
    }

    /// ORT opens the path with a plain blocking open: a FIFO there would wait for a writer
    /// forever (`rankd model inspect fifo` hung). Checked first with a non-blocking open.
    static func requireRegularFile(_ path: String) throws(OrtError) {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            throw OrtError(errno == ENOENT ? .noSuchFile : .invalidArgument, "\(path): cannot open: \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
            throw OrtError(.invalidArgument, "\(path): not a regular file")
        }
    }

    /// Loads a model from its serialized bytes.
    public convenience init(modelBytes: [UInt8], options: SessionOptions = SessionOptions(),
                            environment: OrtEnvironment? = nil) throws(OrtError) {
        guard !modelBytes.isEmpty else { throw OrtError(.invalidArgument, "model bytes are empty") }
        let env = try Session.resolve(environment)
        let sessionOptions = try env.api.makeSessionOptions(options)
        defer { env.api.api.pointee.ReleaseSessionOptions(sessionOptions) }
        var raw: OpaquePointer?
        let status = modelBytes.withUnsafeBytes { bytes in
            env.api.api.pointee.CreateSessionFromArray(env.env, bytes.baseAddress, bytes.count, sessionOptions, &raw)
        }
        try env.api.check(status)
        try self.init(adopting: raw, environment: env, source: "model bytes")
    }

    private init(adopting raw: OpaquePointer?, environment: OrtEnvironment, source: String) throws(OrtError) {
        guard let raw else { throw OrtError(.fail, "CreateSession returned no session for \(source)") }
        let api = environment.api
        var info: OpaquePointer?
        let status = api.api.pointee.CreateCpuMemoryInfo(OrtDeviceAllocator, OrtMemTypeDefault, &info)
        let signature: ModelSignature
        do throws(OrtError) {
            try api.check(status)
            signature = try api.readSignature(raw)
        } catch {
            if let info { api.api.pointee.ReleaseMemoryInfo(info) }
            api.api.pointee.ReleaseSession(raw)
            throw error
        }
        self.environment = environment
        self.handle = raw
        self.memoryInfo = info!
        self.signature = signature
        self.inputNames = signature.inputs.map { strdup($0.name)! }
        self.outputNames = signature.outputs.map { strdup($0.name)! }
        self.inputIndex = Dictionary(signature.inputs.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        self.outputIndex = Dictionary(signature.outputs.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    private static func resolve(_ environment: OrtEnvironment?) throws(OrtError) -> OrtEnvironment {
        if let environment { return environment }
        return try OrtEnvironment.shared()
    }

    /// Models have a few inputs and outputs: a scan of the names (equal small Strings compare
    /// as two words) beats hashing the name for the dictionary, which serves the rare wide model.
    func inputSlot(_ name: String) -> Int? {
        signature.inputs.count <= 8 ? signature.inputs.firstIndex { $0.name == name } : inputIndex[name]
    }

    func outputSlot(_ name: String) -> Int? {
        signature.outputs.count <= 8 ? signature.outputs.firstIndex { $0.name == name } : outputIndex[name]
    }

    deinit {
        api.api.pointee.ReleaseSession(handle)
        api.api.pointee.ReleaseMemoryInfo(memoryInfo)
        inputNames.forEach { free($0) }
        outputNames.forEach { free($0) }
    }

    /// Runs the model on caller-owned float32 inputs (every model input exactly once) and returns
    /// the requested outputs (all outputs when `outputs` is nil), in the order requested.
    public func run(_ inputs: [InputTensor], outputs requested: [String]? = nil) throws(OrtError) -> [OutputTensor] {
        let inputSlots = try validate(inputs)
        let outputSlots = try resolveOutputs(requested)
        let inputCount = inputs.count, outputCount = outputSlots.count
        // The handles and names ORT takes live on the stack for the call: a run is per request.
        return try withUnsafeTemporaryAllocation(of: OpaquePointer?.self, capacity: inputCount + outputCount) {
            (handles) throws(OrtError) -> [OutputTensor] in
            handles.initialize(repeating: nil)
            defer { for value in handles where value != nil { api.api.pointee.ReleaseValue(value) } }
            let values = UnsafeMutableBufferPointer(rebasing: handles[0..<inputCount])
            let results = UnsafeMutableBufferPointer(rebasing: handles[inputCount...])
            for (position, input) in inputs.enumerated() {
                values[position] = try makeTensor(input, api: api, memoryInfo: memoryInfo)
            }
            return try withUnsafeTemporaryAllocation(of: UnsafePointer<CChar>?.self, capacity: inputCount + outputCount) {
                (names) throws(OrtError) -> [OutputTensor] in
                for (position, slot) in inputSlots.enumerated() { names[position] = UnsafePointer(inputNames[slot]) }
                for (position, slot) in outputSlots.enumerated() { names[inputCount + position] = UnsafePointer(outputNames[slot]) }
                let status = api.api.pointee.Run(handle, nil, names.baseAddress, values.baseAddress, inputCount,
                                                 names.baseAddress.map { $0 + inputCount }, outputCount, results.baseAddress)
                try api.check(status)
                var outputs: [OutputTensor] = []
                outputs.reserveCapacity(outputCount)
                for (position, slot) in outputSlots.enumerated() {
                    outputs.append(try readOutput(results[position], name: signature.outputs[slot].name, api: api))
                }
                return outputs
            }
        }
    }

    /// Convenience for callers holding Swift arrays: borrows each array for the run.
    public func run(_ inputs: [(name: String, values: [Float], shape: [Int64])],
                    outputs requested: [String]? = nil) throws(OrtError) -> [OutputTensor] {
        try withBorrowed(inputs[...], [], requested)
    }

    private func withBorrowed(_ rest: ArraySlice<(name: String, values: [Float], shape: [Int64])>,
                              _ done: [InputTensor], _ requested: [String]?) throws(OrtError) -> [OutputTensor] {
        guard let first = rest.first else { return try run(done, outputs: requested) }
        return try first.values.withUnsafeBufferPointer { (buffer) throws(OrtError) in
            let tensor = InputTensor(name: first.name, shape: first.shape, data: buffer)
            return try withBorrowed(rest.dropFirst(), done + [tensor], requested)
        }
    }
}
