// An independent reader of text format 0.0.4, used to check the library's output by
// parsing it rather than by comparing it with itself.

struct ParseFailure: Error, CustomStringConvertible {
    let description: String
}

struct ParsedSample {
    let name: String
    let labels: [(name: String, value: String)]
    let value: Double

    func label(_ name: String) -> String? {
        labels.first { $0.name == name }?.value
    }
}

struct ParsedFamily {
    let name: String
    var help: String?
    var type: String?
    var samples: [ParsedSample] = []
}

enum ExpositionParser {
    /// Families in order; throws if a HELP/TYPE repeats, comes after a sample of its
    /// family, or a sample belongs to no declared family.
    static func parse(_ text: String) throws -> [ParsedFamily] {
        var families: [ParsedFamily] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) where !line.isEmpty {
            if line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") {
                let words = line.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: false)
                guard words.count >= 3 else { throw ParseFailure(description: "short comment: \(line)") }
                let name = String(words[2])
                let rest = words.count > 3 ? String(words[3]) : ""
                if families.last?.name != name || !(families.last?.samples.isEmpty ?? false) {
                    guard !families.contains(where: { $0.name == name }) else {
                        throw ParseFailure(description: "family \(name) declared twice or after its samples")
                    }
                    families.append(ParsedFamily(name: name))
                }
                if line.hasPrefix("# HELP ") {
                    guard families[families.count - 1].help == nil else { throw ParseFailure(description: "second HELP for \(name)") }
                    families[families.count - 1].help = rest
                } else {
                    guard families[families.count - 1].type == nil else { throw ParseFailure(description: "second TYPE for \(name)") }
                    families[families.count - 1].type = rest
                }
                continue
            }
            let sample = try parseSample(String(line))
            guard var family = families.popLast(), belongs(sample.name, to: family) else {
                throw ParseFailure(description: "sample \(sample.name) outside its family")
            }
            family.samples.append(sample)
            families.append(family)
        }
        return families
    }

    private static func belongs(_ sample: String, to family: ParsedFamily) -> Bool {
        if sample == family.name { return true }
        guard family.type == "histogram" else { return false }
        return ["_bucket", "_sum", "_count"].contains { sample == family.name + $0 }
    }

    static func parseSample(_ line: String) throws -> ParsedSample {
        var chars = Substring(line)
        let name = String(chars.prefix { $0 != "{" && $0 != " " })
        chars = chars.dropFirst(name.count)
        var labels: [(String, String)] = []
        if chars.first == "{" {
            chars = chars.dropFirst()
            while chars.first != "}" {
                let labelName = String(chars.prefix { $0 != "=" })
                chars = chars.dropFirst(labelName.count)
                guard chars.hasPrefix("=\"") else { throw ParseFailure(description: "bad label in \(line)") }
                chars = chars.dropFirst(2)
                labels.append((labelName, try unescapeValue(&chars, line: line)))
                if chars.first == "," { chars = chars.dropFirst() }
            }
            chars = chars.dropFirst()
        }
        guard chars.first == " ", let value = parseValue(String(chars.dropFirst())) else {
            throw ParseFailure(description: "bad value in \(line)")
        }
        return ParsedSample(name: name, labels: labels, value: value)
    }

    /// Reads up to and including the closing quote.
    private static func unescapeValue(_ chars: inout Substring, line: String) throws -> String {
        var value = ""
        while let c = chars.popFirst() {
            switch c {
            case "\"": return value
            case "\\":
                switch chars.popFirst() {
                case "\\": value.append("\\")
                case "\"": value.append("\"")
                case "n": value.append("\n")
                default: throw ParseFailure(description: "bad escape in \(line)")
                }
            case "\n": throw ParseFailure(description: "raw newline in \(line)")
            default: value.append(c)
            }
        }
        throw ParseFailure(description: "unterminated label value in \(line)")
    }

    static func parseValue(_ text: String) -> Double? {
        switch text {
        case "+Inf": return .infinity
        case "-Inf": return -.infinity
        case "NaN": return .nan
        default: return Double(text)
        }
    }

    /// For every histogram series: `le` ascending, counts non-decreasing, last bucket
    /// `+Inf` and equal to `_count`, and a `_sum`. Returns the number of series checked.
    @discardableResult
    static func checkHistograms(_ families: [ParsedFamily]) throws -> Int {
        var checked = 0
        for family in families where family.type == "histogram" {
            var series: [String: (buckets: [(Double, Double)], count: Double?, sum: Double?)] = [:]
            for sample in family.samples {
                let key = sample.labels.filter { $0.name != "le" }.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
                var entry = series[key] ?? ([], nil, nil)
                if sample.name == family.name + "_bucket" {
                    guard let le = sample.label("le").flatMap(parseValue) else {
                        throw ParseFailure(description: "bucket without le in \(family.name)")
                    }
                    entry.buckets.append((le, sample.value))
                } else if sample.name == family.name + "_count" {
                    entry.count = sample.value
                } else if sample.name == family.name + "_sum" {
                    entry.sum = sample.value
                }
                series[key] = entry
            }
            for (key, entry) in series {
                let where_ = "\(family.name){\(key)}"
                guard let count = entry.count, entry.sum != nil else { throw ParseFailure(description: "\(where_) lacks _count or _sum") }
                guard let last = entry.buckets.last, last.0 == .infinity else { throw ParseFailure(description: "\(where_) does not end with +Inf") }
                guard last.1 == count else { throw ParseFailure(description: "\(where_): +Inf bucket \(last.1) != _count \(count)") }
                for (a, b) in zip(entry.buckets, entry.buckets.dropFirst()) {
                    guard a.0 < b.0 else { throw ParseFailure(description: "\(where_): le \(a.0) before \(b.0)") }
                    guard a.1 <= b.1 else { throw ParseFailure(description: "\(where_): bucket counts decrease") }
                }
                checked += 1
            }
        }
        return checked
    }
}
