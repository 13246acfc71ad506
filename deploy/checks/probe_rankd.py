#!/usr/bin/env python3
"""Probes a running rankd the way an orchestrator and a client would.

GET /health until 200 {"status":"ok"}, GET /ready until 200 (both bounded), POST /rank with
candidates read from the bundle's own products table, then checks the response's shape and order
and that /metrics reports rankd_ready 1. Exits 0 when everything holds, 1 with the reason otherwise.

Usage: probe_rankd.py BASE_URL BUNDLE_DIR [--ready-timeout SECONDS] [--alive PID]
"""
import argparse
import glob
import json
import os
import sys
import time
import urllib.error
import urllib.request

REQUEST_TIMEOUT = 5.0
CANDIDATES = 50
TOP_K = 10


class ProbeFailure(Exception):
    pass


def http(method, url, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data else {})
    try:
        with urllib.request.urlopen(req, timeout=REQUEST_TIMEOUT) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def process_alive(pid):
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
        return True
    except ProcessLookupError:
        return False


def poll(url, expect, deadline_s, pid, what):
    """Polls until `expect(status, body)` holds; connection errors count as 'not yet'."""
    deadline = time.monotonic() + deadline_s
    last = "no answer"
    while time.monotonic() < deadline:
        if not process_alive(pid):
            raise ProbeFailure(f"{what}: rankd exited before answering (last: {last})")
        try:
            status, body = http("GET", url)
            if expect(status, body):
                return body
            last = f"HTTP {status} {body[:200]!r}"
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as e:
            last = str(e)
        time.sleep(0.25)
    raise ProbeFailure(f"{what}: not satisfied within {deadline_s:.0f}s (last: {last})")


def health_ok(status, body):
    if status != 200:
        return False
    try:
        return json.loads(body).get("status") == "ok"
    except ValueError:
        raise ProbeFailure(f"/health: 200 but body is not JSON: {body[:200]!r}")


def pick_column(table, preferred):
    import pyarrow as pa
    for name in preferred:
        if name in table.column_names:
            return name
    for field in table.schema:
        if pa.types.is_string(field.type) or pa.types.is_large_string(field.type):
            return field.name
    raise ProbeFailure(f"no string column among {table.column_names}")


def newest_complete_snapshot(bundle):
    snaps = [d for d in glob.glob(os.path.join(bundle, "features", "query_product", "*"))
             if os.path.exists(os.path.join(d, "_SUCCESS"))]
    return max(snaps) if snaps else None


def rank_request(bundle):
    """Builds a request from the bundle's own data (a real query and its candidates), so the probe
    hard-codes no ids; falls back to the first products when there is no query table."""
    import pyarrow.parquet as pq
    query, ids = "sample", []
    snapshot = newest_complete_snapshot(bundle)
    if snapshot:
        qp = pq.read_table(sorted(glob.glob(os.path.join(snapshot, "part-*.parquet")))[0])
        if {"query", "product_id"} <= set(qp.column_names) and qp.num_rows:
            query = qp.column("query")[0].as_py()
            ids = [r["product_id"] for r in qp.select(["query", "product_id"]).to_pylist()
                   if r["query"] == query][:CANDIDATES]
    if not ids:
        products = pq.read_table(os.path.join(bundle, "features", "products.parquet"))
        id_col = pick_column(products, ("product_id", "id", "item_id"))
        ids = [v for v in products.column(id_col).to_pylist()[:CANDIDATES] if v is not None]
    if not ids:
        raise ProbeFailure("the bundle has no candidate ids")
    return {"query": query, "candidates": ids, "top_k": TOP_K, "user_id": "u-1",
            "context": {"hour": 13}}


def check_rank(base, bundle):
    request = rank_request(bundle)
    status, body = http("POST", base + "/rank", request)
    if status != 200:
        raise ProbeFailure(f"POST /rank: HTTP {status} {body[:300]!r}")
    items = json.loads(body).get("items")
    if not isinstance(items, list) or not items:
        raise ProbeFailure(f"POST /rank: no items in {body[:300]!r}")
    if len(items) > min(TOP_K, len(request["candidates"])):
        raise ProbeFailure(f"POST /rank: {len(items)} items for top_k={TOP_K}")
    candidates = set(request["candidates"])
    for i, item in enumerate(items, start=1):
        if item.get("rank") != i or item.get("id") not in candidates:
            raise ProbeFailure(f"POST /rank: item {i} is {item} (rank must be {i}, id a candidate)")
        if not isinstance(item.get("score"), (int, float)):
            raise ProbeFailure(f"POST /rank: item {i} has no numeric score: {item}")
    scores = [item["score"] for item in items]
    if scores != sorted(scores, reverse=True):
        raise ProbeFailure(f"POST /rank: scores not in descending order: {scores}")
    return len(items)


def check_metrics(base):
    status, body = http("GET", base + "/metrics")
    text = body.decode(errors="replace")
    if status != 200 or not any(line.split() == ["rankd_ready", "1"] for line in text.splitlines()):
        raise ProbeFailure(f"/metrics: HTTP {status}, no 'rankd_ready 1' line")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base_url")
    ap.add_argument("bundle")
    ap.add_argument("--ready-timeout", type=float, default=60)
    ap.add_argument("--alive", type=int, help="pid of the server; stop early when it exits")
    args = ap.parse_args()
    base = args.base_url.rstrip("/")
    try:
        poll(base + "/health", health_ok, 30, args.alive, "/health")
        print("probe: /health 200 {\"status\":\"ok\"}")
        poll(base + "/ready", lambda s, b: s == 200, args.ready_timeout, args.alive, "/ready")
        print("probe: /ready 200")
        n = check_rank(base, args.bundle)
        print(f"probe: POST /rank returned {n} ranked items")
        check_metrics(base)
        print("probe: /metrics has rankd_ready 1")
    except ProbeFailure as e:
        print(f"probe: FAIL: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
