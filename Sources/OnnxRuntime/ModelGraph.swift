import Foundation

/// The part of an ONNX model's graph that ORT's C API does not expose: the nodes, their inputs
/// and outputs, and their integer and string attributes (`onnx.proto`: ModelProto.graph = 7;
/// GraphProto.node = 1, input = 11; NodeProto.input = 1, output = 2, op_type = 4, attribute = 5,
/// domain = 7; AttributeProto.name = 1, ints = 8, strings = 9). Tensors, subgraphs and the
/// initializers are skipped without being decoded.
public struct ModelGraph: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var opType = ""
        public var domain = ""
        public var inputs: [String] = []
        public var outputs: [String] = []
        /// Integer-list attributes (`ints`) by name.
        public var integers: [String: [Int64]] = [:]
        /// String-list attributes (`strings`) by name, as text.
        public var strings: [String: [String]] = [:]

        public init(opType: String = "", domain: String = "", inputs: [String] = [], outputs: [String] = [],
                    integers: [String: [Int64]] = [:], strings: [String: [String]] = [:]) {
            self.opType = opType
            self.domain = domain
            self.inputs = inputs
            self.outputs = outputs
            self.integers = integers
            self.strings = strings
        }
    }

    /// The graph's declared inputs (older IR versions also list initializers here).
    public var inputs: [String] = []
    public var nodes: [Node] = []

    public init(inputs: [String] = [], nodes: [Node] = []) {
        self.inputs = inputs
        self.nodes = nodes
    }

    /// Reads `model.onnx` into memory (not mapped: a file truncated under a mapping would fault
    /// the process) and decodes its graph. Files over `maxBytes` are refused rather than read:
    /// tree ensembles are far smaller, and a large network's weights are not worth a second copy
    /// in memory while ORT holds the first.
    public static func read(path: String, maxBytes: Int = 64 << 20) throws(ModelGraphError) -> ModelGraph {
        let size: Int
        do {
            size = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw ModelGraphError("\(path): \(error.localizedDescription)")
        }
        guard size <= maxBytes else {
            throw ModelGraphError("\(path): \(size) bytes, more than the \(maxBytes) read to inspect a graph")
        }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ModelGraphError("\(path): \(error.localizedDescription)")
        }
        let result = data.withUnsafeBytes { bytes in Result { () throws(ModelGraphError) in try ModelGraph(modelProto: bytes) } }
        return try result.get()
    }

    /// Decodes a serialized `ModelProto`.
    public init(modelProto bytes: UnsafeRawBufferPointer) throws(ModelGraphError) {
        var model = ProtobufReader(bytes, path: "model")
        var sawGraph = false
        while let field = try model.next() {
            guard field.number == 7, field.wireType == .lengthDelimited else { continue }
            try readGraph(field.bytes)
            sawGraph = true
        }
        guard sawGraph else { throw ModelGraphError("model: no graph (field 7)") }
    }

    private mutating func readGraph(_ bytes: UnsafeRawBufferPointer) throws(ModelGraphError) {
        var graph = ProtobufReader(bytes, path: "graph")
        while let field = try graph.next() {
            guard field.wireType == .lengthDelimited else { continue }
            switch field.number {
            case 1: nodes.append(try ModelGraph.readNode(field.bytes, path: "graph.node[\(nodes.count)]"))
            case 11: inputs.append(try ModelGraph.readValueInfoName(field.bytes, path: "graph.input[\(inputs.count)]"))
            default: continue
            }
        }
    }

    private static func readNode(_ bytes: UnsafeRawBufferPointer, path: String) throws(ModelGraphError) -> Node {
        var node = Node()
        var reader = ProtobufReader(bytes, path: path)
        var attributes = 0
        while let field = try reader.next() {
            guard field.wireType == .lengthDelimited else { continue }
            switch field.number {
            case 1: node.inputs.append(field.string)
            case 2: node.outputs.append(field.string)
            case 4: node.opType = field.string
            case 7: node.domain = field.string
            case 5:
                try readAttribute(field.bytes, path: "\(path).attribute[\(attributes)]", into: &node)
                attributes += 1
            default: continue
            }
        }
        return node
    }

    private static func readAttribute(_ bytes: UnsafeRawBufferPointer, path: String, into node: inout Node) throws(ModelGraphError) {
        var reader = ProtobufReader(bytes, path: path)
        var name = ""
        var integers: [Int64] = []
        var strings: [String] = []
        while let field = try reader.next() {
            switch field.number {
            case 1 where field.wireType == .lengthDelimited: name = field.string
            case 8: try field.appendIntegers(to: &integers, path: path)
            case 9 where field.wireType == .lengthDelimited: strings.append(field.string)
            default: continue
            }
        }
        if !integers.isEmpty { node.integers[name] = integers }
        if !strings.isEmpty { node.strings[name] = strings }
    }

    private static func readValueInfoName(_ bytes: UnsafeRawBufferPointer, path: String) throws(ModelGraphError) -> String {
        var reader = ProtobufReader(bytes, path: path)
        var name = ""
        while let field = try reader.next() {
            if field.number == 1, field.wireType == .lengthDelimited { name = field.string }
        }
        return name
    }
}
