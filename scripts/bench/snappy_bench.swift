// Snappy decode throughput of rankd's Swift decoder, compiled with -O together with
// Sources/Parquet/Compression by scripts/bench/snappy.sh (which times pyarrow beside it).
// Usage: snappy_bench ROUNDS NAME=FILE:SIZE...
import Foundation

@main
struct SnappyBench {
    static func main() throws {
        let arguments = CommandLine.arguments.dropFirst()
        guard let rounds = arguments.first.flatMap(Int.init) else {
            fatalError("usage: snappy_bench ROUNDS NAME=FILE:SIZE...")
        }
        for spec in arguments.dropFirst() {
            let parts = spec.split(separator: "=", maxSplits: 1)
            let fileAndSize = parts[1].split(separator: ":")
            let input = [UInt8](try Data(contentsOf: URL(fileURLWithPath: String(fileAndSize[0]))))
            let size = Int(fileAndSize[1])!
            let median = try medianSeconds(input: input, size: size, rounds: rounds)
            print("\(parts[0]) \(Double(size) / median / 1e6)")
        }
    }

    /// Each round decodes enough times to last ~20 ms; the median round is reported.
    static func medianSeconds(input: [UInt8], size: Int, rounds: Int) throws -> Double {
        let iterations = max(1, 20_000_000 / max(size, 1))
        var checksum = 0
        var samples: [Double] = []
        for _ in 0..<rounds {
            let start = DispatchTime.now().uptimeNanoseconds
            for _ in 0..<iterations {
                let output = try input.withUnsafeBytes { raw in
                    try decompress(.snappy, raw, uncompressedSize: size)
                }
                checksum &+= Int(output[output.count / 2])
            }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            samples.append(elapsed / Double(iterations))
        }
        if checksum == 42 { print("") }  // keeps the decode from being optimised away
        return samples.sorted()[samples.count / 2]
    }
}
