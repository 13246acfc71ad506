/// A 96-bit INT96 value as stored: 8 bytes of nanoseconds within the day, then a 4-byte Julian day
/// (both little-endian), the layout Impala and Spark write for timestamps.
public struct Int96: Sendable, Equatable, BitwiseCopyable {
    public var nanosOfDayLow: UInt32
    public var nanosOfDayHigh: UInt32
    public var julianDay: UInt32

    public init(nanosOfDayLow: UInt32, nanosOfDayHigh: UInt32, julianDay: UInt32) {
        self.nanosOfDayLow = nanosOfDayLow
        self.nanosOfDayHigh = nanosOfDayHigh
        self.julianDay = julianDay
    }

    public var nanosOfDay: Int64 {
        Int64(bitPattern: UInt64(UInt32(littleEndian: nanosOfDayHigh)) << 32 | UInt64(UInt32(littleEndian: nanosOfDayLow)))
    }

    public var julianDayNumber: Int32 { Int32(bitPattern: UInt32(littleEndian: julianDay)) }

    /// Microseconds since the Unix epoch (Julian day 2440588), as Spark reads it; nanoseconds
    /// are truncated toward negative infinity. Wraps rather than traps on absurd inputs.
    public var microsecondsSinceEpoch: Int64 {
        let days = Int64(julianDayNumber) &- 2_440_588
        let nanos = nanosOfDay
        let micros = nanos >= 0 ? nanos / 1000 : (nanos - 999) / 1000
        return days &* 86_400_000_000 &+ micros
    }
}

/// The dense values of one column. Null slots hold a placeholder (0, false, or an empty
/// byte string) and are flagged by the column's validity.
public enum ColumnValues: Sendable {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case int96([Int96])
    case float([Float])
    case double([Double])
    /// Value i is bytes[offsets[i]..<offsets[i+1]]; offsets has count + 1 entries.
    case byteArray(offsets: [Int], bytes: [UInt8])
    /// Value i is bytes[i*width..<(i+1)*width].
    case fixedLenByteArray(width: Int, bytes: [UInt8])

    public var count: Int {
        switch self {
        case let .boolean(v): v.count
        case let .int32(v): v.count
        case let .int64(v): v.count
        case let .int96(v): v.count
        case let .float(v): v.count
        case let .double(v): v.count
        case let .byteArray(offsets, _): max(0, offsets.count - 1)
        case let .fixedLenByteArray(width, bytes): width > 0 ? bytes.count / width : 0
        }
    }
}
