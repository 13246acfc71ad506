import Foundation
import Glibc

/// Reading a JSON configuration file (the service config, a model manifest) before its fields
/// are looked at: a regular file of bounded size, strict JSON, and no member named twice in
/// one object. Foundation's decoder keeps the last of two equal names, so `"models"` given
/// twice silently served the second; a config typo must never fall back silently.
enum ConfigFile {
    /// Configs and manifests are a few KB; a 16 MB one is a mistake (a model named manifest.json).
    static let maxBytes = 16 << 20

    /// The file's bytes, after checks that name the file.
    static func read(_ path: String) throws(ConfigError) -> [UInt8] {
        // O_NONBLOCK: a FIFO would otherwise block the open until a writer comes.
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else { throw ConfigError(file: path, "cannot read: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw ConfigError(file: path, "cannot stat: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFREG else { throw ConfigError(file: path, "not a regular file") }
        guard info.st_size <= maxBytes else {
            throw ConfigError(file: path, "is \(info.st_size) bytes; a configuration file is at most \(maxBytes)")
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size))
        var filled = 0
        while filled < bytes.count {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, $0.count - filled, off_t(filled)) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw ConfigError(file: path, "cannot read: \(n < 0 ? String(cString: strerror(errno)) : "file shrank while read")") }
            filled += n
        }
        return bytes
    }

    /// The parsed document; errors name the byte (strict parser) or the duplicated member.
    /// `bytes` must come without a byte order mark (`withoutByteOrderMark`).
    static func parse(_ bytes: [UInt8], file: String) throws(ConfigError) -> JSONValue {
        let document: JSONValue
        do {
            document = try JSONParser.parse(bytes, options: JSONParser.Options(maxDepth: 64, maxInputBytes: maxBytes))
        } catch {
            throw ConfigError(file: file, "not valid JSON: \(error.description)")
        }
        if let (field, name) = firstRepeatedMember(document, path: "") {
            throw ConfigError(file: file, field: field.isEmpty ? nil : field, "member \"\(name)\" appears more than once")
        }
        return document
    }

    /// Drops a leading UTF-8 byte order mark, as some editors write (RFC 8259 §8.1 lets a
    /// parser ignore it).
    static func withoutByteOrderMark(_ bytes: [UInt8]) -> [UInt8] {
        bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
    }

    /// The path of the first object holding a member name twice, and the name.
    static func firstRepeatedMember(_ value: JSONValue, path: String) -> (path: String, name: String)? {
        switch value {
        case .object(let members):
            var seen = Set<String>()
            for member in members where !seen.insert(member.key).inserted { return (path, member.key) }
            for member in members {
                let inner = path.isEmpty ? member.key : "\(path).\(member.key)"
                if let found = firstRepeatedMember(member.value, path: inner) { return found }
            }
            return nil
        case .array(let elements):
            for (index, element) in elements.enumerated() {
                if let found = firstRepeatedMember(element, path: "\(path)[\(index)]") { return found }
            }
            return nil
        default:
            return nil
        }
    }
}
