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
        let before = FileIdentity(path: ref.modelPath)
        do {
            session = try Session(path: ref.modelPath, options: options)
        } catch {
            throw ModelLoadError(ref: ref, "model.onnx: \(error.message)")
        }
        do {
            let graph = try ModelGraph.read(path: ref.modelPath)
            // ORT and the graph reader each read the file; sorting rows is only safe when both
            // read the same bytes (a graph that mixes rows must never be grouped).
            if before != nil, FileIdentity(path: ref.modelPath) == before {
                // Only one input is reordered: a session fed several (a two-tower model) keeps
                // request order, whatever the graph looks like.
                let single = session.signature.inputs.count == 1
                rowGrouping = single ? RowGrouping.of(graph) : nil
                graphProblem = single ? nil : "the model has \(session.signature.inputs.count) inputs; rows are grouped for one"
            } else {
                rowGrouping = nil
                graphProblem = "model.onnx changed while it was loaded"
            }
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

/// Which file a path names and its size and modification time: equal before and after two
/// reads means both read the same content.
struct FileIdentity: Equatable {
    let device: UInt64
    let inode: UInt64
    let size: Int64
    let modifiedSeconds: Int
    let modifiedNanoseconds: Int

    init?(path: String) {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        device = UInt64(info.st_dev)
        inode = UInt64(info.st_ino)
        size = Int64(info.st_size)
        modifiedSeconds = info.st_mtim.tv_sec
        modifiedNanoseconds = info.st_mtim.tv_nsec
    }
}
