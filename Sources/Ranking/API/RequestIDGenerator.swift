/// Makes request ids (16 lowercase hex digits) for requests that did not bring one.
///
/// Each generator draws one random 64-bit seed from the system and then steps a SplitMix64
/// sequence: a bijection of a counter, so one generator never repeats an id within 2^64
/// requests, and ids from different generators (one per worker thread, no sharing and no
/// locks) collide only by chance of two random 64-bit values. One system call per
/// generator instead of one per request keeps it to a few nanoseconds.
public struct RequestIDGenerator: Sendable {
    private var state: UInt64

    public init() {
        var system = SystemRandomNumberGenerator()
        state = system.next()
    }

    /// A generator with a fixed seed, for tests that need repeatable ids.
    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> String {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return String(unsafeUninitializedCapacity: 16) { buffer in
            let digits: StaticString = "0123456789abcdef"
            for index in 0..<16 {
                let nibble = Int((mixed >> UInt64(60 - 4 * index)) & 0xF)
                buffer[index] = digits.utf8Start[nibble]
            }
            return 16
        }
    }
}
