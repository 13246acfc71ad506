import OnnxRuntime

/// A model's contract bound to the loaded tables: for each ONNX input, which slices of which
/// table rows and which context values land where in the input row. Built and checked once per
/// (model, tables) pair, so a request only copies floats.
public struct FeaturePlan: Sendable {
    /// `width` floats copied from a table row at `source` to the input row at `target`.
    public struct Segment: Sendable {
        public let table: Int
        public let source: Int
        public let target: Int
        public let width: Int
        /// Replacement for NaN (missing rows, nulls); nil when the default is NaN itself.
        public let fill: Float?
    }

    public struct ContextSlot: Sendable {
        public let name: String
        public let target: Int
        public let fill: Float
    }

    public struct Input: Sendable {
        public let name: String
        public let width: Int
        /// Whether the ONNX input is `[N]` (a single feature) rather than `[N, width]`.
        public let isVector: Bool
        public let segments: [Segment]
        public let context: [ContextSlot]
        /// Feature names per input column, vector features expanded as `name[i]` (for explain).
        public let featureNames: [String]
    }

    public let inputs: [Input]
    /// Indices (into the table list) of the tables any input reads.
    public let tables: [Int]
    public let output: String
    /// Columns in the score output (1 for `[N]` and `[N,1]`); the score is column `outputIndex`.
    public let outputWidth: Int?
    public let outputIndex: Int
}

/// A model that does not fit the loaded data; the message names the feature or tensor.
public struct ContractError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
