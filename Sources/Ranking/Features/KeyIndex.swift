/// A hash index from key bytes to row number, built once per snapshot and then read-only.
///
/// Keys live back to back in one byte buffer with an offsets array, and the table is open
/// addressing (linear probing) over 8-byte slots holding the row and 32 bits of the key's hash,
/// so a probe compares key bytes only when the tags match: misses, which are common (candidates
/// without a query x product row), rarely touch the key bytes at all. The slot count is exact
/// (multiply-shift reduction, no power-of-two rounding): about 4 + 8/0.7 bytes per row on top of
/// the keys themselves, against ~60+ for a `[String: Int]`, which keeps a table within 1.5x of its
/// raw keys and values.
public struct KeyIndex: Sendable {
    /// Concatenated key bytes; key `r` is `keyBytes[keyOffsets[r]..<keyOffsets[r + 1]]`.
    let keyBytes: [UInt8]
    let keyOffsets: [UInt32]
    /// `tag << 32 | (row + 1)` per slot; 0 marks an empty slot.
    let slots: [UInt64]

    public var count: Int { keyOffsets.count - 1 }

    /// Bytes of the keys themselves.
    public var rawKeyBytes: Int { keyBytes.count }

    /// Bytes held by the index (keys, offsets, slots), for memory reporting.
    public var memoryBytes: Int { keyBytes.count + keyOffsets.count * 4 + slots.count * 8 }

    /// Builds the index. Fails on the first duplicate key with both row numbers, since two rows
    /// for one key would make the served features depend on load order.
    public init(keys: PackedKeys) throws(KeyIndexError) {
        guard keys.count < Int(UInt32.max) - 1, keys.bytes.count < Int(UInt32.max) else {
            throw .tooLarge(rows: keys.count, bytes: keys.bytes.count)
        }
        let capacity = KeyIndex.capacity(for: keys.count)
        var slots = [UInt64](repeating: 0, count: capacity)
        let duplicate: KeyIndexError? = keys.bytes.withUnsafeBytes { all in
            for row in 0..<keys.count {
                let key = UnsafeRawBufferPointer(rebasing: all[keys.offsets[row]..<keys.offsets[row + 1]])
                let hash = KeyHash.hash(key)
                let tag = hash & 0xFFFF_FFFF
                var slot = KeyIndex.home(hash, capacity)
                while slots[slot] != 0 {
                    let other = Int(slots[slot] & 0xFFFF_FFFF) - 1
                    if slots[slot] >> 32 == tag,
                       KeyIndex.equal(key, UnsafeRawBufferPointer(rebasing: all[keys.offsets[other]..<keys.offsets[other + 1]])) {
                        return .duplicateKey(key: String(decoding: key, as: UTF8.self), firstRow: other, secondRow: row)
                    }
                    slot = slot + 1 == capacity ? 0 : slot + 1
                }
                slots[slot] = tag << 32 | UInt64(row + 1)
            }
            return nil
        }
        if let duplicate { throw duplicate }
        self.keyBytes = keys.bytes
        self.keyOffsets = keys.offsets.map { UInt32($0) }
        self.slots = slots
    }

    /// The row holding `key`, or nil.
    @inline(__always)
    public func row(for key: UnsafeRawBufferPointer) -> Int? {
        let hash = KeyHash.hash(key)
        let tag = hash & 0xFFFF_FFFF
        return keyBytes.withUnsafeBytes { all in
            slots.withUnsafeBufferPointer { slots in
                keyOffsets.withUnsafeBufferPointer { offsets in
                    let capacity = slots.count
                    var slot = KeyIndex.home(hash, capacity)
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        if entry >> 32 == tag {
                            let row = Int(entry & 0xFFFF_FFFF) - 1
                            let start = Int(offsets[row]), end = Int(offsets[row + 1])
                            if KeyIndex.equal(key, UnsafeRawBufferPointer(rebasing: all[start..<end])) { return row }
                        }
                        slot = slot + 1 == capacity ? 0 : slot + 1
                    }
                }
            }
        }
    }

    public func row(for key: String) -> Int? {
        var key = key
        return key.withUTF8 { row(for: UnsafeRawBufferPointer($0)) }
    }

    /// Load factor at most 0.7: linear probing stays short (about 2 probes for a hit, 6 for a
    /// miss before tags cut the cost of each), and never fewer than 16 slots.
    static func capacity(for count: Int) -> Int {
        max(16, count + count * 3 / 7 + 1)
    }

    /// Maps the hash's high 32 bits onto 0..<capacity without a division (Lemire's reduction).
    @inline(__always)
    static func home(_ hash: UInt64, _ capacity: Int) -> Int {
        Int(truncatingIfNeeded: ((hash >> 32) &* UInt64(capacity)) >> 32)
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

import Glibc

public enum KeyIndexError: Error, Sendable, Equatable {
    case duplicateKey(key: String, firstRow: Int, secondRow: Int)
    case tooLarge(rows: Int, bytes: Int)
}

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
}
