import Testing
@testable import HTTPServer

@Suite struct RouterAndSerializerTests {
    static let context = HTTPRequestContext(eventLoopIndex: 0, now: MonotonicTime(nanoseconds: 0))

    static func router(extraRoutes: Int) -> Router {
        var router = Router()
        for i in 0..<extraRoutes { router.add(.get, "/extra/\(i)") { _, _ in .text("\(i)") } }
        router.add(.get, "/rank") { _, _ in .text("get") }
        router.add(.post, "/rank") { request, _ in .text("post \(request.body.count)") }
        return router
    }

    @Test(arguments: [0, 40])  // the linear scan and the index
    func routesNamesAndMethodChecks(extraRoutes: Int) {
        let router = Self.router(extraRoutes: extraRoutes)
        let get = router.respond(to: HTTPRequest(method: .get, target: "/rank?x=1"), context: Self.context)
        #expect(get.route == "/rank" && get.response.body == Array("get".utf8))
        let head = router.respond(to: HTTPRequest(method: .head, target: "/rank"), context: Self.context)
        #expect(head.route == "/rank" && head.response.status == 200)
        let post = router.respond(to: HTTPRequest(method: .post, target: "/rank", body: [1, 2]), context: Self.context)
        #expect(post.response.body == Array("post 2".utf8))
        let delete = router.respond(to: HTTPRequest(method: .delete, target: "/rank"), context: Self.context)
        #expect(delete.response.status == 405 && delete.route == "/rank")
        #expect(delete.response.headers.contains { $0 == ("Allow", "GET, HEAD, POST") })
        let missing = router.respond(to: HTTPRequest(method: .get, target: "/rank/../etc"), context: Self.context)
        #expect(missing.response.status == 404 && missing.route == "unmatched")
        if extraRoutes > 0 {
            #expect(router.respond(to: HTTPRequest(method: .get, target: "/extra/39"), context: Self.context).route == "/extra/39")
        }
    }

    /// RFC 9110 §15.6.2: a method the server does not know gets 501 naming it (methods are
    /// case-sensitive, so "get" is not GET); a known method a path does not serve gets 405;
    /// `OPTIONS *` (§9.3.7) answers for the server as a whole.
    @Test func unknownMethodsAndServerWideOptions() {
        let router = Self.router(extraRoutes: 0)
        for method in ["FOO", "get"] {
            let answer = router.respond(to: HTTPRequest(method: HTTPMethod(method), target: "/rank"), context: Self.context)
            #expect(answer.response.status == 501 && answer.route == Router.unmatchedRoute)
            #expect(String(decoding: answer.response.body, as: UTF8.self).contains("method \(method) is not implemented"))
        }
        let put = router.respond(to: HTTPRequest(method: .put, target: "/rank"), context: Self.context)
        #expect(put.response.status == 405 && String(decoding: put.response.body, as: UTF8.self).contains("method PUT is not allowed"))
        let options = router.respond(to: HTTPRequest(method: .options, target: "*"), context: Self.context)
        #expect(options.response.status == 200 && options.response.body.isEmpty)
        #expect(options.response.headers.contains { $0 == ("Allow", "GET, HEAD, POST") })
        // A custom method some route registers is routed like any other.
        var custom = Router()
        custom.add(HTTPMethod("PURGE"), "/cache") { _, _ in HTTPResponse(status: 204) }
        #expect(custom.respond(to: HTTPRequest(method: HTTPMethod("PURGE"), target: "/cache"), context: Self.context).response.status == 204)
        #expect(custom.respond(to: HTTPRequest(method: HTTPMethod("PURGE"), target: "/x"), context: Self.context).response.status == 404)
    }

    @Test func absoluteFormTargetsRouteByPath() {
        let request = HTTPRequest(method: .get, target: "http://example.com:8080/rank?q=a")
        #expect(request.path == "/rank" && request.query == "q=a")
        #expect(HTTPRequest(method: .get, target: "http://example.com").path == "/")
    }

    @Test func tokenCharactersMatchRFC9110() {
        let tchar = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        for byte in 0...255 { #expect(ASCII.isTokenChar(UInt8(byte)) == tchar.contains(UInt8(byte)), "byte \(byte)") }
    }

    @Test func serializerDropsServerOwnedAndUnsafeFields() {
        var out: [UInt8] = []
        let response = HTTPResponse(status: 201, headers: [("Content-Length", "999"), ("X-Ok", "yes"), ("X-Split", "a\r\nInjected: 1"),
                                                           ("Bad Name", "x"), ("date", "never"), ("Transfer-Encoding", "chunked")],
                                    body: Array("{}".utf8))
        let size = ResponseSerializer.append(response, to: &out, omitBody: false, connection: .close, date: Array("Date: D\r\n".utf8))
        let text = String(decoding: out, as: UTF8.self)
        #expect(text == "HTTP/1.1 201 Created\r\nDate: D\r\nConnection: close\r\nContent-Length: 2\r\nX-Ok: yes\r\n\r\n{}")
        #expect(size == out.count)
        var noContent: [UInt8] = []
        ResponseSerializer.append(HTTPResponse(status: 204, body: [1]), to: &noContent, omitBody: false, connection: .none, date: [])
        #expect(String(decoding: noContent, as: UTF8.self) == "HTTP/1.1 204 No Content\r\n\r\n")
    }

    @Test func errorBodiesAreEscapedJSON() {
        let response = HTTPResponse.error(status: 400, code: "bad_request", message: "a \"quoted\"\nline\u{1}")
        #expect(String(decoding: response.body, as: UTF8.self)
                == #"{"error": {"code": "bad_request", "message": "a \"quoted\"\nline\u0001"}}"#)
    }

    @Test func imfFixdate() {
        #expect(DateHeaderCache.imfFixdate(784111777) == "Sun, 06 Nov 1994 08:49:37 GMT")  // RFC 9110's example
        var cache = DateHeaderCache()
        cache.refresh(epochSeconds: 784111777)
        #expect(String(decoding: cache.line, as: UTF8.self) == "Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n")
    }
}
