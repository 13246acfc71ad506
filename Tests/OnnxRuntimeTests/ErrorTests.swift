import Foundation
import OnnxRuntime
import Testing
import TestSupport

/// Bad models and bad inputs are errors that say what was wrong, never a crash.
@Suite struct ErrorTests {
    func lgbm() throws -> Session { try Session(path: Fixtures.path("lgbm_lambdarank.onnx")) }

    @Test func corruptModelFileIsAnError() {
        #expect {
            _ = try Session(path: Fixtures.path("corrupt.onnx"))
        } throws: { error in
            let ort = error as? OrtError
            return ort?.code == .invalidProtobuf || ort?.code == .invalidGraph || ort?.code == .fail
        }
    }

    @Test func garbageBytesAndEmptyBytesAreErrors() {
        #expect(throws: OrtError.self) { _ = try Session(modelBytes: [0x08, 0xFF, 0xFF, 0x01]) }
        #expect(throws: OrtError(.invalidArgument, "model bytes are empty")) { _ = try Session(modelBytes: []) }
    }

    @Test func missingFileNamesThePath() {
        #expect { _ = try Session(path: "/nonexistent/model.onnx") } throws: { error in
            (error as? OrtError)?.message.contains("/nonexistent/model.onnx") == true
        }
    }

    /// ORT opens the path with a blocking open, which waits forever on a FIFO (`rankd model
    /// inspect` hung); directories and FIFOs are refused first. The load runs on its own thread
    /// so a regression fails here after 10 s instead of hanging the suite.
    @Test func aFIFOOrDirectoryIsRefusedWithoutWaiting() throws {
        let fifo = try TemporaryFIFO(named: "model.onnx")
        defer { fifo.remove() }
        switch TemporaryFIFO.run(within: 10, { _ = try Session(path: fifo.path) }) {
        case .timedOut: Issue.record("loading a FIFO did not return within 10 s")
        case .returned: Issue.record("a FIFO loaded as a model")
        case .threw(let error): #expect((error as? OrtError)?.message == "\(fifo.path): not a regular file")
        }
        #expect { _ = try Session(path: fifo.directory.path) } throws: { error in
            (error as? OrtError)?.message == "\(fifo.directory.path): not a regular file"
        }
    }

    @Test func nonFloatInputIsRefusedWithItsType() throws {
        let session = try Session(path: Fixtures.path("int64_input.onnx"))
        let input = try #require(session.signature.inputs.first)
        #expect(input.elementType == .int64)
        #expect { _ = try session.run([(name: input.name, values: [1, 2, 3], shape: [1, 3])]) } throws: { error in
            let message = (error as? OrtError)?.message ?? ""
            return message.contains("'\(input.name)'") && message.contains("int64")
        }
    }

    @Test func wrongFeatureCountNamesTheInput() throws {
        let session = try lgbm()
        #expect { _ = try session.run([(name: "input", values: [Float](repeating: 0, count: 7), shape: [1, 7])]) } throws: { error in
            let message = (error as? OrtError)?.message ?? ""
            return message.contains("'input'") && message.contains("8")
        }
    }

    @Test func shapeAndDataDisagreeing() throws {
        let session = try lgbm()
        #expect(throws: OrtError.self) { _ = try session.run([(name: "input", values: [0, 0, 0], shape: [2, 8])]) }
    }

    @Test func emptyBatchNeverReachesTheRuntime() throws {
        let session = try lgbm()
        #expect { _ = try session.run([(name: "input", values: [], shape: [0, 8])]) } throws: { error in
            (error as? OrtError)?.message.contains("empty batch") == true
        }
    }

    @Test func unknownMissingAndRepeatedInputs() throws {
        let session = try Session(path: Fixtures.path("two_inputs.onnx"))
        let row = [Float](repeating: 1, count: 4)
        #expect(throws: OrtError.self) { _ = try session.run([(name: "query", values: row, shape: [1, 4])]) }
        #expect(throws: OrtError.self) {
            _ = try session.run([(name: "query", values: row, shape: [1, 4]), (name: "nope", values: row, shape: [1, 4])])
        }
        #expect(throws: OrtError.self) {
            _ = try session.run([(name: "query", values: row, shape: [1, 4]), (name: "query", values: row, shape: [1, 4])])
        }
    }

    @Test func unknownOutputName() throws {
        let session = try lgbm()
        let input = [Float](repeating: 0.5, count: 8)
        #expect(throws: OrtError.self) { _ = try session.run([(name: "input", values: input, shape: [1, 8])], outputs: ["nope"]) }
    }

    @Test func invalidThreadCount() {
        #expect(throws: OrtError.self) {
            _ = try Session(path: Fixtures.path("lgbm_lambdarank.onnx"), options: SessionOptions(intraOpThreads: 0))
        }
    }
}
