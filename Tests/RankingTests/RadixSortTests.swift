import TestSupport
import Testing
@testable import Ranking

/// The radix sort against the standard library's, on the key shapes the pipeline makes and on
/// arbitrary ones.
@Suite struct RadixSortTests {
    @Test(arguments: [0, 1, 2, 3, 100, 255, 256, 257, 1000, 70_000])
    func arbitraryKeysSortAsTheStandardSortDoes(count: Int) {
        var generator = SeededGenerator(state: UInt64(count) &+ 3)
        let shapes: [(inout SeededGenerator) -> UInt64] = [
            { UInt64.random(in: 0...UInt64.max, using: &$0) },
            { UInt64.random(in: 0..<8, using: &$0) << 61 },                      // only the top byte varies
            { UInt64.random(in: 0..<4, using: &$0) * 0x0101_0101_0101_0101 },   // few values, every byte
            { _ in 42 },                                                          // all equal
        ]
        for shape in shapes {
            let keys = (0..<count).map { _ in shape(&generator) }
            var sorted = keys
            RadixSort.sort(&sorted)
            #expect(sorted == keys.sorted())
        }
    }

    /// Keys whose low bytes are an index, made in index order: the sort may skip those bytes
    /// and must still give the whole order, ties in index order.
    @Test(arguments: [1, 2, 4])
    func indexBytesInOrderNeedNoPass(indexBytes: Int) {
        var generator = SeededGenerator(state: UInt64(indexBytes))
        for count in [2, 100, 300, 5000] where count <= 1 << min(32, 8 * indexBytes) {
            let shift = UInt64(8 * indexBytes)
            let keys = (0..<count).map { index in
                (UInt64.random(in: 0..<50, using: &generator) << shift) | UInt64(index)
            }
            var sorted = keys
            RadixSort.sort(&sorted, sortedLowBytes: indexBytes)
            #expect(sorted == keys.sorted(), "\(count) keys, \(indexBytes) index bytes")
        }
    }
}
