// swift-tools-version:6.0
// rankd: one library per layer, each with its own test target.
// Dependencies point one way: rankd → Ranking → (Parquet, OnnxRuntime, Metrics, HTTPServer).
import PackageDescription

let package = Package(
    name: "rankd",
    products: [
        .executable(name: "rankd", targets: ["rankd"]),
    ],
    targets: [
        // System C libraries, through module maps only (no logic here).
        .systemLibrary(name: "COnnxRuntime", pkgConfig: "libonnxruntime"),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib"),
        .systemLibrary(name: "CZstd", pkgConfig: "libzstd"),
        .systemLibrary(name: "CBrotli", pkgConfig: "libbrotlidec"),
        // What Glibc's Swift module does not expose: <sys/epoll.h>, accept4.
        .target(name: "CRankdShim"),

        .target(name: "OnnxRuntime", dependencies: ["COnnxRuntime"]),
        .target(name: "Parquet", dependencies: ["CZlib", "CZstd", "CBrotli"]),
        .target(name: "HTTPServer", dependencies: ["CRankdShim"], exclude: ["README.md"]),
        .target(name: "Metrics"),
        .target(name: "Ranking", dependencies: ["OnnxRuntime", "Parquet", "HTTPServer", "Metrics", "CRankdShim"]),
        .executableTarget(name: "rankd", dependencies: ["Ranking", "Parquet", "OnnxRuntime", "HTTPServer"]),

        // Test helpers more than one test target needs (a seeded generator, promtool).
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "OnnxRuntimeTests", dependencies: ["OnnxRuntime", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "ParquetTests", dependencies: ["Parquet", "TestSupport"], exclude: ["Fixtures"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer"]),
        .testTarget(name: "MetricsTests", dependencies: ["Metrics", "TestSupport"]),
        .testTarget(name: "RankingTests", dependencies: ["Ranking", "TestSupport"], exclude: ["Fixtures"]),
    ]
)
