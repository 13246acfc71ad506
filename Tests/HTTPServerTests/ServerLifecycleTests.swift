import Glibc
import Testing
@testable import HTTPServer

/// Black-box: slow and idle clients, capacity, graceful shutdown. Serialized: these measure time.
@Suite(.serialized) struct ServerLifecycleTests {
    @Test func tricklingClientDelaysNobodyAndHitsTheHeaderDeadline() throws {
        let server = try TestServer { $0.headerReadTimeout = .seconds(1) }
        defer { server.stop() }
        let port = server.port
        let trickle = Background<(status: Int, closed: Bool, seconds: Double)?> {
            guard let slow = try? RawClient(port: port) else { return nil }
            let start = monotonicSeconds()
            for byte in "GET /health HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n".utf8 {
                slow.send([byte])
                usleep(50_000)
                if monotonicSeconds() - start > 1.5 { break }
            }
            let response = try? slow.readResponse()
            return (response?.status ?? 0, slow.isClosedByServer(), monotonicSeconds() - start)
        }
        usleep(100_000)
        var worst = 0.0
        for _ in 0..<20 {
            let start = monotonicSeconds()
            let client = try RawClient(port: port)
            client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
            worst = max(worst, monotonicSeconds() - start)
            usleep(20_000)
        }
        #expect(worst < 0.5, "a served request took \(worst) s while another client trickled")
        let result = try #require(trickle.wait())
        #expect(result?.status == 408 && result?.closed == true)
        #expect((result?.seconds ?? 0) < 1.6)
        #expect(server.observer.counts.withLock { $0.rejected }.contains("timeout"))
    }

    @Test func fiveHundredIdleConnectionsDoNotBlockService() throws {
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        if limit.rlim_cur < 2048 {
            limit.rlim_cur = min(limit.rlim_max, 4096)
            setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        }
        let server = try TestServer()
        defer { server.stop() }
        let idle = try (0..<500).map { _ in try RawClient(port: server.port) }
        idle[0].send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")  // one of them even mid-keep-alive
        #expect(try idle[0].readResponse().status == 200)
        let start = monotonicSeconds()
        let client = try RawClient(port: server.port)
        client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        #expect(monotonicSeconds() - start < 1.0)
        let deadline = monotonicSeconds() + 2
        while monotonicSeconds() < deadline, server.observer.counts.withLock({ $0.opened }) < 501 { usleep(10_000) }
        #expect(server.observer.counts.withLock { $0.opened } == 501)
    }

    @Test func idleKeepAliveConnectionsAreClosedAfterTheIdleTimeout() throws {
        let server = try TestServer { $0.idleTimeout = .milliseconds(300) }
        defer { server.stop() }
        let client = try RawClient(port: server.port, timeoutSeconds: 2)
        client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try client.readResponse().status == 200)
        let start = monotonicSeconds()
        #expect(client.isClosedByServer())
        let waited = monotonicSeconds() - start
        #expect(waited > 0.2 && waited < 2.0)
    }

    @Test(arguments: [HTTPServerConfiguration.AcceptStrategy.reusePortPerLoop, .singleAcceptor])
    func capacityPausesAcceptingUntilAConnectionCloses(_ strategy: HTTPServerConfiguration.AcceptStrategy) throws {
        let server = try TestServer {
            $0.maxConnections = 2
            $0.acceptStrategy = strategy
        }
        defer { server.stop() }
        var first: RawClient? = try RawClient(port: server.port)
        let second = try RawClient(port: server.port)
        for client in [first!, second] {
            client.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try client.readResponse().status == 200)
        }
        let waiting = try RawClient(port: server.port, timeoutSeconds: 0.4)  // sits in the backlog
        waiting.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(throws: RawClient.ClientError.timeout) { try waiting.readResponse() }
        first = nil  // frees a slot
        #expect(first == nil)
        waiting.setTimeout(seconds: 2)
        #expect(try waiting.readResponse().status == 200)
        #expect(server.observer.counts.withLock { $0.rejected }.contains("max_connections"))
    }

    @Test(arguments: [HTTPServerConfiguration.AcceptStrategy.reusePortPerLoop, .singleAcceptor])
    func gracefulShutdownFinishesInFlightRequests(_ strategy: HTTPServerConfiguration.AcceptStrategy) throws {
        let server = try TestServer { $0.acceptStrategy = strategy }
        let port = server.port
        var idle: RawClient? = try RawClient(port: port)
        idle!.send("GET /health HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try idle!.readResponse().status == 200)
        var inFlight = try (0..<4).map { _ in try RawClient(port: port) }
        for client in inFlight { client.send("GET /slow?ms=400 HTTP/1.1\r\nHost: x\r\n\r\n") }
        usleep(100_000)  // the handlers are running now
        let start = monotonicSeconds()
        let stopper = Background<Double> {
            server.stop()
            return monotonicSeconds()
        }
        for client in inFlight {
            let response = try client.readResponse()
            #expect(response.status == 200 && response.body == "slow done")
            #expect(response.headers["connection"] == "close")
            #expect(client.isClosedByServer())
        }
        #expect(idle!.isClosedByServer())
        // Clients close once told "Connection: close"; the server then has nothing left to linger for.
        inFlight = []
        idle = nil
        let stoppedAt = try #require(stopper.wait(timeoutSeconds: 10))
        #expect(stoppedAt - start < 5, "drain took \(stoppedAt - start) s")
        #expect(throws: RawClient.ClientError.connect(ECONNREFUSED)) { _ = try RawClient(port: port) }
        let counts = server.observer.counts.withLock { $0 }
        #expect(counts.opened == counts.closed)
    }

    @Test func shutdownDeadlineCutsRequestsThatTakeTooLong() throws {
        let server = try TestServer { $0.shutdownDrainTimeout = .milliseconds(300) }
        let client = try RawClient(port: server.port)
        client.send("GET /slow?ms=100 HTTP/1.1\r\nHost: x\r\n\r\nGET /h")  // second head never completes
        #expect(try client.readResponse().status == 200)
        let start = monotonicSeconds()
        server.stop()
        #expect(monotonicSeconds() - start < 1.5)
        #expect(client.isClosedByServer())
    }

    @Test func cpuBudgetParsesKernelFormats() {
        #expect(CPUBudget.cpuListCount("0-3,8,10-11") == 7)
        #expect(CPUBudget.cpuListCount("\t0") == 1)
        #expect(CPUBudget.cpuListCount("3-1") == nil)
        #expect(CPUBudget.quota(fromCPUMax: "max 100000\n") == nil)
        #expect(CPUBudget.quota(fromCPUMax: "150000 100000\n") == 2)
        #expect(CPUBudget.quota(fromCPUMax: "50000 100000") == 1)
        #expect(CPUBudget.usableCPUs() >= 1)
    }
}

@Suite struct PortOwnershipTests {
    /// SO_REUSEPORT must not let a second server join a port another one listens on.
    @Test(arguments: [HTTPServerConfiguration.AcceptStrategy.reusePortPerLoop, .singleAcceptor])
    func secondServerOnTheSamePortFailsToStart(_ strategy: HTTPServerConfiguration.AcceptStrategy) throws {
        let first = try TestServer { $0.acceptStrategy = strategy }
        defer { first.stop() }
        #expect {
            _ = try TestServer { configuration in
                configuration.port = first.port
                configuration.acceptStrategy = strategy
            }
        } throws: { error in
            "\(error)".contains("in use")
        }
    }
}
