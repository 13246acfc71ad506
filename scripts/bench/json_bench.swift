// Benchmark: rankd's JSON layer against Foundation on the /rank hot path, in one run.
// Built by scripts/bench/json.sh together with Sources/Ranking/{JSON,API}; not a test.
import Foundation

/// What a Foundation-based service would decode the request into: the same facts as RankRequest.
struct FoundationRequest: Decodable {
    var query: String
    var candidates: [StringOrInt]
    var top_k: Int?
    var user_id: String?
    var context: [String: Double]?
    var request_id: String?
    var explain: Bool?

    enum StringOrInt: Decodable {
        case string(String), int(Int64)
        init(from decoder: Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let int = try? container.decode(Int64.self) { self = .int(int) } else { self = .string(try container.decode(String.self)) }
        }
        var text: String {
            switch self { case .string(let s): return s; case .int(let i): return String(i) }
        }
    }
}

struct FoundationResponse: Encodable {
    struct Model: Encodable { var name: String; var version: String }
    struct Item: Encodable { var id: String; var score: Float; var rank: Int }
    var request_id: String
    var model: Model
    var items: [Item]
    var took_ms: Double
}

enum Fixtures {
    static func requestBody() -> [UInt8] {
        var candidates: [String] = []
        for index in 0..<100 {
            // Mostly string SKUs, some integer ids, a few repeats: what clients really send.
            if index % 10 == 7 { candidates.append(String(100_000 + index)) }
            else { candidates.append("\"SKU-\(String(1_000_000 + (index * 7919) % 900_000))\"") }
        }
        candidates[50] = candidates[3]
        let text = """
        {"query": "wireless noise cancelling headphones", "candidates": [\(candidates.joined(separator: ", "))], \
        "top_k": 10, "user_id": "u-4242", "context": {"hour": 13, "device_mobile": 1, "weekday": 3, "geo_score": 0.75}, \
        "request_id": "0f3a9c2e-req", "explain": false}
        """
        return Array(text.utf8)
    }

    static func items() -> [(id: String, score: Float, rank: Int)] {
        (0..<100).map { (index: Int) -> (id: String, score: Float, rank: Int) in
            let score: Float = Float(100 - index) * 0.0731 + 0.0137
            return (id: "SKU-" + String(1_000_000 + index * 37), score: score, rank: index + 1)
        }
    }
}

/// Median and 90th percentile of per-operation times, in microseconds.
struct Timing {
    var samples: [Double] = []
    var median: Double { samples.sorted()[samples.count / 2] }
    var p90: Double { samples.sorted()[samples.count * 9 / 10] }
}

/// CPU time of the calling thread: the budget is CPU per request, and on shared cores
/// wall-clock time mostly measures the neighbours.
func threadCPUMicroseconds() -> Double {
    var now = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now)
    return Double(now.tv_sec) * 1e6 + Double(now.tv_nsec) / 1e3
}

@inline(never)
func measure(_ iterations: Int, _ body: () -> Int) -> (Double, Int) {
    var sink = 0
    let start = threadCPUMicroseconds()
    for _ in 0..<iterations { sink &+= body() }
    return ((threadCPUMicroseconds() - start) / Double(iterations), sink)
}

