import Foundation
import HTTPServer
import Metrics

/// The whole service wired together: state, loader, reload scheduler, routes and server.
public final class RankService: Sendable {
    public let config: ServiceConfig
    public let state = ServingState()
    public let metrics: ServiceMetrics
    public let scheduler: ReloadScheduler
    public let server: HTTPServer
    let log: EventLog

    public init(config: ServiceConfig, log: EventLog = EventLog()) throws(ServiceError) {
        self.config = config
        self.log = log
        do {
            metrics = try ServiceMetrics(state: state)
        } catch {
            throw ServiceError("metrics: \(error)")
        }
        let loader = BundleLoader(config: config, state: state, metrics: metrics, log: log)
        scheduler = ReloadScheduler(loader: loader, pollInterval: config.pollIntervalSeconds)
        let router = RankService.routes(config: config, state: state, metrics: metrics, log: log, scheduler: scheduler)
        do {
            server = try HTTPServer(configuration: RankService.httpConfiguration(config), router: router, observer: metrics.http)
        } catch {
            throw ServiceError("server: \(error)")
        }
    }

    static func routes(config: ServiceConfig, state: ServingState, metrics: ServiceMetrics, log: EventLog,
                       scheduler: ReloadScheduler) -> Router {
        var limits = RankRequestLimits()
        limits.maxCandidates = config.maxCandidates
        limits.maxIDBytes = config.maxIDBytes
        limits.maxBodyBytes = config.maxBodyBytes
        let rank = RankEndpoint(state: state, metrics: metrics, limits: limits,
                                access: AccessLog(log: log, rate: config.accessLogSampleRate))
        let probes = ProbeEndpoints(state: state, metrics: metrics, startedAt: Date()) { reason in
            scheduler.trigger(reason: reason)
        }
        var router = Router()
        router.add(.post, "/rank", rank.handle)
        router.add(.get, "/health", probes.health)
        router.add(.get, "/ready", probes.ready)
        router.add(.get, "/metrics", probes.metricsText)
        router.add(.post, "/admin/reload", probes.adminReload)
        return router
    }

    static func httpConfiguration(_ config: ServiceConfig) -> HTTPServerConfiguration {
        var http = HTTPServerConfiguration()
        http.host = config.host
        http.port = config.port
        http.threads = config.threads
        http.maxBodyBytes = config.maxBodyBytes
        http.shutdownDrainTimeout = .milliseconds(Int(config.shutdownTimeoutSeconds * 1000))
        return http
    }

    /// Binds the port and starts the loops and the loader. Readiness follows the first load.
    public func start() throws(ServiceError) {
        do {
            try server.start()
        } catch {
            throw ServiceError("cannot listen on \(config.host):\(config.port): \(error)")
        }
        log.info("listening", [("host", .string(config.host)), ("port", .int(server.boundPort)),
                               ("config", .string(config.source))])
        scheduler.start()
    }

    /// Blocks until a graceful shutdown has finished.
    public func run() {
        server.run()
        scheduler.stop()
        log.info("stopped")
    }

    public func beginShutdown(reason: String) {
        log.info("shutdown", [("reason", .string(reason))])
        server.beginGracefulShutdown()
    }
}
