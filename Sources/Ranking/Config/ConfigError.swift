/// A configuration, manifest or bundle layout problem, naming the file and the field.
public struct ConfigError: Error, Sendable, CustomStringConvertible {
    public let file: String
    public let field: String?
    public let message: String

    public init(file: String, field: String? = nil, _ message: String) {
        self.file = file
        self.field = field
        self.message = message
    }

    public var description: String {
        if let field { return "\(file): \(field): \(message)" }
        return "\(file): \(message)"
    }
}

/// Typed access to a decoded JSON object, with errors that name the field path.
struct ConfigObject {
    let file: String
    let path: String
    let values: [String: Any]

    init(file: String, path: String, _ raw: Any?) throws(ConfigError) {
        guard let values = raw as? [String: Any] else {
            throw ConfigError(file: file, field: path.isEmpty ? nil : path, "must be a JSON object")
        }
        self.file = file
        self.path = path
        self.values = values
    }

    /// Reads and decodes a JSON object file (the config, a model manifest), with errors naming
    /// the file and what was wrong.
    static func load(path: String) throws(ConfigError) -> ConfigObject {
        let bytes = ConfigFile.withoutByteOrderMark(try ConfigFile.read(path))
        _ = try ConfigFile.parse(bytes, file: path)  // strict JSON, no member named twice
        let json: Any
        do {
            json = try JSONSerialization.jsonObject(with: Data(bytes))
        } catch {
            throw ConfigError(file: path, "not valid JSON: \(error.localizedDescription)")
        }
        return try ConfigObject(file: path, path: "", json)
    }

    func field(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ message: String) -> ConfigError {
        ConfigError(file: file, field: field(key), message)
    }

    func rejectUnknown(_ allowed: Set<String>) throws(ConfigError) {
        if let unknown = values.keys.sorted().first(where: { !allowed.contains($0) }) {
            throw error(unknown, "unknown setting (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    func string(_ key: String) throws(ConfigError) -> String? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        guard let text = raw as? String else { throw error(key, "must be a string") }
        return text
    }

    func requiredString(_ key: String) throws(ConfigError) -> String {
        guard let text = try string(key) else { throw error(key, "is required") }
        guard !text.isEmpty else { throw error(key, "must not be empty") }
        return text
    }

    func int(_ key: String, in range: ClosedRange<Int>) throws(ConfigError) -> Int? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, !isBool(number), let value = Int(exactly: number.doubleValue) else {
            throw error(key, "must be an integer")
        }
        guard range.contains(value) else { throw error(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(value)") }
        return value
    }

    func double(_ key: String, in range: ClosedRange<Double>) throws(ConfigError) -> Double? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, !isBool(number), number.doubleValue.isFinite else {
            throw error(key, "must be a number")
        }
        guard range.contains(number.doubleValue) else {
            throw error(key, "must be between \(range.lowerBound) and \(range.upperBound), got \(number.doubleValue)")
        }
        return number.doubleValue
    }

    func bool(_ key: String) throws(ConfigError) -> Bool? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        guard let number = raw as? NSNumber, isBool(number) else { throw error(key, "must be true or false") }
        return number.boolValue
    }

    func object(_ key: String) throws(ConfigError) -> ConfigObject? {
        guard let raw = values[key], !(raw is NSNull) else { return nil }
        return try ConfigObject(file: file, path: field(key), raw)
    }

    /// JSONSerialization hands JSON true/false back as NSNumber; their objCType is "c" (char).
    private func isBool(_ number: NSNumber) -> Bool {
        number.objCType.pointee == CChar(UInt8(ascii: "c"))
    }
}

import Foundation
