#!/usr/bin/env python3
"""Data and arithmetic for scripts/bench/rank.sh (run with the tools venv's python).

    rank_helper.py bodies BUNDLE OUT.jsonl [--queries N] [--candidates C] [--from-query Q]
        request bodies: real queries of the bundle, each with C candidates (up to Q of them from
        the query's own query×product rows, the rest random products: a search backend's
        candidate set is mostly, not only, products the query has history with)
    rank_helper.py batches URL BODIES.jsonl MANIFEST.json OUT.f32 SCORES.f32 [--count N]
        the exact rows x features float32 matrices rankd fed the model for the first N bodies
        (from its "explain": true answers, rows put back in request order) and its scores;
        prints the feature and row counts
    rank_helper.py group-rows IN.f32 OUT.f32 --features F --rows R --log SERVER.LOG
        the same matrices with each batch's rows in the order rankd feeds a tree ensemble (the
        columns from its model_loaded log line, the sort key as in Sources/Ranking/Pipeline/
        RowOrder.swift); a copy when the log names no grouping
    rank_helper.py check-scores SERVED.f32 BARE.f32
        fails unless the bare run's scores are the server's
    rank_helper.py round METRICS-BEFORE METRICS-AFTER WRK.out --model M --trees T --ticks-before ...
        one server round as a JSON line
    rank_helper.py floor-round WRK.out --model M --ticks-before ... --ticks-after ... --clk-tck N
        one round of the HTTP floor (http_floor.c) as a JSON line
    rank_helper.py median-cpu RESULTS.jsonl MODEL
        the median server CPU µs per request of a model's rounds
    rank_helper.py table RESULTS.jsonl
        the figures table (medians over rounds) and the targets
"""
import argparse
import json
import math
import os
import statistics
import sys


def newest_snapshot(path: str) -> str:
    """A directory of snapshot subdirectories serves the newest complete one, as rankd does."""
    subdirs = sorted(d for d in os.listdir(path)
                     if os.path.isfile(os.path.join(path, d, "_SUCCESS")))
    return os.path.join(path, subdirs[-1]) if subdirs else path


def bodies(args) -> None:
    import numpy as np
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    features = os.path.join(args.bundle, "features")
    products = pq.read_table(os.path.join(features, "products.parquet"), columns=["product_id"])
    products = products.column("product_id").to_numpy(zero_copy_only=False)
    users = pq.read_table(os.path.join(features, "users.parquet"), columns=["user_id"])
    users = users.column("user_id").to_numpy(zero_copy_only=False)
    qp = pq.read_table(newest_snapshot(os.path.join(features, "query_product")), columns=["query", "product_id"])
    rng = np.random.default_rng(args.seed)
    distinct = pc.unique(qp.column("query")).to_numpy(zero_copy_only=False)
    chosen = rng.choice(distinct, size=min(args.queries, len(distinct)), replace=False)
    qp = qp.filter(pc.is_in(qp.column("query"), value_set=pc.cast(chosen, qp.schema.field("query").type)))
    by_query = {}
    for query, product in zip(qp.column("query").to_pylist(), qp.column("product_id").to_pylist()):
        by_query.setdefault(query, []).append(product)
    with open(args.out, "w") as out:
        for query in chosen:
            own = list(rng.permutation(by_query[query])[:args.from_query])
            seen = set(own)
            while len(own) < args.candidates:
                product = products[rng.integers(len(products))]
                if product not in seen:
                    seen.add(product)
                    own.append(product)
            body = {"query": str(query), "candidates": [str(p) for p in own],
                    "user_id": str(users[rng.integers(len(users))]),
                    "context": {"hour": int(rng.integers(24)), "device_mobile": int(rng.integers(2))}}
            out.write(json.dumps(body, separators=(",", ":")) + "\n")
    print(f"{len(chosen)} bodies, {args.candidates} candidates each, up to {args.from_query} from the query's rows")


def expected_names(manifest: dict) -> list:
    inputs = manifest["inputs"]
    if len(inputs) != 1:
        sys.exit(f"the bare reference feeds one input; the manifest has {len(inputs)}")
    return inputs[0]["features"]


