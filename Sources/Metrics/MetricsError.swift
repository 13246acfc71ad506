/// Everything the Metrics library rejects, each case carrying enough context for a
/// human-readable message (`description`).
public enum MetricsError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalidMetricName(String, reason: String)
    case invalidLabelName(String, metric: String, reason: String)
    case duplicateMetric(String)
    case labelCountMismatch(metric: String, expected: Int, got: Int)
    case tooManyChildren(metric: String, limit: Int)
    case invalidBuckets(String)
    case duplicateSample(metric: String, labelValues: [String])
    case invalidSample(metric: String, reason: String)
    case procUnreadable(path: String, reason: String)
    case procMalformed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidMetricName(let name, let reason):
            return "invalid metric name \"\(name)\": \(reason)"
        case .invalidLabelName(let label, let metric, let reason):
            return "invalid label name \"\(label)\" on metric \"\(metric)\": \(reason)"
        case .duplicateMetric(let name):
            return "metric \"\(name)\" collides with an already registered metric"
        case .labelCountMismatch(let metric, let expected, let got):
            return "metric \"\(metric)\" has \(expected) label name(s) but \(got) label value(s) were given"
        case .tooManyChildren(let metric, let limit):
            return "metric \"\(metric)\" already has \(limit) label combinations (the limit); refusing more"
        case .invalidBuckets(let reason):
            return "invalid histogram buckets: \(reason)"
        case .duplicateSample(let metric, let values):
            return "metric \"\(metric)\" already has a sample with label values \(values)"
        case .invalidSample(let metric, let reason):
            return "invalid sample for metric \"\(metric)\": \(reason)"
        case .procUnreadable(let path, let reason):
            return "cannot read \(path): \(reason)"
        case .procMalformed(let path, let reason):
            return "unexpected contents in \(path): \(reason)"
        }
    }
}
