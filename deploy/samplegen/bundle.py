"""Writes a rankd bundle: Parquet feature tables, snapshots, judgments, model, manifest, config."""
import json
import os

import numpy as np
import onnx
import pyarrow as pa
import pyarrow.parquet as pq
from onnx import helper

MANIFEST_FEATURES = [
    "product.price", "product.rating", "product.review_count", "product.ctr_30d",
    "product.add_to_cart_rate", "product.purchase_rate", "product.days_since_listed",
    "product.popularity", "product.embedding", "query_product.text_similarity",
    "query_product.title_match", "query_product.query_ctr", "user.price_affinity",
    "user.mobile_share", "context.hour", "context.device_mobile",
]
DEFAULTS = {"query_product.text_similarity": 0.0, "query_product.title_match": 0.0}


def column(values, pa_type):
    """A pyarrow array; `values` may be (values, null_mask) for a nullable column."""
    if isinstance(values, tuple):
        data, nulls = values
        return pa.array(data, type=pa_type, mask=np.asarray(nulls))
    if pa.types.is_list(pa_type):
        flat = np.asarray(values, dtype=np.float32)
        offsets = np.arange(0, flat.size + 1, flat.shape[1], dtype=np.int32)
        return pa.ListArray.from_arrays(pa.array(offsets), pa.array(flat.ravel()))
    return pa.array(values, type=pa_type)


def write_parquet(path: str, schema: pa.Schema, columns: dict, row_group_size: int) -> None:
    arrays = [column(columns[f.name], f.type) for f in schema]
    table = pa.Table.from_arrays(arrays, schema=schema)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    # Spark-like output: v1 data pages, dictionary encoding, snappy.
    pq.write_table(table, path, compression="snappy", version="2.6", data_page_version="1.0",
                   use_dictionary=True, row_group_size=row_group_size)


PRODUCT_SCHEMA = pa.schema([
    pa.field("product_id", pa.string(), nullable=False),
    pa.field("price", pa.float32()), pa.field("rating", pa.float32()),
    pa.field("review_count", pa.int32()), pa.field("ctr_30d", pa.float32()),
    pa.field("add_to_cart_rate", pa.float32()), pa.field("purchase_rate", pa.float32()),
    pa.field("days_since_listed", pa.int32()), pa.field("popularity", pa.float64()),
    pa.field("embedding", pa.list_(pa.float32())),
])
QUERY_PRODUCT_SCHEMA = pa.schema([
    pa.field("query", pa.string()), pa.field("product_id", pa.string()),
    pa.field("text_similarity", pa.float32()), pa.field("title_match", pa.float32()),
    pa.field("query_ctr", pa.float32()),
])
USER_SCHEMA = pa.schema([
    pa.field("user_id", pa.string(), nullable=False),
    pa.field("price_affinity", pa.float32()), pa.field("mobile_share", pa.float32()),
])
JUDGMENT_SCHEMA = pa.schema([
    pa.field("query", pa.string(), nullable=False),
    pa.field("product_id", pa.string(), nullable=False),
    pa.field("relevance", pa.int32(), nullable=False),
])


def write_snapshot(directory: str, columns: dict, parts: int, row_group_size: int) -> None:
    """Spark-style snapshot: part files, then the _SUCCESS marker that says it is complete."""
    n = len(columns["query"])
    bounds = np.linspace(0, n, parts + 1).astype(int)
    for part in range(parts):
        lo, hi = bounds[part], bounds[part + 1]
        sliced = {k: _slice(v, lo, hi) for k, v in columns.items()}
        write_parquet(os.path.join(directory, f"part-{part:05d}.snappy.parquet"),
                      QUERY_PRODUCT_SCHEMA, sliced, row_group_size)
    open(os.path.join(directory, "_SUCCESS"), "wb").close()


def _slice(values, lo, hi):
    if isinstance(values, tuple):
        return tuple(v[lo:hi] for v in values)
    return values[lo:hi]


def pin(model: onnx.ModelProto, name: str) -> onnx.ModelProto:
    """IR 8, ai.onnx 17, ai.onnx.ml 3: loads on ONNX Runtime >= 1.17 (see the fixtures README)."""
    opsets = {"": 17, "ai.onnx.ml": 3}
    domains = {imp.domain for imp in model.opset_import} | {""}
    del model.opset_import[:]
    for domain in sorted(domains):
        model.opset_import.append(helper.make_opsetid(domain, opsets[domain]))
    model.ir_version = 8
    model.graph.name = name
    model.producer_name = "rankd make_sample.py"
    onnx.checker.check_model(model, full_check=True)
    return model


def export_model(ranker, width: int, directory: str, name: str) -> str:
    import onnxmltools
    from onnxmltools.convert.common.data_types import FloatTensorType

    model = onnxmltools.convert_lightgbm(
        ranker, initial_types=[("input", FloatTensorType([None, width]))], target_opset=15)
    os.makedirs(directory, exist_ok=True)
    path = os.path.join(directory, "model.onnx")
    with open(path, "wb") as f:
        f.write(pin(model, name).SerializeToString(deterministic=True))
    write_json(os.path.join(directory, "manifest.json"), {
        "inputs": [{"name": "input", "features": MANIFEST_FEATURES}],
        "output": "variable", "defaults": DEFAULTS})
    return path


def config(models: str = "models") -> dict:
    return {
        "server": {"host": "0.0.0.0", "port": 8080, "threads": 0},
        "features": [
            {"table": "product", "path": "features/products.parquet",
             "key": {"product_id": "candidate"}},
            {"table": "query_product", "path": "features/query_product",
             "key": {"query": "query", "product_id": "candidate"}},
            {"table": "user", "path": "features/users.parquet", "key": {"user_id": "user"}},
        ],
        "models": models,
    }


def write_json(path: str, obj, indent=1) -> None:
    with open(path, "w") as f:
        json.dump(obj, f, indent=indent, allow_nan=False, ensure_ascii=False)
        f.write("\n")
