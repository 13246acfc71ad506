#!/usr/bin/env bash
# Loads a 1M-row Parquet file (two string keys, four float columns) into memory with
# `rankd parquet bench-load` (release build, single thread) and with
# pyarrow.parquet.read_table(use_threads=False), interleaved, each run in a fresh process.
#   scripts/bench/parquet_load.sh [--compression snappy|none|zstd|gzip] [--rows N] [--runs N]
# Prints per-run figures, the medians, the time ratio, and peak RSS (VmHWM) of each.
set -euo pipefail
cd "$(dirname "$0")/../.."
PY=${PY:-/opt/rankd-tools/venv/bin/python}
COMPRESSION=snappy ROWS=1000000 RUNS=7
while [ $# -gt 0 ]; do
    case "$1" in
        --compression) COMPRESSION=$2; shift 2 ;;
        --rows) ROWS=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done

swift build -c release --product rankd >/dev/null
RANKD=$(swift build -c release --show-bin-path)/rankd
DIR=.build/bench
mkdir -p "$DIR"
FILE="$DIR/load_${ROWS}_${COMPRESSION}.parquet"
[ -f "$FILE" ] || "$PY" scripts/bench/parquet_load.py generate "$FILE" "$ROWS" "$COMPRESSION"
echo "file: $FILE ($(stat -c %s "$FILE") bytes, $ROWS rows, $COMPRESSION)"

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
swift_s=() swift_kb=() py_s=() py_kb=()
"$RANKD" parquet bench-load "$FILE" >/dev/null      # warm the page cache for both
for i in $(seq "$RUNS"); do
    s=$("$RANKD" parquet bench-load "$FILE")
    p=$("$PY" scripts/bench/parquet_load.py load "$FILE")
    swift_s+=("$(echo "$s" | field seconds)"); swift_kb+=("$(echo "$s" | field peak_rss_kb)")
    py_s+=("$(echo "$p" | field seconds)"); py_kb+=("$(echo "$p" | field peak_rss_kb)")
    echo "run $i: rankd ${swift_s[-1]}s ${swift_kb[-1]}kB   pyarrow ${py_s[-1]}s ${py_kb[-1]}kB"
done

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
ms=$(median "${swift_s[@]}") mp=$(median "${py_s[@]}")
echo "median load: rankd ${ms}s, pyarrow ${mp}s, ratio rankd/pyarrow $(awk -v a="$ms" -v b="$mp" 'BEGIN {printf "%.2f", a/b}')"
echo "median peak RSS: rankd $(median "${swift_kb[@]}") kB, pyarrow $(median "${py_kb[@]}") kB (whole process)"
