#!/usr/bin/env python3
"""Writes the ONNX models and expected outputs used by OnnxRuntimeTests.

Regenerate (from the repository root):
    /opt/rankd-tools/venv/bin/python Tests/OnnxRuntimeTests/Fixtures/make_fixtures.py

Every model is pinned to ONNX IR version 8, opset 17 (ai.onnx) and 3 (ai.onnx.ml) so it loads on
ONNX Runtime >= 1.17. Expected outputs come from onnxruntime's Python API on the CPU provider, not
from the training library, so the Swift wrapper is checked against the same runtime it wraps.
All randomness is seeded; running the script twice writes identical files.
"""
import hashlib
import json
import math
import os
import sys

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
IR_VERSION = 8
OPSETS = {"": 17, "ai.onnx.ml": 3}
BATCH_SIZES = (1, 7, 100)


# ---------------------------------------------------------------- pinning and writing

def pin(model: onnx.ModelProto, name: str) -> onnx.ModelProto:
    """Rewrites opset imports and IR version to the pinned values, then validates.

    Converters import the lowest opset their operators need (onnxmltools: ai.onnx 8, ai.onnx.ml 1);
    the operators used here (TreeEnsembleRegressor, Identity, MatMul, Add, Relu) have the same
    semantics at the pinned versions, and `check_model` plus the output comparison in
    `checked_session` confirm it.
    """
    domains = {imp.domain for imp in model.opset_import} | {""}
    del model.opset_import[:]
    for domain in sorted(domains):
        if domain not in OPSETS:
            raise SystemExit(f"unexpected opset domain {domain!r}")
        model.opset_import.append(helper.make_opsetid(domain, OPSETS[domain]))
    model.ir_version = IR_VERSION
    model.producer_name = "rankd make_fixtures.py"
    model.producer_version = "1"
    model.graph.name = name  # converters default to a random uuid, which breaks reproducibility
    onnx.checker.check_model(model, full_check=True)
    return model


def save(model: onnx.ModelProto, name: str) -> str:
    path = os.path.join(HERE, name)
    data = model.SerializeToString(deterministic=True)
    if len(data) >= 1_000_000:
        raise SystemExit(f"{name} is {len(data)} bytes; fixtures must stay under 1 MB")
    with open(path, "wb") as f:
        f.write(data)
    return path


def session(path: str) -> ort.InferenceSession:
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    return ort.InferenceSession(path, options, providers=["CPUExecutionProvider"])


def json_floats(values: np.ndarray) -> list:
    """float32 values as JSON numbers that parse back to the same float32; NaN as "NaN"."""
    out = []
    for v in np.asarray(values, dtype=np.float32).ravel():
        out.append("NaN" if math.isnan(v) else float(v))
    return out


def json_values(values: np.ndarray) -> list:
    if values.dtype == np.float32:
        return json_floats(values)
    return [int(v) for v in values.ravel()]


def tensor_json(values: np.ndarray) -> dict:
    return {"shape": list(values.shape), "data": json_values(values)}


def write_json(name: str, obj) -> None:
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, indent=1, allow_nan=False)
        f.write("\n")


# ---------------------------------------------------------------- models

def make_lgbm() -> onnx.ModelProto:
    import lightgbm as lgb
    import onnxmltools
    from onnxmltools.convert.common.data_types import FloatTensorType

    rng = np.random.default_rng(1701)
    groups, per_group, width = 60, 20, 8
    x = rng.normal(size=(groups * per_group, width)).astype(np.float32)
    x[rng.random(x.shape) < 0.05] = np.nan  # LightGBM learns a direction for missing values
    signal = np.nan_to_num(x[:, 0]) * 1.5 + np.nan_to_num(x[:, 3]) - 0.5 * np.nan_to_num(x[:, 5])
    latent = signal + rng.normal(scale=0.5, size=len(x))
    labels = np.digitize(latent, [-1.0, 0.5, 1.5, 2.5]).astype(np.int32)
    ranker = lgb.LGBMRanker(
        objective="lambdarank", n_estimators=50, num_leaves=7, learning_rate=0.1,
        min_child_samples=10, random_state=7, deterministic=True, force_row_wise=True,
        n_jobs=1, verbose=-1)
    ranker.fit(x, labels, group=[per_group] * groups)
    # onnxmltools 1.16 caps ai.onnx at opset 15 for conversion; `pin` raises the import to 17.
    model = onnxmltools.convert_lightgbm(
        ranker, initial_types=[("input", FloatTensorType([None, width]))], target_opset=15)
    return pin(model, "lgbm_lambdarank"), ranker


def make_mlp() -> onnx.ModelProto:
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType
    from sklearn.neural_network import MLPRegressor

    rng = np.random.default_rng(2024)
    x = rng.normal(size=(500, 6)).astype(np.float32)
    y = np.sin(x[:, 0]) + x[:, 1] * x[:, 2] - 0.3 * x[:, 4] + rng.normal(scale=0.1, size=500)
    mlp = MLPRegressor(hidden_layer_sizes=(16, 8), max_iter=400, random_state=3)
    mlp.fit(x, y)
    model = convert_sklearn(
        mlp, initial_types=[("input", FloatTensorType([None, 6]))],
        target_opset={"": 17, "ai.onnx.ml": 3})
    return pin(model, "mlp_regressor"), mlp


