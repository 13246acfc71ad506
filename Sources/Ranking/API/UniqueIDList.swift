/// Ids in first-occurrence order, each kept once, where "the same id" means the same UTF-8
/// bytes: the feature tables match keys by their bytes, so "é" (U+00E9) and "e\u{301}" are two
/// products there, and de-duplicating by String `==` (canonical equivalence) dropped the second
/// one's row from the ranking.
///
/// `Set<String>` would cost a seeded SipHash per id, a quarter of decoding a 100-candidate
/// request, and compare canonically. Ids go through a small open-addressing table keyed by a
/// cheap hash of their bytes instead (measured: about 12% of a 100-candidate decode). A probe
/// sequence longer than `maxProbes` switches to a `Set` of the byte arrays: the cheap hash is
/// unseeded, so crafted colliding ids must not buy quadratic work.
///
/// The table doubles when half full, so a streaming decoder that does not know the count
/// up front can start small (growing rehashes every id, so start near the usual count).
struct UniqueIDList {
    private(set) var ids: [String] = []
    /// -1 for an empty slot, else `entry(hash, index)`: the index into `ids` in the low 32 bits
    /// and 31 more bits of the id's hash above, so a probe compares bytes only when those agree
    /// (candidate ids are mostly of one length, so the length alone settles little). The count
    /// is a power of two.
    private var slots: [Int]
    private var fallback: Set<[UInt8]>?
    private let maxProbes: Int

    static let defaultMaxProbes = 16

    init(capacity: Int, maxProbes: Int = defaultMaxProbes) {
        ids.reserveCapacity(capacity)
        var size = 16
        while size < 2 * capacity { size *= 2 }
        slots = Array(repeating: -1, count: size)
        self.maxProbes = maxProbes
    }

    /// Appends `id` unless an equal id is already listed; true when it was appended.
    @discardableResult
    mutating func append(_ id: String) -> Bool {
        var bytes = id
        return bytes.withUTF8 { append(id, utf8: $0) }
    }

    /// Like `append(_:)` for an id whose UTF-8 bytes the caller already holds (a decoder
    /// reading them from the body), which saves going back into the String for its bytes.
    @discardableResult
    mutating func append(_ id: String, utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        if fallback != nil {
            guard fallback?.insert(Array(utf8)).inserted == true else { return false }
            ids.append(id)
            return true
        }
        let hash = Self.byteHash(UnsafeRawBufferPointer(utf8))
        if 2 * (ids.count + 1) > slots.count, !grow() { return appendAfterFallingBack(id) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        let tag = Self.tag(hash)
        for _ in 0..<maxProbes {
            let listed = slots[slot]
            if listed < 0 {
                slots[slot] = Self.entry(tag, ids.count)
                ids.append(id)
                return true
            }
            if listed >> 32 == tag, Self.sameBytes(ids[listed & 0xFFFF_FFFF], utf8) { return false }
            slot = (slot + 1) & mask
        }
        return appendAfterFallingBack(id)
    }

    /// Doubles the table; false when some id no longer fits within `maxProbes` (the caller
    /// then falls back, as for a long probe sequence on insertion).
    private mutating func grow() -> Bool {
        var larger = Array(repeating: -1, count: slots.count * 2)
        let mask = larger.count - 1
        for (index, id) in ids.enumerated() {
            var id = id
            let hash = id.withUTF8 { Self.byteHash(UnsafeRawBufferPointer($0)) }
            var slot = Int(truncatingIfNeeded: hash) & mask
            var probes = 1
            while larger[slot] >= 0 {
                guard probes < maxProbes else { return false }
                slot = (slot + 1) & mask
                probes += 1
            }
            larger[slot] = Self.entry(Self.tag(hash), index)
        }
        slots = larger
        return true
    }

    private mutating func appendAfterFallingBack(_ id: String) -> Bool {
        var set = Set<[UInt8]>(minimumCapacity: ids.capacity)
        for listed in ids { set.insert(Array(listed.utf8)) }
        let inserted = set.insert(Array(id.utf8)).inserted
        if inserted { ids.append(id) }
        fallback = set
        slots = []
        return inserted
    }

    /// Hash bits kept beside the index (31: the slot stays non-negative), not the low bits that
    /// choose the slot.
    private static func tag(_ hash: UInt64) -> Int { Int(truncatingIfNeeded: hash >> 33) }

    private static func entry(_ tag: Int, _ index: Int) -> Int { tag << 32 | index }

    /// Byte equality of a listed id and a new one (not String `==`, which is canonical).
    private static func sameBytes(_ listed: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // The length first: O(1) for a native String, and it settles most probes.
        listed.utf8.count == bytes.count && listed.utf8.elementsEqual(bytes)
    }

    /// A multiply-xorshift hash over the UTF-8 bytes, eight at a time.
    private static func byteHash(_ raw: UnsafeRawBufferPointer) -> UInt64 {
        var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
            hash ^= hash >> 32
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < raw.count {
            tail |= UInt64(raw[offset]) << shift
            shift += 8
            offset += 1
        }
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 29
        return hash
    }
}
