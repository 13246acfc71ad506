import COnnxRuntime

/// Element types of ONNX tensors, numbered as `ONNXTensorElementDataType`.
public enum TensorElementType: Sendable, Equatable, CustomStringConvertible {
    case float, uint8, int8, uint16, int16, int32, int64, string, bool, float16, double
    case uint32, uint64, complex64, complex128, bfloat16
    case other(Int32)

    init(_ raw: ONNXTensorElementDataType) {
        switch raw {
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT: self = .float
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT8: self = .uint8
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT8: self = .int8
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT16: self = .uint16
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT16: self = .int16
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT32: self = .int32
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_INT64: self = .int64
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING: self = .string
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BOOL: self = .bool
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_FLOAT16: self = .float16
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_DOUBLE: self = .double
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT32: self = .uint32
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_UINT64: self = .uint64
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX64: self = .complex64
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_COMPLEX128: self = .complex128
        case ONNX_TENSOR_ELEMENT_DATA_TYPE_BFLOAT16: self = .bfloat16
        default: self = .other(Int32(bitPattern: raw.rawValue))
        }
    }

    /// ONNX's own spelling (tensor(float) is "float"), for error messages.
    public var description: String {
        switch self {
        case .float: "float"
        case .uint8: "uint8"
        case .int8: "int8"
        case .uint16: "uint16"
        case .int16: "int16"
        case .int32: "int32"
        case .int64: "int64"
        case .string: "string"
        case .bool: "bool"
        case .float16: "float16"
        case .double: "double"
        case .uint32: "uint32"
        case .uint64: "uint64"
        case .complex64: "complex64"
        case .complex128: "complex128"
        case .bfloat16: "bfloat16"
        case .other(let raw): "type#\(raw)"
        }
    }
}

/// One model input or output as the model declares it.
public struct TensorInfo: Sendable, Equatable {
    /// What kind of ONNX value this is; only tensors can be fed or read by this wrapper.
    public enum Kind: Sendable, Equatable { case tensor, sequence, map, optional, sparseTensor, unknown }

    public let name: String
    public let kind: Kind
    /// Element type for tensors; nil for non-tensor values.
    public let elementType: TensorElementType?
    /// Dimensions; symbolic or unknown dimensions are -1. Empty for non-tensors and scalars.
    public let shape: [Int64]

    public init(name: String, kind: Kind, elementType: TensorElementType?, shape: [Int64]) {
        self.name = name
        self.kind = kind
        self.elementType = elementType
        self.shape = shape
    }

    public var isFloatTensor: Bool { kind == .tensor && elementType == .float }
}

/// What a model takes and returns, read once at load so a caller can check a model before serving it.
public struct ModelSignature: Sendable, Equatable {
    public let inputs: [TensorInfo]
    public let outputs: [TensorInfo]

    public func input(named name: String) -> TensorInfo? { inputs.first { $0.name == name } }
    public func output(named name: String) -> TensorInfo? { outputs.first { $0.name == name } }
}

extension OrtAPI {
    func readSignature(_ session: OpaquePointer) throws(OrtError) -> ModelSignature {
        var allocator: UnsafeMutablePointer<OrtAllocator>?
        try check(api.pointee.GetAllocatorWithDefaultOptions(&allocator))
        guard let allocator else { throw OrtError(.fail, "no default allocator") }
        var inputCount = 0, outputCount = 0
        try check(api.pointee.SessionGetInputCount(session, &inputCount))
        try check(api.pointee.SessionGetOutputCount(session, &outputCount))
        var inputs: [TensorInfo] = []
        for index in 0..<inputCount {
            var name: UnsafeMutablePointer<CChar>?
            try check(api.pointee.SessionGetInputName(session, index, allocator, &name))
            let text = takeString(name, allocator)
            var typeInfo: OpaquePointer?
            try check(api.pointee.SessionGetInputTypeInfo(session, index, &typeInfo))
            inputs.append(try describe(text, typeInfo))
        }
        var outputs: [TensorInfo] = []
        for index in 0..<outputCount {
            var name: UnsafeMutablePointer<CChar>?
            try check(api.pointee.SessionGetOutputName(session, index, allocator, &name))
            let text = takeString(name, allocator)
            var typeInfo: OpaquePointer?
            try check(api.pointee.SessionGetOutputTypeInfo(session, index, &typeInfo))
            outputs.append(try describe(text, typeInfo))
        }
        return ModelSignature(inputs: inputs, outputs: outputs)
    }

    /// Copies a name ORT allocated and frees it with the allocator that made it.
    private func takeString(_ raw: UnsafeMutablePointer<CChar>?, _ allocator: UnsafeMutablePointer<OrtAllocator>) -> String {
        guard let raw else { return "" }
        let text = String(cString: raw)
        _ = api.pointee.AllocatorFree(allocator, raw)
        return text
    }

    /// Reads a type info and releases it, whatever happens.
    private func describe(_ name: String, _ typeInfo: OpaquePointer?) throws(OrtError) -> TensorInfo {
        guard let typeInfo else { throw OrtError(.fail, "no type information for '\(name)'") }
        defer { api.pointee.ReleaseTypeInfo(typeInfo) }
        var onnxType = ONNX_TYPE_UNKNOWN
        try check(api.pointee.GetOnnxTypeFromTypeInfo(typeInfo, &onnxType))
        guard onnxType == ONNX_TYPE_TENSOR else {
            return TensorInfo(name: name, kind: kind(onnxType), elementType: nil, shape: [])
        }
        var tensorInfo: OpaquePointer?
        try check(api.pointee.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo))
        guard let tensorInfo else { throw OrtError(.fail, "no tensor information for '\(name)'") }
        let (elementType, shape) = try tensorTypeAndShape(tensorInfo)
        return TensorInfo(name: name, kind: .tensor, elementType: elementType, shape: shape)
    }

    /// Element type and dimensions of an `OrtTensorTypeAndShapeInfo` (not released here).
    func tensorTypeAndShape(_ info: OpaquePointer) throws(OrtError) -> (TensorElementType, [Int64]) {
        var rawType = ONNX_TENSOR_ELEMENT_DATA_TYPE_UNDEFINED
        try check(api.pointee.GetTensorElementType(info, &rawType))
        var rank = 0
        try check(api.pointee.GetDimensionsCount(info, &rank))
        var dims = [Int64](repeating: 0, count: rank)
        if rank > 0 {
            try dims.withUnsafeMutableBufferPointer { (buffer) throws(OrtError) in
                try check(api.pointee.GetDimensions(info, buffer.baseAddress, rank))
            }
        }
        return (TensorElementType(rawType), dims.map { $0 < 0 ? -1 : $0 })
    }

    private func kind(_ type: ONNXType) -> TensorInfo.Kind {
        switch type {
        case ONNX_TYPE_TENSOR: .tensor
        case ONNX_TYPE_SEQUENCE: .sequence
        case ONNX_TYPE_MAP: .map
        case ONNX_TYPE_OPTIONAL: .optional
        case ONNX_TYPE_SPARSETENSOR: .sparseTensor
        default: .unknown
        }
    }
}
