#!/usr/bin/env bash
# Snappy decompression throughput: rankd's Swift decoder vs pyarrow's C++ snappy (pa.decompress),
# on the same compressed buffers, in the same run. Prints median MB/s of uncompressed output.
# Usage: scripts/bench/snappy.sh [ROUNDS]   (needs /opt/rankd-tools/venv from install-deps.sh bench)
set -euo pipefail
ROUNDS="${1:-15}"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PY="${RANKD_PYTHON:-/opt/rankd-tools/venv/bin/python}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Swift decoder built exactly as a release build would: -O, whole module.
swiftc -O -wmo -parse-as-library -module-name SnappyBench \
  -I "$ROOT/Sources/CZlib" -I "$ROOT/Sources/CZstd" -I "$ROOT/Sources/CBrotli" \
  "$ROOT"/Sources/Parquet/Compression/*.swift "$ROOT/scripts/bench/snappy_bench.swift" \
  -o "$WORK/snappy_bench"

# Data sets like a feature snapshot's pages: quantised float32 features, sorted int64 ids,
# log-like text, and incompressible bytes; compressed by pyarrow's snappy.
"$PY" - "$WORK" <<'PY'
import sys, numpy as np, pyarrow as pa
work = sys.argv[1]
rng = np.random.default_rng(1)
sets = {
    "float32-features": np.round(rng.normal(0, 1, 1 << 18), 2).astype(np.float32).tobytes(),
    "int64-sorted-ids": np.cumsum(rng.integers(1, 50, 1 << 17)).astype(np.int64).tobytes(),
    "text-lines": "".join(f"doc={i % 977} query={i % 131} score={(i * 7919) % 1000 / 1000:.3f} clicked={i % 3 == 0}\n"
                          for i in range(20000)).encode(),
    "random": rng.integers(0, 256, 1 << 20, dtype=np.uint8).tobytes(),
}
with open(f"{work}/sets", "w") as f:
    for name, raw in sets.items():
        comp = pa.compress(raw, codec="snappy", asbytes=True)
        open(f"{work}/{name}.snappy", "wb").write(comp)
        f.write(f"{name} {work}/{name}.snappy {len(raw)} {len(comp)}\n")
PY

"$PY" - "$WORK" "$ROUNDS" >"$WORK/pyarrow.txt" <<'PY'
import sys, time, statistics, pyarrow as pa
work, rounds = sys.argv[1], int(sys.argv[2])
for line in open(f"{work}/sets"):
    name, path, size, _ = line.split()
    size = int(size)
    buf = pa.py_buffer(open(path, "rb").read())
    iterations = max(1, 20_000_000 // size)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        for _ in range(iterations):
            pa.decompress(buf, decompressed_size=size, codec="snappy")
        samples.append((time.perf_counter() - start) / iterations)
    print(name, size / statistics.median(samples) / 1e6)
PY

specs=()
while read -r name path size _; do specs+=("$name=$path:$size"); done <"$WORK/sets"
"$WORK/snappy_bench" "$ROUNDS" "${specs[@]}" >"$WORK/swift.txt"

printf '%-18s %10s %10s %12s %12s %7s\n' dataset raw_bytes comp_bytes swift_MB/s pyarrow_MB/s ratio
while read -r name path size comp; do
  s=$(awk -v n="$name" '$1==n{print $2}' "$WORK/swift.txt")
  p=$(awk -v n="$name" '$1==n{print $2}' "$WORK/pyarrow.txt")
  awk -v n="$name" -v r="$size" -v c="$comp" -v s="$s" -v p="$p" \
    'BEGIN{printf "%-18s %10d %10d %12.0f %12.0f %6.2fx\n", n, r, c, s, p, p/s}'
done <"$WORK/sets"
echo "ratio = pyarrow MB/s / swift MB/s (lower is better; target <= 2)"
