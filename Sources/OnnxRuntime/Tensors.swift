/// A float32 input fed to a run without copying: `data` is the caller's memory, which must stay
/// valid (and unchanged) for the whole `run` call. ORT reads it in place.
public struct InputTensor {
    public let name: String
    public let shape: [Int64]
    public let data: UnsafeBufferPointer<Float>

    public init(name: String, shape: [Int64], data: UnsafeBufferPointer<Float>) {
        self.name = name
        self.shape = shape
        self.data = data
    }
}

/// A float32 output copied out of ORT's memory, so it outlives the run and ORT's value is
/// released at once.
public struct OutputTensor: Sendable, Equatable {
    public let name: String
    public let shape: [Int64]
    public let values: [Float]

    public init(name: String, shape: [Int64], values: [Float]) {
        self.name = name
        self.shape = shape
        self.values = values
    }
}

/// Checked product of tensor dimensions: nil when a dimension is negative or the product
/// overflows (a hostile shape must not trap the process).
func elementCount(_ shape: [Int64]) -> Int? {
    var count = 1
    for dim in shape {
        guard dim >= 0, let d = Int(exactly: dim) else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: d)
        if overflow { return nil }
        count = product
    }
    return count
}

func describe(_ shape: [Int64]) -> String {
    "[" + shape.map(String.init).joined(separator: ", ") + "]"
}
