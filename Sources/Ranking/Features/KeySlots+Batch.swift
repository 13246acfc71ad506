import CRankdShim

/// Batched lookups. A lookup's cost is its cache (and TLB) misses; a request looks up ~100
/// independent keys per table. Going phase by phase over all of them, each phase a short loop of
/// independent loads, lets the CPU keep many misses in flight at once instead of paying them
/// one after another.
extension KeySlots {
    /// `rows[i]` = the value of key `i` of `keys` in `group`, or -1.
    func find(_ keys: HashedKeys, group: Int, into rows: UnsafeMutableBufferPointer<Int32>) {
        let n = keys.count
        let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
        guard capacity > 0 else {
            rows.update(repeating: -1)
            return
        }
        var longKeys = 0
        keys.hashes.withUnsafeBufferPointer { hashes in
            keys.keys.bytes.withUnsafeBytes { all in
                slots.withUnsafeBufferPointer { slots in
                    guard let base = slots.baseAddress else { return }
                    // Phase 1: every key's home slot (a slot never straddles a cache line).
                    for i in 0..<n { rankd_prefetch(base + 2 * (first + KeySlots.home(hashes[i], capacity))) }
                }
                // Phase 2: each chain walked to its key or to an empty slot. A key of up to 8
                // bytes is settled here, on its home slot's line; a longer one is left for
                // `findLong` (-2).
                for i in 0..<n {
                    let key = UnsafeRawBufferPointer(rebasing: all[keys.keys.offsets[i]..<keys.keys.offsets[i + 1]])
                    guard key.count <= KeySlots.inlineBytes else {
                        rows[i] = -2
                        longKeys += 1
                        continue
                    }
                    rows[i] = find(key, hash: hashes[i], group: group)
                }
            }
        }
        if longKeys > 0 { findLong(keys, group: group, into: rows) }
    }

    /// The keys `find` left at -2 (longer than 8 bytes): the first slot whose header matches
    /// each, then those keys' arena bytes requested together, then the compares; a tag that
    /// matched another key walks on in the scalar `find`.
    private func findLong(_ keys: HashedKeys, group: Int, into rows: UnsafeMutableBufferPointer<Int32>) {
        let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
        withUnsafeTemporaryAllocation(of: Int.self, capacity: keys.count) { candidates in
            keys.hashes.withUnsafeBufferPointer { hashes in
                keys.keys.bytes.withUnsafeBytes { all in
                    slots.withUnsafeBufferPointer { slots in
                        arena.withUnsafeBytes { arena in
                            for i in 0..<keys.count where rows[i] == -2 {
                                let length = keys.keys.offsets[i + 1] - keys.keys.offsets[i]
                                let header = KeySlots.header(hashes[i], length: length) >> 32
                                var slot = KeySlots.home(hashes[i], capacity)
                                candidates[i] = -1
                                while slots[2 * (first + slot)] != 0 {
                                    if slots[2 * (first + slot)] >> 32 == header {
                                        candidates[i] = first + slot
                                        break
                                    }
                                    slot = slot + 1 == capacity ? 0 : slot + 1
                                }
                                if candidates[i] >= 0, let start = arena.baseAddress {
                                    rankd_prefetch(start + Int(slots[2 * candidates[i] + 1]))
                                }
                            }
                            for i in 0..<keys.count where rows[i] == -2 {
                                let key = UnsafeRawBufferPointer(rebasing: all[keys.keys.offsets[i]..<keys.keys.offsets[i + 1]])
                                guard candidates[i] >= 0 else {  // the chain ended without the key's header
                                    rows[i] = -1
                                    continue
                                }
                                let at = 2 * candidates[i]
                                if KeySlots.equal(KeySlots.arenaKey(arena, at: Int(slots[at + 1])), key) {
                                    rows[i] = Int32(bitPattern: UInt32(truncatingIfNeeded: slots[at]))
                                } else {
                                    rows[i] = find(key, hash: hashes[i], group: group)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
