#!/bin/bash
# Ranking benchmark (issue 5): drives POST /rank of a release rankd (one event-loop thread) with
# wrk at fixed concurrency on the large sample bundle (100k products, 1M query×product rows,
# 100 candidates per request) and prints requests/s, p50, p99 and the server's CPU time per
# request next to the bare ONNX Runtime run time of the same 100-row batch, measured in the same
# run (rounds interleave bare, server, bare, ...; medians reported). Each round also drives
# http_floor.c, a C server that only reads each request and sends rankd's own answer back, with
# the same load: its CPU per request is the loopback exchange's share of rankd's figure, so the
# table can say how much of rankd's overhead is its own work.
#
#   scripts/bench/rank.sh
#
# Environment: BUNDLE (cache of the large bundle, default /var/tmp/rankd-large; generated once),
# DURATION (seconds per wrk round, 15), CONNECTIONS (8), ROUNDS (3), MODELS ("300 20": trees of
# the bundle's config-<trees>.json), BARE_RUNS (2000 runs per bare round), BATCHES (50 explained
# request batches the bare run cycles through), PROFILE (1: after the measured rounds, one more
# round under `perf record -e cpu-clock -g` splits the server's CPU per request by stage),
# STRICT=1 (exit 1 when a target is missed).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
here=$root/scripts/bench
python=${PYTHON:-/opt/rankd-tools/venv/bin/python}
bundle=${BUNDLE:-/var/tmp/rankd-large}
duration=${DURATION:-15}
connections=${CONNECTIONS:-8}
rounds=${ROUNDS:-3}
models=${MODELS:-300 20}
bare_runs=${BARE_RUNS:-2000}
batches=${BATCHES:-50}
profile=${PROFILE:-1}
# Twice the per-core L2 (from sysfs; 4 MB if unknown): enough to evict the model between cold runs.
l2_kb=$(sed -n 's/^\([0-9]*\)K$/\1/p' /sys/devices/system/cpu/cpu0/cache/index2/size 2>/dev/null || true)
evict_mb=$(( ${l2_kb:-2048} * 2 / 1024 ))
if [ "$profile" = 1 ] && ! perf record -q -e cpu-clock -o /dev/null true >/dev/null 2>&1; then
    echo "perf cannot sample cpu-clock here: no per-stage breakdown" >&2
    profile=0
fi
work=$(mktemp -d)
server_pid=
# shellcheck source=rank_server.sh source-path=SCRIPTDIR
. "$here/rank_server.sh"
trap 'stop_server; rm -rf "$work"' EXIT

say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

build() {
    say "building release rankd and the bare ONNX Runtime reference"
    (cd "$root" && swift build -c release --product rankd >"$work/build.log" 2>&1) || { cat "$work/build.log"; exit 1; }
    rankd=$root/.build/release/rankd
    # shellcheck disable=SC2046  # pkg-config prints several words on purpose
    gcc -O2 -Wall -o "$work/ort_bare" "$here/ort_bare.c" $(pkg-config --cflags --libs libonnxruntime) \
        -Wl,-rpath,"$(pkg-config --variable=libdir libonnxruntime)"
    gcc -O2 -Wall -o "$work/http_floor" "$here/http_floor.c"
}

# The large bundle takes minutes to generate: made once into the cache, moved into place whole.
ensure_bundle() {
    if [ -f "$bundle/config-20.json" ] && [ -f "$bundle/config-300.json" ]; then return; fi
    say "generating the large bundle into $bundle (once; takes several minutes)"
    rm -rf "$bundle.partial" && mkdir -p "$bundle.partial"
    "$python" "$root/deploy/make_sample.py" --large --out "$bundle.partial" >"$work/make_sample.log" 2>&1 ||
        { cat "$work/make_sample.log"; exit 1; }
    rm -rf "$bundle" && mv "$bundle.partial" "$bundle"
}

