import Foundation

/// What a table path currently resolves to.
public struct ResolvedSnapshot: Sendable, Equatable {
    /// A snapshot subdirectory's name, or the path's own name.
    public let id: String
    /// The Parquet file or part-file directory to read.
    public let dataPath: String
    /// Names, sizes and modification times of the data files: a change means "load again".
    public let fingerprint: String
    public let modified: Date
}

/// Resolves a configured table path. Three layouts are accepted:
/// - a Parquet file;
/// - a Spark-style directory of part files (names starting with `_` or `.` are skipped, so
///   `_SUCCESS` and `.crc` files are ignored);
/// - a directory of snapshot subdirectories, each Spark-style. The newest *complete* one is
///   served: complete means it holds `_SUCCESS`, which writers create last, so a snapshot still
///   being copied is never read half-way. Newest is by name (sortable stamps such as
///   `20261120T000000Z`).
public enum SnapshotLocator {
    public static func resolve(_ path: String, table: String) throws(ConfigError) -> ResolvedSnapshot {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else {
            throw ConfigError(file: path, field: "table \(table)", "does not exist")
        }
        guard isDir.boolValue else {
            let file = fileFacts(path)
            let name = URL(fileURLWithPath: path).lastPathComponent
            return ResolvedSnapshot(id: name, dataPath: path, fingerprint: file.fingerprint, modified: file.modified)
        }
        let entries = visibleEntries(path)
        if entries.contains(where: { !ModelLocator.isDirectory(path + "/" + $0) }) {
            return partDirectory(path, id: URL(fileURLWithPath: path).lastPathComponent)
        }
        for name in entries.sorted(by: >) where FileManager.default.fileExists(atPath: path + "/" + name + "/_SUCCESS") {
            return partDirectory(path + "/" + name, id: name)
        }
        throw ConfigError(file: path, field: "table \(table)",
                          "holds no Parquet files and no complete snapshot directory (one containing _SUCCESS)")
    }

    private static func partDirectory(_ path: String, id: String) -> ResolvedSnapshot {
        var fingerprint = ""
        var newest = Date(timeIntervalSince1970: 0)
        for name in visibleEntries(path).sorted() {
            let facts = fileFacts(path + "/" + name)
            fingerprint += name + ":" + facts.fingerprint + ";"
            newest = max(newest, facts.modified)
        }
        let success = fileFacts(path + "/_SUCCESS")
        return ResolvedSnapshot(id: id, dataPath: path, fingerprint: fingerprint + success.fingerprint, modified: newest)
    }

    static func visibleEntries(_ path: String) -> [String] {
        let all = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
        return all.filter { !$0.hasPrefix("_") && !$0.hasPrefix(".") }
    }

    private static func fileFacts(_ path: String) -> (fingerprint: String, modified: Date) {
        guard let facts = ModelLocator.stat(path) else { return ("-", Date(timeIntervalSince1970: 0)) }
        return ("\(facts.size)@\(facts.modified)", Date(timeIntervalSince1970: facts.modified))
    }
}
