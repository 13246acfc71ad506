#if canImport(Glibc)
import Glibc
#endif

/// `rankd parquet …`: inspect and dump Parquet files. Library code so it is testable without
/// a process; `arguments` are those after `parquet`. Returns the exit status.
public enum ParquetTool {
    static let usage = """
        usage: rankd parquet schema PATH
               rankd parquet cat PATH [--columns a,b] [--limit N] [--no-checksums]
        PATH is a Parquet file or a directory of part files.
        """

    public static func run<Out: TextOutputStream, Err: TextOutputStream>(
        arguments: [String], stdout: inout Out, stderr: inout Err
    ) -> Int32 {
        do throws(ParquetError) {
            guard let command = arguments.first else { throw ParquetError(usage) }
            let options = try ToolOptions.parse(Array(arguments.dropFirst()))
            switch command {
            case "schema": try SchemaPrinter.print(try open(options), to: &stdout)
            case "cat": try cat(options, to: &stdout)
            case "bench-load": try benchLoad(options, to: &stdout)
            default: throw ParquetError("unknown command '\(command)'\n\(usage)")
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

    static func parse(_ args: [String]) throws(ParquetError) -> ToolOptions {
        var o = ToolOptions()
        var paths: [String] = []
        var i = 0
        while i < args.count {
            let a = args[i]
            switch a {
            case "--columns":
                guard i + 1 < args.count else { throw ParquetError("--columns needs a value") }
                o.columns = args[i + 1].split(separator: ",").map(String.init)
                i += 1
            case "--limit":
                guard i + 1 < args.count, let n = Int(args[i + 1]), n >= 0 else { throw ParquetError("--limit needs a non-negative integer") }
                o.limit = n
                i += 1
            case "--no-checksums": o.verifyChecksums = false
            default:
                if a.hasPrefix("--") { throw ParquetError("unknown option \(a)\n\(ParquetTool.usage)") }
                paths.append(a)
            }
            i += 1
        }
        guard paths.count == 1 else { throw ParquetError("expected one PATH\n\(ParquetTool.usage)") }
        o.path = paths[0]
        return o
    }
}
