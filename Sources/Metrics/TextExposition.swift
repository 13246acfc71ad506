/// Renders families in the Prometheus text exposition format, version 0.0.4.
enum TextExposition {
    static func write(_ family: MetricFamilySnapshot, into out: inout String) {
        out += "# HELP \(family.name) \(escapeHelp(family.help))\n"
        out += "# TYPE \(family.name) \(family.type.rawValue)\n"
        // Sorted label values make the output independent of which thread created a child first.
        let samples = family.samples.sorted { $0.labelValues.lexicographicallyPrecedes($1.labelValues) }
        for sample in samples {
            let labels = labelPairs(family.labelNames, sample.labelValues)
            switch sample.value {
            case .scalar(let value):
                out += "\(family.name)\(braced(labels)) \(PrometheusFloat.sampleValue(value))\n"
            case .histogram(let histogram):
                writeHistogram(family.name, labels, histogram, into: &out)
            }
        }
    }

    /// `_bucket` lines ascending, the `+Inf` bucket written from `count` itself, then
    /// `_sum` and `_count`.
    private static func writeHistogram(_ name: String, _ labels: String, _ histogram: HistogramSnapshot,
                                       into out: inout String) {
        let prefix = labels.isEmpty ? "" : labels + ","
        for (bound, cumulative) in zip(histogram.upperBounds, histogram.cumulativeCounts) {
            out += "\(name)_bucket{\(prefix)le=\"\(PrometheusFloat.goShortest(bound))\"} \(cumulative)\n"
        }
        out += "\(name)_bucket{\(prefix)le=\"+Inf\"} \(histogram.count)\n"
        out += "\(name)_sum\(braced(labels)) \(PrometheusFloat.sampleValue(histogram.sum))\n"
        out += "\(name)_count\(braced(labels)) \(histogram.count)\n"
    }

    private static func labelPairs(_ names: [String], _ values: [String]) -> String {
        zip(names, values).map { "\($0)=\"\(escapeLabelValue($1))\"" }.joined(separator: ",")
    }

    private static func braced(_ labels: String) -> String {
        labels.isEmpty ? "" : "{\(labels)}"
    }

    /// HELP text escapes backslash and line feed.
    static func escapeHelp(_ text: String) -> String {
        escape(text, quote: false)
    }

    /// Label values escape backslash, double quote and line feed.
    static func escapeLabelValue(_ text: String) -> String {
        escape(text, quote: true)
    }

    /// Works on bytes: a "\r\n" is one Swift Character, yet its "\n" must still be escaped.
    private static func escape(_ text: String, quote: Bool) -> String {
        let needsWork = text.utf8.contains { $0 == 0x5C || $0 == 0x0A || (quote && $0 == 0x22) }
        guard needsWork else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count + 8)
        for byte in text.utf8 {
            switch byte {
            case 0x5C: out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x22 where quote: out += [0x5C, 0x22]
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
