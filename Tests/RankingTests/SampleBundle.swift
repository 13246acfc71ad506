import Foundation
@testable import Ranking

/// The committed sample bundle (deploy/sample) and the expectations computed for it by an
/// independent Python implementation with onnxruntime's Python API.
enum SampleBundle {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let configPath = repoRoot.appendingPathComponent("deploy/sample/config.json").path
    static let fixtures = repoRoot.appendingPathComponent("Tests/RankingTests/Fixtures")

    static func json(_ name: String) throws -> [String: Any] {
        let data = try Data(contentsOf: fixtures.appendingPathComponent(name))
        return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
    }

    /// Loads the bundle synchronously the way the server does.
    static func loadSnapshot(config: ServiceConfig? = nil) throws -> ServingSnapshot {
        let config = try config ?? ServiceConfig.load(path: configPath)
        let state = ServingState()
        let report = BundleLoader(config: config, state: state, metrics: nil, log: EventLog { _ in }).refresh()
        guard let snapshot = state.snapshot else {
            throw ServiceError("sample bundle did not load: \(report.failures)")
        }
        return snapshot
    }

    /// An id as the response carries it: integer candidates by their decimal text.
    static func idText(_ any: Any?) -> String {
        if let text = any as? String { return text }
        if let number = any as? NSNumber { return number.stringValue }
        return "?"
    }

    static func float(_ any: Any?) -> Float {
        if let number = any as? NSNumber { return number.floatValue }
        if let text = any as? String, let value = Float(text) { return value }
        return .infinity
    }
}
