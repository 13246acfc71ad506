/// Open addressing (linear probing) over byte keys, partitioned into groups: each group owns a
/// contiguous run of slots sized for its own keys, and a probe never leaves its group. A table
/// keyed by (query, product) puts one query's products in one group, so the ~100 candidate
/// lookups of a request probe a few kilobytes instead of 100 random places in the whole table.
///
/// A slot holds 32 bits of the key's hash (the tag) and where the key's entry starts in the
/// arena, so a probe reads key bytes only when the tags match; the entry holds the key's value
/// (a row, or a group number) beside its bytes, so a match reads one place for both.
struct KeySlots: Sendable {
    /// Entries back to back: the value (UInt32), the key's length (one byte; 255 means a UInt32
    /// length follows), the key's bytes. Entry `i` is key `i` of the keys built from.
    let arena: [UInt8]
    /// `tag << 32 | (entry offset + 1)`; 0 marks an empty slot.
    let slots: [UInt64]
    /// Group `g` owns `slots[starts[g]..<starts[g + 1]]`.
    let starts: [UInt32]

    /// Key `first` and key `second` are equal and in the same group.
    struct Duplicate: Error {
        let first: Int
        let second: Int
    }

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
        var slots = [UInt64](repeating: 0, count: total)
        var arena: [UInt8] = []
        arena.reserveCapacity(keys.bytes.count + keys.count * 5)
        let duplicate: Duplicate? = keys.bytes.withUnsafeBytes { all in
            for i in 0..<keys.count {
                let key = UnsafeRawBufferPointer(rebasing: all[keys.offsets[i]..<keys.offsets[i + 1]])
                let offset = arena.count
                KeySlots.appendEntry(value: UInt32(truncatingIfNeeded: i), key: key, to: &arena)
                let group = Int(groupOf?[i] ?? 0)
                let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
                let hash = KeyHash.hash(key)
                var slot = KeySlots.home(hash, capacity)
                while slots[first + slot] != 0 {
                    let other = slots[first + slot]
                    if other >> 32 == hash & 0xFFFF_FFFF {
                        let existing = arena.withUnsafeBytes { KeySlots.entry(in: $0, at: Int(other & 0xFFFF_FFFF) - 1) }
                        if existing.matches(key) { return Duplicate(first: Int(existing.value), second: i) }
                    }
                    slot = slot + 1 == capacity ? 0 : slot + 1
                }
                slots[first + slot] = (hash & 0xFFFF_FFFF) << 32 | UInt64(offset + 1)
            }
            return nil
        }
        if let duplicate { throw duplicate }
        self.arena = arena
        self.slots = slots
        self.starts = starts
    }

    /// Load factor at most 0.7: linear probing stays short (about 2 probes for a hit, 6 for a
    /// miss before tags cut the cost of each). No power-of-two rounding (see `home`).
    static func capacity(for count: Int) -> Int {
        count == 0 ? 0 : count + count * 3 / 7 + 1
    }

    /// Maps the hash's high 32 bits onto 0..<capacity without a division (Lemire's reduction).
    @inline(__always)
    static func home(_ hash: UInt64, _ capacity: Int) -> Int {
        Int(truncatingIfNeeded: ((hash >> 32) &* UInt64(capacity)) >> 32)
    }

    private static func appendEntry(value: UInt32, key: UnsafeRawBufferPointer, to arena: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { arena.append(contentsOf: $0) }
        if key.count < 255 {
            arena.append(UInt8(key.count))
        } else {
            arena.append(255)
            withUnsafeBytes(of: UInt32(key.count).littleEndian) { arena.append(contentsOf: $0) }
        }
        arena.append(contentsOf: key)
    }

    /// An entry of the arena, read in place.
    struct Entry {
        let value: UInt32
        let key: UnsafeRawBufferPointer

        @inline(__always)
        func matches(_ other: UnsafeRawBufferPointer) -> Bool { KeySlots.equal(key, other) }
    }

    @inline(__always)
    static func entry(in arena: UnsafeRawBufferPointer, at offset: Int) -> Entry {
        let value = UInt32(littleEndian: arena.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
        let short = Int(arena[offset + 4])
        let length = short < 255 ? short : Int(UInt32(littleEndian: arena.loadUnaligned(fromByteOffset: offset + 5, as: UInt32.self)))
        let start = offset + (short < 255 ? 5 : 9)
        return Entry(value: value, key: UnsafeRawBufferPointer(rebasing: arena[start..<(start + length)]))
    }

    /// The value of `key` in `group`, or -1.
    @inline(__always)
    func find(_ key: UnsafeRawBufferPointer, hash: UInt64, group: Int) -> Int32 {
        arena.withUnsafeBytes { arena in
            slots.withUnsafeBufferPointer { slots in
                let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
                guard capacity > 0 else { return -1 }
                var slot = KeySlots.home(hash, capacity)
                while true {
                    let entry = slots[first + slot]
                    if entry == 0 { return -1 }
                    if entry >> 32 == hash & 0xFFFF_FFFF {
                        let found = KeySlots.entry(in: arena, at: Int(entry & 0xFFFF_FFFF) - 1)
                        if found.matches(key) { return Int32(bitPattern: found.value) }
                    }
                    slot = slot + 1 == capacity ? 0 : slot + 1
                }
            }
        }
    }

    /// Key equality, inline for the short keys ids and queries are: word-at-a-time compares
    /// instead of a libc call per probe.
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
