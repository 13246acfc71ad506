/// Ids in first-occurrence order, each kept once, with String equality (`==`) deciding
/// what a repeat is.
///
/// `Set<String>` costs a seeded SipHash per id, a quarter of decoding a 100-candidate
/// request. Candidate ids are nearly always ASCII, and for ASCII strings `==` is byte
/// equality, so they go through a small open-addressing table keyed by a cheap hash of
/// their bytes instead (measured: about 12% of a 100-candidate decode). The first
/// non-ASCII id switches to `Set<String>` (Unicode canonical equivalence makes bytes the
/// wrong key there), and so does a probe sequence longer than `maxProbes`: the cheap hash
/// is unseeded, so crafted colliding ids must not buy quadratic work.
///
/// The table doubles when half full, so a streaming decoder that does not know the count
/// up front can start small (growing rehashes every id, so start near the usual count).
struct UniqueIDList {
    private(set) var ids: [String] = []
    /// Indices into `ids`, -1 for an empty slot; the count is a power of two.
    private var slots: [Int]
    private var fallback: Set<String>?
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
        append(id, hash: fallback == nil ? Self.asciiHash(id) : nil)
    }

    /// Like `append(_:)` for an id whose UTF-8 bytes the caller already holds (a decoder
    /// reading them from the body), which saves going back into the String for its bytes.
    @discardableResult
    mutating func append(_ id: String, utf8: UnsafeBufferPointer<UInt8>) -> Bool {
        append(id, hash: fallback == nil ? Self.asciiHash(UnsafeRawBufferPointer(utf8)) : nil)
    }

    /// `hash` is the id's `asciiHash`, nil when it is not ASCII.
    private mutating func append(_ id: String, hash: UInt64?) -> Bool {
        if fallback != nil {
            guard fallback?.insert(id).inserted == true else { return false }
            ids.append(id)
            return true
        }
        guard let hash else { return appendAfterFallingBack(id) }
        if 2 * (ids.count + 1) > slots.count, !grow() { return appendAfterFallingBack(id) }
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        for _ in 0..<maxProbes {
            let listed = slots[slot]
            if listed < 0 {
                slots[slot] = ids.count
                ids.append(id)
                return true
            }
            if ids[listed] == id { return false }
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
            // Every listed id is ASCII, or the list would have fallen back already.
            guard let hash = Self.asciiHash(id) else { return false }
            var slot = Int(truncatingIfNeeded: hash) & mask
            var probes = 1
            while larger[slot] >= 0 {
                guard probes < maxProbes else { return false }
                slot = (slot + 1) & mask
                probes += 1
            }
            larger[slot] = index
        }
        slots = larger
        return true
    }

    private mutating func appendAfterFallingBack(_ id: String) -> Bool {
        var set = Set<String>(minimumCapacity: ids.capacity)
        for listed in ids { set.insert(listed) }
        let inserted = set.insert(id).inserted
        if inserted { ids.append(id) }
        fallback = set
        slots = []
        return inserted
    }

    private static func asciiHash(_ id: String) -> UInt64? {
        let hashed = id.utf8.withContiguousStorageIfAvailable { asciiHash(UnsafeRawBufferPointer($0)) }
        return hashed ?? nil
    }

    /// A multiply-xorshift hash over the UTF-8 bytes, eight at a time, or nil when the id is
    /// not all ASCII.
    private static func asciiHash(_ raw: UnsafeRawBufferPointer) -> UInt64? {
        var hash = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
        var highBits: UInt64 = 0
        var offset = 0
        while offset + 8 <= raw.count {
            let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
            highBits |= word
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
        highBits |= tail
        hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
        hash ^= hash >> 29
        return highBits & 0x8080_8080_8080_8080 == 0 ? hash : nil
    }
}
