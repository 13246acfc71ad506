/// Open addressing (linear probing) over byte keys, partitioned into groups: each group owns a
/// contiguous run of slots sized for its own keys, and a probe never leaves its group. A table
/// keyed by (query, product) puts one query's products in one group, so the ~100 candidate
/// lookups of a request probe a few kilobytes instead of 100 random places in the whole table.
///
/// A slot is two words: a header (occupied bit, 23 bits of the key's hash, its length, its
/// value) and, for a key of up to 8 bytes (product and user ids, typically), the key itself.
/// Such a key is found, compared and its value read on the one cache line its home slot is on.
/// A longer key's second word says where its bytes are in the arena.
struct KeySlots: Sendable {
    /// Keys longer than `inlineBytes`, back to back, each after its length as a UInt32.
    let arena: [UInt8]
    /// Two words per slot (see `header`); all zero marks an empty slot.
    let slots: [UInt64]
    /// Group `g` owns slots `starts[g]..<starts[g + 1]`.
    let starts: [UInt32]

    /// Key `first` and key `second` are equal and in the same group.
    struct Duplicate: Error {
        let first: Int
        let second: Int
    }

    static let inlineBytes = 8

    var memoryBytes: Int { arena.count + slots.count * 8 + starts.count * 4 }

    /// Entry `i` is `keys[i]` with value `i`, in group `groupOf[i]` (all in group 0 when nil).
    init(keys: PackedKeys, groupOf: [UInt32]?, groups: Int) throws(Duplicate) {
        var starts = [UInt32](repeating: 0, count: groups + 1)
        var counts = [Int](repeating: 0, count: groups)
        if let groupOf { for g in groupOf { counts[Int(g)] += 1 } } else if groups > 0 { counts[0] = keys.count }
        var total = 0
        for g in 0..<groups {
            total += KeySlots.capacity(for: counts[g])
            starts[g + 1] = UInt32(truncatingIfNeeded: total)
        }
        var slots = [UInt64](repeating: 0, count: 2 * total)
        var arena: [UInt8] = []
        let duplicate: Duplicate? = keys.bytes.withUnsafeBytes { all in
            for i in 0..<keys.count {
                let key = UnsafeRawBufferPointer(rebasing: all[keys.offsets[i]..<keys.offsets[i + 1]])
                let group = Int(groupOf?[i] ?? 0)
                let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
                let hash = KeyHash.hash(key)
                let header = KeySlots.header(hash, length: key.count)
                let probe = KeySlots.probeWord(key)
                var slot = KeySlots.home(hash, capacity)
                while slots[2 * (first + slot)] != 0 {
                    let at = 2 * (first + slot)
                    let matched = arena.withUnsafeBytes { KeySlots.matches(slots[at], slots[at + 1], key, header, probe, arena: $0) }
                    if matched { return Duplicate(first: Int(slots[at] & 0xFFFF_FFFF), second: i) }
                    slot = slot + 1 == capacity ? 0 : slot + 1
                }
                let at = 2 * (first + slot)
                slots[at] = header | UInt64(UInt32(truncatingIfNeeded: i))
                if key.count <= KeySlots.inlineBytes {
                    slots[at + 1] = probe
                } else {
                    slots[at + 1] = UInt64(arena.count)
                    withUnsafeBytes(of: UInt32(key.count).littleEndian) { arena.append(contentsOf: $0) }
                    arena.append(contentsOf: key)
                }
            }
            return nil
        }
        if let duplicate { throw duplicate }
        self.arena = arena
        self.slots = slots
        self.starts = starts
    }

    /// Load factor at most 0.7: linear probing stays short (about 2 probes for a hit, 6 for a
    /// miss). No power-of-two rounding (see `home`).
    static func capacity(for count: Int) -> Int {
        count == 0 ? 0 : count + count * 3 / 7 + 1
    }

    /// Maps the hash's high 32 bits onto 0..<capacity without a division (Lemire's reduction).
    @inline(__always)
    static func home(_ hash: UInt64, _ capacity: Int) -> Int {
        Int(truncatingIfNeeded: ((hash >> 32) &* UInt64(capacity)) >> 32)
    }

    /// A slot's first word without its value: occupied (bit 63), 23 low bits of the hash (the
    /// home uses the high ones), the length (255 for 255 bytes or more).
    @inline(__always)
    static func header(_ hash: UInt64, length: Int) -> UInt64 {
        1 << 63 | (hash & 0x7F_FFFF) << 40 | UInt64(min(length, 255)) << 32
    }

    /// A key of up to 8 bytes as one little-endian word, zero-padded (with the length in the
    /// header, equal words mean equal keys); 0 for a longer key, which is compared in the arena.
    @inline(__always)
    static func probeWord(_ key: UnsafeRawBufferPointer) -> UInt64 {
        let n = key.count
        if n >= 4 {
            guard n <= inlineBytes else { return 0 }
            // Two overlapping 4-byte loads: the shared bytes are the same in both.
            let low = UInt64(UInt32(littleEndian: key.loadUnaligned(as: UInt32.self)))
            let high = UInt64(UInt32(littleEndian: key.loadUnaligned(fromByteOffset: n - 4, as: UInt32.self)))
            return low | high << UInt64(8 * (n - 4))
        }
        var word: UInt64 = 0
        for i in 0..<n { word |= UInt64(key[i]) << UInt64(8 * i) }
        return word
    }

    /// Whether the slot `(first, second)` holds `key` (`header` and `probe` made from it).
    @inline(__always)
    static func matches(_ first: UInt64, _ second: UInt64, _ key: UnsafeRawBufferPointer, _ header: UInt64, _ probe: UInt64,
                        arena: UnsafeRawBufferPointer) -> Bool {
        guard first >> 32 == header >> 32 else { return false }
        if key.count <= inlineBytes { return second == probe }
        return equal(arenaKey(arena, at: Int(second)), key)
    }

    /// The bytes of the long key stored at `offset`.
    @inline(__always)
    static func arenaKey(_ arena: UnsafeRawBufferPointer, at offset: Int) -> UnsafeRawBufferPointer {
        let length = Int(UInt32(littleEndian: arena.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
        return UnsafeRawBufferPointer(rebasing: arena[(offset + 4)..<(offset + 4 + length)])
    }

    /// The value of `key` in `group`, or -1.
    @inline(__always)
    func find(_ key: UnsafeRawBufferPointer, hash: UInt64, group: Int) -> Int32 {
        arena.withUnsafeBytes { arena in
            slots.withUnsafeBufferPointer { slots in
                let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
                guard capacity > 0 else { return -1 }
                let header = KeySlots.header(hash, length: key.count), probe = KeySlots.probeWord(key)
                var slot = KeySlots.home(hash, capacity)
                while true {
                    let at = 2 * (first + slot)
                    let word = slots[at]
                    if word == 0 { return -1 }
                    if KeySlots.matches(word, slots[at + 1], key, header, probe, arena: arena) {
                        return Int32(bitPattern: UInt32(truncatingIfNeeded: word))
                    }
                    slot = slot + 1 == capacity ? 0 : slot + 1
                }
            }
        }
    }

    /// Key equality for long keys: word-at-a-time compares instead of a libc call per probe.
    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        var i = 0
        while i + 8 <= n {
            if a.loadUnaligned(fromByteOffset: i, as: UInt64.self) != b.loadUnaligned(fromByteOffset: i, as: UInt64.self) {
                return false
            }
            i += 8
        }
        while i < n {
            if a[i] != b[i] { return false }
            i += 1
        }
        return true
    }
}
