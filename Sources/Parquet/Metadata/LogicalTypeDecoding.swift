/// Decodes the `LogicalType` union. A member this reader does not know (written by a newer
/// writer) becomes `.unknown` rather than an error, so the column still reads as its physical type.
func readLogicalType(_ r: inout ThriftCompactReader) throws(ParquetError) -> ParquetLogicalType {
    var result = ParquetLogicalType.unknown
    try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
        guard f.type == .structure else { try r.skip(f.type); return }
        switch f.id {
        case 1: result = .string; try r.skipStruct()
        case 2: result = .map; try r.skipStruct()
        case 3: result = .list; try r.skipStruct()
        case 4: result = .enumeration; try r.skipStruct()
        case 5: result = try readDecimalType(&r)
        case 6: result = .date; try r.skipStruct()
        case 7:
            let (unit, utc) = try readTemporalType(&r, "TimeType")
            result = .time(unit: unit, adjustedToUTC: utc)
        case 8:
            let (unit, utc) = try readTemporalType(&r, "TimestampType")
            result = .timestamp(unit: unit, adjustedToUTC: utc)
        case 10: result = try readIntType(&r)
        case 11: result = .null; try r.skipStruct()
        case 12: result = .json; try r.skipStruct()
        case 13: result = .bson; try r.skipStruct()
        case 14: result = .uuid; try r.skipStruct()
        case 15: result = .float16; try r.skipStruct()
        default: result = .unknown; try r.skipStruct()
        }
    }
    return result
}

private func readDecimalType(_ r: inout ThriftCompactReader) throws(ParquetError) -> ParquetLogicalType {
    var scale: Int32 = 0
    var precision: Int32 = 0
    try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
        switch f.id {
        case 1: scale = try r.i32(f, "DecimalType.scale")
        case 2: precision = try r.i32(f, "DecimalType.precision")
        default: try r.skip(f.type)
        }
    }
    return .decimal(precision: precision, scale: scale)
}

private func readTemporalType(
    _ r: inout ThriftCompactReader, _ name: String
) throws(ParquetError) -> (ParquetTimeUnit, Bool) {
    var utc = false
    var unit: ParquetTimeUnit?
    try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
        switch f.id {
        case 1: utc = try r.bool(f, "\(name).isAdjustedToUTC")
        case 2:
            try r.structure(f, "\(name).unit")
            try r.readStruct { (r: inout ThriftCompactReader, u: ThriftFieldHeader) throws(ParquetError) in
                switch u.id {
                case 1: unit = .millis
                case 2: unit = .micros
                case 3: unit = .nanos
                default: break
                }
                try r.skip(u.type)
            }
        default: try r.skip(f.type)
        }
    }
    guard let unit else { throw ParquetError("\(name) has no known time unit") }
    return (unit, utc)
}

private func readIntType(_ r: inout ThriftCompactReader) throws(ParquetError) -> ParquetLogicalType {
    var width: Int8 = 0
    var signed = true
    try r.readStruct { (r: inout ThriftCompactReader, f: ThriftFieldHeader) throws(ParquetError) in
        switch f.id {
        case 1: width = try r.i8(f, "IntType.bitWidth")
        case 2: signed = try r.bool(f, "IntType.isSigned")
        default: try r.skip(f.type)
        }
    }
    guard [8, 16, 32, 64].contains(width) else { throw ParquetError("IntType has bit width \(width)") }
    return .integer(bitWidth: width, signed: signed)
}
