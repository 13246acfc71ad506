import CRankdShim

/// Batched lookups. One lookup is a chain of dependent cache (and TLB) misses: the slot, then
/// the entry it points at. A request looks up ~100 independent keys per table; going phase by
/// phase over all of them, each phase a short loop of independent loads, lets the CPU keep many
/// misses in flight at once instead of paying them one after another.
extension KeySlots {
    /// `rows[i]` = the value of key `i` of `keys` in `group`, or -1.
    func find(_ keys: HashedKeys, group: Int, into rows: UnsafeMutableBufferPointer<Int32>) {
        let n = keys.count
        guard Int(starts[group + 1]) > Int(starts[group]) else {
            rows.update(repeating: -1)
            return
        }
        // Per key: its home slot's content, then the value its entry holds.
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 2 * n) { scratch in
            let entries = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
            let values = UnsafeMutableBufferPointer(rebasing: scratch[n..<(2 * n)])
            keys.hashes.withUnsafeBufferPointer { hashes in
                arena.withUnsafeBytes { arena in
                    loadHomes(hashes, group: group, into: entries)
                    walkChains(hashes, group: group, entries: entries)
                    // Phase 2: where a slot holds the key's tag, its entry: the second miss,
                    // again requested for all keys before any is waited on.
                    guard let start = arena.baseAddress else { return }
                    for i in 0..<n where entries[i] != 0 { rankd_prefetch(start + Int(entries[i] & 0xFFFF_FFFF) - 1) }
                    for i in 0..<n where entries[i] != 0 && entries[i] >> 32 == hashes[i] & 0xFFFF_FFFF {
                        values[i] = UInt64(arena.loadUnaligned(fromByteOffset: Int(entries[i] & 0xFFFF_FFFF) - 1, as: UInt32.self))
                    }
                    settle(keys, hashes, group: group, entries: entries, values: values, arena: arena, into: rows)
                }
            }
        }
    }

    /// Phase 1: every key's home slot.
    @inline(__always)
    private func loadHomes(_ hashes: UnsafeBufferPointer<UInt64>, group: Int, into entries: UnsafeMutableBufferPointer<UInt64>) {
        let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
        slots.withUnsafeBufferPointer { slots in
            guard let start = slots.baseAddress else { return }
            for i in 0..<hashes.count { rankd_prefetch(start + first + KeySlots.home(hashes[i], capacity)) }
            for i in 0..<hashes.count { entries[i] = slots[first + KeySlots.home(hashes[i], capacity)] }
        }
    }

    /// Phase 1b: a key not at home is usually a slot or two further on, on the cache line the
    /// home slot brought in. Walking there now, for all keys, leaves each entry with the first
    /// slot holding the key's tag, or 0 when the chain ends first (the key is absent): only a
    /// 32-bit tag collision is left for a walk in `settle`.
    @inline(__always)
    private func walkChains(_ hashes: UnsafeBufferPointer<UInt64>, group: Int, entries: UnsafeMutableBufferPointer<UInt64>) {
        let first = Int(starts[group]), capacity = Int(starts[group + 1]) - first
        slots.withUnsafeBufferPointer { slots in
            for i in 0..<hashes.count {
                let tag = hashes[i] & 0xFFFF_FFFF
                var entry = entries[i]
                guard entry != 0, entry >> 32 != tag else { continue }
                var slot = KeySlots.home(hashes[i], capacity)
                while entry != 0, entry >> 32 != tag {
                    slot = slot + 1 == capacity ? 0 : slot + 1
                    entry = slots[first + slot]
                }
                entries[i] = entry
            }
        }
    }

    /// Phase 3: compare keys with their entries, now in cache; the rest walk their probe chains.
    @inline(__always)
    private func settle(_ keys: HashedKeys, _ hashes: UnsafeBufferPointer<UInt64>, group: Int,
                        entries: UnsafeMutableBufferPointer<UInt64>, values: UnsafeMutableBufferPointer<UInt64>,
                        arena: UnsafeRawBufferPointer, into rows: UnsafeMutableBufferPointer<Int32>) {
        keys.keys.bytes.withUnsafeBytes { all in
            for i in 0..<hashes.count {
                let entry = entries[i]
                guard entry != 0 else {  // the chain ended without the key's tag: absent
                    rows[i] = -1
                    continue
                }
                let key = UnsafeRawBufferPointer(rebasing: all[keys.keys.offsets[i]..<keys.keys.offsets[i + 1]])
                if entry >> 32 == hashes[i] & 0xFFFF_FFFF,
                   KeySlots.entry(in: arena, at: Int(entry & 0xFFFF_FFFF) - 1).matches(key) {
                    rows[i] = Int32(bitPattern: UInt32(littleEndian: UInt32(truncatingIfNeeded: values[i])))
                    continue
                }
                rows[i] = find(key, hash: hashes[i], group: group)
            }
        }
    }
}
