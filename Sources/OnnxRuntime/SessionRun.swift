import COnnxRuntime

/// The checks and conversions around `Run`, kept apart from the session's lifetime management.
extension Session {
    /// Checks every input against the signature before anything reaches ORT, so a wrong feature
    /// count or an empty batch is an error naming the input rather than an ORT failure (or worse,
    /// an out-of-bounds read of the caller's buffer). Returns each input's signature index.
    func validate(_ inputs: [InputTensor]) throws(OrtError) -> [Int] {
        var slots: [Int] = []
        slots.reserveCapacity(inputs.count)
        for input in inputs {
            guard let slot = inputSlot(input.name) else {
                let known = signature.inputs.map { "'\($0.name)'" }.joined(separator: ", ")
                throw OrtError(.invalidArgument, "model has no input '\(input.name)' (inputs: \(known))")
            }
            guard !slots.contains(slot) else {  // a few inputs: a scan, no Set
                throw OrtError(.invalidArgument, "input '\(input.name)' given more than once")
            }
            try check(input, against: signature.inputs[slot])
            slots.append(slot)
        }
        if let missing = signature.inputs.indices.first(where: { !slots.contains($0) }) {
            throw OrtError(.invalidArgument, "input '\(signature.inputs[missing].name)' is missing")
        }
        return slots
    }

    private func check(_ input: InputTensor, against info: TensorInfo) throws(OrtError) {
        guard info.isFloatTensor else {
            let type = info.elementType.map { "tensor(\($0))" } ?? "\(info.kind)"
            throw OrtError(.invalidArgument, "input '\(info.name)' is \(type), not tensor(float)")
        }
        guard info.shape.isEmpty || input.shape.count == info.shape.count else {
            throw OrtError(.invalidArgument,
                "input '\(info.name)' has rank \(info.shape.count) (model shape \(describe(info.shape))), got shape \(describe(input.shape))")
        }
        for (axis, (declared, given)) in zip(info.shape, input.shape).enumerated() where declared >= 0 && declared != given {
            throw OrtError(.invalidArgument,
                "input '\(info.name)' dimension \(axis) must be \(declared) (model shape \(describe(info.shape))), got shape \(describe(input.shape))")
        }
        guard let count = elementCount(input.shape) else {
            throw OrtError(.invalidArgument, "input '\(info.name)' has an invalid shape \(describe(input.shape))")
        }
        guard count > 0 else {
            throw OrtError(.invalidArgument, "input '\(info.name)' is an empty batch (shape \(describe(input.shape))); nothing to run")
        }
        guard count == input.data.count else {
            throw OrtError(.invalidArgument,
                "input '\(info.name)' shape \(describe(input.shape)) needs \(count) values, got \(input.data.count)")
        }
    }

    func resolveOutputs(_ requested: [String]?) throws(OrtError) -> [Int] {
        guard let requested else { return Array(signature.outputs.indices) }
        guard !requested.isEmpty else { throw OrtError(.invalidArgument, "no outputs requested") }
        var slots: [Int] = []
        for name in requested {
            guard let slot = outputSlot(name) else {
                let known = signature.outputs.map { "'\($0.name)'" }.joined(separator: ", ")
                throw OrtError(.invalidArgument, "model has no output '\(name)' (outputs: \(known))")
            }
            slots.append(slot)
        }
        return slots
    }

    func makeTensor(_ input: InputTensor, api: OrtAPI, memoryInfo: OpaquePointer) throws(OrtError) -> OpaquePointer {
        var value: OpaquePointer?
        // ORT's signature takes a mutable pointer, but it never writes to input tensors.
        let data = UnsafeMutableRawPointer(mutating: input.data.baseAddress)
        let status = input.shape.withUnsafeBufferPointer { shape in
            api.api.pointee.CreateTensorWithDataAsOrtValue(
                memoryInfo, data, input.data.count * MemoryLayout<Float>.stride,
                shape.baseAddress, shape.count, ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT, &value)
        }
        try api.check(status)
        guard let value else { throw OrtError(.fail, "CreateTensor returned no value for '\(input.name)'") }
        return value
    }

    func readOutput(_ value: OpaquePointer?, name: String, api: OrtAPI) throws(OrtError) -> OutputTensor {
        guard let value else { throw OrtError(.fail, "output '\(name)' was not produced") }
        var info: OpaquePointer?
        try api.check(api.api.pointee.GetTensorTypeAndShape(value, &info))
        guard let info else { throw OrtError(.fail, "output '\(name)' has no shape information") }
        defer { api.api.pointee.ReleaseTensorTypeAndShapeInfo(info) }
        let (elementType, shape) = try api.tensorTypeAndShape(info)
        guard elementType == .float else {
            throw OrtError(.invalidArgument, "output '\(name)' is tensor(\(elementType)), not tensor(float)")
        }
        guard let count = elementCount(shape) else {
            throw OrtError(.fail, "output '\(name)' has an invalid shape \(describe(shape))")
        }
        guard count > 0 else { return OutputTensor(name: name, shape: shape, values: []) }
        var raw: UnsafeMutableRawPointer?
        try api.check(api.api.pointee.GetTensorMutableData(value, &raw))
        guard let raw else { throw OrtError(.fail, "output '\(name)' has no data") }
        let values = Array(UnsafeBufferPointer(start: raw.assumingMemoryBound(to: Float.self), count: count))
        return OutputTensor(name: name, shape: shape, values: values)
    }
}
