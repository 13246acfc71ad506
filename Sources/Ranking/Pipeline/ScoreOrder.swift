/// Orders candidates by score for the response: highest first, ties in request order, NaN last.
///
/// Each candidate becomes one integer key (score bits ordered descending, then its index), so
/// ordering compares plain integers, and the keys are distinct, so the sort needs no stability:
/// an in-place introsort beats the standard library's stable sort (a merge sort with a scratch
/// buffer) by about 2x on the 100 keys of a request.
enum ScoreOrder {
    /// Candidate indices by score, at most `limit` of them.
    static func ranking(_ scores: [Float], limit: Int?) -> [Int] {
        var keys = scores.enumerated().map { index, score in
            UInt64(descendingOrder(score)) << 32 | UInt64(UInt32(truncatingIfNeeded: index))
        }
        keys.withUnsafeMutableBufferPointer { keys in
            guard let base = keys.baseAddress else { return }
            introsort(base, 0, keys.count, depth: 2 * log2(keys.count))
        }
        let count = min(limit ?? keys.count, keys.count)
        return keys.prefix(count).map { Int($0 & 0xFFFF_FFFF) }
    }

    /// Maps a Float to a UInt32 that sorts ascending as the Float sorts descending, with every
    /// NaN after every number. (IEEE bits ordered as unsigned: flip all bits of negatives, the
    /// sign bit of positives; then invert for descending.)
    @inline(__always)
    static func descendingOrder(_ score: Float) -> UInt32 {
        if score.isNaN { return UInt32.max }
        let bits = (score == 0 ? Float(0) : score).bitPattern  // -0 ties with +0
        let ascending = bits & 0x8000_0000 != 0 ? ~bits : bits | 0x8000_0000
        return min(~ascending, UInt32.max - 1)
    }

    private static func log2(_ n: Int) -> Int { n <= 1 ? 0 : Int.bitWidth - (n - 1).leadingZeroBitCount }

    /// Sorts `keys[low..<high]` ascending: quicksort on a median of three, insertion sort for
    /// short ranges, heapsort when the recursion gets deeper than `depth` (so no input can make
    /// it quadratic).
    static func introsort(_ keys: UnsafeMutablePointer<UInt64>, _ low: Int, _ high: Int, depth: Int) {
        var low = low, depth = depth
        while high - low > 16 {
            if depth == 0 {
                heapsort(keys + low, high - low)
                return
            }
            depth -= 1
            let mid = low + (high - low) / 2
            if keys[mid] < keys[low] { keys.swapAt(mid, low) }
            if keys[high - 1] < keys[low] { keys.swapAt(high - 1, low) }
            if keys[high - 1] < keys[mid] { keys.swapAt(high - 1, mid) }
            let pivot = keys[mid]
            var i = low, j = high - 1
            while i <= j {
                while keys[i] < pivot { i += 1 }
                while keys[j] > pivot { j -= 1 }
                if i <= j {
                    keys.swapAt(i, j)
                    i += 1
                    j -= 1
                }
            }
            // Recurse into the smaller side, loop on the larger: stack depth stays logarithmic.
            if j - low < high - i {
                introsort(keys, low, j + 1, depth: depth)
                low = i
            } else {
                introsort(keys, i, high, depth: depth)
                return introsort(keys, low, j + 1, depth: depth)
            }
        }
        for k in (low + 1)..<max(high, low + 1) {
            let key = keys[k]
            var m = k
            while m > low, keys[m - 1] > key {
                keys[m] = keys[m - 1]
                m -= 1
            }
            keys[m] = key
        }
    }

    static func heapsort(_ keys: UnsafeMutablePointer<UInt64>, _ n: Int) {
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end, keys[child] < keys[child + 1] { child += 1 }
                guard keys[root] < keys[child] else { return }
                keys.swapAt(root, child)
                root = child
            }
        }
        for start in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(start, n) }
        for end in stride(from: n - 1, to: 0, by: -1) {
            keys.swapAt(0, end)
            siftDown(0, end)
        }
    }
}

extension UnsafeMutablePointer where Pointee == UInt64 {
    @inline(__always)
    fileprivate func swapAt(_ a: Int, _ b: Int) {
        let t = self[a]
        self[a] = self[b]
        self[b] = t
    }
}
