import HTTPServer
import Metrics

/// Adapts the HTTP server's observer callbacks to Prometheus families. Labels are route names
/// and fixed method/status/reason sets from the server, never raw paths, so cardinality is
/// bounded.
final class HTTPMetricsObserver: HTTPServerObserver {
    private let requests: CounterFamily
    private let duration: HistogramFamily
    private let open: Gauge
    private let received: Counter
    private let sent: Counter
    private let rejected: CounterFamily

    init(registry: MetricsRegistry) throws(MetricsError) {
        requests = try registry.counter("rankd_http_requests_total", help: "HTTP requests answered, by route, method and status code.",
                                        labelNames: ["route", "method", "code"])
        duration = try registry.histogram("rankd_http_request_duration_seconds", help: "Time from a complete request to its serialized response, by route.",
                                          labelNames: ["route"])
        open = try registry.gauge("rankd_http_open_connections", help: "Connections currently open.").unlabelled()
        received = try registry.counter("rankd_http_received_bytes_total", help: "Bytes read from clients.").unlabelled()
        sent = try registry.counter("rankd_http_sent_bytes_total", help: "Bytes written to clients.").unlabelled()
        rejected = try registry.counter("rankd_http_rejected_requests_total", help: "Requests and connections refused by the server, by reason.",
                                        labelNames: ["reason"])
    }

    func connectionOpened() { open.increment() }
    func connectionClosed() { open.decrement() }

    func requestCompleted(route: String, method: String, status: Int, durationSeconds: Double,
                          requestBytes: Int, responseBytes: Int) {
        (try? requests.withLabels(route, method, String(status)))?.increment()
        (try? duration.withLabels(route))?.observe(durationSeconds)
    }

    func requestRejected(reason: String) { (try? rejected.withLabels(reason))?.increment() }
    func bytesReceived(_ n: Int) { received.increment(by: n) }
    func bytesSent(_ n: Int) { sent.increment(by: n) }
}
