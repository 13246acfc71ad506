import Foundation
@testable import Parquet

/// Paths to fixtures: this target's Fixtures/ and the shared apache/parquet-testing checkout
/// beside the repository root (never copied into the repo).
enum TestPaths {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let fixtures = testsDirectory.appendingPathComponent("Fixtures")
    static let repoRoot = testsDirectory.deletingLastPathComponent().deletingLastPathComponent()
    static let parquetTesting = repoRoot.deletingLastPathComponent().appendingPathComponent("shared/parquet-testing")

    static func data(_ name: String) -> String { parquetTesting.appendingPathComponent("data/\(name)").path }
    static func badData(_ name: String) -> String { parquetTesting.appendingPathComponent("bad_data/\(name)").path }
    static func fixture(_ relative: String) -> String { fixtures.appendingPathComponent(relative).path }

    static func files(in directory: URL, suffix: String) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(suffix) }.sorted()
    }
}

struct StringOutput: TextOutputStream {
    var text = ""
    mutating func write(_ string: String) { text += string }
}

/// Runs `rankd parquet …` in-process.
func runTool(_ arguments: [String]) -> (status: Int32, out: String, err: String) {
    var out = StringOutput()
    var err = StringOutput()
    let status = ParquetTool.run(arguments: arguments, stdout: &out, stderr: &err)
    return (status, out.text, err.text)
}

/// `rankd parquet cat` output as lines.
func catLines(_ path: String, columns: [String]? = nil) -> (lines: [String], err: String) {
    var args = ["cat", path]
    if let columns { args += ["--columns", columns.joined(separator: ",")] }
    let r = runTool(args)
    return (r.out.split(separator: "\n", omittingEmptySubsequences: true).map(String.init), r.err)
}

/// Minimal RFC 4180 CSV reading: a quoted field may be empty (""), an unquoted empty field is nil.
func readCSV(_ path: String) throws -> [[String?]] {
    let text = try String(contentsOfFile: path, encoding: .utf8)
    var rows: [[String?]] = []
    var row: [String?] = []
    var field = ""
    var quoted = false, inQuotes = false
    var chars = Array(text)
    if chars.last != "\n" { chars.append("\n") }
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if inQuotes {
            if c == "\"" {
                if i + 1 < chars.count && chars[i + 1] == "\"" { field.append("\""); i += 1 } else { inQuotes = false }
            } else { field.append(c) }
        } else if c == "\"" {
            inQuotes = true; quoted = true
        } else if c == "," || c == "\n" || c == "\r\n" {
            row.append(quoted || !field.isEmpty ? field : nil)
            field = ""; quoted = false
            if c != "," { rows.append(row); row = [] }
        } else if c != "\r" {
            field.append(c)
        }
        i += 1
    }
    return rows
}
