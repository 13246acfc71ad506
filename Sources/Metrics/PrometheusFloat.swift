/// Number formatting for text format 0.0.4.
///
/// Bucket bounds become `le` label values, which Prometheus compares as strings, so they
/// must be spelled exactly as client_golang spells them: Go's
/// `strconv.FormatFloat(v, 'g', -1, 64)` (`0.005`, `2.5e-05`, `1`, `1e+06`). Sample values
/// only need to parse; whole numbers are written plainly (`1234567`, not `1.234567e+06`).
enum PrometheusFloat {
    /// Whole numbers below 2^53 are exact in a Double and fit Int64.
    private static let plainIntegerLimit = 9_007_199_254_740_992.0

    static func sampleValue(_ value: Double) -> String {
        if value.isFinite, abs(value) < plainIntegerLimit, value.rounded(.towardZero) == value {
            return String(Int64(value))
        }
        return goShortest(value)
    }

    static func goShortest(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? "-Inf" : "+Inf" }
        let negative = value.sign == .minus && value != 0
        guard let decimal = ShortestDecimal(magnitudeOf: value) else { return "0" }
        let body = format(decimal)
        return negative ? "-" + body : body
    }

    /// Go's 'g' with shortest precision: %e when the exponent is < -4 or ≥ 6 (Go fixes the
    /// threshold at 6 for shortest output), otherwise %f with just the needed digits.
    private static func format(_ decimal: ShortestDecimal) -> String {
        let digits = decimal.digits
        let exponent = decimal.pointPosition - 1
        if exponent < -4 || exponent >= 6 {
            var out = String(UnicodeScalar(digits[0]))
            if digits.count > 1 {
                out += "." + String(decoding: digits[1...], as: UTF8.self)
            }
            let magnitude = String(abs(exponent))
            return out + (exponent < 0 ? "e-" : "e+") + (magnitude.count < 2 ? "0" : "") + magnitude
        }
        var out: [UInt8] = []
        let point = decimal.pointPosition
        if point <= 0 {
            out.append(UInt8(ascii: "0"))
        } else {
            for index in 0..<point { out.append(index < digits.count ? digits[index] : UInt8(ascii: "0")) }
        }
        if digits.count > point {
            out.append(UInt8(ascii: "."))
            for index in point..<digits.count { out.append(index < 0 ? UInt8(ascii: "0") : digits[index]) }
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// The shortest decimal digits that round-trip a Double, as ASCII without leading or
/// trailing zeros, and where the decimal point goes: value = 0.d1d2d3… × 10^pointPosition.
/// Swift's `description` already produces shortest round-trip digits (as Go's does); this
/// only takes its spelling apart.
struct ShortestDecimal {
    let digits: [UInt8]
    let pointPosition: Int

    /// Nil for zero. `value` must be finite.
    init?(magnitudeOf value: Double) {
        let text = Array(abs(value).description.utf8)
        let exponentStart = text.firstIndex { $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
        let mantissa = text[..<(exponentStart ?? text.count)]
        var exponent = 0
        if let exponentStart {
            exponent = Int(String(decoding: text[(exponentStart + 1)...], as: UTF8.self)) ?? 0
        }
        let pointIndex = mantissa.firstIndex(of: UInt8(ascii: ".")) ?? mantissa.endIndex
        var digits = Array(mantissa[..<pointIndex]) + Array(mantissa[pointIndex...].dropFirst())
        var point = (pointIndex - mantissa.startIndex) + exponent
        while digits.first == UInt8(ascii: "0") {
            digits.removeFirst()
            point -= 1
        }
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        guard !digits.isEmpty else { return nil }
        self.digits = digits
        self.pointPosition = point
    }
}
