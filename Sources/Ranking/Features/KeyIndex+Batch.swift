/// Batched lookups. One lookup is a chain of dependent cache misses (slot, then the key's
/// offsets, then its bytes); a request looks up ~100 independent keys per table. Going phase by
/// phase over all keys makes each phase's loads independent of each other, so the CPU overlaps
/// their misses instead of paying them one after another.
extension KeyIndex {
    /// `rows[i]` = row of key `i` of `keys`, or -1.
    public func rows(for keys: PackedKeys, into rows: inout [Int32]) {
        let n = keys.count
        rows = [Int32](repeating: -1, count: n)
        guard n > 0 else { return }
        var hashes = [UInt64](repeating: 0, count: n)
        var entries = [UInt64](repeating: 0, count: n)
        keys.bytes.withUnsafeBytes { all in
            slots.withUnsafeBufferPointer { slots in
                let capacity = slots.count
                // Phase 1: hash every key and load its home slot.
                for i in 0..<n {
                    let key = UnsafeRawBufferPointer(rebasing: all[keys.offsets[i]..<keys.offsets[i + 1]])
                    hashes[i] = KeyHash.hash(key)
                    entries[i] = slots[KeyIndex.home(hashes[i], capacity)]
                }
            }
            // Phase 2: where the home slot holds the key's tag, load where that row's key lives.
            var starts = [Int](repeating: -1, count: n)
            var ends = [Int](repeating: 0, count: n)
            keyOffsets.withUnsafeBufferPointer { offsets in
                for i in 0..<n where entries[i] != 0 && entries[i] >> 32 == hashes[i] & 0xFFFF_FFFF {
                    let row = Int(entries[i] & 0xFFFF_FFFF) - 1
                    starts[i] = Int(offsets[row])
                    ends[i] = Int(offsets[row + 1])
                }
            }
            // Phase 3: compare key bytes; anything not settled at home walks its probe chain.
            keyBytes.withUnsafeBytes { stored in
                for i in 0..<n {
                    guard entries[i] != 0 else { continue }  // empty home slot: certainly absent
                    let key = UnsafeRawBufferPointer(rebasing: all[keys.offsets[i]..<keys.offsets[i + 1]])
                    if starts[i] >= 0, KeyIndex.equal(key, UnsafeRawBufferPointer(rebasing: stored[starts[i]..<ends[i]])) {
                        rows[i] = Int32(entries[i] & 0xFFFF_FFFF) - 1
                        continue
                    }
                    rows[i] = self.row(for: key).map { Int32($0) } ?? -1
                }
            }
        }
    }
}
