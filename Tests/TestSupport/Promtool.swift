import Foundation

/// Prometheus's own linter, for tests of the exposition text.
public enum Promtool {
    public static let path = "/usr/bin/promtool"

    public struct Missing: Error, CustomStringConvertible {
        public let description = "\(Promtool.path) not found: run `deploy/install-deps.sh test` to install promtool (Debian package prometheus)"
    }

    /// `promtool check metrics` over `text`: its exit status and everything it printed.
    public static func checkMetrics(_ text: [UInt8]) throws -> (status: Int32, output: String) {
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing() }
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("rankd-metrics-\(UUID().uuidString).prom")
        try Data(text).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = ["check", "metrics"]
        process.standardInput = try FileHandle(forReadingFrom: file)
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        // Read before waiting: a report larger than the pipe's buffer would otherwise block
        // promtool on its write while we wait for it to exit.
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self))
    }
}
