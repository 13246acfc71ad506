import Foundation
import OnnxRuntime

/// A model version ready to score: its ORT session and manifest. The plan that binds it to
/// tables lives in the serving snapshot, since a new table snapshot re-binds the same model.
public final class LoadedModel: Sendable {
    public let ref: ModelVersionRef
    public let manifest: ModelManifest
    public let session: Session
    /// How batches are sorted for a tree ensemble (see `RowGrouping`); nil for other graphs.
    public let rowGrouping: RowGrouping?
    /// Why the graph could not be read for `rowGrouping`, when it could not (ORT loaded the
    /// model, so this costs only the optimisation).
    public let graphProblem: String?
    public let loadedAt: Date

    public var name: String { ref.name }
    public var version: String { ref.version }

    public init(ref: ModelVersionRef, options: SessionOptions) throws(ModelLoadError) {
        do {
            manifest = try ModelManifest.load(path: ref.manifestPath)
        } catch {
            throw ModelLoadError(ref: ref, "manifest: \(error)")
        }
        do {
            session = try Session(path: ref.modelPath, options: options)
        } catch {
            throw ModelLoadError(ref: ref, "model.onnx: \(error.message)")
        }
        do {
            rowGrouping = RowGrouping.of(try ModelGraph.read(path: ref.modelPath))
            graphProblem = nil
        } catch {
            rowGrouping = nil
            graphProblem = error.description
        }
        self.ref = ref
        self.loadedAt = Date()
    }
}

public struct ModelLoadError: Error, Sendable, CustomStringConvertible {
    public let description: String
    init(ref: ModelVersionRef, _ detail: String) {
        description = "model \(ref.name) version \(ref.version) (\(ref.directory)): \(detail)"
    }
}
