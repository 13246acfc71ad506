# shellcheck shell=bash disable=SC2154  # sourced: rank.sh sets the variables this uses
# Sourced by scripts/bench/rank.sh (and rank_ab.sh, for starting servers and reading their CPU
# time): the rankd under test (start, stop, its CPU time, its explain batch) and one measured
# wrk round. Uses the caller's $work, $rankd, $python, $here, $duration, $connections and `say`;
# sets $port and $server_pid.

free_port() {
    "$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_server() { # config
    port=$(free_port)
    "$rankd" serve --config "$1" --port "$port" --threads 1 --host 127.0.0.1 >"$work/server.log" 2>&1 &
    server_pid=$!
    say "rankd $1 on 127.0.0.1:$port (pid $server_pid), waiting for /ready"
    for _ in $(seq 600); do
        if curl -sf "http://127.0.0.1:$port/ready" >/dev/null 2>&1; then return; fi
        kill -0 "$server_pid" 2>/dev/null || { cat "$work/server.log"; echo "rankd exited" >&2; exit 1; }
        sleep 0.5
    done
    cat "$work/server.log"
    echo "rankd not ready after 300 s" >&2
    exit 1
}

stop_server() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}

# utime and stime of the whole process, in clock ticks (fields 14 and 15 of /proc/PID/stat,
# counted after the parenthesised command name, which may itself hold spaces).
server_ticks() { process_ticks "$server_pid"; }
process_ticks() { # pid
    sed 's/.*) //' "/proc/$1/stat" | awk '{print $12, $13}'
}

# The exact matrices the server fed the model for the first $batches bodies: its explain
# answers, flattened in the model's input order (rank_helper.py checks that order against the
# manifest), rows in request order as the server built them, and the same with each batch's rows
# in the order the server fed a tree ensemble (grouped-$1: see RowGrouping.swift); then the bare
# run's scores must be the server's, or it measures something else.
explain_batches() { # trees model_dir
    local features rows columns
    read -r features rows < <("$python" "$here/rank_helper.py" batches "http://127.0.0.1:$port" \
        "$work/bodies.jsonl" "$2/manifest.json" "$work/batch-$1.f32" "$work/served-$1.f32" --count "$batches")
    [ "$rows" = 100 ] || { echo "explained batches have $rows rows, expected 100" >&2; exit 1; }
    echo "$features" >"$work/features-$1"
    columns=$("$python" "$here/rank_helper.py" group-rows "$work/batch-$1.f32" "$work/grouped-$1.f32" \
        --features "$features" --rows "$rows" --log "$work/server.log")
    say "rows grouped by input columns: $columns"
    head -c $((features * rows * 4)) "$work/grouped-$1.f32" >"$work/grouped1-$1.f32"
    "$work/ort_bare" "$2/model.onnx" "$work/batch-$1.f32" "$features" "$rows" 1 0 "$work/bare-$1.f32" >/dev/null
    "$python" "$here/rank_helper.py" check-scores "$work/served-$1.f32" "$work/bare-$1.f32" >&2
}

server_round() { # trees
    local before after
    curl -sf "http://127.0.0.1:$port/metrics" >"$work/metrics-before"
    before=$(server_ticks)
    wrk -t1 -c"$connections" -d"${duration}s" --latency -s "$here/rank.lua" "http://127.0.0.1:$port" \
        -- "$work/bodies.jsonl" >"$work/wrk.out"
    after=$(server_ticks)
    curl -sf "http://127.0.0.1:$port/metrics" >"$work/metrics-after"
    "$python" "$here/rank_helper.py" round --model "search$1" --trees "$1" --ticks-before "$before" \
        --ticks-after "$after" --clk-tck "$(getconf CLK_TCK)" "$work/metrics-before" "$work/metrics-after" \
        "$work/wrk.out" | tee -a "$work/results.jsonl" >&2
}

# One round of the HTTP floor (http_floor.c) with the same wrk load, answering the server's own
# answer to the first body: the CPU per request the loopback exchange costs with no server work.
floor_round() { # trees
    local floor_port floor_pid before after
    floor_port=$(free_port)
    "$work/http_floor" "$floor_port" "$work/answer-$1.json" &
    floor_pid=$!
    for _ in $(seq 100); do
        curl -sf -o /dev/null --data-binary '{}' "http://127.0.0.1:$floor_port/rank" && break
        sleep 0.1
    done
    before=$(process_ticks "$floor_pid")
    wrk -t1 -c"$connections" -d"${duration}s" -s "$here/rank.lua" "http://127.0.0.1:$floor_port" \
        -- "$work/bodies.jsonl" >"$work/wrk-floor.out"
    after=$(process_ticks "$floor_pid")
    kill "$floor_pid" 2>/dev/null || true
    wait "$floor_pid" 2>/dev/null || true
    "$python" "$here/rank_helper.py" floor-round --model "search$1" --ticks-before "$before" \
        --ticks-after "$after" --clk-tck "$(getconf CLK_TCK)" "$work/wrk-floor.out" | tee -a "$work/results.jsonl" >&2
}

# One more round under perf (not measured: sampling costs the server CPU), split by stage with
# the measured rounds' median CPU µs per request.
profile_hz=1999
profile_round() { # trees
    local cpu
    cpu=$("$python" "$here/rank_helper.py" median-cpu "$work/results.jsonl" "search$1")
    perf record -q -e cpu-clock -F "$profile_hz" -g -p "$server_pid" -o "$work/perf-$1.data" \
        -- sleep "$((duration + 1))" >/dev/null 2>&1 &
    local perf_pid=$!
    sleep 0.5
    wrk -t1 -c"$connections" -d"${duration}s" -s "$here/rank.lua" "http://127.0.0.1:$port" \
        -- "$work/bodies.jsonl" >/dev/null
    wait "$perf_pid"
    perf script -F ip,sym,dso -i "$work/perf-$1.data" 2>/dev/null |
        "$python" "$here/rank_profile.py" --cpu-us-per-request "$cpu" >"$work/profile-$1.txt"
    say "profiled $1 trees"
}