def make_gbr() -> onnx.ModelProto:
    """A second tree-ensemble producer (skl2onnx, scikit-learn's gradient boosting), for the row
    grouping: its scores on grouped rows must equal these request-order outputs."""
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType
    from sklearn.ensemble import GradientBoostingRegressor

    rng = np.random.default_rng(4242)
    x = rng.normal(size=(800, 5)).astype(np.float32)
    y = np.where(x[:, 1] > 0, 2.0, -1.0) + x[:, 3] * x[:, 0] + rng.normal(scale=0.2, size=800)
    gbr = GradientBoostingRegressor(n_estimators=40, max_depth=3, random_state=5)
    gbr.fit(x, y)
    model = convert_sklearn(
        gbr, initial_types=[("input", FloatTensorType([None, 5]))],
        target_opset={"": 17, "ai.onnx.ml": 3})
    return pin(model, "sklearn_gbr"), gbr


def make_two_inputs() -> onnx.ModelProto:
    axes = numpy_helper.from_array(np.array([1], dtype=np.int64), "axes")
    bias = numpy_helper.from_array(np.array(0.25, dtype=np.float32), "bias")
    nodes = [
        helper.make_node("Mul", ["query", "item"], ["product"]),
        helper.make_node("ReduceSum", ["product", "axes"], ["dot"], keepdims=0),
        helper.make_node("Add", ["dot", "bias"], ["score"]),
    ]
    graph = helper.make_graph(
        nodes, "two_tower_dot",
        [helper.make_tensor_value_info("query", TensorProto.FLOAT, ["N", 4]),
         helper.make_tensor_value_info("item", TensorProto.FLOAT, ["N", 4])],
        [helper.make_tensor_value_info("score", TensorProto.FLOAT, ["N"])],
        initializer=[axes, bias])
    return pin(helper.make_model(graph), graph.name)


def make_int64_input() -> onnx.ModelProto:
    axes = numpy_helper.from_array(np.array([1], dtype=np.int64), "axes")
    nodes = [
        helper.make_node("Cast", ["input"], ["as_float"], to=TensorProto.FLOAT),
        helper.make_node("ReduceSum", ["as_float", "axes"], ["variable"], keepdims=1),
    ]
    graph = helper.make_graph(
        nodes, "int64_sum",
        [helper.make_tensor_value_info("input", TensorProto.INT64, ["N", 4])],
        [helper.make_tensor_value_info("variable", TensorProto.FLOAT, ["N", 1])],
        initializer=[axes])
    return pin(helper.make_model(graph), graph.name)


def make_multi_output() -> onnx.ModelProto:
    weights = np.array([[1.0, -0.5], [0.25, 2.0], [-1.5, 0.75]], dtype=np.float32)
    offsets = np.array([0.1, -0.2], dtype=np.float32)
    axes = numpy_helper.from_array(np.array([1], dtype=np.int64), "axes")
    nodes = [
        helper.make_node("MatMul", ["x", "weights"], ["projected"]),
        helper.make_node("Add", ["projected", "offsets"], ["a"]),
        helper.make_node("ReduceSum", ["x", "axes"], ["b"], keepdims=0),
    ]
    graph = helper.make_graph(
        nodes, "multi_output",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 3])],
        [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["N", 2]),
         helper.make_tensor_value_info("b", TensorProto.FLOAT, ["N"])],
        initializer=[numpy_helper.from_array(weights, "weights"),
                     numpy_helper.from_array(offsets, "offsets"), axes])
    return pin(helper.make_model(graph), graph.name)


