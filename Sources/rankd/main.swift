import Glibc
import Parquet

/// rankd's command line: wiring only; every behaviour lives in the libraries.
let usage = """
    usage: rankd <command> [options]
      serve [--config FILE] [--host H] [--port P] [--threads N]   serve POST /rank (no --config: the bundled sample)
      eval --config FILE --judgments FILE.parquet [--min-ndcg X]   offline NDCG@10 / MRR / P@10 through the serving path
      parquet schema|cat PATH [...]                                inspect Parquet feature snapshots
      model inspect MODEL.onnx                                     ONNX Runtime version and the model's inputs and outputs
      healthcheck [--url URL]                                      exit 0 when GET URL (default http://127.0.0.1:8080/health) is 200
      version                                                      print versions
    """

let arguments = Array(CommandLine.arguments.dropFirst())
let command = arguments.first ?? ""
let rest = Array(arguments.dropFirst())
let status: Int32
// `rankd COMMAND --help`: that command's usage line, on stdout.
let commandUsage = usage.split(separator: "\n").filter { $0.hasPrefix("  \(command) ") || $0 == "  \(command)" }
if rest == ["--help"] || rest == ["-h"], !command.isEmpty, !commandUsage.isEmpty {
    print("usage: rankd " + commandUsage.map { $0.drop { $0 == " " } }.joined(separator: "\n       rankd "))
    exit(fflush(nil) == 0 ? 0 : 1)
}
switch command {
case "serve": status = ServeCommand.run(rest)
case "eval": status = EvalCommand.run(rest)
case "parquet":
    var out = FileDescriptorOutput(fd: 1)
    var err = FileDescriptorOutput(fd: 2)
    status = ParquetTool.run(arguments: rest, stdout: &out, stderr: &err)
    out.flush()
    if let problem = out.writeError {
        err.write("rankd parquet: cannot write output: \(problem)\n")
        err.flush()
        exit(status == 0 ? 1 : status)
    }
    err.flush()
case "model": status = ModelCommand.run(rest)
case "healthcheck": status = HealthcheckCommand.run(rest)
case "version" where rest.isEmpty, "--version" where rest.isEmpty: status = ModelCommand.version()
case "http-demo": status = runHTTPDemo(rest)  // bare HTTP server for scripts/bench/http_health.sh
case "help" where rest.isEmpty, "--help" where rest.isEmpty, "-h" where rest.isEmpty:
    print(usage)
    status = 0
case "":
    writeError("\(usage)\n")
    status = 2
default:
    let known = ["version", "--version", "help", "--help", "-h"].contains(command)
    writeError(known ? "rankd: '\(command)' takes no arguments, got '\(rest[0])'\n\(usage)\n"
                     : "rankd: unknown command '\(command)'\n\(usage)\n")
    status = 2
}
// Output that could not be written (a full disk, /dev/full) is a failure, not a success with
// lost output; a closed pipe already ended the process with SIGPIPE, as `head` expects.
if fflush(nil) != 0 {
    writeError("rankd: cannot write output: \(String(cString: strerror(errno)))\n")
    exit(status == 0 ? 1 : status)
}
exit(status)
