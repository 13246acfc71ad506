// libFuzzer entry point for the Parquet reader: compiled together with Sources/Parquet by
// scripts/fuzz/run.sh (swiftc -sanitize=fuzzer,address -parse-as-library), not by SwiftPM.
// Any crash, trap, sanitizer report, leak or timeout is a finding; thrown errors are fine.

@_cdecl("LLVMFuzzerTestOneInput")
public func parquetFuzzTestOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let bytes = [UInt8](UnsafeBufferPointer(start: data, count: size))
    guard size >= 4, bytes[0..<4] == [0x50, 0x41, 0x52, 0x31] else {  // not "PAR1": fuzz one decoder
        fuzzDecoders(bytes)
        return 0
    }
    var options = ParquetReadOptions()
    // Mutated pages mostly fail their CRC: skip verification for half of the inputs.
    options.verifyChecksums = size % 2 == 0
    guard let file = try? ParquetFile(bytes: bytes, name: "fuzz-input", options: options) else { return 0 }
    for column in file.schema.columns {
        guard let table = try? file.readColumns([column.name]), let read = table.columns.first else { continue }
        exercise(read, rows: table.numRows)
    }
    return 0
}

/// Formats every cell and runs the accessors, so the printing and conversion paths are fuzzed too.
private func exercise(_ column: ParquetColumn, rows: Int) {
    let formatter = CellFormatter(column)
    var line = ""
    for row in 0..<min(rows, column.count) {
        line.removeAll(keepingCapacity: true)
        formatter.appendRow(row, to: &line)
    }
    _ = try? column.floats()
    _ = try? column.strings()
    _ = try? column.floatLists()
}

/// Inputs without the Parquet magic drive one value decoder directly: byte 0 picks it, byte 1
/// is its parameter (bit width or value count), the rest is the page data. Much faster than
/// whole files, so the decoders get most of the mutations.
private func fuzzDecoders(_ bytes: [UInt8]) {
    guard bytes.count >= 2 else { return }
    let parameter = Int(bytes[1])
    let body = Array(bytes[2...])
    let count = min(parameter * 37, 4096)
    let descriptor = ParquetSchema.fuzzDescriptor(width: 1 + parameter % 16)
    _ = try? body.withBytes { (raw) throws(ParquetError) in
        switch bytes[0] % 8 {
        case 0:
            var d = try RleBitPackedDecoder(raw, bitWidth: parameter % 40)
            var out = [UInt32](repeating: 0, count: count)
            try out.withUnsafeMutableBufferPointer { (b) throws(ParquetError) in try d.decode(into: b.baseAddress!, count: count) }
        case 1:
            var c = ValueCursor(raw)
            _ = try DeltaBinaryPacked.decode(&c, count: count)
        case 2:
            var b = ByteArrayBuilder(descriptor: descriptor)
            try b.appendEncoded(.deltaByteArray, raw, count: count)
        case 3:
            var b = ByteArrayBuilder(descriptor: descriptor)
            try b.appendEncoded(.deltaLengthByteArray, raw, count: count)
        case 4:
            var b = ByteArrayBuilder(descriptor: descriptor)
            try b.appendPlain(raw, count: count)
        case 5:
            var b = FixedLenBuilder(descriptor: descriptor)
            try b.appendEncoded(.byteStreamSplit, raw, count: count)
        case 6:
            var b = BooleanBuilder(descriptor: descriptor)
            try b.appendEncoded(.rle, raw, count: count)
        default:
            var c = ValueCursor(raw)
            var levels: [UInt8] = []
            try LevelDecoding.decodeV1(&c, encoding: parameter % 2 == 0 ? .rle : .bitPacked, maxLevel: 1 + parameter % 3,
                                       count: count, into: &levels, what: "fuzz")
        }
    }
}
