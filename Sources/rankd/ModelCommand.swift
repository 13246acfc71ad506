import Glibc
import OnnxRuntime

/// `rankd model inspect PATH`: what a model takes and returns, as ONNX Runtime reads it, so an
/// ML engineer can write its manifest.
enum ModelCommand {
    static func run(_ args: [String]) -> Int32 {
        guard args.count == 2, args[0] == "inspect" else {
            writeError("usage: rankd model inspect MODEL.onnx\n")
            return 2
        }
        do {
            let session = try Session(path: args[1])
            print("onnxruntime \(OrtEnvironment.runtimeVersion)")
            for input in session.signature.inputs { print("input  \(describe(input))") }
            for output in session.signature.outputs { print("output \(describe(output))") }
            return 0
        } catch {
            writeError("rankd: \(args[1]): \(error.message)\n")
            return 1
        }
    }

    static func describe(_ info: TensorInfo) -> String {
        let type = info.elementType.map { "tensor(\($0))" } ?? "\(info.kind)"
        return "\(info.name) \(type) [\(info.shape.map { $0 < 0 ? "N" : String($0) }.joined(separator: ", "))]"
    }

    static func version() -> Int32 {
        print("rankd 0.1.0")
        print("onnxruntime \(OrtEnvironment.runtimeVersion) (headers API \(OrtEnvironment.headerAPIVersion))")
        return 0
    }
}
