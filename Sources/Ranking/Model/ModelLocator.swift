import Foundation

/// One model version on disk: `<models>/<name>/<version>/model.onnx` + `manifest.json`
/// (the layout of Triton and TF Serving).
public struct ModelVersionRef: Sendable, Equatable {
    public let name: String
    public let version: String
    public let directory: String
    /// Sizes and modification times of the two files: a change means "load again".
    public let fingerprint: String

    public var modelPath: String { directory + "/model.onnx" }
    public var manifestPath: String { directory + "/manifest.json" }
}

/// Finds the model version to serve. Versions are positive integers; the highest complete one
/// (both files present) wins unless the config pins one. Other directory names (staging
/// folders such as `.tmp-4`) are ignored, so a version appears only once it is renamed in.
public enum ModelLocator {
    public static func locate(_ config: ModelsConfig) throws(ConfigError) -> ModelVersionRef {
        let root = config.path
        let name = try modelName(config)
        let directory = root + "/" + name
        if let pinned = config.version {
            let ref = try versionRef(name: name, version: pinned, directory: directory + "/" + pinned)
            guard let ref else {
                throw ConfigError(file: directory + "/" + pinned, "pinned version \(pinned) needs model.onnx and manifest.json")
            }
            return ref
        }
        let versions = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let numbered = versions.compactMap { v in UInt64(v).map { (v, $0) } }.sorted { $0.1 > $1.1 }
        for (version, _) in numbered {
            if let ref = try versionRef(name: name, version: version, directory: directory + "/" + version) {
                return ref
            }
        }
        throw ConfigError(file: directory, "no complete model version (expected <version>/model.onnx and manifest.json, version a positive integer)")
    }

    private static func modelName(_ config: ModelsConfig) throws(ConfigError) -> String {
        if let name = config.name { return name }
        let entries: [String]
        do {
            entries = try FileManager.default.contentsOfDirectory(atPath: config.path)
        } catch {
            throw ConfigError(file: config.path, "cannot list the models directory: \(error.localizedDescription)")
        }
        let names = entries.filter { !$0.hasPrefix(".") && !$0.hasPrefix("_") && isDirectory(config.path + "/" + $0) }.sorted()
        guard names.count == 1, let only = names.first else {
            let found = names.isEmpty ? "none" : names.joined(separator: ", ")
            throw ConfigError(file: config.path, field: "models.name",
                              "set it: the models directory must hold exactly one model otherwise (found: \(found))")
        }
        return only
    }

    private static func versionRef(name: String, version: String, directory: String) throws(ConfigError) -> ModelVersionRef? {
        guard let model = stat(directory + "/model.onnx"), let manifest = stat(directory + "/manifest.json") else {
            return nil
        }
        return ModelVersionRef(name: name, version: version, directory: directory,
                               fingerprint: "\(model.size)@\(model.modified)+\(manifest.size)@\(manifest.modified)")
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }

    static func stat(_ path: String) -> (size: Int, modified: Double)? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              (attributes[.type] as? FileAttributeType) == .typeRegular else { return nil }
        let size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        let modified = (attributes[.modificationDate] as? Date)?.timeIntervalSince1970 ?? 0
        return (size, modified)
    }
}
