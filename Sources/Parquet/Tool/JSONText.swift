/// JSON text pieces for `rankd parquet cat` (RFC 8259 strings, Swift's shortest round-trip floats).
enum JSONText {
    static func appendString(_ bytes: UnsafeRawBufferPointer, to out: inout String) {
        appendString(String(decoding: bytes, as: UTF8.self), to: &out)
    }

    static func appendString(_ s: String, to out: inout String) {
        out.append("\"")
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out.append("\\\"")
            case "\\": out.append("\\\\")
            case "\n": out.append("\\n")
            case "\r": out.append("\\r")
            case "\t": out.append("\\t")
            case "\u{08}": out.append("\\b")
            case "\u{0C}": out.append("\\f")
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out.append("\\u" + String(repeating: "0", count: 4 - hex.count) + hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append("\"")
    }

    /// Shortest round-trip text (Swift's `description`, e.g. `1.0`, `0.1`, `1e-07`);
    /// NaN and infinities as the strings "NaN", "Infinity", "-Infinity".
    static func appendFloat<F: BinaryFloatingPoint & CustomStringConvertible>(_ v: F, to out: inout String) {
        if v.isNaN { out.append("\"NaN\"") }
        else if v.isInfinite { out.append(v < 0 ? "\"-Infinity\"" : "\"Infinity\"") }
        else { out.append(v.description) }
    }
}

