import Testing
@testable import Parquet

/// Hand-built snappy blocks for the element kinds and limits the fixtures may not reach.
@Suite struct CompressionSnappyTests {
    /// Snappy elements, written per the format description (not by rankd's decoder).
    struct Block {
        var bytes: [UInt8] = []

        init(length: Int) {
            var value = UInt64(length)
            repeat {
                bytes.append(UInt8(value & 0x7f) | (value >= 0x80 ? 0x80 : 0))
                value >>= 7
            } while value > 0
        }

        mutating func literal(_ data: [UInt8]) {
            let n = data.count - 1
            switch n {
            case ..<60: bytes.append(UInt8(n << 2))
            case ..<0x100: bytes += [60 << 2, UInt8(n)]
            case ..<0x10000: bytes += [61 << 2, UInt8(n & 0xff), UInt8(n >> 8)]
            default: bytes += [63 << 2] + (0..<4).map { UInt8(truncatingIfNeeded: n >> (8 * $0)) }
            }
            bytes += data
        }

        mutating func copy1(offset: Int, length: Int) {
            bytes += [UInt8((offset >> 8) << 5 | (length - 4) << 2 | 1), UInt8(offset & 0xff)]
        }

        mutating func copy2(offset: Int, length: Int) {
            bytes += [UInt8((length - 1) << 2 | 2), UInt8(offset & 0xff), UInt8(offset >> 8)]
        }

        mutating func copy4(offset: Int, length: Int) {
            bytes += [UInt8((length - 1) << 2 | 3)] + (0..<4).map { UInt8(truncatingIfNeeded: offset >> (8 * $0)) }
        }
    }

    /// The meaning of a copy, one byte at a time: the reference for every fast path.
    static func naiveCopy(_ out: inout [UInt8], offset: Int, length: Int) {
        for _ in 0..<length { out.append(out[out.count - offset]) }
    }

    @Test(arguments: [0, 3, 40])
    func overlappingAndDistantCopiesMatchTheirByteByByteMeaning(tail: Int) throws {
        for offset in 1...24 {
            for length in 1...64 {
                var expected = (0..<offset).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 1) }
                Self.naiveCopy(&expected, offset: offset, length: length)
                expected += (0..<tail).map { UInt8(truncatingIfNeeded: $0 + 200) }
                var block = Block(length: expected.count)
                block.literal(Array(expected[..<offset]))
                block.copy2(offset: offset, length: length)
                if tail > 0 { block.literal(Array(expected.suffix(tail))) }
                let decoded = try decode(.snappy, block.bytes, size: expected.count)
                #expect(decoded == expected, "offset \(offset) length \(length) tail \(tail)")
            }
        }
    }

    @Test func copy1AndCopy4ReachTheirFullRanges() throws {
        let prefix = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 131 >> 3) }
        var expected = prefix
        var block = Block(length: 3000 + 11 + 64 + 5)
        block.literal(prefix)
        block.copy1(offset: 2047, length: 11)
        Self.naiveCopy(&expected, offset: 2047, length: 11)
        block.copy4(offset: 2999, length: 64)
        Self.naiveCopy(&expected, offset: 2999, length: 64)
        block.copy4(offset: 1, length: 5)
        Self.naiveCopy(&expected, offset: 1, length: 5)
        #expect(try decode(.snappy, block.bytes, size: expected.count) == expected)
    }

    @Test(arguments: [1, 60, 61, 256, 257, 70_000])
    func literalLengthEncodings(length: Int) throws {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 ^ ($0 >> 8)) }
        var block = Block(length: length)
        block.literal(data)
        #expect(try decode(.snappy, block.bytes, size: length) == data)
    }

    @Test func malformedBlocksNameTheProblem() {
        func message(_ bytes: [UInt8], size: Int) -> String {
            do { _ = try decode(.snappy, bytes, size: size); return "no error" } catch { return error.message }
        }
        var zeroOffset = Block(length: 5)
        zeroOffset.literal([7])
        zeroOffset.copy1(offset: 0, length: 4)
        #expect(message(zeroOffset.bytes, size: 5).contains("offset 0"))

        var beyond = Block(length: 6)
        beyond.literal([7, 8])
        beyond.copy1(offset: 3, length: 4)
        #expect(message(beyond.bytes, size: 6).contains("outside the output"))

        var overrun = Block(length: 3)
        overrun.literal([1, 2])
        overrun.copy1(offset: 1, length: 4)
        #expect(message(overrun.bytes, size: 3).contains("mismatch") || message(overrun.bytes, size: 3).contains("overruns"))

        #expect(message([5, 4 << 2, 1, 2], size: 5).contains("overruns the input"))
        #expect(message([5, 0], size: 6).contains("declares 5"))
        #expect(message([0x80, 0x80, 0x80, 0x80, 0x80, 0x01], size: 1).contains("longer than 5 bytes"))
        #expect(message([0xff, 0xff, 0xff, 0xff, 0x7f], size: 1).contains("32 bits"))
        #expect(message([0x80], size: 1).contains("preamble"))
        #expect(message([0, 0], size: 0).contains("after an empty block"))
        #expect(message([3, 0, 9], size: 3).contains("produce 1 bytes"))
        #expect(message([9, 1 << 2 | 2, 1], size: 9).contains("copy-2 offset"))
    }
}
