#!/usr/bin/env bash
# GET /health keep-alive benchmark: rankd http-demo (SO_REUSEPORT per loop, and single acceptor)
# against nginx returning the same body, interleaved, on loopback only.
#
# Usage: scripts/bench/http_health.sh            (ROUNDS=3 DURATION=10s CONNECTIONS=64 by default;
#        SERVERS="rankd-reuseport rankd-single" compares only the two accept strategies)
# Needs: wrk, nginx (deploy/install-deps.sh bench). Prints each run's requests/s and p99, then
# medians and the ratio rankd/nginx.
set -euo pipefail

ROUNDS="${ROUNDS:-3}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-64}"
WRK_THREADS="${WRK_THREADS:-2}"
NGINX_PORT="${NGINX_PORT:-18381}"
REUSEPORT_PORT="${REUSEPORT_PORT:-18382}"
SINGLE_PORT="${SINGLE_PORT:-18383}"

cd "$(dirname "$0")/../.."
command -v wrk >/dev/null || { echo "wrk not found (deploy/install-deps.sh bench)" >&2; exit 1; }
NGINX="$(command -v nginx || echo /usr/sbin/nginx)"
[ -x "$NGINX" ] || { echo "nginx not found (deploy/install-deps.sh bench)" >&2; exit 1; }

echo "building rankd (release)..."
swift build -c release --product rankd >/dev/null
RANKD="$(swift build -c release --show-bin-path)/rankd"

WORK="$(mktemp -d)"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

mkdir -p "$WORK/nginx"
cat >"$WORK/nginx/nginx.conf" <<CONF
worker_processes 2;
daemon off;
pid $WORK/nginx/nginx.pid;
error_log $WORK/nginx/error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 100000000;
  keepalive_timeout 60s;
  default_type application/json;
  client_body_temp_path $WORK/nginx/body;
  proxy_temp_path $WORK/nginx/proxy;
  fastcgi_temp_path $WORK/nginx/fastcgi;
  uwsgi_temp_path $WORK/nginx/uwsgi;
  scgi_temp_path $WORK/nginx/scgi;
  server {
    listen 127.0.0.1:$NGINX_PORT reuseport;
    location = /health { return 200 '{"status":"ok"}'; }
  }
}
CONF
"$NGINX" -p "$WORK/nginx" -c "$WORK/nginx/nginx.conf" -e "$WORK/nginx/error.log" &
PIDS+=($!)
NGINX_MASTER=$!
RANKD_HTTP_ACCEPT=reuseport "$RANKD" http-demo --host 127.0.0.1 --port "$REUSEPORT_PORT" >"$WORK/reuseport.log" 2>&1 &
PIDS+=($!)
REUSEPORT_PID=$!
RANKD_HTTP_ACCEPT=single "$RANKD" http-demo --host 127.0.0.1 --port "$SINGLE_PORT" >"$WORK/single.log" 2>&1 &
PIDS+=($!)
SINGLE_PID=$!

wait_ready() {
  for _ in $(seq 1 100); do
    if curl -sf "http://127.0.0.1:$1/health" >/dev/null 2>&1; then return 0; fi
    sleep 0.1
  done
  echo "server on port $1 did not come up" >&2
  exit 1
}
for port in "$NGINX_PORT" "$REUSEPORT_PORT" "$SINGLE_PORT"; do wait_ready "$port"; done
[ "$(curl -s "http://127.0.0.1:$NGINX_PORT/health")" = "$(curl -s "http://127.0.0.1:$REUSEPORT_PORT/health")" ] \
  || { echo "bodies differ" >&2; exit 1; }
cat "$WORK/reuseport.log" "$WORK/single.log"
declare -A SERVER_PIDS=([nginx]="$(pgrep -P "$NGINX_MASTER" | tr '\n' ' ')" [rankd-reuseport]=$REUSEPORT_PID [rankd-single]=$SINGLE_PID)

# CPU time (user + system, clock ticks) used so far by a process and its children's threads.
cpu_ticks() {
  local total=0 pid
  for pid in "$@"; do
    total=$((total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat")))
  done
  echo "$total"
}

# Prints "<requests/s> <p99 in ms> <server CPU microseconds per request>" for one wrk run.
# CPU per request is the contention-proof figure: on a shared 2-core machine throughput swings
# with other load, the work each server does per request does not.
run_wrk() {
  local port="$1"; shift
  local before after out
  before="$(cpu_ticks "$@")"
  out="$(wrk -t"$WRK_THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "http://127.0.0.1:$port/health")"
  after="$(cpu_ticks "$@")"
  echo "$out" | awk -v ticks="$((after - before))" -v hz="$(getconf CLK_TCK)" '
    function ms(v) {
      if (v ~ /us$/) { sub(/us$/, "", v); return v / 1000 }
      if (v ~ /ms$/) { sub(/ms$/, "", v); return v + 0 }
      if (v ~ /s$/)  { sub(/s$/, "", v);  return v * 1000 }
      return v
    }
    /^ *99%/ { p99 = ms($2) }
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { total = $1 }
    /Non-2xx|Socket errors/ { errors = errors " " $0 }
    END { printf "%s %.3f %.2f%s\n", rps, p99, ticks / hz * 1e6 / total, (errors == "" ? "" : " ERRORS:" errors) }'
}

declare -A RPS P99 CPU
read -r -a NAMES <<<"${SERVERS:-nginx rankd-reuseport rankd-single}"
declare -A PORT=([nginx]=$NGINX_PORT [rankd-reuseport]=$REUSEPORT_PORT [rankd-single]=$SINGLE_PORT)
echo "wrk -t$WRK_THREADS -c$CONNECTIONS -d$DURATION --latency, $ROUNDS interleaved rounds"
printf '%-6s %-16s %12s %10s %12s\n' round server requests/s p99_ms cpu_us/req
for round in $(seq 1 "$ROUNDS"); do
  for name in "${NAMES[@]}"; do
    # shellcheck disable=SC2086 # the nginx entry lists several worker pids
    read -r rps p99 cpu rest < <(run_wrk "${PORT[$name]}" ${SERVER_PIDS[$name]})
    printf '%-6s %-16s %12s %10s %12s %s\n' "$round" "$name" "$rps" "$p99" "$cpu" "${rest:-}"
    RPS[$name]="${RPS[$name]:-} $rps"
    P99[$name]="${P99[$name]:-} $p99"
    CPU[$name]="${CPU[$name]:-} $cpu"
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2) }'; }
echo
printf '%-16s %14s %14s %16s\n' server median_req/s median_p99_ms median_cpu_us/req
for name in "${NAMES[@]}"; do
  printf '%-16s %14.0f %14.3f %16.2f\n' "$name" "$(echo "${RPS[$name]}" | median)" "$(echo "${P99[$name]}" | median)" \
    "$(echo "${CPU[$name]}" | median)"
done
[ -n "${RPS[nginx]:-}" ] || exit 0
nginx_rps="$(echo "${RPS[nginx]}" | median)"
for name in rankd-reuseport rankd-single; do
  awk -v a="$(echo "${RPS[$name]}" | median)" -v b="$nginx_rps" -v n="$name" \
    'BEGIN { printf "ratio %s / nginx throughput: %.3f\n", n, a / b }'
done
nginx_cpu="$(echo "${CPU[nginx]}" | median)"
for name in rankd-reuseport rankd-single; do
  awk -v a="$(echo "${CPU[$name]}" | median)" -v b="$nginx_cpu" -v n="$name" \
    'BEGIN { printf "ratio %s / nginx CPU per request: %.3f (below 1: cheaper than nginx)\n", n, a / b }'
done
