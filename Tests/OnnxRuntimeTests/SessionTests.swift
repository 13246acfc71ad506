import Foundation
import OnnxRuntime
import Testing

/// Real converters' models give onnxruntime-Python's outputs through the wrapper.
@Suite struct ParityTests {
    static let models = ["lgbm_lambdarank", "mlp_regressor", "sklearn_gbr", "two_inputs", "multi_output"]

    @Test(arguments: models)
    func matchesPythonOnnxRuntime(model: String) throws {
        let session = try Session(path: Fixtures.path("\(model).onnx"))
        let cases = try Fixtures.cases(model)
        #expect(!cases.isEmpty)
        for recorded in cases {
            let outputs = try session.run(recorded.inputs)
            #expect(outputs.count == recorded.outputs.count)
            for output in outputs {
                let expected = try #require(recorded.outputs[output.name], "unexpected output \(output.name)")
                #expect(output.shape == expected.shape)
                #expect(maxAbsDifference(output.values, expected.values) <= 1e-5, "\(model).\(output.name)")
            }
        }
    }

    @Test func sessionFromBytesMatchesSessionFromFile() throws {
        let fromFile = try Session(path: Fixtures.path("lgbm_lambdarank.onnx"))
        let fromBytes = try Session(modelBytes: try Fixtures.bytes("lgbm_lambdarank.onnx"))
        #expect(fromFile.signature == fromBytes.signature)
        let input = try #require(try Fixtures.cases("lgbm_lambdarank").first).inputs
        #expect(try fromFile.run(input) == fromBytes.run(input))
    }

    @Test func selectsOutputsByNameInRequestedOrder() throws {
        let session = try Session(path: Fixtures.path("multi_output.onnx"))
        let recorded = try #require(try Fixtures.cases("multi_output").first)
        let names = session.signature.outputs.map(\.name).reversed()
        let outputs = try session.run(recorded.inputs, outputs: Array(names))
        #expect(outputs.map(\.name) == Array(names))
        let only = try session.run(recorded.inputs, outputs: [names.first!])
        #expect(only.count == 1)
    }

    @Test func versionIsReported() {
        let version = OrtEnvironment.runtimeVersion
        #expect(version.split(separator: ".").count >= 2, "\(version)")
        #expect(OrtEnvironment.headerAPIVersion >= 1)
    }
}

/// The signature read at load equals what onnxruntime's Python API reports.
@Suite struct SignatureTests {
    @Test func signaturesMatchPython() throws {
        let url = Fixtures.directory.appendingPathComponent("signatures.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        #expect(json.count >= 4)
        for (model, raw) in json {
            let expected = try #require(raw as? [String: Any])
            let session = try Session(path: Fixtures.path(model))
            try compare(session.signature.inputs, expected["inputs"], model)
            try compare(session.signature.outputs, expected["outputs"], model)
        }
    }

    private func compare(_ actual: [TensorInfo], _ raw: Any?, _ model: String) throws {
        let expected = try #require(raw as? [[String: Any]], "\(model)")
        #expect(actual.map(\.name) == expected.compactMap { $0["name"] as? String }, "\(model)")
        for (info, entry) in zip(actual, expected) {
            let shape = (entry["shape"] as? [Any] ?? []).map { ($0 as? NSNumber)?.int64Value ?? -1 }
            #expect(info.shape == shape, "\(model).\(info.name)")
            let type = entry["type"] as? String ?? ""
            #expect(type == "tensor(\(info.elementType.map { "\($0)" } ?? "?"))", "\(model).\(info.name)")
        }
    }
}
