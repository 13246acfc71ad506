import Foundation
import OnnxRuntime

/// Fixtures made by Fixtures/make_fixtures.py with real converters (onnxmltools, skl2onnx,
/// onnx.helper); expected outputs come from onnxruntime's Python API.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String { directory.appendingPathComponent(name).path }

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }

    /// One recorded run: inputs fed to onnxruntime in Python and the outputs it returned.
    struct Case {
        var inputs: [(name: String, values: [Float], shape: [Int64])]
        var outputs: [String: (shape: [Int64], values: [Float])]
    }

    static func cases(_ model: String) throws -> [Case] {
        let url = directory.appendingPathComponent("\(model).cases.json")
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
        let list = (json as? [String: Any])?["cases"] as? [[String: Any]] ?? []
        return try list.map { entry in
            let inputs = try (entry["inputs"] as? [String: Any] ?? [:]).sorted { $0.key < $1.key }.map { name, raw in
                let tensor = try Tensor(raw)
                return (name: name, values: tensor.values, shape: tensor.shape)
            }
            var outputs: [String: (shape: [Int64], values: [Float])] = [:]
            for (name, raw) in entry["outputs"] as? [String: Any] ?? [:] {
                let tensor = try Tensor(raw)
                outputs[name] = (tensor.shape, tensor.values)
            }
            return Case(inputs: inputs, outputs: outputs)
        }
    }

    private struct Tensor {
        var shape: [Int64]
        var values: [Float]

        init(_ raw: Any) throws {
            guard let dict = raw as? [String: Any], let shape = dict["shape"] as? [NSNumber],
                  let data = dict["data"] as? [Any] else {
                throw FixtureError.malformed("tensor needs shape and data")
            }
            self.shape = shape.map { $0.int64Value }
            self.values = try data.map { item in
                if let number = item as? NSNumber { return number.floatValue }
                if let text = item as? String, let value = Float(text) { return value }
                throw FixtureError.malformed("bad tensor value \(item)")
            }
        }
    }

    enum FixtureError: Error { case malformed(String) }
}

/// Largest absolute difference, treating NaN == NaN as equal (both sides came from one model).
func maxAbsDifference(_ a: [Float], _ b: [Float]) -> Float {
    guard a.count == b.count else { return .infinity }
    var worst: Float = 0
    for (x, y) in zip(a, b) {
        if x.isNaN && y.isNaN { continue }
        if x.isNaN != y.isNaN { return .infinity }
        worst = max(worst, abs(x - y))
    }
    return worst
}
