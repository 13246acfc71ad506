import Foundation

extension ServiceConfig {
    static func parseTables(_ root: ConfigObject, base: URL) throws(ConfigError) -> [TableConfig] {
        guard let raw = root.values["features"] else { throw root.error("features", "is required (a list of tables)") }
        guard let list = raw as? [Any] else { throw root.error("features", "must be a list of tables") }
        var tables: [TableConfig] = []
        for (index, entry) in list.enumerated() {
            let table = try ConfigObject(file: root.file, path: "features[\(index)]", entry)
            try table.rejectUnknown(["table", "path", "key"])
            let name = try table.requiredString("table")
            guard isIdentifier(name) else {
                throw table.error("table", "'\(name)' must be letters, digits and underscores (it prefixes feature names)")
            }
            guard name != "context" else { throw table.error("table", "'context' is reserved for request context values") }
            guard !tables.contains(where: { $0.name == name }) else { throw table.error("table", "'\(name)' is configured twice") }
            let path = resolve(try table.requiredString("path"), base: base)
            let key = try parseKey(table)
            tables.append(TableConfig(name: name, path: path, key: key))
        }
        return tables
    }

    private static func parseKey(_ table: ConfigObject) throws(ConfigError) -> [(column: String, source: KeySource)] {
        guard let key = try table.object("key"), !key.values.isEmpty else {
            throw table.error("key", "is required: map each key column to candidate, query or user")
        }
        var bindings: [(column: String, source: KeySource)] = []
        for column in key.values.keys.sorted() {
            guard let text = key.values[column] as? String, let source = KeySource(rawValue: text) else {
                throw key.error(column, "must be one of candidate, query, user")
            }
            bindings.append((column, source))
        }
        guard Set(bindings.map(\.source)).count == bindings.count else {
            throw table.error("key", "binds the same request value to two columns")
        }
        // The candidate's column goes last: the index groups rows by the parts before it,
        // which are the same for every candidate of a request (see `KeyIndex`).
        return bindings.filter { $0.source != .candidate } + bindings.filter { $0.source == .candidate }
    }

    static func parseModels(_ root: ConfigObject, base: URL) throws(ConfigError) -> ModelsConfig {
        guard let raw = root.values["models"] else { throw root.error("models", "is required (the models directory)") }
        if let path = raw as? String {
            guard !path.isEmpty else { throw root.error("models", "must not be empty") }
            return ModelsConfig(path: resolve(path, base: base))
        }
        let models = try ConfigObject(file: root.file, path: "models", raw)
        try models.rejectUnknown(["path", "name", "version"])
        return ModelsConfig(path: resolve(try models.requiredString("path"), base: base),
                            name: try models.string("name"), version: try models.string("version"))
    }

    static func resolve(_ path: String, base: URL) -> String {
        if path.hasPrefix("/") { return URL(fileURLWithPath: path).standardizedFileURL.path }
        return base.appendingPathComponent(path).standardizedFileURL.path
    }

    static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 == 0x5F }
    }
}
