import Foundation
import Ranking

/// `rankd eval`: the offline gate a new model must pass before it ships. Loads the bundle the
/// way the server does, ranks each judged query through the serving path and prints metrics.
enum EvalCommand {
    static func run(_ raw: [String]) -> Int32 {
        do {
            let args = try Arguments(raw, flags: ["config", "judgments", "min-ndcg"])
            guard let configPath = args["config"], let judgmentsPath = args["judgments"] else {
                throw UsageError("usage: rankd eval --config FILE --judgments FILE.parquet [--min-ndcg X]")
            }
            let minimum = try args.double("min-ndcg")
            if let minimum, !(0...1).contains(minimum) {
                throw UsageError("--min-ndcg must be a number from 0 to 1, got \(minimum)")
            }
            let config = try ServiceConfig.load(path: configPath)
            let state = ServingState()
            let quiet = EventLog { _ in }
            let report = BundleLoader(config: config, state: state, metrics: nil, log: quiet).refresh()
            guard let snapshot = state.snapshot else {
                let why = report.failures.isEmpty ? Array(state.currentProblems.values) : report.failures
                throw EvaluationError("cannot load the bundle: \(why.joined(separator: "; "))")
            }
            let judgments = try Judgments.load(path: judgmentsPath)
            let summary = try Evaluator.evaluate(judgments, with: snapshot)
            print("model \(snapshot.model.name) version \(snapshot.model.version)")
            print("queries \(summary.queries) (skipped without a relevant item: \(summary.skipped))")
            print(String(format: "NDCG@10 %.6f", summary.ndcgAt10))
            print(String(format: "MRR %.6f", summary.mrr))
            print(String(format: "P@10 %.6f", summary.precisionAt10))
            if let minimum, !summary.passes(minNDCG: minimum) {
                FileHandle.standardError.write(Data(String(format: "rankd eval: NDCG@10 %.6f is below --min-ndcg %.6f\n", summary.ndcgAt10, minimum).utf8))
                return 1
            }
            return 0
        } catch let error as UsageError {
            FileHandle.standardError.write(Data("rankd eval: \(error.description)\n".utf8))
            return 2
        } catch {
            FileHandle.standardError.write(Data("rankd eval: \(error)\n".utf8))
            return 1
        }
    }
}
