/// Sorts unsigned 64-bit keys: least significant byte first, one stable counting pass per
/// byte, and no pass for a byte every key shares.
///
/// The pipeline sorts ~100 keys twice per request (batch rows for the trees, then scores), and
/// a comparison sort of random keys mispredicts about every other compare: the standard sort
/// took ~3 µs for each. Counting passes have no data-dependent branches. The keys put a row
/// index in their low bytes and arrive in index order, so those bytes need no pass either
/// (`sortedLowBytes`): a stable pass keeps the order of keys its byte does not tell apart.
enum RadixSort {
    /// `sortedLowBytes`: the keys are already in ascending order of their lowest that many bytes.
    static func sort(_ keys: inout [UInt64], sortedLowBytes: Int = 0) {
        let n = keys.count
        guard n > 1, n <= Int(UInt32.max) else {
            if n > 1 { keys.sort() }
            return
        }
        withUnsafeTemporaryAllocation(of: UInt32.self, capacity: 256) { histogram in
            withUnsafeTemporaryAllocation(of: UInt64.self, capacity: n) { scratch in
                keys.withUnsafeMutableBufferPointer { keys in
                    sort(keys, scratch: scratch, histogram: histogram, from: max(0, sortedLowBytes))
                }
            }
        }
    }

    private static func sort(_ keys: UnsafeMutableBufferPointer<UInt64>, scratch: UnsafeMutableBufferPointer<UInt64>,
                             histogram: UnsafeMutableBufferPointer<UInt32>, from lowest: Int) {
        // The bits that differ between some keys: a byte with none needs no pass.
        var all: UInt64 = 0, none: UInt64 = ~0
        for key in keys {
            all |= key
            none &= key
        }
        let varying = all ^ none
        var source = keys
        var target = scratch
        for byte in lowest..<8 {
            let shift = UInt64(byte * 8)
            guard (varying >> shift) & 0xFF != 0 else { continue }
            histogram.initialize(repeating: 0)
            for key in source { histogram[Int((key >> shift) & 0xFF)] &+= 1 }
            var offset: UInt32 = 0
            for digit in 0..<256 {
                let count = histogram[digit]
                histogram[digit] = offset
                offset &+= count
            }
            for key in source {
                let digit = Int((key >> shift) & 0xFF)
                target[Int(histogram[digit])] = key
                histogram[digit] &+= 1
            }
            swap(&source, &target)
        }
        if source.baseAddress != keys.baseAddress {
            _ = keys.update(fromContentsOf: source)
        }
    }
}
