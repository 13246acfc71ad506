#!/usr/bin/env python3
"""Generates rankd's sample bundle: a synthetic e-commerce search data set and a LambdaRank model.

    /opt/rankd-tools/venv/bin/python deploy/make_sample.py                 # committed deploy/sample
    /opt/rankd-tools/venv/bin/python deploy/make_sample.py --large --out /tmp/rankd-large

The small bundle also refreshes the Swift end-to-end expectations in Tests/RankingTests/Fixtures
(sample_parity.json, sample_eval.json), computed by samplegen/reference.py from the files on disk.
Deterministic: every random draw comes from one seeded SeedSequence.
"""
import argparse
import os
import shutil
import sys
import time

import numpy as np

from samplegen import bundle, catalog, parity, queries, reference, training

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SNAPSHOTS = ["20261119T000000Z", "20261120T000000Z"]  # the last one is served
SIZES = {
    "small": dict(products=2000, users=500, train=150, heldout=50, candidates=30, sessions=2,
                  trained_queries=150,
                  models={"search": 100}, snapshots=2, product_rows=1000, qp_rows=1 << 20,
                  threads=1),
    "large": dict(products=100_000, users=50_000, train=9000, heldout=1000, candidates=100,
                  sessions=1, trained_queries=2500, models={"search300": 300, "search20": 20},
                  snapshots=1,
                  product_rows=25_000, qp_rows=131_072, threads=2),
}


def log(message: str, started=time.time()) -> None:
    print(f"[{time.time() - started:6.1f}s] {message}", flush=True)


def generate(size: dict, streams):
    vocab = catalog.build_vocabulary()
    products = catalog.make_catalog(streams[0], vocab, size["products"])
    users = catalog.make_users(streams[1], size["users"])
    qs = queries.make_queries(streams[2], vocab, size["train"] + size["heldout"])
    qi, pi = queries.make_pairs(streams[3], products, qs, size["candidates"])
    relevance = queries.latent_relevance(streams[4], products, qs, qi, pi)
    bm25, title_match = queries.text_features(products, qs, qi, pi)
    snapshots = []
    for s in range(size["snapshots"]):
        # Older snapshots saw one day less of traffic: their query_ctr differs from the newest.
        days = 7 - (size["snapshots"] - 1 - s)
        ctr, ctr_null = queries.query_ctr(streams[5 + s], products, qs, qi, pi, relevance, bm25, days)
        snapshots.append({
            "query": [qs.text[q] for q in qi],
            "product_id": [products.product_id[p] for p in pi],
            "text_similarity": bm25, "title_match": title_match,
            "query_ctr": (ctr, ctr_null), "_product_index": pi, "_query_index": qi})
    return vocab, products, users, qs, relevance, snapshots


def write_features(out: str, size: dict, products, users, snapshots) -> None:
    features = os.path.join(out, "features")
    bundle.write_parquet(os.path.join(features, "products.parquet"), bundle.PRODUCT_SCHEMA,
                         products.columns, size["product_rows"])
    bundle.write_parquet(os.path.join(features, "users.parquet"), bundle.USER_SCHEMA, users,
                         size["product_rows"])
    for stamp, columns in zip(SNAPSHOTS[-len(snapshots):], snapshots):
        public = {k: v for k, v in columns.items() if not k.startswith("_")}
        bundle.write_snapshot(os.path.join(features, "query_product", stamp), public, 2,
                              size["qp_rows"])


def write_judgments(out: str, rng, qs, snapshot, relevance, size) -> None:
    """Editorial grades for the held-out queries: the retrieved products, in shuffled order.

    Editors judged only part of two queries' results: for the last held-out query only irrelevant
    products (so evaluation must skip it), for the one before only six products (so P@10 divides
    by fewer than ten).
    """
    qi = snapshot["_query_index"]
    held = np.flatnonzero(qi >= size["train"])
    per_query = [rng.permutation(held[qi[held] == q]) for q in np.unique(qi[held])]
    per_query[-1] = per_query[-1][queries.grade(relevance[per_query[-1]]) == 0]
    relevant = queries.grade(relevance[per_query[-2]]) > 0
    per_query[-2] = np.concatenate([per_query[-2][~relevant][:3], per_query[-2][relevant][:3]])
    rows = np.concatenate(per_query)
    grades = queries.grade(relevance[rows])
    bundle.write_parquet(os.path.join(out, "judgments.parquet"), bundle.JUDGMENT_SCHEMA, {
        "query": [qs.text[q] for q in qi[rows]],
        "product_id": [snapshot["product_id"][r] for r in rows],
        "relevance": grades}, 1 << 20)
    log(f"judgments: {len(rows)} rows, grade shares {np.bincount(grades, minlength=5) / len(rows)}")


