/// Exact decimal text for DECIMAL values of any width: the unscaled big-endian two's-complement
/// integer with the decimal point inserted `scale` digits from the right ("12.30", "-0.50").
enum DecimalFormatting {
    static func format(unscaled: Int64, scale: Int) -> String {
        let negative = unscaled < 0
        return place(digits: String(unscaled.magnitude), negative: negative, scale: scale)
    }

    static func format(bigEndian bytes: UnsafeRawBufferPointer, scale: Int) -> String {
        guard !bytes.isEmpty else { return place(digits: "0", negative: false, scale: scale) }
        let negative = bytes[0] & 0x80 != 0
        // Magnitude = two's complement negation for negatives.
        var magnitude = [UInt8](bytes)
        if negative {
            var carry = 1
            for i in stride(from: magnitude.count - 1, through: 0, by: -1) {
                let v = Int(~magnitude[i]) + carry
                magnitude[i] = UInt8(v & 0xFF)
                carry = v >> 8
            }
        }
        return place(digits: decimalDigits(magnitude), negative: negative, scale: scale)
    }

    /// Base-256 to base-10 by repeated division by 10^9.
    private static func decimalDigits(_ bytes: [UInt8]) -> String {
        var number = bytes.drop { $0 == 0 }.map { UInt32($0) }
        if number.isEmpty { return "0" }
        var chunks: [UInt32] = []
        while !number.isEmpty {
            var remainder: UInt64 = 0
            var quotient: [UInt32] = []
            quotient.reserveCapacity(number.count)
            for digit in number {
                let acc = remainder << 8 | UInt64(digit)
                let q = acc / 1_000_000_000
                remainder = acc % 1_000_000_000
                if !(quotient.isEmpty && q == 0) { quotient.append(UInt32(q)) }
            }
            chunks.append(UInt32(remainder))
            number = quotient
        }
        var text = String(chunks.removeLast())
        for c in chunks.reversed() { text += TemporalFormatting.pad(Int64(c), 9) }
        return text
    }

    private static func place(digits: String, negative: Bool, scale: Int) -> String {
        var text = digits
        if scale > 0 {
            if text.count <= scale { text = String(repeating: "0", count: scale - text.count + 1) + text }
            text.insert(".", at: text.index(text.endIndex, offsetBy: -scale))
        } else if scale < 0, digits != "0" {
            text += String(repeating: "0", count: -scale)
        }
        return negative && digits != "0" ? "-" + text : text
    }
}

/// Standard base64 with padding, for binary values.
enum Base64 {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    static func encode(_ bytes: UnsafeRawBufferPointer) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            for shift in [18, 12, 6, 0] { out.append(alphabet[Int(v >> UInt32(shift) & 63)]) }
            i += 3
        }
        let rest = bytes.count - i
        if rest > 0 {
            let v = UInt32(bytes[i]) << 16 | (rest == 2 ? UInt32(bytes[i + 1]) << 8 : 0)
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            out.append(rest == 2 ? alphabet[Int(v >> 6 & 63)] : UInt8(ascii: "="))
            out.append(UInt8(ascii: "="))
        }
        return String(decoding: out, as: UTF8.self)
    }
}

/// IEEE half precision to Float (FLOAT16 logical type, stored little-endian in 2 bytes).
enum HalfFloat {
    static func toFloat(_ bits: UInt16) -> Float {
        let sign: UInt32 = UInt32(bits >> 15) << 31
        let exponent = Int(bits >> 10 & 0x1F)
        let mantissa = UInt32(bits & 0x3FF)
        if exponent == 0 {
            let magnitude = Float(mantissa) * Float(sign: .plus, exponent: -24, significand: 1)
            return sign != 0 ? -magnitude : magnitude
        }
        if exponent == 31 {
            return Float(bitPattern: sign | 0x7F80_0000 | mantissa << 13)
        }
        return Float(bitPattern: sign | UInt32(exponent - 15 + 127) << 23 | mantissa << 13)
    }
}
