#if canImport(Glibc)
import Glibc
#endif

/// `rankd parquet …`: inspect and dump Parquet files. Library code so it is testable without
/// a process; `arguments` are those after `parquet`. Returns the exit status.
public enum ParquetTool {
    static let usage = """
        usage: rankd parquet schema PATH [--no-checksums]
               rankd parquet cat PATH [--columns a,b] [--limit N] [--no-checksums]
        PATH is a Parquet file or a directory of part files.
        """

    /// Exit status 2 for a command line that is wrong (as every rankd command), 1 for a file
    /// that cannot be read, 0 otherwise.
    public static func run<Out: TextOutputStream, Err: TextOutputStream>(
        arguments: [String], stdout: inout Out, stderr: inout Err
    ) -> Int32 {
        let command: String, options: ToolOptions
        do throws(ParquetError) {
            guard let first = arguments.first else { throw ParquetError(usage) }
            guard ["schema", "cat", "bench-load"].contains(first) else { throw ParquetError("unknown command '\(first)'\n\(usage)") }
            command = first
            options = try ToolOptions.parse(Array(arguments.dropFirst()), command: command)
        } catch {
            stderr.write("rankd parquet: \(error.message)\n")
            return 2
        }
        do throws(ParquetError) {
            switch command {
            case "schema": try SchemaPrinter.print(try open(options), to: &stdout)
            case "cat": try cat(options, to: &stdout)
            default: try benchLoad(options, to: &stdout)
            }
            return 0
        } catch {
            stderr.write("rankd parquet: \(error.message)\n")
            return 1
        }
    }

    private static func open(_ o: ToolOptions) throws(ParquetError) -> ParquetDataset {
        var readOptions = ParquetReadOptions()
        readOptions.verifyChecksums = o.verifyChecksums
        return try ParquetDataset(path: o.path, options: readOptions)
    }

    /// One JSON object per row: keys in column order, values per `CellFormatter`.
    private static func cat<Out: TextOutputStream>(_ o: ToolOptions, to out: inout Out) throws(ParquetError) {
        let table = try open(o).read(columns: o.columns)
        let formatters = table.columns.map(CellFormatter.init)
        var keys: [String] = []
        for c in table.columns {
            var k = ""
            JSONText.appendString(c.name, to: &k)
            keys.append(k + ":")
        }
        let rows = min(table.numRows, o.limit ?? Int.max)
        var line = ""
        for row in 0..<rows {
            line.removeAll(keepingCapacity: true)
            line.append("{")
            for (i, f) in formatters.enumerated() {
                if i > 0 { line.append(",") }
                line.append(keys[i])
                f.appendRow(row, to: &line)
            }
            line.append("}\n")
            out.write(line)
        }
    }

    /// Loads every column and reports wall time and peak RSS (for scripts/bench).
    private static func benchLoad<Out: TextOutputStream>(_ o: ToolOptions, to out: inout Out) throws(ParquetError) {
        var start = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        let table = try open(o).read(columns: o.columns)
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &end)
        let seconds = Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
        out.write("seconds=\(seconds) rows=\(table.numRows) columns=\(table.columns.count) peak_rss_kb=\(peakRSSKilobytes())\n")
    }

    static func peakRSSKilobytes() -> Int {
        guard let f = fopen("/proc/self/status", "r") else { return -1 }
        defer { fclose(f) }
        var line = [CChar](repeating: 0, count: 256)
        while fgets(&line, Int32(line.count), f) != nil {
            let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if text.hasPrefix("VmHWM:") {
                return Int(text.dropFirst(6).filter { $0.isNumber }) ?? -1
            }
        }
        return -1
    }
}

struct ToolOptions {
    var path = ""
    var columns: [String]?
    var limit: Int?
    var verifyChecksums = true

    /// `--name value` or `--name=value`; `schema` takes no `--columns` or `--limit`.
    static func parse(_ args: [String], command: String) throws(ParquetError) -> ToolOptions {
        var o = ToolOptions()
        var paths: [String] = []
        var i = 0
        while i < args.count {
            var name = args[i]
            var inline: String?
            if name.hasPrefix("--"), let eq = name.firstIndex(of: "=") {
                inline = String(name[name.index(after: eq)...])
                name = String(name[..<eq])
            }
            func value() throws(ParquetError) -> String {
                if let inline { return inline }
                guard i + 1 < args.count else { throw ParquetError("\(name) needs a value") }
                i += 1
                return args[i]
            }
            switch name {
            case "--columns" where command != "schema":
                o.columns = try columnList(try value())
            case "--limit" where command != "schema":
                let text = try value()
                guard let n = Int(text), n >= 0 else { throw ParquetError("--limit needs a non-negative integer, got '\(text)'") }
                o.limit = n
            case "--no-checksums" where inline == nil:
                o.verifyChecksums = false
            default:
                if name.hasPrefix("--") { throw ParquetError("unknown option \(args[i]) for \(command)\n\(ParquetTool.usage)") }
                paths.append(name)
            }
            i += 1
        }
        guard paths.count == 1 else {
            throw ParquetError(paths.isEmpty ? "expected a PATH\n\(ParquetTool.usage)" : "expected one PATH, got \(paths.count)\n\(ParquetTool.usage)")
        }
        o.path = paths[0]
        return o
    }

    /// Comma-separated names: none empty, none twice (a repeated name would print a JSON object
    /// with a repeated key).
    static func columnList(_ text: String) throws(ParquetError) -> [String] {
        let names = text.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        var seen = Set<String>()
        for name in names {
            guard !name.isEmpty else { throw ParquetError("--columns has an empty column name in '\(text)'") }
            guard seen.insert(name).inserted else { throw ParquetError("--columns names '\(name)' twice") }
        }
        return names
    }
}
