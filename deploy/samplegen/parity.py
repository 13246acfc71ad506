"""Cross-checks of the written bundle and the /rank parity cases for the Swift end-to-end tests."""
import math

import numpy as np


def _same(a: float, b: float) -> bool:
    return (math.isnan(a) and math.isnan(b)) or a == b


def _request_for_row(snapshot, users, sessions, pair_row, session) -> tuple:
    user = sessions["user"][session]
    context = {}
    for key, values in (("hour", sessions["hour"]), ("device_mobile", sessions["mobile"])):
        if not math.isnan(values[session]):
            context[key] = int(values[session])
    sources = {"candidate": snapshot["product_id"][pair_row], "query": snapshot["query"][pair_row],
               "user": users["user_id"][user] if user >= 0 else None}
    return sources, context


def check_training_rows(ref, x, pair_rows, s_of_row, sessions, snapshot, users, ranker) -> None:
    """The bundle read back by the reference must reproduce the rows the model was trained on."""
    sample = np.linspace(0, len(pair_rows) - 1, min(400, len(pair_rows))).astype(int)
    vectors = []
    for row in sample:
        sources, context = _request_for_row(snapshot, users, sessions, pair_rows[row], s_of_row[row])
        vector = ref.vector(sources, context)
        if not all(_same(a, float(b)) for a, b in zip(vector, x[row])) or len(vector) != x.shape[1]:
            raise SystemExit(f"training row {row}: bundle gives {vector}, model saw {list(x[row])}")
        vectors.append(vector)
    onnx_scores = np.array(ref.score(vectors))
    trainer_scores = ranker.predict(x[sample])
    worst = float(np.max(np.abs(onnx_scores - trainer_scores)))
    print(f"  {len(sample)} training rows match the bundle; |lightgbm - onnxruntime| <= {worst:.2g}")
    if worst > 1e-3:
        raise SystemExit("the exported model disagrees with LightGBM")


def _query_lists(snapshot) -> dict:
    lists = {}
    for q, p in zip(snapshot["query"], snapshot["product_id"]):
        lists.setdefault(q, []).append(p)
    return lists


def _shout(text: str) -> str:
    return "  " + "  ".join(w.upper() if i % 2 == 0 else w.capitalize()
                            for i, w in enumerate(text.split())) + " "


def _requests(products, qs, snapshot, size) -> list:
    lists = _query_lists(snapshot)
    train = [q for q in qs.text[: size["train"]] if len(q.split()) >= 2]
    q0, q1, q2, q3 = train[:4]
    c0 = lists[q0]
    held = qs.text[size["train"]]
    rating_null = products.columns["rating"][1]
    nulls = [p for p in c0 if rating_null[int(p[1:]) - 1]]
    others = [p for p in lists[q1] if p not in set(c0)]
    full = {"hour": 13, "device_mobile": 1}
    return [
        ("basic", {"query": q0, "candidates": c0[:10], "user_id": "u-42", "context": full}),
        ("query_case_and_spaces", {"query": _shout(q1), "candidates": lists[q1][:8],
                                   "user_id": "u-42", "context": full}),
        ("query_tabs_and_runs", {"query": "\t" + q2.title().replace(" ", " \t  ") + "\t ",
                                 "candidates": lists[q2][:8], "user_id": "u-42", "context": full}),
        ("integer_candidates", {"query": q0, "candidates": [c0[0], 17, c0[1], 123456, c0[2]],
                                "user_id": "u-42", "context": full}),
        ("unknown_candidates", {"query": q0, "candidates": [c0[3], "P999999", "sku-unknown", c0[4]],
                                "user_id": "u-42", "context": full}),
        ("all_unknown_ties", {"query": q0, "candidates": ["P999999", "P999998", "X", 42],
                              "user_id": "u-42", "context": full}),
        ("query_absent", {"query": "Purple Unicorn Lamp", "candidates": c0[:6],
                          "user_id": "u-42", "context": full}),
        ("product_known_pair_missing", {"query": q0, "candidates": c0[:2] + others[:4],
                                        "user_id": "u-42", "context": full}),
        ("no_user", {"query": q0, "candidates": c0[:8], "context": full}),
        ("unknown_user", {"query": q0, "candidates": c0[:8], "user_id": "u-999999",
                          "context": full}),
        ("user_with_null_feature", {"query": q0, "candidates": c0[:8], "user_id": "u-7",
                                    "context": full}),
        ("context_missing_key", {"query": q0, "candidates": c0[:8], "user_id": "u-42",
                                 "context": {"hour": 22}}),
        ("no_context", {"query": q0, "candidates": c0[:8], "user_id": "u-42"}),
        ("context_fractional_and_extra_key", {"query": q0, "candidates": c0[:8], "user_id": "u-42",
                                              "context": {"hour": 7.5, "device_mobile": 0,
                                                          "session_depth": 3}}),
        ("repeated_candidates", {"query": q0, "candidates": [c0[0], c0[1], c0[0], c0[2], c0[1], c0[3]],
                                 "user_id": "u-42", "context": full}),
        ("top_k_3", {"query": q3, "candidates": lists[q3], "user_id": "u-42", "context": full,
                     "top_k": 3}),
        ("top_k_larger_than_candidates", {"query": q0, "candidates": c0[:5], "user_id": "u-42",
                                          "context": full, "top_k": 50}),
        ("held_out_query", {"query": held, "candidates": lists[held], "user_id": "u-100",
                            "context": {"hour": 20, "device_mobile": 0}, "top_k": 10}),
        ("null_rating_products", {"query": q0, "candidates": nulls[:4] + c0[5:7], "user_id": "u-42",
                                  "context": full}),
        ("single_candidate", {"query": q1, "candidates": [lists[q1][0]], "user_id": "u-42",
                              "context": full}),
        ("anonymous_full_list", {"query": q3, "candidates": lists[q3]}),
    ]


def make_cases(ref, products, qs, snapshot, size) -> dict:
    cases = []
    for name, request in _requests(products, qs, snapshot, size):
        cases.append({"name": name, "request": request, **ref.rank(request)})
    snapshot_dir = ref.tables["query_product"].snapshot
    return {"bundle": "deploy/sample", "config": "deploy/sample/config.json",
            "model": "search", "query_product_snapshot": snapshot_dir,
            "feature_names": ref.feature_names(), "cases": cases}
