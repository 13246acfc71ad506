#!/usr/bin/env bash
# Benchmarks rankd's JSON layer (Sources/Ranking/JSON + API) against Foundation's
# JSONSerialization and JSONDecoder/JSONEncoder on a realistic 100-candidate /rank request
# and a 100-item response, all in the same run, and prints medians in µs and ratios.
# Usage: scripts/bench/json.sh [rounds]   (default 61 rounds of 200 operations per case)
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="$(mktemp -d "${TMPDIR:-/tmp}/rankd-json-bench.XXXXXX")"
trap 'rm -rf "$build"' EXIT
swift_bin="${SWIFTC:-swiftc}"
"$swift_bin" -O -wmo -parse-as-library -module-name JSONBench \
    "$root"/Sources/Ranking/JSON/*.swift "$root"/Sources/Ranking/API/*.swift \
    "$root"/scripts/bench/json_bench.swift -o "$build/json-bench"
"$build/json-bench" "$@"