def train_models(out: str, rng, size, products, users, relevance, snapshot):
    qi = snapshot["_query_index"]
    starts = np.searchsorted(qi, np.arange(qi.max() + 1))
    counts = np.bincount(qi)
    # The large bundle trains on a sample of its training queries: lambdarank's cost grows with
    # pairs per query, and more queries barely move held-out quality.
    trained = np.arange(size["train"])
    if size["trained_queries"] < size["train"]:
        trained = np.sort(rng.choice(trained, size["trained_queries"], replace=False))
    sessions = training.make_sessions(rng, trained, size["sessions"], users)
    pair_rows, s_of_row, groups = training.training_rows(sessions, starts, counts)
    x = training.feature_matrix(products, users, snapshot, pair_rows, sessions, s_of_row)
    labels = training.personal_labels(rng, relevance, products, snapshot, pair_rows, x)
    log(f"training matrix {x.shape}, {len(groups)} sessions")
    rankers = {}
    for name, trees in size["models"].items():
        ranker = training.train(x, labels, groups, trees, size["threads"])
        path = bundle.export_model(ranker, x.shape[1], os.path.join(out, "models", name, "1"), name)
        log(f"model {name}: {trees} trees → {path} ({os.path.getsize(path)} bytes)")
        rankers[name] = ranker
    return rankers, x, pair_rows, s_of_row, sessions


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join(REPO, "deploy", "sample"))
    parser.add_argument("--large", action="store_true", help="benchmark-sized bundle, not committed")
    parser.add_argument("--fixtures", default=os.path.join(REPO, "Tests", "RankingTests", "Fixtures"),
                        help="where the small bundle's parity/eval expectations go")
    args = parser.parse_args()
    size = SIZES["large" if args.large else "small"]
    streams = [np.random.default_rng(s) for s in np.random.SeedSequence(20261120).spawn(12)]
    if os.path.exists(args.out):
        for entry in ("features", "models", "models-300", "models-20", "judgments.parquet"):
            path = os.path.join(args.out, entry)
            shutil.rmtree(path) if os.path.isdir(path) and not os.path.islink(path) else None
            os.remove(path) if os.path.isfile(path) or os.path.islink(path) else None
    vocab, products, users, qs, relevance, snapshots = generate(size, streams)
    log(f"{len(products.product_id)} products, {len(qs.text)} queries, "
        f"{len(relevance)} query×product rows")
    write_features(args.out, size, products, users, snapshots)
    write_judgments(args.out, streams[8], qs, snapshots[-1], relevance, size)
    rankers, x, pair_rows, s_of_row, sessions = train_models(
        args.out, streams[9], size, products, users, relevance, snapshots[-1])
    write_configs(args.out, size)
    verify(args, size, products, users, qs, x, pair_rows, s_of_row, sessions, rankers, snapshots[-1])
    return 0


def write_configs(out: str, size: dict) -> None:
    bundle.write_json(os.path.join(out, "config.json"), bundle.config("models"))
    if len(size["models"]) == 1:
        return
    # One config per model for benchmarks: each points at a models root holding only that model.
    for name, trees in size["models"].items():
        root = os.path.join(out, f"models-{trees}")
        os.makedirs(root, exist_ok=True)
        os.symlink(os.path.join("..", "models", name), os.path.join(root, name))
        bundle.write_json(os.path.join(out, f"config-{trees}.json"), bundle.config(f"models-{trees}"))


def verify(args, size, products, users, qs, x, pair_rows, s_of_row, sessions, rankers, snapshot):
    """Reads the bundle back independently; checks it against the training matrix; writes fixtures."""
    for name in size["models"]:
        ref = reference.Bundle(os.path.join(args.out, "config.json"), name)
        parity.check_training_rows(ref, x, pair_rows, s_of_row, sessions, snapshot, users, rankers[name])
        evaluation = reference.evaluate(ref, os.path.join(args.out, "judgments.parquet"))
        log(f"{name} held-out: ndcg@10={evaluation['ndcg@10']:.4f} mrr={evaluation['mrr']:.4f} "
            f"p@10={evaluation['p@10']:.4f} over {evaluation['queries']} queries")
        if args.large:  # for benchmarks that also check the service's offline evaluation
            bundle.write_json(os.path.join(args.out, f"eval-{name}.json"), evaluation)
    if args.large:
        return
    os.makedirs(args.fixtures, exist_ok=True)
    bundle.write_json(os.path.join(args.fixtures, "sample_eval.json"), evaluation)
    cases = parity.make_cases(ref, products, qs, snapshot, size)
    bundle.write_json(os.path.join(args.fixtures, "sample_parity.json"), cases)
    log(f"wrote {len(cases['cases'])} parity cases and the eval expectations to {args.fixtures}")


if __name__ == "__main__":
    sys.exit(main())
