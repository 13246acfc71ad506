#!/bin/sh
# Micro-benchmark of the Metrics hot path: builds Sources/Metrics as its own module with
# swiftc -O (so calls cross a module boundary, as they do from Ranking) and prints the
# median ns/op of each operation next to a plain non-atomic increment measured in the
# same run. Usage: scripts/bench/metrics.sh [iterations-per-run]
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swiftc -O -wmo -parse-as-library -module-name Metrics -emit-library -static \
    -emit-module -emit-module-path "$work/Metrics.swiftmodule" \
    -o "$work/libMetrics.a" "$root"/Sources/Metrics/*.swift
swiftc -O -parse-as-library -I "$work" -L "$work" -lMetrics \
    -o "$work/metrics_bench" "$root/scripts/bench/metrics_bench.swift"
"$work/metrics_bench" "${1:-5000000}"
