/// A hash index from a table's keys to its rows, built once per snapshot and then read-only.
///
/// A key of several parts (see `KeyEncoding`) is split into its prefix (every part but the
/// last) and its last part. Rows are grouped by prefix: one lookup finds the prefix's group, and
/// last parts are looked up among that group's own slots (`KeySlots`). The configuration puts
/// the candidate's column last, so a request finds its query's group once and then probes only
/// that group, a few kilobytes, for all its candidates; and each prefix is stored once, not once
/// per row. A one-part key (a product id) is a single group.
///
/// Memory: 16/0.7 bytes per row of slots, which hold keys of up to 8 bytes themselves; a longer
/// key adds 4 bytes and its own bytes. Against ~60+ per row for a `[String: Int]`.
public struct KeyIndex: Sendable {
    /// Parts per key.
    let parts: Int
    /// Distinct prefixes to group numbers; nil for one-part keys.
    let prefixes: KeySlots?
    /// Last parts to rows, within their group.
    let entries: KeySlots

    public let count: Int

    /// Bytes of the keys as loaded (every part of every row).
    public let rawKeyBytes: Int

    /// Bytes held by the index, for memory reporting.
    public var memoryBytes: Int { (prefixes?.memoryBytes ?? 0) + entries.memoryBytes }

    /// Builds the index over keys of `parts` parts. Fails on the first duplicate key with both
    /// row numbers, since two rows for one key would make the served features depend on load order.
    public init(keys: PackedKeys, parts: Int = 1) throws(KeyIndexError) {
        try self.init(keys: keys, parts: parts, groups: parts > 1 ? KeyGroups(keys, parts: parts) : nil)
    }

    /// `groups` is `keys` split by prefix (`KeyGroups(keys, parts: parts)`), when the caller
    /// already made it; nil for one-part keys.
    init(keys: PackedKeys, parts: Int, groups: KeyGroups?) throws(KeyIndexError) {
        guard keys.count < Int(Int32.max), keys.bytes.count + keys.count * 9 < Int(UInt32.max) else {
            throw .tooLarge(rows: keys.count, bytes: keys.bytes.count)
        }
        self.parts = parts
        count = keys.count
        rawKeyBytes = keys.bytes.count
        do throws(KeySlots.Duplicate) {
            if let groups {
                prefixes = try KeySlots(keys: groups.prefixes, groupOf: nil, groups: 1)  // distinct by construction
                entries = try KeySlots(keys: groups.lastParts, groupOf: groups.groupOf, groups: groups.prefixes.count)
            } else {
                prefixes = nil
                entries = try KeySlots(keys: keys, groupOf: nil, groups: 1)
            }
        } catch {
            let key = keys.withKey(error.second) { String(decoding: $0, as: UTF8.self) }
            throw .duplicateKey(key: key, firstRow: error.first, secondRow: error.second)
        }
    }

    /// The row holding `key` (all its parts), or nil.
    public func row(for key: UnsafeRawBufferPointer) -> Int? {
        let cut = KeyIndex.prefixLength(key, parts: parts)
        guard let group = group(ofPrefix: UnsafeRawBufferPointer(rebasing: key[..<cut])) else { return nil }
        let last = UnsafeRawBufferPointer(rebasing: key[cut...])
        let row = entries.find(last, hash: KeyHash.hash(last), group: group)
        return row >= 0 ? Int(row) : nil
    }

    public func row(for key: String) -> Int? {
        var key = key
        return key.withUTF8 { row(for: UnsafeRawBufferPointer($0)) }
    }

    /// The group of rows whose keys start with `prefix` (the length-prefixed parts before the
    /// last, as `PackedKeys.appendPart` writes them), or nil when no row does.
    func group(ofPrefix prefix: UnsafeRawBufferPointer) -> Int? {
        guard let prefixes else { return prefix.isEmpty ? 0 : nil }
        let group = prefixes.find(prefix, hash: KeyHash.hash(prefix), group: 0)
        return group >= 0 ? Int(group) : nil
    }

    /// `rows[i]` = the row whose key is the group's prefix followed by last part `i`, or -1.
    func rows(inGroup group: Int, lastParts: HashedKeys, into rows: UnsafeMutableBufferPointer<Int32>) {
        entries.find(lastParts, group: group, into: rows)
    }

    /// `rows[i]` = row of (whole) key `i` of `keys`, or -1.
    public func rows(for keys: PackedKeys, into rows: inout [Int32]) {
        rows = [Int32](repeating: -1, count: keys.count)
        if parts <= 1 {
            let hashed = HashedKeys(keys)
            rows.withUnsafeMutableBufferPointer { entries.find(hashed, group: 0, into: $0) }
            return
        }
        for i in 0..<keys.count {
            rows[i] = keys.withKey(i) { row(for: $0) }.map { Int32($0) } ?? -1
        }
    }
}

public enum KeyIndexError: Error, Sendable, Equatable {
    case duplicateKey(key: String, firstRow: Int, secondRow: Int)
    case tooLarge(rows: Int, bytes: Int)
}
