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

cat >"$WORK/pyarrow_bench.py" <<'PY'
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
# The machine is shared: alternate the two decoders so both see the same background load.
for _ in 1 2 3; do
  "$PY" "$WORK/pyarrow_bench.py" "$WORK" "$ROUNDS" >>"$WORK/pyarrow.txt"
  "$WORK/snappy_bench" "$ROUNDS" "${specs[@]}" >>"$WORK/swift.txt"
done

"$PY" - "$WORK" <<'PY'
import sys, statistics
work = sys.argv[1]
def medians(file):
    runs = {}
    for line in open(f"{work}/{file}"):
        name, value = line.split()
        runs.setdefault(name, []).append(float(value))
    return {name: statistics.median(values) for name, values in runs.items()}
swift, arrow = medians("swift.txt"), medians("pyarrow.txt")
print(f"{'dataset':<18} {'raw_bytes':>10} {'comp_bytes':>10} {'swift_MB/s':>11} {'pyarrow_MB/s':>13} {'ratio':>6}")
for line in open(f"{work}/sets"):
    name, _, raw, comp = line.split()
    print(f"{name:<18} {raw:>10} {comp:>10} {swift[name]:>11.0f} {arrow[name]:>13.0f} {arrow[name] / swift[name]:>5.2f}x")
print("median of 3 alternating runs; ratio = pyarrow MB/s / swift MB/s (target <= 2)")
PY
