import Foundation
import Testing
@testable import Ranking
import TestSupport

@Suite struct JSONRankResponseTests {
    @Test func encodesTheDocumentedShape() throws {
        let items: [RankResponse.Item] = [("SKU-2", 1.93, 1), ("SKU-\"1\"", -0.25, 2)]
        let bytes = RankResponse.encode(requestID: "abc", modelName: "search", modelVersion: "3",
                                        items: items, tookMilliseconds: 0.41)
        #expect(String(decoding: bytes, as: UTF8.self) == #"""
            {"request_id":"abc","model":{"name":"search","version":"3"},"items":[{"id":"SKU-2","score":1.93,"rank":1},{"id":"SKU-\"1\"","score":-0.25,"rank":2}],"took_ms":0.41}
            """#)
        // And a reader we did not write agrees.
        let parsed = try #require(JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let parsedItems = try #require(parsed["items"] as? [[String: Any]])
        #expect(parsedItems.map { $0["id"] as? String } == ["SKU-2", "SKU-\"1\""])
        #expect(parsedItems.map { ($0["score"] as? NSNumber).map { Float($0.doubleValue) } } == [1.93, -0.25])
        #expect((parsed["model"] as? [String: String]) == ["name": "search", "version": "3"])
    }

    @Test func explainAddsFeaturesPerItemAndNaNBecomesNull() throws {
        let items: [RankResponse.Item] = [("a", 2, 1), ("b", 1, 2)]
        var asked: [Int] = []
        let bytes = RankResponse.encode(
            requestID: "r", modelName: "m", modelVersion: "1", items: items,
            explain: { position in
                asked.append(position)
                return [("product.price", position == 0 ? 19.9 : .nan), ("ctx.hour", 13)]
            },
            tookMilliseconds: 1.23456789)
        #expect(asked == [0, 1])
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#"{"id":"a","score":2.0,"rank":1,"features":{"product.price":19.9,"ctx.hour":13.0}}"#))
        #expect(text.contains(#"{"id":"b","score":1.0,"rank":2,"features":{"product.price":null,"ctx.hour":13.0}}"#))
        #expect(text.hasSuffix(#""took_ms":1.235}"#))
        #expect(try JSONParser.parse(bytes)["items"]?.arrayValue?.count == 2)
        #expect(JSONSerialization.isValidJSONObject(try JSONSerialization.jsonObject(with: Data(bytes))))
    }

    @Test func emptyItemsAndNonFiniteScores() throws {
        let empty = RankResponse.encode(requestID: "r", modelName: "m", modelVersion: "1",
                                        items: [RankResponse.Item](), tookMilliseconds: 0)
        #expect(String(decoding: empty, as: UTF8.self).contains(#""items":[],"took_ms":0.0}"#))
        let odd = RankResponse.encode(requestID: "r", modelName: "m", modelVersion: "1",
                                      items: [("x", Float.infinity, 1)], tookMilliseconds: .nan)
        #expect(String(decoding: odd, as: UTF8.self).contains(#""score":null"#))
        #expect(try JSONParser.parse(odd)["took_ms"] == .null)
    }

    /// Items without explain are written as literal runs; the bytes must be exactly what the
    /// writer's general calls produce, for any float (subnormals, ±0, NaN and infinities →
    /// null), ids that need escapes or are not ASCII, and ids echoed as integers.
    @Test func plainItemRunsMatchTheGeneralWriterByteForByte() {
        var rng = SeededGenerator(state: UInt64.random(in: 0...UInt64.max))
        let specials: [Float] = [0, -0.0, .nan, -.nan, .infinity, -.infinity, .leastNonzeroMagnitude,
                                 -.leastNormalMagnitude, .greatestFiniteMagnitude, 1, 0.1, .leastNormalMagnitude / 3, 16777216]
        let ids = ["SKU-1", "a\"b", "back\\slash", "tab\there", "\u{01}ctl", "caf\u{E9}", "日本語のID-0123456789",
                   "17", "-3", "0", "x", "exactly8", "sixteen-bytes-id", "ends-with-quote\"", "\u{7F}del"]
        let integerIDs: Set<String> = ["17", "-3", "0"]
        for round in 0..<300 {
            let items: [RankResponse.Item] = (0..<Int.random(in: 0...40, using: &rng)).map { index in
                let score = Bool.random(using: &rng) ? specials.randomElement(using: &rng)!
                    : Float(bitPattern: UInt32.random(in: 0...UInt32.max, using: &rng))
                return (ids.randomElement(using: &rng)!, score, Int.random(in: -5...100_000, using: &rng))
            }
            let useIntegers = round % 2 == 0
            func encoded(_ runs: Bool) -> [UInt8] {
                RankResponse.encode(requestID: "r", modelName: "m", modelVersion: "1", items: items, explain: nil,
                                    integerIDs: useIntegers ? integerIDs : [], tookMilliseconds: 0.5, plainItemsAsRuns: runs)
            }
            let fast = encoded(true), general = encoded(false)
            #expect(fast == general, "\(String(decoding: fast, as: UTF8.self)) vs \(String(decoding: general, as: UTF8.self))")
            // The endpoint's path, reading the pipeline's items in place, writes the same bytes.
            let ranked = items.map { RankedItem(id: $0.id, score: $0.score, rank: $0.rank, features: nil) }
            let inPlace = RankResponse.encode(requestID: "r", modelName: "m", modelVersion: "1", ranked: ranked,
                                              integerIDs: useIntegers ? integerIDs : [], tookMilliseconds: 0.5)
            #expect(inPlace == general, "\(String(decoding: inPlace, as: UTF8.self))")
        }
    }

    @Test func integerIDsAreEchoedAsNumbers() {
        let items: [RankResponse.Item] = [("17", 1, 1), ("x", 0.5, 2)]
        let bytes = RankResponse.encode(requestID: "r", modelName: "m", modelVersion: "1",
                                        items: items, integerIDs: ["17"], tookMilliseconds: 0)
        #expect(String(decoding: bytes, as: UTF8.self).contains(#"[{"id":17,"score":1.0,"rank":1},{"id":"x","score":0.5,"rank":2}]"#))
    }

    @Test func requestIDsAreSixteenHexDigitsAndDistinct() {
        var generator = RequestIDGenerator()
        var seen = Set<String>()
        for _ in 0..<10_000 {
            let id = generator.next()
            #expect(id.utf8.count == 16 && id.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
            seen.insert(id)
        }
        #expect(seen.count == 10_000)
        var a = RequestIDGenerator(seed: 7), b = RequestIDGenerator(seed: 7)
        #expect(a.next() == b.next())
        // Two generators with random seeds do not share their first ids.
        var c = RequestIDGenerator()
        #expect(!seen.contains(c.next()))
    }
}

@Suite struct TookMillisecondsTests {
    @Test func roundsToWholeMicroseconds() {
        #expect(RankResponse.wholeMicroseconds(0.41) == 0.41)
        #expect(RankResponse.wholeMicroseconds(1.23456789) == 1.235)
        #expect(RankResponse.wholeMicroseconds(0.0004) == 0)
        #expect(RankResponse.wholeMicroseconds(-0.0016) == -0.002)
        #expect(RankResponse.wholeMicroseconds(1e20) == 1e20)
        #expect(RankResponse.wholeMicroseconds(.nan).isNaN)
        #expect(RankResponse.wholeMicroseconds(.infinity) == .infinity)
    }
}
