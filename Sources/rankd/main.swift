import Parquet
import Ranking

#if canImport(Glibc)
import Glibc
#endif

// `rankd parquet …` subcommand (see Parquet/Tool/ParquetTool.swift).
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "parquet" {
    var out = FileDescriptorOutput(fd: 1)
    var err = FileDescriptorOutput(fd: 2)
    let status = ParquetTool.run(arguments: Array(CommandLine.arguments.dropFirst(2)), stdout: &out, stderr: &err)
    out.flush()
    err.flush()
    exit(status)
}

print("rankd")
