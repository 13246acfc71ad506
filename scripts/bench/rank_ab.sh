#!/bin/bash
# Paired A/B of two rankd binaries on the large bundle: both serve at once (one event-loop thread
# each), and rounds alternate between them (A then B, B then A, ...), so a change in the host's
# load hits both alike. Prints each round's server CPU µs per request (utime+stime from /proc over
# the requests wrk completed), the medians, and the median of the paired ratios B/A: the figure
# to trust on a shared machine, where absolute CPU times move by a third between runs.
#
#   scripts/bench/rank_ab.sh OLD_RANKD NEW_RANKD
#
# Environment: BUNDLE (/var/tmp/rankd-large; make it with scripts/bench/rank.sh), TREES (20: the
# bundle's config-<trees>.json), ROUNDS (12), SECONDS_PER_ROUND (4), CONNECTIONS (8).
set -euo pipefail
[ $# = 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-/opt/rankd-tools/venv/bin/python}
bundle=${BUNDLE:-/var/tmp/rankd-large}
config=$bundle/config-${TREES:-20}.json
rounds=${ROUNDS:-12}
seconds=${SECONDS_PER_ROUND:-4}
connections=${CONNECTIONS:-8}
[ -f "$config" ] || { echo "no $config: run scripts/bench/rank.sh once to generate the bundle" >&2; exit 1; }
work=$(mktemp -d)
server_pid=
# shellcheck source=rank_server.sh source-path=SCRIPTDIR
. "$here/rank_server.sh"
say() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
pids=()
cleanup() {
    local pid
    for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

"$python" "$here/rank_helper.py" bodies "$bundle" "$work/bodies.jsonl" >/dev/null
ports=()
for rankd in "$1" "$2"; do
    start_server "$config"  # rank_server.sh: sets $port and $server_pid once /ready answers
    pids+=("$server_pid")
    ports+=("$port")
    wrk -t1 -c"$connections" -d3s -s "$here/rank.lua" "http://127.0.0.1:$port" -- "$work/bodies.jsonl" >/dev/null
done

ticks() { # index -> utime + stime of that server, in clock ticks
    server_pid=${pids[$1]}
    server_ticks | awk '{print $1 + $2}'
}
round() { # index -> CPU µs per request
    local before after requests
    before=$(ticks "$1")
    requests=$(wrk -t1 -c"$connections" -d"${seconds}s" -s "$here/rank.lua" "http://127.0.0.1:${ports[$1]}" \
        -- "$work/bodies.jsonl" | awk '/requests in/ {print $1}')
    after=$(ticks "$1")
    awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN {printf "%.1f", t * 1e6 / hz / n}'
}
for r in $(seq "$rounds"); do
    if [ $((r % 2)) = 1 ]; then a=$(round 0); b=$(round 1); else b=$(round 1); a=$(round 0); fi
    echo "round $r: A $a  B $b µs/request"
    echo "$a $b" >>"$work/rounds"
done
"$python" - "$work/rounds" <<'PY'
import statistics, sys
rows = [tuple(map(float, line.split())) for line in open(sys.argv[1]) if line.strip()]
a, b = [r[0] for r in rows], [r[1] for r in rows]
print(f"A median {statistics.median(a):.1f}  B median {statistics.median(b):.1f} µs/request  "
      f"median paired ratio B/A {statistics.median(y / x for x, y in rows):.3f}")
PY
