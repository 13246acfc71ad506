/// Calendar arithmetic for DATE / TIME / TIMESTAMP / INT96 text, in the proleptic Gregorian
/// calendar, formatted like Python's `date.isoformat()` / `datetime.isoformat()`:
/// fraction omitted when the microsecond is 0, else exactly 6 digits; nanoseconds truncated.
/// Years outside 0...9999 (which Python cannot represent) print with as many digits as needed.
enum TemporalFormatting {
    /// Civil date from days since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    static func civil(fromDays days: Int64) -> (year: Int64, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = Int(doy - (153 * mp + 2) / 5 + 1)
        let m = Int(mp < 10 ? mp + 3 : mp - 9)
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }

    static func date(days: Int64) -> String {
        let c = civil(fromDays: days)
        let year = c.year < 0 ? "-" + pad(-c.year, 4) : pad(c.year, 4)
        return "\(year)-\(pad(Int64(c.month), 2))-\(pad(Int64(c.day), 2))"
    }

    /// `HH:MM:SS[.ffffff]` from microseconds within a day.
    static func timeOfDay(micros: Int64) -> String {
        let seconds = micros / 1_000_000
        let fraction = micros % 1_000_000
        var s = "\(pad(seconds / 3600, 2)):\(pad(seconds / 60 % 60, 2)):\(pad(seconds % 60, 2))"
        if fraction != 0 { s += "." + pad(fraction, 6) }
        return s
    }

    /// `YYYY-MM-DDTHH:MM:SS[.ffffff]` from microseconds since the epoch (no offset).
    static func timestamp(micros: Int64) -> String {
        let perDay: Int64 = 86_400_000_000
        var days = micros / perDay
        var rest = micros % perDay
        if rest < 0 { rest += perDay; days -= 1 }
        return date(days: days) + "T" + timeOfDay(micros: rest)
    }

    /// Converts a value in `unit` to microseconds, rounding toward negative infinity.
    static func micros(_ value: Int64, unit: ParquetTimeUnit) -> Int64 {
        switch unit {
        case .millis: value.multipliedReportingOverflow(by: 1000).overflow ? (value < 0 ? Int64.min : Int64.max) : value * 1000
        case .micros: value
        case .nanos: value >= 0 ? value / 1000 : (value - 999) / 1000
        }
    }

    static func pad(_ v: Int64, _ width: Int) -> String {
        let s = String(v)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
