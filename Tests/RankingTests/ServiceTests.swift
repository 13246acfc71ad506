import Foundation
import Synchronization
import Testing
@testable import Ranking

/// rankd end to end over 127.0.0.1 on the sample bundle.
@Suite(.serialized) struct ServiceTests {
    /// The sample rate is a share of all /rank requests: refused ones are logged too, with their
    /// status and error (a 400 never reached the access log before).
    @Test(arguments: [1.0, 0.5])
    func theAccessLogSamplesEveryOutcome(rate: Double) throws {
        let harness = try ServiceHarness(pollInterval: 3600) { bundle in
            let file = bundle.appendingPathComponent("config.json")
            var config = try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any] ?? [:]
            config["logging"] = ["access_log_sample_rate": rate]
            try JSONSerialization.data(withJSONObject: config).write(to: file)
        }
        defer { harness.stop() }
        try harness.waitReady()
        let client = TestHTTPClient(port: harness.port)
        for _ in 0..<4 {
            #expect(try client.post("/rank", #"{"query":"q","candidates":["P000883"],"request_id":"ok-1"}"#).status == 200)
            #expect(try client.post("/rank", #"{"query":"q","candidates":[]}"#).status == 400)
            #expect(try client.post("/rank", "not json").status == 400)
        }
        let lines = harness.logs.lines.withLock { $0.filter { $0.contains(#""event":"access""#) } }
        #expect(lines.count == Int(12 * rate))
        if rate == 1.0 {
            #expect(lines.filter { $0.contains(#""status":200"#) && $0.contains(#""request_id":"ok-1""#) }.count == 4)
            #expect(lines.filter { $0.contains(#""status":400"#) && $0.contains(#""error":"invalid_request""#)
                && $0.contains(#""field":"candidates""#) }.count == 4)
            #expect(lines.filter { $0.contains(#""status":400"#) && $0.contains(#""error":"invalid_json""#) }.count == 4)
        }
    }

    @Test func probesAndParityOverHTTP() throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        let ready = try harness.waitReady()
        #expect((ready["model"] as? [String: Any])?["version"] as? String == "1")
        #expect((ready["tables"] as? [[String: Any]])?.count == 3)
        let client = TestHTTPClient(port: harness.port)
        #expect(try client.get("/health").status == 200)
        let parity = try SampleBundle.json("sample_parity.json")
        for entry in try #require(parity["cases"] as? [[String: Any]]) {
            let body = String(decoding: try JSONSerialization.data(withJSONObject: entry["request"]!), as: UTF8.self)
            let response = try client.post("/rank", body)
            #expect(response.status == 200, "\(response.text)")
            let items = response.json()["items"] as? [[String: Any]] ?? []
            let expected = entry["expected_items"] as? [[String: Any]] ?? []
            #expect(items.map { SampleBundle.idText($0["id"]) } == expected.map { SampleBundle.idText($0["id"]) })
            // Ids come back in the JSON type they were sent in (integers as integers).
            #expect(items.map { $0["id"] is String } == expected.map { $0["id"] is String }, "id types")
            for (got, want) in zip(items, expected) {
                #expect(abs(SampleBundle.float(got["score"]) - SampleBundle.float(want["score"])) <= 1e-5)
            }
            #expect(items.map { $0["rank"] as? Int ?? 0 } == Array(1...max(items.count, 1)).prefix(items.count).map { $0 })
        }
    }

    @Test func explainEchoAndTopK() throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        try harness.waitReady()
        let client = TestHTTPClient(port: harness.port)
        let response = try client.post("/rank", #"{"query":"power bank","candidates":["P000883","unknown-sku","P001418"],"top_k":2,"explain":true,"request_id":"abc-1"}"#)
        #expect(response.status == 200)
        let json = response.json()
        #expect(json["request_id"] as? String == "abc-1")
        let items = json["items"] as? [[String: Any]] ?? []
        #expect(items.count == 2)
        let features = items.first?["features"] as? [String: Any] ?? [:]
        #expect(features["product.price"] is NSNumber)
        #expect(features["context.hour"] is NSNull, "a missing context value is NaN, shown as null")
        #expect(features["product.embedding[7]"] != nil)
        let generated = try client.post("/rank", #"{"query":"x","candidates":["a"]}"#).json()["request_id"] as? String
        #expect(generated?.count == 16)
    }

    @Test(arguments: [
        ("not json", "invalid_json", nil),
        (#"{"query":"q"}"#, "invalid_request", "candidates"),
        (#"{"query":"q","candidates":[]}"#, "invalid_request", "candidates"),
        (#"{"query":"q","candidates":[1.5]}"#, "invalid_request", "candidates[0]"),
        (#"{"query":"q","candidates":["a"],"top_k":0}"#, "invalid_request", "top_k"),
        (#"{"query":"q","candidates":["a"],"context":{"hour":"13"}}"#, "invalid_request", "context.hour"),
        (#"{"query":"q","candidates":["a"],"context":{"hour":1e39}}"#, "invalid_request", "context.hour"),
        (#"{"query":7,"candidates":["a"]}"#, "invalid_request", "query"),
        (#"["a"]"#, "invalid_request", nil),
    ] as [(String, String, String?)])
    func clientMistakesAre400sNamingTheField(body: String, code: String, field: String?) throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        try harness.waitReady()
        let response = try TestHTTPClient(port: harness.port).post("/rank", body)
        #expect(response.status == 400)
        let error = response.json()["error"] as? [String: Any] ?? [:]
        #expect(error["code"] as? String == code)
        if let field { #expect((error["message"] as? String ?? "").contains(field), "\(error)") }
    }

    @Test func limitsAndRouting() throws {
        let harness = try ServiceHarness()
        defer { harness.stop() }
        try harness.waitReady()
        let client = TestHTTPClient(port: harness.port)
        let tooMany = "[" + (0...1000).map { "\"c\($0)\"" }.joined(separator: ",") + "]"
        #expect(try client.post("/rank", #"{"query":"q","candidates":\#(tooMany)}"#).status == 400)
        let longID = String(repeating: "x", count: 257)
        #expect(try client.post("/rank", #"{"query":"q","candidates":["\#(longID)"]}"#).status == 400)
        #expect(try client.get("/nope").status == 404)
        let wrongMethod = try client.get("/rank")
        #expect(wrongMethod.status == 405)
        #expect(wrongMethod.headers["allow"]?.contains("POST") == true)
    }
}
