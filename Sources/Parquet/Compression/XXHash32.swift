/// XXH32 (seed 0), the checksum the LZ4 frame format uses for its header, blocks and content.
/// Only needed to reject corrupt LZ4 frames, so it favours clarity over speed.
enum XXHash32 {
    private static let prime1: UInt32 = 2_654_435_761
    private static let prime2: UInt32 = 2_246_822_519
    private static let prime3: UInt32 = 3_266_489_917
    private static let prime4: UInt32 = 668_265_263
    private static let prime5: UInt32 = 374_761_393

    static func hash(_ data: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        let count = data.count
        var index = 0
        var acc: UInt32
        if count >= 16 {
            var lanes = (seed &+ prime1 &+ prime2, seed &+ prime2, seed, seed &- prime1)
            while count - index >= 16 {
                lanes.0 = round(lanes.0, word(data, index))
                lanes.1 = round(lanes.1, word(data, index + 4))
                lanes.2 = round(lanes.2, word(data, index + 8))
                lanes.3 = round(lanes.3, word(data, index + 12))
                index += 16
            }
            acc = rotl(lanes.0, 1) &+ rotl(lanes.1, 7) &+ rotl(lanes.2, 12) &+ rotl(lanes.3, 18)
        } else {
            acc = seed &+ prime5
        }
        acc &+= UInt32(truncatingIfNeeded: count)
        while count - index >= 4 {
            acc = rotl(acc &+ word(data, index) &* prime3, 17) &* prime4
            index += 4
        }
        while index < count {
            acc = rotl(acc &+ UInt32(data[index]) &* prime5, 11) &* prime1
            index += 1
        }
        acc ^= acc >> 15
        acc &*= prime2
        acc ^= acc >> 13
        acc &*= prime3
        acc ^= acc >> 16
        return acc
    }

    private static func round(_ lane: UInt32, _ input: UInt32) -> UInt32 {
        rotl(lane &+ input &* prime2, 13) &* prime1
    }

    private static func rotl(_ value: UInt32, _ bits: UInt32) -> UInt32 {
        value << bits | value >> (32 - bits)
    }

    private static func word(_ data: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(littleEndian: data.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }
}
