#!/usr/bin/env bash
# Builds the libFuzzer target for the Parquet reader and runs it.
#   scripts/fuzz/run.sh [SECONDS] [extra libFuzzer flags...]
# Seeds: ../shared/parquet-testing (data + bad_data) and Tests/ParquetTests/Fixtures/.
# Findings land in .build/fuzz/findings/; copy crashers to Tests/ParquetTests/Fixtures/crashers/
# (CrasherTests asserts each one throws cleanly).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECONDS_TO_RUN=${1:-60}
shift || true
OUT=.build/fuzz
mkdir -p "$OUT/corpus" "$OUT/findings"

mapfile -t SOURCES < <(find Sources/Parquet -name '*.swift' | sort)
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Parquet \
    -I Sources/CZlib -I Sources/CZstd -I Sources/CBrotli \
    "${SOURCES[@]}" scripts/fuzz/ParquetFuzzTarget.swift \
    -lz -lzstd -lbrotlidec -o "$OUT/parquet-fuzz"

SEEDS=("$OUT/corpus")
for d in "$ROOT/../shared/parquet-testing/data" "$ROOT/../shared/parquet-testing/bad_data" \
         Tests/ParquetTests/Fixtures/core Tests/ParquetTests/Fixtures/corpus \
         Tests/ParquetTests/Fixtures/bad Tests/ParquetTests/Fixtures/crashers; do
    [ -d "$d" ] && SEEDS+=("$d")
done

# Big real files (>1 MiB) only slow the fuzzer down: -max_len keeps inputs small.
exec "$OUT/parquet-fuzz" -max_total_time="$SECONDS_TO_RUN" -max_len=65536 -rss_limit_mb=4096 \
    -malloc_limit_mb=2048 -timeout=10 -artifact_prefix="$OUT/findings/" -print_final_stats=1 \
    "$@" "${SEEDS[@]}"