def write_corrupt(source: str) -> None:
    """First half of a valid model, then bytes from a SHA-256 chain (deterministic garbage)."""
    with open(source, "rb") as f:
        data = f.read()
    half = data[: len(data) // 2]
    garbage, block = bytearray(), b"rankd corrupt fixture"
    while len(garbage) < len(data) - len(half):
        block = hashlib.sha256(block).digest()
        garbage += block
    with open(os.path.join(HERE, "corrupt.onnx"), "wb") as f:
        f.write(half + bytes(garbage[: len(data) - len(half)]))


# ---------------------------------------------------------------- expectations

ELEMENT_TYPES = {"tensor(float)": TensorProto.FLOAT, "tensor(int64)": TensorProto.INT64}


def describe(args) -> list:
    """Names, element types and shapes as onnxruntime reports them; symbolic dims become -1."""
    out = []
    for arg in args:
        shape = [d if isinstance(d, int) else -1 for d in arg.shape]
        out.append({"name": arg.name, "type": arg.type,
                    "element_type": ELEMENT_TYPES[arg.type], "shape": shape})
    return out


def random_inputs(sess, rows: int, rng, nan_share: float) -> dict:
    feeds = {}
    for arg in sess.get_inputs():
        width = arg.shape[1:] if len(arg.shape) > 1 else []
        values = rng.normal(scale=1.5, size=[rows, *width]).astype(np.float32)
        if nan_share:
            values[rng.random(values.shape) < nan_share] = np.nan
        feeds[arg.name] = values
    return feeds


def write_cases(name: str, path: str, seed: int, nan_share: float = 0.0):
    """Writes <model>.cases.json: one case per batch size, outputs from onnxruntime."""
    sess, rng = session(path), np.random.default_rng(seed)
    cases = []
    for rows in BATCH_SIZES:
        feeds = random_inputs(sess, rows, rng, nan_share)
        if nan_share and rows > 1:
            feeds[sess.get_inputs()[0].name][0, :] = np.nan  # one row with every feature missing
        names = [o.name for o in sess.get_outputs()]
        results = sess.run(names, feeds)
        cases.append({
            "rows": rows,
            "inputs": {k: tensor_json(v) for k, v in feeds.items()},
            "outputs": {n: tensor_json(r) for n, r in zip(names, results)},
        })
    write_json(name.replace(".onnx", ".cases.json"), {"model": name, "cases": cases})
    return cases


def check_against_trainer(name: str, cases: list, predict) -> None:
    """Sanity check that conversion kept the model's meaning (prints the worst difference)."""
    worst = 0.0
    for case in cases:
        (tensor,) = case["inputs"].values()
        x = np.array([np.nan if v == "NaN" else v for v in tensor["data"]], dtype=np.float32)
        x = x.reshape(tensor["shape"])
        expected = np.array(case["outputs"]["variable"]["data"], dtype=np.float64)
        worst = max(worst, float(np.max(np.abs(predict(x) - expected))))
    print(f"{name}: max |trainer - onnxruntime| = {worst:.3g}")
    if worst > 1e-4:
        raise SystemExit(f"{name}: converted model disagrees with its trainer")


def write_graphs() -> None:
    """graphs.json: what the onnx package reads of each saved model's graph, for the Swift
    ModelGraph reader to match: graph inputs, and per node its operator, domain, inputs, outputs
    and integer- and string-list attributes."""
    graphs = {}
    for name in sorted(n for n in os.listdir(HERE) if n.endswith(".onnx") and n != "corrupt.onnx"):
        graph = onnx.load(os.path.join(HERE, name)).graph
        nodes = []
        for node in graph.node:
            nodes.append({"op_type": node.op_type, "domain": node.domain, "inputs": list(node.input),
                          "outputs": list(node.output),
                          "integers": {a.name: list(a.ints) for a in node.attribute if a.ints},
                          "strings": {a.name: [v.decode() for v in a.strings] for a in node.attribute if a.strings}})
        graphs[name] = {"inputs": [i.name for i in graph.input], "nodes": nodes}
    write_json("graphs.json", graphs)


def main() -> None:
    if sys.argv[1:] == ["--graphs-only"]:
        return write_graphs()
    lgbm, ranker = make_lgbm()
    mlp, regressor = make_mlp()
    gbr, boosting = make_gbr()
    models = {
        "lgbm_lambdarank.onnx": lgbm,
        "mlp_regressor.onnx": mlp,
        "sklearn_gbr.onnx": gbr,
        "two_inputs.onnx": make_two_inputs(),
        "int64_input.onnx": make_int64_input(),
        "multi_output.onnx": make_multi_output(),
    }
    signatures = {}
    for name, model in models.items():
        sess = session(save(model, name))
        signatures[name] = {"inputs": describe(sess.get_inputs()),
                            "outputs": describe(sess.get_outputs())}
    cases = write_cases("lgbm_lambdarank.onnx", os.path.join(HERE, "lgbm_lambdarank.onnx"), 11, 0.1)
    check_against_trainer("lgbm_lambdarank.onnx", cases, ranker.predict)
    cases = write_cases("mlp_regressor.onnx", os.path.join(HERE, "mlp_regressor.onnx"), 12)
    check_against_trainer("mlp_regressor.onnx", cases, regressor.predict)
    cases = write_cases("sklearn_gbr.onnx", os.path.join(HERE, "sklearn_gbr.onnx"), 15)
    check_against_trainer("sklearn_gbr.onnx", cases, boosting.predict)
    write_cases("two_inputs.onnx", os.path.join(HERE, "two_inputs.onnx"), 13)
    write_cases("multi_output.onnx", os.path.join(HERE, "multi_output.onnx"), 14)
    write_json("signatures.json", signatures)
    write_corrupt(os.path.join(HERE, "lgbm_lambdarank.onnx"))
    write_graphs()
    for name in sorted(os.listdir(HERE)):
        print(f"{os.path.getsize(os.path.join(HERE, name)):>9}  {name}")


if __name__ == "__main__":
    sys.exit(main())
