import Foundation

/// A model version's `manifest.json`: which features feed which ONNX input, in order, which
/// output is the score, and per-feature defaults. The training pipeline writes it next to the
/// model so the feature order is part of the model, not of the server's code.
public struct ModelManifest: Sendable, Equatable {
    public struct Input: Sendable, Equatable {
        public var name: String
        /// `table.column` or `context.name`, in the order the model expects them.
        public var features: [String]
    }

    public var inputs: [Input]
    public var output: String
    /// For an `[N, K]` output, which column is the score.
    public var outputIndex: Int?
    /// Value used when a row is missing or a value is null/NaN. Absent = NaN (what LightGBM and
    /// XGBoost treat as missing).
    public var defaults: [String: Float]

    public static func load(path: String) throws(ConfigError) -> ModelManifest {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError(file: path, "cannot read: \(error.localizedDescription)")
        }
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw ConfigError(file: path, "not valid JSON: \(error.localizedDescription)")
        }
        return try parse(ConfigObject(file: path, path: "", json))
    }

    static func parse(_ root: ConfigObject) throws(ConfigError) -> ModelManifest {
        try root.rejectUnknown(["inputs", "output", "output_index", "defaults", "description"])
        guard let list = root.values["inputs"] as? [Any], !list.isEmpty else {
            throw root.error("inputs", "is required: a non-empty list of {name, features}")
        }
        var inputs: [Input] = []
        var seen = Set<String>()
        for (index, raw) in list.enumerated() {
            let entry = try ConfigObject(file: root.file, path: "inputs[\(index)]", raw)
            try entry.rejectUnknown(["name", "features"])
            let name = try entry.requiredString("name")
            guard let features = entry.values["features"] as? [String], !features.isEmpty else {
                throw entry.error("features", "must be a non-empty list of feature names")
            }
            for feature in features {
                guard seen.insert(feature).inserted else {
                    throw entry.error("features", "'\(feature)' is listed twice")
                }
                guard FeatureName(feature) != nil else {
                    throw entry.error("features", "'\(feature)' is not 'table.column' or 'context.name'")
                }
            }
            inputs.append(Input(name: name, features: features))
        }
        let output = try root.requiredString("output")
        let outputIndex = try root.int("output_index", in: 0...1_000_000)
        let defaults = try parseDefaults(root, known: seen)
        return ModelManifest(inputs: inputs, output: output, outputIndex: outputIndex, defaults: defaults)
    }

    private static func parseDefaults(_ root: ConfigObject, known: Set<String>) throws(ConfigError) -> [String: Float] {
        guard let object = try root.object("defaults") else { return [:] }
        var defaults: [String: Float] = [:]
        for (name, raw) in object.values {
            guard known.contains(name) else { throw object.error(name, "is not one of the model's features") }
            if raw is NSNull { defaults[name] = .nan; continue }
            guard let number = raw as? NSNumber, number.objCType.pointee != CChar(UInt8(ascii: "c")) else {
                throw object.error(name, "must be a number or null")
            }
            let value = Float(number.doubleValue)
            guard value.isFinite else { throw object.error(name, "must be a finite float") }
            defaults[name] = value
        }
        return defaults
    }
}

/// A parsed feature reference: `table.column` or `context.name`.
public struct FeatureName: Sendable, Hashable {
    public let table: String
    public let column: String

    public init?(_ text: String) {
        guard let dot = text.firstIndex(of: "."), dot != text.startIndex,
              text.index(after: dot) != text.endIndex else { return nil }
        table = String(text[..<dot])
        column = String(text[text.index(after: dot)...])
    }

    public var isContext: Bool { table == "context" }
}
