/// Name rules of the Prometheus data model, checked once at registration so that the
/// exposition never has to escape or reject a name at scrape time.
enum MetricName {
    /// Metric names: `[a-zA-Z_:][a-zA-Z0-9_:]*`.
    static func validate(_ name: String) throws(MetricsError) {
        guard let first = name.utf8.first else {
            throw .invalidMetricName(name, reason: "it is empty")
        }
        guard isLetterOrUnderscore(first) || first == UInt8(ascii: ":") else {
            throw .invalidMetricName(name, reason: "it must start with a letter, '_' or ':'")
        }
        for byte in name.utf8 where !(isNameByte(byte) || byte == UInt8(ascii: ":")) {
            throw .invalidMetricName(name, reason: "only letters, digits, '_' and ':' are allowed")
        }
    }

    /// Counters are exposed under their full `*_total` name, as client_golang does.
    static func validateCounter(_ name: String) throws(MetricsError) {
        try validate(name)
        guard name.hasSuffix("_total"), name != "_total" else {
            throw .invalidMetricName(name, reason: "counter names must end in \"_total\"")
        }
    }

    /// Label names: `[a-zA-Z_][a-zA-Z0-9_]*`, not starting with the reserved `__`,
    /// distinct, and never `le` on a histogram (it is the bucket label).
    static func validateLabels(_ labels: [String], metric: String, type: MetricType) throws(MetricsError) {
        var seen = Set<String>()
        for label in labels {
            guard let first = label.utf8.first else {
                throw .invalidLabelName(label, metric: metric, reason: "it is empty")
            }
            guard isLetterOrUnderscore(first), label.utf8.allSatisfy(isNameByte) else {
                throw .invalidLabelName(label, metric: metric,
                                        reason: "it must match [a-zA-Z_][a-zA-Z0-9_]*")
            }
            guard !label.hasPrefix("__") else {
                throw .invalidLabelName(label, metric: metric, reason: "names starting with \"__\" are reserved")
            }
            guard !(type == .histogram && label == "le") else {
                throw .invalidLabelName(label, metric: metric, reason: "\"le\" is reserved for histogram buckets")
            }
            guard seen.insert(label).inserted else {
                throw .invalidLabelName(label, metric: metric, reason: "it appears twice")
            }
        }
    }

    /// Sample names a family of this type writes; two families may not share one.
    static func sampleNames(of name: String, type: MetricType) -> [String] {
        guard type == .histogram else { return [name] }
        return [name, name + "_bucket", name + "_sum", name + "_count"]
    }

    private static func isLetterOrUnderscore(_ b: UInt8) -> Bool {
        (b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z"))
            || (b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z")) || b == UInt8(ascii: "_")
    }

    private static func isNameByte(_ b: UInt8) -> Bool {
        isLetterOrUnderscore(b) || (b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9"))
    }
}
