/// A hash index from key bytes to row number, built once per snapshot and then read-only.
///
/// Keys live back to back in one byte buffer with an offsets array, and the table is open
/// addressing over `UInt32` slots: about 4 + 4/loadFactor bytes per row on top of the key bytes
/// themselves, against ~60+ for a `[String: Int]`. That is what keeps a table within 1.5x of its
/// raw keys and values.
public struct KeyIndex: Sendable {
    /// Concatenated key bytes; key `r` is `keyBytes[keyOffsets[r]..<keyOffsets[r + 1]]`.
    private let keyBytes: [UInt8]
    private let keyOffsets: [UInt32]
    /// Row + 1 per slot; 0 marks an empty slot. Capacity is a power of two.
    private let slots: [UInt32]
    private let mask: Int

    public var count: Int { keyOffsets.count - 1 }

    /// Bytes of the keys themselves.
    public var rawKeyBytes: Int { keyBytes.count }

    /// Bytes held by the index (keys, offsets, slots), for memory reporting.
    public var memoryBytes: Int { keyBytes.count + keyOffsets.count * 4 + slots.count * 4 }

    /// Builds the index. Fails on the first duplicate key with both row numbers, since two rows
    /// for one key would make the served features depend on load order.
    public init(keys: PackedKeys) throws(KeyIndexError) {
        guard keys.count < Int(UInt32.max) - 1, keys.bytes.count < Int(UInt32.max) else {
            throw .tooLarge(rows: keys.count, bytes: keys.bytes.count)
        }
        let capacity = KeyIndex.capacity(for: keys.count)
        var slots = [UInt32](repeating: 0, count: capacity)
        let mask = capacity - 1
        let duplicate: KeyIndexError? = keys.bytes.withUnsafeBytes { all in
            for row in 0..<keys.count {
                let key = UnsafeRawBufferPointer(rebasing: all[keys.offsets[row]..<keys.offsets[row + 1]])
                var slot = Int(truncatingIfNeeded: KeyHash.hash(key)) & mask
                while slots[slot] != 0 {
                    let other = Int(slots[slot]) - 1
                    if KeyIndex.equal(key, UnsafeRawBufferPointer(rebasing: all[keys.offsets[other]..<keys.offsets[other + 1]])) {
                        return .duplicateKey(key: String(decoding: key, as: UTF8.self), firstRow: other, secondRow: row)
                    }
                    slot = (slot + 1) & mask
                }
                slots[slot] = UInt32(row + 1)
            }
            return nil
        }
        if let duplicate { throw duplicate }
        self.keyBytes = keys.bytes
        self.keyOffsets = keys.offsets.map { UInt32($0) }
        self.slots = slots
        self.mask = mask
    }

    /// The row holding `key`, or nil.
    @inline(__always)
    public func row(for key: UnsafeRawBufferPointer) -> Int? {
        var slot = Int(truncatingIfNeeded: KeyHash.hash(key)) & mask
        return keyBytes.withUnsafeBytes { all in
            slots.withUnsafeBufferPointer { slots in
                keyOffsets.withUnsafeBufferPointer { offsets in
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return nil }
                        let row = Int(entry) - 1
                        let start = Int(offsets[row]), end = Int(offsets[row + 1])
                        if KeyIndex.equal(key, UnsafeRawBufferPointer(rebasing: all[start..<end])) { return row }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    public func row(for key: String) -> Int? {
        var key = key
        return key.withUTF8 { row(for: UnsafeRawBufferPointer($0)) }
    }

    /// Load factor at most ~0.7: linear probing stays short, memory stays near 6 bytes a row.
    static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity * 7 < count * 10 { capacity <<= 1 }
        return capacity
    }

    @inline(__always)
    static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        guard a.count == b.count else { return false }
        guard let pa = a.baseAddress, let pb = b.baseAddress else { return true }
        return memcmp(pa, pb, a.count) == 0
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
}