# One bare round: the model alone on the batches the server fed it, rows in the server's order,
# cycling through all of them (the reference for the targets); the same batches with rows in
# request order (what a plain ORT call on the batch as built costs: the server's row grouping
# saves the difference); repeating the first batch only (optimistic: a repeated batch lets the
# branch predictor learn the trees' paths); and cycling with the caches flushed between runs
# (what a run costs when the rest of a request has evicted the model, as a server's lookups
# over large tables do). Records the median CPU µs per run of each.
bare_round() { # trees model_dir features
    local cycled request single cold
    cycled=$("$work/ort_bare" "$2/model.onnx" "$work/grouped-$1.f32" "$3" 100 "$bare_runs" 300)
    request=$("$work/ort_bare" "$2/model.onnx" "$work/batch-$1.f32" "$3" 100 "$bare_runs" 300)
    single=$("$work/ort_bare" "$2/model.onnx" "$work/grouped1-$1.f32" "$3" 100 "$bare_runs" 300)
    cold=$(ORT_BARE_EVICT_MB=$evict_mb "$work/ort_bare" "$2/model.onnx" "$work/grouped-$1.f32" "$3" 100 "$bare_runs" 300)
    say "bare  $1 trees, server's row order: $cycled"
    say "bare  $1 trees, request order: $request"
    say "bare  $1 trees, first batch only: $single"
    say "bare  $1 trees, ${evict_mb} MB read between runs: $cold"
    printf '{"kind":"bare","model":"search%s","trees":%s,"cpu_us":%s,"request_order_cpu_us":%s,"single_cpu_us":%s,"cold_cpu_us":%s}\n' \
        "$1" "$1" "$(cpu_median "$cycled")" "$(cpu_median "$request")" "$(cpu_median "$single")" "$(cpu_median "$cold")" \
        >>"$work/results.jsonl"
}

cpu_median() { sed -n 's/.*cpu_us_median=\([0-9.]*\).*/\1/p' <<<"$1"; }

bench_model() { # trees
    local trees=$1 model_dir features
    model_dir=$(find -L "$bundle/models/search$trees" -mindepth 1 -maxdepth 1 -type d -name "[0-9]*" | sort -V | tail -1)
    start_server "$bundle/config-$trees.json"
    explain_batches "$trees" "$model_dir"
    head -1 "$work/bodies.jsonl" | curl -sf -o "$work/answer-$trees.json" -H 'Content-Type: application/json' \
        --data-binary @- "http://127.0.0.1:$port/rank"
    features=$(cat "$work/features-$trees")
    say "warming up $trees trees"
    wrk -t1 -c"$connections" -d3s -s "$here/rank.lua" "http://127.0.0.1:$port" -- "$work/bodies.jsonl" >/dev/null
    bare_round "$trees" "$model_dir" "$features"
    for _ in $(seq "$rounds"); do
        server_round "$trees"
        floor_round "$trees"
        bare_round "$trees" "$model_dir" "$features"
    done
    if [ "$profile" = 1 ]; then profile_round "$trees"; fi
    stop_server
}

build
ensure_bundle
say "building request bodies from $bundle"
"$python" "$here/rank_helper.py" bodies "$bundle" "$work/bodies.jsonl" >&2
for trees in $models; do bench_model "$trees"; done
echo
echo "POST /rank, $(wc -l <"$work/bodies.jsonl") distinct bodies of 100 candidates, wrk -t1 -c$connections -d${duration}s," \
    "rankd --threads 1; $rounds server rounds, $((rounds + 1)) bare rounds of $bare_runs runs; medians"
status=0
"$python" "$here/rank_helper.py" table ${STRICT:+--strict} "$work/results.jsonl" || status=$?
for trees in $models; do
    if [ -f "$work/profile-$trees.txt" ]; then
        echo
        echo "search$trees, a profiled round (perf record -e cpu-clock -F $profile_hz -g, ${duration}s):"
        cat "$work/profile-$trees.txt"
    fi
done
exit "$status"
