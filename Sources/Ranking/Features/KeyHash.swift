/// A fast non-cryptographic hash for short keys (ids, normalised queries). Keys come from our
/// own snapshots, and lookups by hostile ids only cost probe steps, never correctness.
enum KeyHash {
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(key.count)
        var i = 0
        let n = key.count
        while i + 8 <= n {
            h = mix(h ^ key.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            i += 8
        }
        if i < n {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(key[i]) << shift
                shift += 8
                i += 1
            }
            h = mix(h ^ tail)
        }
        return finalize(h)
    }

    @inline(__always)
    private static func mix(_ x: UInt64) -> UInt64 {
        (x &* 0xBF58_476D_1CE4_E5B9).rotateLeft(31) &* 0x94D0_49BB_1331_11EB
    }

    /// Murmur3's fmix64: spreads entropy into the low bits the table mask keeps.
    @inline(__always)
    private static func finalize(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }
}

extension UInt64 {
    @inline(__always)
    func rotateLeft(_ n: UInt64) -> UInt64 { (self << n) | (self >> (64 - n)) }
}
