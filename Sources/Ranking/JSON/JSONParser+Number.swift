// Numbers: validate the RFC 8259 grammar
//   number = [ "-" ] ( "0" / digit1-9 *digit ) [ "." 1*digit ] [ ( "e" / "E" ) [ "+" / "-" ] 1*digit ]
// while collecting what is needed for exact Int64 and correctly rounded Double values.

/// Powers of ten that are exact in a Double (10^22 is the largest).
private let exactPowersOfTen: [Double] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
]

/// Facts gathered while scanning a number lexeme.
private struct NumberScan {
    var negative = false
    var isInteger = true
    /// The digits read as one integer, while it stays ≤ 2^53 (exact in a Double).
    var significand: UInt64 = 0
    var significandExact = true
    /// The integer part, accumulated negatively so that Int64.min fits; nil on overflow.
    var negatedInteger: Int64? = 0
    /// Power of ten to apply to `significand`, saturated far outside Double's range.
    var exponent = 0

    mutating func addSignificandDigit(_ digit: UInt8) {
        guard significandExact else { return }
        let (times10, o1) = significand.multipliedReportingOverflow(by: 10)
        let (sum, o2) = times10.addingReportingOverflow(UInt64(digit))
        if o1 || o2 || sum > 1 << 53 { significandExact = false } else { significand = sum }
    }

    mutating func addIntegerDigit(_ digit: UInt8) {
        addSignificandDigit(digit)
        guard let current = negatedInteger else { return }
        let (times10, o1) = current.multipliedReportingOverflow(by: 10)
        let (difference, o2) = times10.subtractingReportingOverflow(Int64(digit))
        negatedInteger = o1 || o2 ? nil : difference
    }

    var int64Value: Int64? {
        guard isInteger, let negated = negatedInteger else { return nil }
        if negative { return negated }
        return negated == .min ? nil : -negated
    }

    /// Clinger's fast path: a significand and a power of ten both exact in a Double give a
    /// correctly rounded result with one IEEE multiplication or division.
    var fastDouble: Double? {
        guard significandExact else { return nil }
        let magnitude: Double
        if significand == 0 {
            magnitude = 0
        } else if exponent >= 0 && exponent <= 22 {
            magnitude = Double(significand) * exactPowersOfTen[exponent]
        } else if exponent < 0 && exponent >= -22 {
            magnitude = Double(significand) / exactPowersOfTen[-exponent]
        } else {
            return nil
        }
        return negative ? -magnitude : magnitude
    }
}

@inline(__always)
private func digitValue(_ b: UInt8?) -> UInt8? {
    guard let b, b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
    return b - UInt8(ascii: "0")
}

extension JSONReader {
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = pos
        var scan = NumberScan()
        if byte(at: pos) == UInt8(ascii: "-") {
            scan.negative = true
            pos += 1
        }
        try scanIntegerPart(&scan, numberStart: start)
        if byte(at: pos) == UInt8(ascii: ".") {
            scan.isInteger = false
            pos += 1
            guard digitValue(byte(at: pos)) != nil else {
                throw fail(pos, "expected a digit after '.' in number")
            }
            while let digit = digitValue(byte(at: pos)) {
                scan.addSignificandDigit(digit)
                // Once inexact the slow path converts the whole lexeme; the exponent is moot.
                scan.exponent -= 1
                pos += 1
            }
        }
        if let b = byte(at: pos), b == UInt8(ascii: "e") || b == UInt8(ascii: "E") {
            scan.isInteger = false
            pos += 1
            scan.exponent += try scanExponent()
        }
        let double = scan.fastDouble ?? slowDouble(from: start, to: pos)
        guard let double else { throw fail(start, "number cannot be converted") }
        return JSONNumber(isInteger: scan.isInteger, int64Value: scan.int64Value, doubleValue: double)
    }

    private mutating func scanIntegerPart(_ scan: inout NumberScan, numberStart: Int) throws(JSONParseError) {
        guard let first = digitValue(byte(at: pos)) else {
            throw fail(pos, "expected a digit after '-' in number, found \(describe(byte(at: pos)))")
        }
        pos += 1
        scan.addIntegerDigit(first)
        if first == 0 {
            if digitValue(byte(at: pos)) != nil {
                throw fail(numberStart, "leading zeros are not allowed in numbers")
            }
            return
        }
        while let digit = digitValue(byte(at: pos)) {
            scan.addIntegerDigit(digit)
            pos += 1
        }
    }

    /// After `e`/`E`: an optional sign and at least one digit. The value saturates far
    /// beyond any Double exponent, so `1e99999999999999999999` cannot overflow an Int.
    private mutating func scanExponent() throws(JSONParseError) -> Int {
        var sign = 1
        if let b = byte(at: pos), b == UInt8(ascii: "+") || b == UInt8(ascii: "-") {
            sign = b == UInt8(ascii: "-") ? -1 : 1
            pos += 1
        }
        guard digitValue(byte(at: pos)) != nil else {
            throw fail(pos, "expected a digit in the exponent of a number")
        }
        var value = 0
        while let digit = digitValue(byte(at: pos)) {
            if value < 1_000_000 { value = value * 10 + Int(digit) }
            pos += 1
        }
        return sign * value
    }

    /// Correctly rounded conversion of the whole lexeme by the standard library (the lexeme
    /// was validated, and JSON's grammar is a subset of what it accepts).
    private func slowDouble(from start: Int, to end: Int) -> Double? {
        guard let base, end > start else { return nil }
        let text = String(decoding: UnsafeRawBufferPointer(start: base + start, count: end - start),
                          as: UTF8.self)
        return Double(text)
    }
}
