"""An independent reading of a bundle: the feature lookup rules of rankd, written plainly.

It knows nothing of how the data was generated; it reads config.json, the Parquet files, the
manifest and the ONNX model from disk, exactly as the service must. The Swift end-to-end tests
compare against what this computes.
"""
import glob
import json
import math
import os

import numpy as np
import onnxruntime as ort
import pyarrow as pa
import pyarrow.parquet as pq

NAN = float("nan")


def normalise_query(text: str) -> str:
    """Unicode lowercase, trimmed, whitespace runs collapsed to one space."""
    return " ".join(text.lower().split())


def key_text(value) -> str:
    """A candidate or user id as a key: strings as they are, integers by their decimal text."""
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        raise ValueError(f"ids must be strings or integers, got {value!r}")
    return value if isinstance(value, str) else str(value)


def latest_complete_snapshot(directory: str) -> str:
    complete = sorted(d for d in os.listdir(directory)
                      if os.path.isfile(os.path.join(directory, d, "_SUCCESS")))
    if not complete:
        raise ValueError(f"{directory}: no snapshot with a _SUCCESS marker")
    return os.path.join(directory, complete[-1])


class Table:
    """One feature table: its rows by key tuple, its columns as Python values (None = null)."""

    def __init__(self, spec: dict, root: str):
        path = os.path.join(root, spec["path"])
        self.snapshot = None
        if os.path.isdir(path):
            path = latest_complete_snapshot(path)
            self.snapshot = os.path.basename(path)
            files = sorted(glob.glob(os.path.join(path, "*.parquet")))
        else:
            files = [path]
        columns, self.list_widths = {}, {}
        for f in files:
            table = pq.read_table(f)
            for field in table.schema:
                if pa.types.is_list(field.type):
                    self.list_widths[field.name] = None
            for name, values in table.to_pydict().items():
                columns.setdefault(name, []).extend(values)
        for name in self.list_widths:
            lengths = {len(v) for v in columns[name] if v is not None}
            if len(lengths) != 1:
                raise ValueError(f"list column {name} has widths {sorted(lengths)}")
            self.list_widths[name] = lengths.pop()
        self.columns = columns
        self.key_columns = list(spec["key"].keys())
        self.key_sources = list(spec["key"].values())
        keys = zip(*(columns[c] for c in self.key_columns))
        self.rows = {}
        for i, key in enumerate(keys):
            self.rows.setdefault(key, i)  # first row wins should a key repeat


class Bundle:
    def __init__(self, config_path: str, model: str = None):
        root = os.path.dirname(os.path.abspath(config_path))
        with open(config_path) as f:
            config = json.load(f)
        self.tables = {spec["table"]: Table(spec, root) for spec in config["features"]}
        models = os.path.join(root, config["models"])
        name = model or sorted(os.listdir(models))[0]
        versions = [v for v in os.listdir(os.path.join(models, name)) if v.isdigit()]
        self.model_dir = os.path.join(models, name, max(versions, key=int))
        with open(os.path.join(self.model_dir, "manifest.json")) as f:
            self.manifest = json.load(f)
        (self.input,) = self.manifest["inputs"]
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        self.session = ort.InferenceSession(os.path.join(self.model_dir, "model.onnx"), options,
                                            providers=["CPUExecutionProvider"])

    def feature_names(self) -> list:
        names = []
        for feature in self.input["features"]:
            table, column = feature.split(".", 1)
            width = None if table == "context" else self.tables[table].list_widths.get(column)
            if width is not None:
                names += [f"{feature}[{i}]" for i in range(width)]
            else:
                names.append(feature)
        return names

    def vector(self, sources: dict, context: dict) -> list:
        """The float32 feature vector of one candidate; `sources` maps key sources to key text."""
        defaults = self.manifest.get("defaults", {})
        out = []
        for feature in self.input["features"]:
            default = float(defaults.get(feature, NAN))
            table_name, column = feature.split(".", 1)
            if table_name == "context":
                value = context.get(column)
                out.append(default if value is None else float(value))
                continue
            table = self.tables[table_name]
            key = tuple(sources.get(s) for s in table.key_sources)
            row = None if None in key else table.rows.get(key)
            value = None if row is None else table.columns[column][row]
            width = table.list_widths.get(column)
            if width is not None:
                values = [default] * width if value is None else value
                out += [default if v is None else float(v) for v in values]
            else:
                out.append(default if value is None else float(value))
        return [float(np.float32(v)) for v in out]

    def score(self, vectors: list) -> list:
        x = np.array(vectors, dtype=np.float32)
        (result,) = self.session.run([self.manifest["output"]], {self.input["name"]: x})
        return [float(v) for v in result[:, 0]]

    def rank(self, request: dict) -> dict:
        """What POST /rank must answer, plus the feature vectors behind it."""
        query = normalise_query(request["query"])
        user = request.get("user_id")
        context = request.get("context", {})
        distinct, seen = [], set()
        for candidate in request["candidates"]:
            if (type(candidate), candidate) not in seen:
                seen.add((type(candidate), candidate))
                distinct.append(candidate)
        vectors = [self.vector({"candidate": key_text(c), "query": query,
                                "user": None if user is None else key_text(user)}, context)
                   for c in distinct]
        scores = self.score(vectors)
        order = sorted(range(len(distinct)), key=lambda i: -scores[i])  # stable: ties keep input order
        if "top_k" in request:
            order = order[: request["top_k"]]
        return {"normalised_query": query,
                "expected_items": [{"id": distinct[i], "score": scores[i]} for i in order],
                "feature_vectors": [[("NaN" if math.isnan(v) else v) for v in vec] for vec in vectors]}


def query_metrics(relevance_in_rank_order: list, all_relevance: list):
    """NDCG@10 (gain 2^rel-1, discount log2(rank+1)), reciprocal rank, P@10 over min(10, n)."""
    def dcg(rels):
        return sum((2 ** r - 1) / math.log2(i + 2) for i, r in enumerate(rels[:10]))
    ideal = dcg(sorted(all_relevance, reverse=True))
    ranked = relevance_in_rank_order
    rr = next((1.0 / (i + 1) for i, r in enumerate(ranked) if r > 0), 0.0)
    cut = min(10, len(ranked))
    return dcg(ranked) / ideal, rr, sum(1 for r in ranked[:cut] if r > 0) / cut


def evaluate(bundle: Bundle, judgments_path: str) -> dict:
    """Offline evaluation over the judgments file: no user, no context, judged products as given."""
    table = pq.read_table(judgments_path).to_pydict()
    judged = {}
    for q, p, rel in zip(table["query"], table["product_id"], table["relevance"]):
        judged.setdefault(q, []).append((p, rel))
    totals, per_query = [0.0, 0.0, 0.0], []
    for query, items in judged.items():
        rels = [rel for _, rel in items]
        if max(rels) <= 0:
            continue
        response = bundle.rank({"query": query, "candidates": [p for p, _ in items]})
        by_id = dict(items)
        ranked = [by_id[item["id"]] for item in response["expected_items"]]
        ndcg, rr, p10 = query_metrics(ranked, rels)
        per_query.append({"query": query, "ndcg@10": ndcg, "rr": rr, "p@10": p10})
        totals = [totals[0] + ndcg, totals[1] + rr, totals[2] + p10]
    n = len(per_query)
    return {"ndcg@10": totals[0] / n, "mrr": totals[1] / n, "p@10": totals[2] / n,
            "queries": n, "queries_judged": len(judged), "per_query": per_query}
