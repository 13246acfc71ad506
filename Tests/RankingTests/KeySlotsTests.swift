import TestSupport
import Testing
@testable import Ranking

/// The slot table against a dictionary: keys of every length around the 8 bytes kept inside a
/// slot, zero bytes included (an inline key is zero-padded, so "ab" and "ab\0" must differ by
/// length alone), in several groups, looked up one at a time and in batches.
@Suite struct KeySlotsTests {
    static func randomKey(_ generator: inout SeededGenerator) -> [UInt8] {
        let length = Int.random(in: 0...24, using: &generator)
        return (0..<length).map { _ in Bool.random(using: &generator) ? 0 : UInt8.random(in: 0...255, using: &generator) }
    }

    @Test func lookupsAgreeWithADictionary() throws {
        var generator = SeededGenerator(state: 8)
        let groups = 5
        var byGroup: [[UInt8]: Int] = [:]  // key with its group appended -> value
        var keys = PackedKeys()
        var groupOf: [UInt32] = []
        while keys.count < 3000 {
            let key = Self.randomKey(&generator)
            let group = Int.random(in: 0..<groups, using: &generator)
            guard byGroup[key + [UInt8(group)]] == nil else { continue }
            byGroup[key + [UInt8(group)]] = keys.count
            key.withUnsafeBytes { keys.append($0) }
            groupOf.append(UInt32(group))
        }
        let slots = try KeySlots(keys: keys, groupOf: groupOf, groups: groups)
        // Every key, its zero-extended and shortened neighbours, and random strangers.
        var probes: [[UInt8]] = []
        for i in 0..<keys.count {
            let key = keys.withKey(i) { Array($0) }
            probes += [key, key + [0], Array(key.dropLast())]
        }
        for _ in 0..<2000 { probes.append(Self.randomKey(&generator)) }
        for group in 0..<groups {
            var batch = PackedKeys()
            for probe in probes { probe.withUnsafeBytes { batch.append($0) } }
            let hashed = HashedKeys(batch)
            var rows = [Int32](repeating: 7, count: probes.count)
            rows.withUnsafeMutableBufferPointer { slots.find(hashed, group: group, into: $0) }
            for (i, probe) in probes.enumerated() {
                let expected = Int32(byGroup[probe + [UInt8(group)]] ?? -1)
                let one = probe.withUnsafeBytes { slots.find($0, hash: KeyHash.hash($0), group: group) }
                #expect(one == expected, "group \(group) key \(probe)")
                #expect(rows[i] == expected, "batch, group \(group) key \(probe)")
            }
        }
    }

    /// A key that lands on another key's slot with that key's whole hash (so home, tag and
    /// length all match) is told apart by its bytes alone, inline or in the arena.
    @Test func equalHashesAreToldApartByTheBytes() throws {
        var generator = SeededGenerator(state: 21)
        var keys = PackedKeys()
        var seen = Set<[UInt8]>()
        while keys.count < 600 {
            let key = Self.randomKey(&generator)
            guard !key.isEmpty, seen.insert(key).inserted else { continue }
            key.withUnsafeBytes { keys.append($0) }
        }
        let slots = try KeySlots(keys: keys, groupOf: nil, groups: 1)
        var impostors = PackedKeys()
        var hashes: [UInt64] = []
        var expected: [Int32] = []
        for i in 0..<keys.count {
            var key = keys.withKey(i) { Array($0) }
            let hash = key.withUnsafeBytes { KeyHash.hash($0) }
            key[Int.random(in: 0..<key.count, using: &generator)] ^= UInt8.random(in: 1...255, using: &generator)
            key.withUnsafeBytes { impostors.append($0) }
            hashes.append(hash)
            expected.append(seen.contains(key) ? -2 : -1)  // -2: the changed key happens to be another key
        }
        var rows = [Int32](repeating: 7, count: impostors.count)
        rows.withUnsafeMutableBufferPointer { slots.find(HashedKeys(impostors, hashes: hashes), group: 0, into: $0) }
        for i in 0..<impostors.count where expected[i] == -1 {
            let one = impostors.withKey(i) { slots.find($0, hash: hashes[i], group: 0) }
            #expect(one == -1 && rows[i] == -1, "key \(impostors.withKey(i) { Array($0) }) took row \(one), \(rows[i])")
        }
    }

    @Test(arguments: [[UInt8]("P0012345".utf8), [UInt8]("a-much-longer-product-id".utf8), [], [0, 0]])
    func duplicatesAreFoundShortOrLong(key: [UInt8]) {
        var keys = PackedKeys()
        for other in ["x", "y", "longer-than-eight"] { keys.append(other) }
        key.withUnsafeBytes { keys.append($0) }
        keys.append("z")
        key.withUnsafeBytes { keys.append($0) }
        #expect {
            _ = try KeySlots(keys: keys, groupOf: nil, groups: 1)
        } throws: { error in
            let duplicate = error as? KeySlots.Duplicate
            return duplicate?.first == 3 && duplicate?.second == 5
        }
        // The same key in two groups is two entries.
        #expect(throws: Never.self) { _ = try KeySlots(keys: keys, groupOf: [0, 0, 0, 0, 0, 1], groups: 2) }
    }
}
