import Testing
@testable import Parquet

/// Hand-built LZ4 blocks and containers for limits the real compressors' fixtures may not reach.
@Suite struct CompressionLZ4Tests {
    /// One LZ4 sequence per the block format description.
    static func sequence(literals: [UInt8], offset: Int? = nil, matchLength: Int = 4) -> [UInt8] {
        func nibble(_ n: Int) -> Int { min(n, 15) }
        func lengthBytes(_ n: Int) -> [UInt8] {
            guard n >= 15 else { return [] }
            var rest = n - 15
            var out: [UInt8] = []
            while rest >= 255 { out.append(255); rest -= 255 }
            return out + [UInt8(rest)]
        }
        let match = offset == nil ? 0 : matchLength - 4
        var out = [UInt8(nibble(literals.count) << 4 | (offset == nil ? 0 : nibble(match)))]
        out += lengthBytes(literals.count) + literals
        if let offset { out += [UInt8(offset & 0xff), UInt8(offset >> 8)] + lengthBytes(match) }
        return out
    }

    @Test func overlappingMatchesMatchTheirByteByByteMeaning() throws {
        for offset in 1...20 {
            for length in [4, 5, 7, 8, 15, 18, 19, 20, 100, 270, 600] {
                var expected = (0..<offset).map { UInt8(truncatingIfNeeded: $0 &* 59 &+ 3) }
                for _ in 0..<length { expected.append(expected[expected.count - offset]) }
                let tail: [UInt8] = [9, 8, 7, 6, 5]
                expected += tail
                let block = Self.sequence(literals: Array(expected[..<offset]), offset: offset, matchLength: length)
                    + Self.sequence(literals: tail)
                #expect(try decode(.lz4Raw, block, size: expected.count) == expected, "offset \(offset) length \(length)")
            }
        }
    }

    @Test(arguments: [0, 14, 15, 16, 269, 270, 271, 1000])
    func literalLengthExtensions(length: Int) throws {
        let data = (0..<length).map { UInt8(truncatingIfNeeded: $0 * 7) }
        #expect(try decode(.lz4Raw, Self.sequence(literals: data), size: length) == data)
    }

    @Test func malformedBlocksNameTheProblem() {
        func message(_ bytes: [UInt8], size: Int) -> String {
            do { _ = try decode(.lz4Raw, bytes, size: size); return "no error" } catch { return error.message }
        }
        #expect(message(Self.sequence(literals: [1, 2], offset: 0) + [0], size: 6).contains("offset 0"))
        #expect(message(Self.sequence(literals: [1, 2], offset: 3) + [0], size: 6).contains("outside the window"))
        #expect(message([0x10], size: 1).contains("overrun the input"))
        #expect(message([0x12, 1, 1], size: 5).contains("match offset"))
        #expect(message([0xf0] + [UInt8](repeating: 255, count: 64), size: 100).contains("exceeds"))
        #expect(message([], size: 0).contains("empty block"))
        #expect(message(Self.sequence(literals: [1, 2, 3]), size: 4).contains("produces 3 bytes"))
        #expect(message(Self.sequence(literals: [1, 2, 3, 4, 5]), size: 4).contains("overrun"))
    }

    static func hadoop(_ blocks: [(uncompressed: Int, body: [UInt8])]) -> [UInt8] {
        blocks.flatMap { block in
            [UInt32(block.uncompressed), UInt32(block.body.count)].flatMap { value in
                (0..<4).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
            } + block.body
        }
    }

    @Test func hadoopBlocksAreIndependent() throws {
        let first = Self.sequence(literals: [1, 2, 3, 4])
        let ok = Self.hadoop([(4, first), (8, Self.sequence(literals: [5, 6, 7, 8], offset: 4) + [0])])
        #expect(try decode(.lz4, ok, size: 12) == [1, 2, 3, 4, 5, 6, 7, 8, 5, 6, 7, 8])
        // A match reaching back into the previous Hadoop block is corrupt under that framing,
        // and the bytes are no bare block either.
        let crossing = Self.hadoop([(4, first), (4, Self.sequence(literals: [], offset: 4) + [0])])
        let error = #expect(throws: DecompressionError.self) { try decode(.lz4, crossing, size: 8) }
        #expect(error?.message.contains("not Hadoop-framed") == true)
    }

    @Test func hadoopDeclaredSizesMustAddUp() {
        let block = Self.sequence(literals: [1, 2, 3, 4])
        #expect(throws: DecompressionError.self) { try decode(.lz4, Self.hadoop([(5, block)]), size: 5) }
        #expect(throws: DecompressionError.self) { try decode(.lz4, Self.hadoop([(4, block)]) + [0, 0], size: 4) }
    }

    @Test func lz4FrameChecksumsAreVerified() throws {
        let expected = try CodecFixtures.payload("overlap")
        let frame = try CodecFixtures.bytes("lz4framelinked-overlap.bin")
        var badContent = frame
        badContent[badContent.count - 1] ^= 0x40
        let content = #expect(throws: DecompressionError.self) { try decode(.lz4, badContent, size: expected.count) }
        #expect(content?.message.contains("content checksum") == true)

        var badHeader = frame
        badHeader[4 + 2 + 8] ^= 0x01  // FLG, BD, 8-byte content size, then the header checksum
        let header = #expect(throws: DecompressionError.self) { try decode(.lz4, badHeader, size: expected.count) }
        #expect(header?.message.contains("header checksum") == true)

        var wrongSize = frame
        wrongSize[4 + 2] ^= 0x01  // content size field (header checksum no longer matches either)
        #expect(throws: DecompressionError.self) { try decode(.lz4, wrongSize, size: expected.count) }
    }

    @Test func lz4FrameDictionariesAreRefused() {
        let frame: [UInt8] = [0x04, 0x22, 0x4d, 0x18, 0x61, 0x40, 0, 0, 0, 0, 0, 0, 0, 0, 0]
        let error = #expect(throws: DecompressionError.self) { try decode(.lz4, frame, size: 0) }
        #expect(error?.message.contains("dictionary") == true)
    }

    @Test func skippableFramesAreSkipped() throws {
        let text = try CodecFixtures.payload("text")
        let frame = try CodecFixtures.bytes("lz4frame-text.bin")
        let skippable: [UInt8] = [0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 0xaa, 0xbb, 0xcc]
        #expect(try decode(.lz4, frame + skippable, size: text.count) == text)
    }
}
