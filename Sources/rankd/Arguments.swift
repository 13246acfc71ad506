/// Minimal `--flag value` parsing for the subcommands: unknown flags, missing values and
/// arguments nobody asked for are errors that name them (`rankd healthcheck URL` without
/// `--url` silently probed the default URL).
struct Arguments {
    private(set) var values: [String: String] = [:]
    private(set) var positional: [String] = []

    init(_ raw: [String], flags: Set<String>, switches: Set<String> = [], maxPositional: Int = 0) throws(UsageError) {
        var index = 0
        while index < raw.count {
            let arg = raw[index]
            if arg.hasPrefix("--") {
                var name = String(arg.dropFirst(2))
                var inline: String? = nil
                if let eq = name.firstIndex(of: "=") {
                    inline = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                if switches.contains(name) {
                    values[name] = inline ?? "true"
                } else if flags.contains(name) {
                    if let inline { values[name] = inline } else {
                        guard index + 1 < raw.count else { throw UsageError("--\(name) needs a value") }
                        index += 1
                        values[name] = raw[index]
                    }
                } else {
                    throw UsageError("unknown option --\(name)")
                }
            } else {
                guard positional.count < maxPositional else { throw UsageError("unexpected argument '\(arg)'") }
                positional.append(arg)
            }
            index += 1
        }
    }

    subscript(_ name: String) -> String? { values[name] }

    func int(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("--\(name) must be an integer in \(range.lowerBound)...\(range.upperBound), got '\(text)'")
        }
        return value
    }

    func double(_ name: String) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite else { throw UsageError("--\(name) must be a number, got '\(text)'") }
        return value
    }
}

struct UsageError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

import Glibc

/// Writes a line to standard error (fd 2) without touching C's `stderr` global.
func writeError(_ text: String) {
    var line = text.hasSuffix("\n") ? text : text + "\n"
    line.withUTF8 { bytes in _ = write(2, bytes.baseAddress, bytes.count) }
}
