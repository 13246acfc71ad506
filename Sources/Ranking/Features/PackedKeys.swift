/// Keys packed back to back: key `r` is `bytes[offsets[r]..<offsets[r + 1]]`.
public struct PackedKeys: Sendable {
    public private(set) var bytes: [UInt8] = []
    public private(set) var offsets: [Int] = [0]

    public init() {}

    public var count: Int { offsets.count - 1 }

    public mutating func reserve(rows: Int, bytes: Int) {
        self.bytes.reserveCapacity(bytes)
        offsets.reserveCapacity(rows + 1)
    }

    public mutating func append(_ key: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: key)
        offsets.append(bytes.count)
    }

    public mutating func append(_ key: String) {
        bytes.append(contentsOf: key.utf8)
        offsets.append(bytes.count)
    }

    /// Builds a composite key in place, part by part (see `KeyEncoding`): every part but the
    /// last is length-prefixed; `endKey()` closes it.
    public mutating func appendPart<Bytes: Collection<UInt8>>(_ part: Bytes, lengthPrefixed: Bool) {
        if lengthPrefixed { KeyEncoding.appendVarint(part.count, to: &bytes) }
        bytes.append(contentsOf: part)
    }

    public mutating func endKey() { offsets.append(bytes.count) }

    /// Key `r`'s bytes, for the duration of `body`.
    @inline(__always)
    func withKey<R>(_ r: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offsets[r]..<offsets[r + 1]])) }
    }

    /// The same keys in another order: key `r` of the result is key `order[r]` of this.
    func reordered(_ order: [Int]) -> PackedKeys {
        var result = PackedKeys()
        result.reserve(rows: order.count, bytes: bytes.count)
        for source in order {
            result.bytes.append(contentsOf: bytes[offsets[source]..<offsets[source + 1]])
            result.offsets.append(result.bytes.count)
        }
        return result
    }
}

/// Request-side keys with their hashes, computed once per request and shared by every table
/// keyed by the same value (a candidate id is hashed once, not once per table).
struct HashedKeys {
    let keys: PackedKeys
    let hashes: [UInt64]

    init(_ keys: PackedKeys) {
        self.keys = keys
        hashes = keys.bytes.withUnsafeBytes { all in
            (0..<keys.count).map { KeyHash.hash(UnsafeRawBufferPointer(rebasing: all[keys.offsets[$0]..<keys.offsets[$0 + 1]])) }
        }
    }

    /// Each string's UTF-8 bytes, packed and hashed in one pass while they are in cache: the
    /// request's candidate ids.
    init(_ strings: [String]) {
        var keys = PackedKeys()
        keys.reserve(rows: strings.count, bytes: strings.count * 16)
        var hashes: [UInt64] = []
        hashes.reserveCapacity(strings.count)
        for index in strings.indices {
            var id = strings[index]
            id.withUTF8 { utf8 in
                keys.append(UnsafeRawBufferPointer(utf8))
                hashes.append(KeyHash.hash(UnsafeRawBufferPointer(utf8)))
            }
        }
        self.keys = keys
        self.hashes = hashes
    }

    /// Keys with hashes the caller computed (tests force collisions with it).
    init(_ keys: PackedKeys, hashes: [UInt64]) {
        precondition(hashes.count == keys.count, "one hash per key")
        self.keys = keys
        self.hashes = hashes
    }

    var count: Int { keys.count }
}
