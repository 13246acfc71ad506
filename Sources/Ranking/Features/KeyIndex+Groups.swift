/// Splitting composite keys into prefix and last part.
extension KeyIndex {
    /// Bytes of `key` before its last part: `parts - 1` length-prefixed parts. A key too short
    /// for that (which `PackedKeys.appendPart` never writes) is all prefix.
    static func prefixLength(_ key: UnsafeRawBufferPointer, parts: Int) -> Int {
        var position = 0
        for _ in 1..<max(parts, 1) {
            let (length, end, complete) = KeyEncoding.readVarint(key, at: position)
            guard complete, length <= key.count - end else { return key.count }
            position = end + length
        }
        return position
    }
}

/// A table's keys split by prefix: the distinct prefixes in order of first appearance, each
/// row's group, and each row's last part. Made once per table load and used both to order the
/// rows and to build the index.
struct KeyGroups {
    private(set) var prefixes = PackedKeys()
    private(set) var groupOf: [UInt32]
    private(set) var lastParts = PackedKeys()

    init(_ keys: PackedKeys, parts: Int) {
        lastParts.reserve(rows: keys.count, bytes: keys.bytes.count / 2)
        groupOf = [UInt32](repeating: 0, count: keys.count)
        var known: [[UInt8]: UInt32] = [:]
        var previous: (range: Range<Int>, group: UInt32)?
        keys.bytes.withUnsafeBytes { all in
            for row in 0..<keys.count {
                let start = keys.offsets[row]
                let key = UnsafeRawBufferPointer(rebasing: all[start..<keys.offsets[row + 1]])
                let cut = KeyIndex.prefixLength(key, parts: parts)
                let prefix = UnsafeRawBufferPointer(rebasing: key[..<cut])
                // Snapshots are usually written grouped by query: most rows repeat the previous
                // row's prefix, and only a change costs a dictionary lookup.
                if let last = previous, KeySlots.equal(UnsafeRawBufferPointer(rebasing: all[last.range]), prefix) {
                    groupOf[row] = last.group
                } else {
                    let bytes = Array(prefix)
                    let group = known[bytes] ?? UInt32(prefixes.count)
                    if group == UInt32(prefixes.count) {
                        known[bytes] = group
                        prefixes.append(prefix)
                    }
                    groupOf[row] = group
                }
                previous = (start..<(start + cut), groupOf[row])
                lastParts.append(UnsafeRawBufferPointer(rebasing: key[cut...]))
            }
        }
    }

    /// An order of the rows that puts each group's rows together (groups in order of first
    /// appearance, rows in file order within a group), so one query's rows, and their
    /// features, sit next to each other in memory; nil when the rows already are.
    func contiguousOrder() -> [Int]? {
        if zip(groupOf, groupOf.dropFirst()).allSatisfy({ $1 == $0 || $1 == $0 + 1 }) { return nil }
        var next = [Int](repeating: 0, count: prefixes.count + 1)
        for group in groupOf { next[Int(group) + 1] += 1 }
        for g in 0..<prefixes.count { next[g + 1] += next[g] }
        var order = [Int](repeating: 0, count: groupOf.count)
        for (row, group) in groupOf.enumerated() {
            order[next[Int(group)]] = row
            next[Int(group)] += 1
        }
        return order
    }

    /// The same groups with the rows in `order` (row `r` is row `order[r]` of these). Groups
    /// keep their numbers: an order by group keeps them in order of first appearance.
    func reordered(_ order: [Int]) -> KeyGroups {
        var result = self
        result.groupOf = order.map { groupOf[$0] }
        result.lastParts = lastParts.reordered(order)
        return result
    }
}