def batches(args) -> None:
    """Posts the first COUNT bodies with explain and writes the matrices rankd fed the model."""
    import urllib.request
    import numpy as np

    with open(args.manifest) as f:
        declared = expected_names(json.load(f))
    matrices, scores = [], []
    with open(args.bodies) as f:
        lines = [line for line in f if line.strip()][:args.count]
    for line in lines:
        body = json.loads(line)
        body["explain"] = True
        request = urllib.request.Request(args.url + "/rank", data=json.dumps(body).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
        order = request_order(answer["items"], body["candidates"])
        matrices.append(explained_matrix(answer, declared)[order])
        scores.extend(answer["items"][i]["score"] for i in order)
    if len({m.shape for m in matrices}) != 1:
        sys.exit(f"explained batches differ in shape: {sorted({m.shape for m in matrices})}")
    np.concatenate(matrices).astype(np.float32).tofile(args.out)
    np.asarray(scores, dtype=np.float32).tofile(args.scores)
    print(matrices[0].shape[1], matrices[0].shape[0])


def request_order(items: list, candidates: list) -> list:
    """Explain lists items ranked; rankd built the batch in request order (first occurrence of
    each id). Row order matters to a tree ensemble's cost: similar rows in a row take similar
    paths through the trees, which the branch predictor rewards (rows sorted by score ran 40%
    cheaper in our measurements). rankd sorts a tree ensemble's rows before the run
    (`group-rows` repeats that), and the reference must see the rows in the server's order."""
    position = {str(item["id"]): i for i, item in enumerate(items)}
    order, seen = [], set()
    for candidate in map(str, candidates):
        if candidate not in seen:
            seen.add(candidate)
            order.append(position[candidate])
    if len(order) != len(items):
        sys.exit(f"explain answered {len(items)} items for {len(order)} distinct candidates")
    return order


def explained_matrix(answer: dict, declared: list):
    import numpy as np

    rows, names = [], None
    for item in answer["items"]:
        features = item["features"]
        if names is None:
            names = list(features)
            check_order(names, declared)
        elif list(features) != names:
            sys.exit(f"item {item['id']} lists its features in another order")
        rows.append([math.nan if v is None else float(v) for v in features.values()])
    return np.asarray(rows, dtype=np.float32)


def group_rows(args) -> None:
    """Rows as rankd groups them for a tree ensemble: sorted by the top 12 order-preserving bits
    of each grouping column (fewer when the row index needs more than 4 of the key's 8 bytes),
    then the row index; NaN after every number."""
    import re
    import numpy as np

    columns = None
    for line in open(args.log):
        if '"model_loaded"' in line:
            grouping = json.loads(line).get("row_grouping", "none")
            match = re.fullmatch(r".* columns \[([0-9, ]+)\]", grouping)
            columns = [int(c) for c in match.group(1).split(",")] if match else None
    matrices = np.fromfile(args.input, dtype=np.float32).reshape(-1, args.rows, args.features)
    if columns:
        index_bits = 8 * max(1, ((args.rows - 1).bit_length() + 7) // 8)
        column_bits = min(12, (64 - index_bits) // len(columns))
        for m in matrices:
            key = np.zeros(args.rows, dtype=np.uint64)
            for c in columns:
                values = np.where(m[:, c] == 0, np.float32(0), m[:, c])  # -0 with +0
                bits = values.view(np.uint32).astype(np.uint64)
                ordered = np.where(bits >> 31 == 1, ~bits & 0xFFFFFFFF, bits | 0x80000000)
                ordered = np.where(np.isnan(values), 0xFFFFFFFF, np.minimum(ordered, 0xFFFFFFFE))
                key = (key << np.uint64(column_bits)) | (ordered >> np.uint64(32 - column_bits))
            key = (key << np.uint64(index_bits)) | np.arange(args.rows, dtype=np.uint64)
            m[:] = m[np.argsort(key)]
    matrices.tofile(args.out)
    print(",".join(map(str, columns)) if columns else "none")


def check_scores(args) -> None:
    """The bare run must compute what the server computed, or it is no reference."""
    import numpy as np

    served, bare = np.fromfile(args.served, dtype=np.float32), np.fromfile(args.bare, dtype=np.float32)
    if served.shape != bare.shape:
        sys.exit(f"bare run wrote {bare.size} scores, the server answered {served.size}")
    worst = float(np.max(np.abs(served - bare) / np.maximum(1.0, np.abs(served))))
    if worst > 1e-5:
        sys.exit(f"bare scores differ from the server's by up to {worst:.3g} (relative)")
    print(f"bare scores match the server's ({served.size} scores, max relative difference {worst:.2g})")


def check_order(names: list, declared: list) -> None:
    """The explain keys must be the manifest's features in order, vectors expanded as name[i]."""
    base = [n.split("[", 1)[0] for n in names]
    collapsed = [b for i, b in enumerate(base) if i == 0 or base[i - 1] != b]
    if collapsed != declared:
        sys.exit(f"explain feature order {collapsed} is not the manifest's {declared}")


def metric_totals(path: str) -> dict:
    """Sums every series of each metric (labels dropped): name -> value."""
    totals = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        series, value = line.rsplit(" ", 1)
        name = series.split("{", 1)[0]
        if name == "rankd_rank_requests_total" and 'outcome="ok"' not in series:
            continue
        if name == "rankd_http_request_duration_seconds_sum" and 'route="/rank"' not in series:
            continue
        if name == "rankd_http_request_duration_seconds_count" and 'route="/rank"' not in series:
            continue
        totals[name] = totals.get(name, 0.0) + float(value)
    return totals


def round_record(args) -> None:
    """One server round as a JSON line: CPU per request from /proc ticks over rankd's own count."""
    before, after = metric_totals(args.metrics_before), metric_totals(args.metrics_after)
    delta = lambda name: after.get(name, 0.0) - before.get(name, 0.0)
    requests = delta("rankd_rank_requests_total")
    wrk = dict(kv.split("=") for kv in next(l for l in open(args.wrk) if l.startswith("WRK ")).split()[1:])
    if requests <= 0 or int(wrk["errors"]) or int(wrk["status_errors"]):
        sys.exit(f"bad round: {requests} ok requests, wrk {wrk}")
    user0, sys0 = map(int, args.ticks_before.split())
    user1, sys1 = map(int, args.ticks_after.split())
    per_request = lambda ticks: ticks / args.clk_tck * 1e6 / requests
    mean_us = lambda prefix: delta(prefix + "_sum") / max(delta(prefix + "_count"), 1) * 1e6
    record = {
        "kind": "server", "model": args.model, "trees": args.trees, "requests": int(requests),
        "rps": int(wrk["requests"]) / (int(wrk["duration_us"]) / 1e6),
        "p50_us": int(wrk["p50_us"]), "p99_us": int(wrk["p99_us"]),
        "cpu_us_per_request": per_request(user1 - user0 + sys1 - sys0),
        "user_us_per_request": per_request(user1 - user0), "sys_us_per_request": per_request(sys1 - sys0),
        "http_us": mean_us("rankd_http_request_duration_seconds"),
        "lookup_us": mean_us("rankd_feature_lookup_seconds"),
        "scoring_us": mean_us("rankd_model_scoring_seconds"),
    }
    print(json.dumps(record))


def floor_round(args) -> None:
    """One HTTP floor round as a JSON line: http_floor's CPU per request over wrk's count."""
    wrk = dict(kv.split("=") for kv in next(l for l in open(args.wrk) if l.startswith("WRK ")).split()[1:])
    requests = int(wrk["requests"])
    if requests <= 0 or int(wrk["errors"]) or int(wrk["status_errors"]):
        sys.exit(f"bad floor round: wrk {wrk}")
    user0, sys0 = map(int, args.ticks_before.split())
    user1, sys1 = map(int, args.ticks_after.split())
    cpu_us = (user1 - user0 + sys1 - sys0) / args.clk_tck * 1e6 / requests
    print(json.dumps({"kind": "floor", "model": args.model, "cpu_us": cpu_us, "requests": requests,
                      "rps": requests / (int(wrk["duration_us"]) / 1e6)}))


def median_cpu(args) -> None:
    rounds = [json.loads(line) for line in open(args.results) if line.strip()]
    print(statistics.median(r["cpu_us_per_request"] for r in rounds
                            if r["kind"] == "server" and r["model"] == args.model))


def table(args) -> None:
    rounds = [json.loads(line) for line in open(args.results) if line.strip()]
    print(f"{'model':<10}{'trees':>6}{'rps':>9}{'p50 µs':>9}{'p99 µs':>9}{'srv CPU µs/req':>16}"
          f"{'bare ORT CPU µs':>17}{'ratio':>7}{'diff µs':>9}{'req order':>11}{'1 batch':>9}{'cold':>7}"
          f"{'floor':>7}  target")
    failed = False
    own = {}
    for model in dict.fromkeys(r["model"] for r in rounds):
        server = [r for r in rounds if r["model"] == model and r["kind"] == "server"]
        bare = [r["cpu_us"] for r in rounds if r["model"] == model and r["kind"] == "bare"]
        bare_med = lambda key: statistics.median(r[key] for r in rounds if r["model"] == model and r["kind"] == "bare")
        single, cold, request = bare_med("single_cpu_us"), bare_med("cold_cpu_us"), bare_med("request_order_cpu_us")
        floors = [r["cpu_us"] for r in rounds if r["model"] == model and r["kind"] == "floor"]
        floor = statistics.median(floors) if floors else float("nan")
        med = lambda key: statistics.median(r[key] for r in server)
        cpu, ref, trees = med("cpu_us_per_request"), statistics.median(bare), server[0]["trees"]
        ratio, diff = cpu / ref, cpu - ref
        if trees >= 300:
            goal, met = "≤ 1.2× bare", ratio <= 1.2
        else:
            goal, met = "≤ bare + 30 µs", diff <= 30
        failed |= not met
        print(f"{model:<10}{trees:>6}{med('rps'):>9.0f}{med('p50_us'):>9.0f}{med('p99_us'):>9.0f}{cpu:>16.1f}"
              f"{ref:>17.1f}{ratio:>7.2f}{diff:>9.1f}{request:>11.1f}{single:>9.1f}{cold:>7.1f}{floor:>7.1f}"
              f"  {goal}: {'met' if met else 'MISSED'}")
        own[model] = (diff, floor)
    print("\nfloor: CPU µs per request of http_floor.c (reads each request, sends rankd's answer back) under the"
          " same load.\nrankd's own work per request, beyond ORT and the floor (diff − floor): "
          + ", ".join(f"{m} {d - f:.1f} µs" for m, (d, f) in own.items()))
    print("\nper-round server figures (µs per request; handler parts from rankd's own histograms, wall time):")
    for r in rounds:
        if r["kind"] == "server":
            print(f"  {r['model']:<10} cpu {r['cpu_us_per_request']:7.1f} (user {r['user_us_per_request']:6.1f} "
                  f"sys {r['sys_us_per_request']:6.1f})  http handler {r['http_us']:6.1f}  "
                  f"lookup {r['lookup_us']:6.1f}  scoring {r['scoring_us']:6.1f}  "
                  f"requests {r['requests']} rps {r['rps']:.0f}")
    bare_rounds = {}
    for r in rounds:
        if r["kind"] == "bare":
            bare_rounds.setdefault(r["model"], []).append(
                f"{r['cpu_us']:.1f}/{r['request_order_cpu_us']:.1f}/{r['single_cpu_us']:.1f}/{r['cold_cpu_us']:.1f}")
    for model, values in bare_rounds.items():
        print(f"  {model:<10} bare ORT CPU µs per run by round, server's order/request order/1 batch/cold: {', '.join(values)}")
    sys.exit(1 if failed and args.strict else 0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("bodies")
    p.add_argument("bundle")
    p.add_argument("out")
    p.add_argument("--queries", type=int, default=200)
    p.add_argument("--candidates", type=int, default=100)
    p.add_argument("--from-query", type=int, default=90)
    p.add_argument("--seed", type=int, default=5)
    p.set_defaults(run=bodies)
    p = sub.add_parser("batches")
    p.add_argument("url")
    p.add_argument("bodies")
    p.add_argument("manifest")
    p.add_argument("out")
    p.add_argument("scores", help="where the server's scores go (float32, rows in explain order)")
    p.add_argument("--count", type=int, default=50)
    p.set_defaults(run=batches)
    p = sub.add_parser("group-rows")
    p.add_argument("input")
    p.add_argument("out")
    p.add_argument("--features", type=int, required=True)
    p.add_argument("--rows", type=int, required=True)
    p.add_argument("--log", required=True, help="rankd's log, for its model_loaded line")
    p.set_defaults(run=group_rows)
    p = sub.add_parser("check-scores")
    p.add_argument("served")
    p.add_argument("bare")
    p.set_defaults(run=check_scores)
    p = sub.add_parser("floor-round")
    p.add_argument("wrk")
    p.add_argument("--model", required=True)
    p.add_argument("--ticks-before", required=True)
    p.add_argument("--ticks-after", required=True)
    p.add_argument("--clk-tck", type=int, required=True)
    p.set_defaults(run=floor_round)
    p = sub.add_parser("round")
    p.add_argument("metrics_before")
    p.add_argument("metrics_after")
    p.add_argument("wrk")
    p.add_argument("--model", required=True)
    p.add_argument("--trees", type=int, required=True)
    p.add_argument("--ticks-before", required=True, help="'utime stime' in clock ticks")
    p.add_argument("--ticks-after", required=True)
    p.add_argument("--clk-tck", type=int, required=True)
    p.set_defaults(run=round_record)
    p = sub.add_parser("median-cpu")
    p.add_argument("results")
    p.add_argument("model")
    p.set_defaults(run=median_cpu)
    p = sub.add_parser("table")
    p.add_argument("results")
    p.add_argument("--strict", action="store_true", help="exit 1 when a target is missed")
    p.set_defaults(run=table)
    args = parser.parse_args()
    args.run(args)


if __name__ == "__main__":
    main()
