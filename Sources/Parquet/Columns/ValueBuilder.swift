/// Accumulates one column's non-null values page by page, then spreads them over null slots.
/// One conformer per physical layout keeps the hot loops monomorphic (no per-value boxing).
protocol ValueBuilder {
    init(descriptor: ColumnDescriptor)
    var count: Int { get }
    /// PLAIN: `count` values from the start of `data`.
    mutating func appendPlain(_ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError)
    /// Dictionary decoding: `indices` were checked to be < dictionary.count.
    mutating func appendGathered(from dictionary: Self, indices: UnsafeBufferPointer<UInt32>)
    /// Encodings other than PLAIN and the dictionary ones.
    mutating func appendEncoded(_ encoding: ParquetEncoding, _ data: UnsafeRawBufferPointer, count: Int) throws(ParquetError)
    /// The last `nonNullCount` values become `validity.count` slots, a placeholder at each false.
    mutating func spreadNulls(_ validity: UnsafeBufferPointer<Bool>, nonNullCount: Int)
    func finish() -> ColumnValues
}

func unsupportedEncoding(_ encoding: ParquetEncoding, _ type: ParquetPhysicalType) -> ParquetError {
    ParquetError("encoding \(encoding) is not supported for \(type) values")
}

/// Scalars stored as fixed-size little-endian values, copied with memcpy.
protocol FixedWidthScalar: BitwiseCopyable {
    static var zero: Self { get }
    static var physicalType: ParquetPhysicalType { get }
    static func wrap(_ values: [Self]) -> ColumnValues
    /// DELTA_BINARY_PACKED support (INT32/INT64 only).
    init?(deltaValue: Int64)
    static var allowsByteStreamSplit: Bool { get }
}

extension Int32: FixedWidthScalar {
    static var physicalType: ParquetPhysicalType { .int32 }
    static func wrap(_ values: [Int32]) -> ColumnValues { .int32(values) }
    init?(deltaValue: Int64) { self.init(truncatingIfNeeded: deltaValue) }
    static var allowsByteStreamSplit: Bool { true }
}

extension Int64: FixedWidthScalar {
    static var physicalType: ParquetPhysicalType { .int64 }
    static func wrap(_ values: [Int64]) -> ColumnValues { .int64(values) }
    init?(deltaValue: Int64) { self = deltaValue }
    static var allowsByteStreamSplit: Bool { true }
}

extension Float: FixedWidthScalar {
    static var physicalType: ParquetPhysicalType { .float }
    static func wrap(_ values: [Float]) -> ColumnValues { .float(values) }
    init?(deltaValue: Int64) { return nil }
    static var allowsByteStreamSplit: Bool { true }
}

extension Double: FixedWidthScalar {
    static var physicalType: ParquetPhysicalType { .double }
    static func wrap(_ values: [Double]) -> ColumnValues { .double(values) }
    init?(deltaValue: Int64) { return nil }
    static var allowsByteStreamSplit: Bool { true }
}

extension Int96: FixedWidthScalar {
    static var zero: Int96 { Int96(nanosOfDayLow: 0, nanosOfDayHigh: 0, julianDay: 0) }
    static var physicalType: ParquetPhysicalType { .int96 }
    static func wrap(_ values: [Int96]) -> ColumnValues { .int96(values) }
    init?(deltaValue: Int64) { return nil }
    static var allowsByteStreamSplit: Bool { false }
}

/// Appends `count` uninitialized-then-filled elements to `array` and hands their bytes to `fill`.
@inline(__always)
func appendBytes<T: BitwiseCopyable>(
    to array: inout [T], count: Int, zero: T, _ fill: (UnsafeMutableRawBufferPointer) -> Void
) {
    let old = array.count
    array.append(contentsOf: repeatElement(zero, count: count))
    array.withUnsafeMutableBytes { raw in
        let stride = MemoryLayout<T>.stride
        fill(UnsafeMutableRawBufferPointer(rebasing: raw[old * stride..<(old + count) * stride]))
    }
}

/// BYTE_STREAM_SPLIT: byte k of value i is at k * count + i.
func unsplitByteStreams(
    _ data: UnsafeRawBufferPointer, count: Int, width: Int, into dst: UnsafeMutableRawBufferPointer
) throws(ParquetError) {
    let needed = try checkedMul(count, width, "BYTE_STREAM_SPLIT size")
    guard needed <= data.count else {
        throw ParquetError("BYTE_STREAM_SPLIT needs \(needed) bytes but the page has \(data.count)")
    }
    for k in 0..<width {
        let stream = k * count
        for i in 0..<count { dst[i * width + k] = data[stream + i] }
    }
}
