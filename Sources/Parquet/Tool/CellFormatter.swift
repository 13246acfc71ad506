/// Formats one column's cells as JSON for `rankd parquet cat`, by logical type.
struct CellFormatter {
    enum Kind {
        case plain, unsigned, string, binary, float16
        case decimal(scale: Int)
        case date
        case time(ParquetTimeUnit)
        case timestamp(ParquetTimeUnit)
        case int96Timestamp
    }

    let column: ParquetColumn
    let kind: Kind

    init(_ column: ParquetColumn) {
        self.column = column
        let d = column.descriptor
        switch (d.logicalType, d.physicalType) {
        case (.string?, _), (.enumeration?, _), (.json?, _): kind = .string
        case let (.decimal(_, scale)?, _): kind = .decimal(scale: Int(scale))
        case (.date?, .int32): kind = .date
        case let (.time(unit, _)?, .int32), let (.time(unit, _)?, .int64): kind = .time(unit)
        case let (.timestamp(unit, _)?, .int64): kind = .timestamp(unit)
        case let (.integer(_, signed)?, _) where !signed: kind = .unsigned
        case (.float16?, .fixedLenByteArray) where d.typeLength == 2: kind = .float16
        case (_, .int96): kind = .int96Timestamp
        case (_, .byteArray), (_, .fixedLenByteArray): kind = .binary
        default: kind = .plain
        }
    }

    /// Appends row `row`: a value, a JSON array for lists, or null.
    func appendRow(_ row: Int, to out: inout String) {
        if column.isNull(row: row) { out.append("null"); return }
        guard let offsets = column.listOffsets else { appendSlot(row, to: &out); return }
        out.append("[")
        for slot in Int(offsets[row])..<Int(offsets[row + 1]) {
            if slot > Int(offsets[row]) { out.append(",") }
            if let ev = column.elementValidity, !ev[slot] { out.append("null") } else { appendSlot(slot, to: &out) }
        }
        out.append("]")
    }

    private func appendSlot(_ i: Int, to out: inout String) {
        switch column.values {
        case let .boolean(v): out.append(v[i] ? "true" : "false")
        case let .int32(v): appendInteger(Int64(v[i]), unsignedBits: UInt64(UInt32(bitPattern: v[i])), to: &out)
        case let .int64(v): appendInteger(v[i], unsignedBits: UInt64(bitPattern: v[i]), to: &out)
        case let .int96(v): JSONText.appendString(TemporalFormatting.timestamp(micros: v[i].microsecondsSinceEpoch), to: &out)
        case let .float(v): JSONText.appendFloat(v[i], to: &out)
        case let .double(v): JSONText.appendFloat(v[i], to: &out)
        case let .byteArray(offsets, bytes):
            bytes.withUnsafeBytes { appendBytes(UnsafeRawBufferPointer(rebasing: $0[offsets[i]..<offsets[i + 1]]), to: &out) }
        case let .fixedLenByteArray(width, bytes):
            bytes.withUnsafeBytes { appendBytes(UnsafeRawBufferPointer(rebasing: $0[i * width..<(i + 1) * width]), to: &out) }
        }
    }

    private func appendInteger(_ v: Int64, unsignedBits: UInt64, to out: inout String) {
        switch kind {
        case .unsigned: out.append(String(unsignedBits))
        case let .decimal(scale): JSONText.appendString(DecimalFormatting.format(unscaled: v, scale: scale), to: &out)
        case .date: JSONText.appendString(TemporalFormatting.date(days: v), to: &out)
        case let .time(unit): JSONText.appendString(TemporalFormatting.timeOfDay(micros: TemporalFormatting.micros(v, unit: unit)), to: &out)
        case let .timestamp(unit): JSONText.appendString(TemporalFormatting.timestamp(micros: TemporalFormatting.micros(v, unit: unit)), to: &out)
        default: out.append(String(v))
        }
    }

    private func appendBytes(_ b: UnsafeRawBufferPointer, to out: inout String) {
        switch kind {
        case .string: JSONText.appendString(b, to: &out)
        case let .decimal(scale): JSONText.appendString(DecimalFormatting.format(bigEndian: b, scale: scale), to: &out)
        case .float16 where b.count == 2: JSONText.appendFloat(HalfFloat.toFloat(UInt16(b[0]) | UInt16(b[1]) << 8), to: &out)
        default: JSONText.appendString(Base64.encode(b), to: &out)
        }
    }
}
