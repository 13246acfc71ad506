/// Encodes the 200 body of `POST /rank`:
/// ```
/// {"request_id":"abc","model":{"name":"search","version":"3"},
///  "items":[{"id":"SKU-2","score":1.93,"rank":1},...],"took_ms":0.41}
/// ```
/// into one pre-sized buffer. With explain, each item also carries
/// `"features":{"product.price":19.9,...}` (non-finite values become `null`).
public enum RankResponse {
    public typealias Item = (id: String, score: Float, rank: Int)
    public typealias Feature = (name: String, value: Float)

    /// - Parameter explain: called once per item with the item's 0-based position in
    ///   `items`, returning the features the model saw for it; nil leaves features out.
    public static func encode<Items: Collection>(
        requestID: String, modelName: String, modelVersion: String, items: Items,
        explain: ((Int) -> [Feature])? = nil, integerIDs: Set<String> = [], tookMilliseconds: Double
    ) -> [UInt8] where Items.Element == Item {
        encode(requestID: requestID, modelName: modelName, modelVersion: modelVersion, items: items,
               explain: explain, integerIDs: integerIDs, tookMilliseconds: tookMilliseconds,
               plainItemsAsRuns: true)
    }

    /// - Parameter plainItemsAsRuns: write items without explain as literal runs (the fast
    ///   path) rather than through the writer's general calls; tests compare the two.
    static func encode<Items: Collection>(
        requestID: String, modelName: String, modelVersion: String, items: Items,
        explain: ((Int) -> [Feature])?, integerIDs: Set<String>, tookMilliseconds: Double,
        plainItemsAsRuns: Bool
    ) -> [UInt8] where Items.Element == Item {
        envelope(requestID: requestID, modelName: modelName, modelVersion: modelVersion,
                 capacity: estimatedSize(items, requestID: requestID), tookMilliseconds: tookMilliseconds) { writer in
            if explain == nil, plainItemsAsRuns {
                for (position, item) in items.enumerated() {
                    writePlainItem(id: item.id, score: item.score, rank: item.rank, first: position == 0,
                                   integerIDs: integerIDs, into: &writer)
                }
            } else {
                for (position, item) in items.enumerated() {
                    writeItem(item, features: explain.map { $0(position) }, asInteger: integerIDs.contains(item.id), into: &writer)
                }
            }
        }
    }

    /// The common case straight from the pipeline's items (no explain), read in place: going
    /// through a `Collection` of `Item` tuples copied every id String several times per item
    /// (a retain and a release each, ~3 µs of a 100-item response in perf).
    static func encode(requestID: String, modelName: String, modelVersion: String, ranked: [RankedItem],
                       integerIDs: Set<String>, tookMilliseconds: Double) -> [UInt8] {
        ranked.withUnsafeBufferPointer { items in
            var idBytes = 0
            for i in items.indices { idBytes += items[i].id.utf8.count }
            return envelope(requestID: requestID, modelName: modelName, modelVersion: modelVersion,
                            capacity: estimatedSize(requestID: requestID, items: items.count, idBytes: idBytes),
                            tookMilliseconds: tookMilliseconds) { writer in
                for i in items.indices {
                    writePlainItem(id: items[i].id, score: items[i].score, rank: items[i].rank, first: i == 0,
                                   integerIDs: integerIDs, into: &writer)
                }
            }
        }
    }

    /// The object around the items: `request_id`, `model`, the items `writeItems` writes into
    /// the array, `took_ms`.
    private static func envelope(requestID: String, modelName: String, modelVersion: String, capacity: Int,
                                 tookMilliseconds: Double, writeItems: (inout JSONWriter) -> Void) -> [UInt8] {
        var writer = JSONWriter(capacity: capacity)
        writer.beginObject()
        writer.member("request_id", requestID)
        writer.key("model")
        writer.beginObject()
        writer.member("name", modelName)
        writer.member("version", modelVersion)
        writer.endObject()
        writer.key("items")
        writer.beginArray()
        writeItems(&writer)
        writer.endArray()
        writer.key("took_ms")
        writer.double(wholeMicroseconds(tookMilliseconds))
        writer.endObject()
        return writer.bytes
    }

    /// Microsecond resolution is all a latency figure needs, and keeps the text short.
    /// Rounds through Int64 rather than `rounded()`, which would need libm at link time.
    static func wholeMicroseconds(_ milliseconds: Double) -> Double {
        let micros = milliseconds * 1000
        guard micros.magnitude < 1e15 else { return milliseconds }  // also NaN and infinities
        return Double(Int64(micros + (micros < 0 ? -0.5 : 0.5))) / 1000
    }

    /// One item without features, byte for byte what `writeItem` writes: keys and punctuation
    /// as literal runs, no separator bookkeeping, and no hash of the id when no candidate was
    /// sent as an integer.
    @inline(__always)
    private static func writePlainItem(id: String, score: Float, rank: Int, first: Bool, integerIDs: Set<String>,
                                       into writer: inout JSONWriter) {
        writer.appendLiteral(first ? #"{"id":"# : #",{"id":"#)
        if !integerIDs.isEmpty, integerIDs.contains(id), let number = Int(id) {
            writer.appendInt(number)
        } else {
            writer.appendString(id)
        }
        writer.appendLiteral(#","score":"#)
        writer.appendFloat(score)
        writer.appendLiteral(#","rank":"#)
        writer.appendInt(rank)
        writer.appendLiteral("}")
    }

    private static func writeItem(_ item: Item, features: [Feature]?, asInteger: Bool, into writer: inout JSONWriter) {
        writer.beginObject()
        if asInteger, let number = Int(item.id) {
            writer.key("id")
            writer.int(number)
        } else {
            writer.member("id", item.id)
        }
        writer.key("score")
        writer.float(item.score)
        writer.key("rank")
        writer.int(item.rank)
        if let features {
            writer.key("features")
            writer.beginObject()
            for feature in features {
                writer.key(feature.name)
                writer.float(feature.value)
            }
            writer.endObject()
        }
        writer.endObject()
    }

    /// `estimatedSize(requestID:items:idBytes:)` for these items.
    private static func estimatedSize<Items: Collection>(_ items: Items, requestID: String) -> Int
    where Items.Element == Item {
        var idBytes = 0
        for item in items { idBytes += item.id.utf8.count }
        return estimatedSize(requestID: requestID, items: items.count, idBytes: idBytes)
    }

    /// Enough for the common case without explain, so the buffer is allocated once:
    /// per item the id plus `{"id":"","score":-1.2345678e-12,"rank":1000},` (≈ 50 bytes).
    private static func estimatedSize(requestID: String, items: Int, idBytes: Int) -> Int {
        128 + requestID.utf8.count + items * 52 + idBytes
    }
}

/// The body of every error response: `{"error":{"code":"...","message":"...","field":"..."}}`
/// (`field` only when one member is at fault).
public enum ErrorBody {
    public static func encode(code: String, message: String, field: String? = nil) -> [UInt8] {
        var writer = JSONWriter(capacity: 64 + code.utf8.count + message.utf8.count)
        writer.beginObject()
        writer.key("error")
        writer.beginObject()
        writer.member("code", code)
        writer.member("message", message)
        if let field { writer.member("field", field) }
        writer.endObject()
        writer.endObject()
        return writer.bytes
    }
}

extension RankRequestError {
    /// This error as a 400 response body.
    public var responseBody: [UInt8] {
        ErrorBody.encode(code: code, message: message, field: field)
    }
}
