import Glibc
import HTTPServer

/// `rankd http-demo [--host H] [--port N] [--threads N]`: serves only `GET /health`, for the HTTP
/// benchmark (scripts/bench/http_health.sh). RANKD_HTTP_ACCEPT=single|reuseport picks the accept
/// strategy. Returns the process exit code.
func runHTTPDemo(_ arguments: [String]) -> Int32 {
    var configuration = HTTPServerConfiguration()
    var index = 0
    while index < arguments.count {
        let flag = arguments[index]
        guard index + 1 < arguments.count else { return demoUsage("\(flag) needs a value") }
        let value = arguments[index + 1]
        switch flag {
        case "--host": configuration.host = value
        case "--port":
            guard let port = Int(value) else { return demoUsage("--port takes a number, not \(value)") }
            configuration.port = port
        case "--threads":
            guard let threads = Int(value) else { return demoUsage("--threads takes a number, not \(value)") }
            configuration.threads = threads
        default: return demoUsage("unknown option \(flag)")
        }
        index += 2
    }
    if let strategy = getenv("RANKD_HTTP_ACCEPT").map({ String(cString: $0) }) {
        guard let parsed = HTTPServerConfiguration.AcceptStrategy(rawValue: strategy) else {
            return demoUsage("RANKD_HTTP_ACCEPT must be single or reuseport, not \(strategy)")
        }
        configuration.acceptStrategy = parsed
    }
    let health = HTTPResponse.json(status: 200, body: #"{"status":"ok"}"#)
    var router = Router()
    router.add(.get, "/health") { _, _ in health }
    do {
        let server = try HTTPServer(configuration: configuration, router: router)
        try server.start()
        let signals = SignalWatcher.gracefulShutdown(of: server)
        writeLine(1, "rankd http-demo listening on \(configuration.host):\(server.boundPort) with \(server.eventLoopCount) loops (\(configuration.acceptStrategy.rawValue))")
        server.run()
        signals.cancel()
        return 0
    } catch {
        writeLine(2, "rankd http-demo: \(error)")
        return 1
    }
}

private func demoUsage(_ problem: String) -> Int32 {
    writeLine(2, "rankd http-demo: \(problem)\nusage: rankd http-demo [--host H] [--port N] [--threads N]")
    return 2
}

/// Unbuffered, so the line is visible at once even when output is a pipe.
private func writeLine(_ fd: Int32, _ text: String) {
    let line = Array((text + "\n").utf8)
    _ = line.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
}