@main
enum JSONBench {
    static func main() throws {
        let body = Fixtures.requestBody()
        let data = Data(body)
        let items = Fixtures.items()
        let decoder = JSONDecoder()
        let encoder = JSONEncoder()

        // Each case returns something derived from its output so nothing is optimised away.
        let cases: [(String, () -> Int)] = [
            ("decode  rankd RankRequest.decode", {
                (try? RankRequest.decode(body))?.candidates.count ?? -1
            }),
            ("decode  rankd JSONParser.parse only", {
                (try? JSONParser.parse(body))?["candidates"]?.arrayValue?.count ?? -1
            }),
            ("decode  Foundation JSONSerialization + fields", {
                foundationSerializationDecode(data)
            }),
            ("decode  Foundation JSONDecoder (Codable)", {
                guard let request = try? decoder.decode(FoundationRequest.self, from: data) else { return -1 }
                var seen = Set<String>()
                return request.candidates.reduce(0) { $0 + (seen.insert($1.text).inserted ? 1 : 0) }
            }),
            ("encode  rankd RankResponse.encode", {
                RankResponse.encode(requestID: "0f3a9c2e-req", modelName: "search", modelVersion: "3",
                                    items: items, tookMilliseconds: 0.41).count
            }),
            ("encode  Foundation JSONSerialization", {
                foundationSerializationEncode(items)
            }),
            ("encode  Foundation JSONEncoder (Codable)", {
                let response = FoundationResponse(
                    request_id: "0f3a9c2e-req", model: .init(name: "search", version: "3"),
                    items: items.map { .init(id: $0.id, score: $0.score, rank: $0.rank) }, took_ms: 0.41)
                return (try? encoder.encode(response))?.count ?? -1
            }),
        ]
        // Sanity: every implementation actually did the work.
        for (name, run) in cases where run() <= 0 {
            print("FAILED: \(name) produced no output"); exit(1)
        }

        let rounds = Int(CommandLine.arguments.dropFirst().first ?? "") ?? 61
        let perSample = 200
        var timings = Array(repeating: Timing(), count: cases.count)
        var sink = 0
        for _ in 0..<3 { for (_, run) in cases { sink &+= measure(perSample, run).1 } }  // warm up
        // Rounds interleave the cases so that noise from the shared cores hits all alike.
        for _ in 0..<rounds {
            for (index, (_, run)) in cases.enumerated() {
                let (micros, result) = measure(perSample, run)
                timings[index].samples.append(micros)
                sink &+= result
            }
        }
        print("request body \(body.count) bytes, 100 candidates; response 100 items; \(rounds) rounds x \(perSample) ops")
        print("thread CPU time per operation")
        print(String(repeating: "-", count: 78))
        let decodeBase = timings[0].median, encodeBase = timings[4].median
        for (index, (name, _)) in cases.enumerated() {
            let base = name.hasPrefix("decode") ? decodeBase : encodeBase
            let line = name.padding(toLength: 48, withPad: " ", startingAt: 0)
                + String(format: "median %8.2f µs  p90 %8.2f µs  x%6.2f", timings[index].median, timings[index].p90,
                         timings[index].median / base)
            print(line)
        }
        print("(x = median relative to rankd's; sink \(sink & 1))")
    }

    static func foundationSerializationDecode(_ data: Data) -> Int {
        guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let query = object["query"] as? String,
              let raw = object["candidates"] as? [Any] else { return -1 }
        var seen = Set<String>()
        var ids: [String] = []
        for element in raw {
            let id: String
            if let text = element as? String { id = text } else if let number = element as? NSNumber { id = number.stringValue } else { return -1 }
            if seen.insert(id).inserted { ids.append(id) }
        }
        var context: [(String, Float)] = []
        for (name, value) in (object["context"] as? [String: Any]) ?? [:] {
            guard let number = value as? NSNumber else { return -1 }
            context.append((name, number.floatValue))
        }
        let topK = object["top_k"] as? Int ?? 0
        return ids.count + context.count + topK + query.utf8.count
            + ((object["user_id"] as? String)?.count ?? 0) + ((object["request_id"] as? String)?.count ?? 0)
            + ((object["explain"] as? Bool) == true ? 1 : 0)
    }

    static func foundationSerializationEncode(_ items: [(id: String, score: Float, rank: Int)]) -> Int {
        let object: [String: Any] = [
            "request_id": "0f3a9c2e-req",
            "model": ["name": "search", "version": "3"],
            "items": items.map { ["id": $0.id, "score": $0.score, "rank": $0.rank] as [String: Any] },
            "took_ms": 0.41,
        ]
        return (try? JSONSerialization.data(withJSONObject: object))?.count ?? -1
    }
}
