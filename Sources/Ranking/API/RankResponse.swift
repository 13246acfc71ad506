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
        explain: ((Int) -> [Feature])? = nil, tookMilliseconds: Double
    ) -> [UInt8] where Items.Element == Item {
        var writer = JSONWriter(capacity: estimatedSize(items, requestID: requestID))
        writer.beginObject()
        writer.member("request_id", requestID)
        writer.key("model")
        writer.beginObject()
        writer.member("name", modelName)
        writer.member("version", modelVersion)
        writer.endObject()
        writer.key("items")
        writer.beginArray()
        for (position, item) in items.enumerated() {
            writeItem(item, features: explain.map { $0(position) }, into: &writer)
        }
        writer.endArray()
        writer.key("took_ms")
        // Microsecond resolution is all a latency figure needs, and keeps the text short.
        writer.double((tookMilliseconds * 1000).rounded() / 1000)
        writer.endObject()
        return writer.bytes
    }

    private static func writeItem(_ item: Item, features: [Feature]?, into writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("id", item.id)
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

    /// Enough for the common case without explain, so the buffer is allocated once:
    /// per item the id plus `{"id":"","score":-1.2345678e-12,"rank":1000},` (≈ 50 bytes).
    private static func estimatedSize<Items: Collection>(_ items: Items, requestID: String) -> Int
    where Items.Element == Item {
        var size = 128 + requestID.utf8.count
        for item in items { size += item.id.utf8.count + 52 }
        return size
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
