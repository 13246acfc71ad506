#!/usr/bin/env python3
"""Writes the small judgment files JudgmentsTests reads (pyarrow's writer, not ours).

    /opt/rankd-tools/venv/bin/python Tests/RankingTests/Fixtures/judgments/make_judgments.py
"""
import os

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))
SCHEMA = pa.schema([("query", pa.string()), ("product_id", pa.string()), ("relevance", pa.int32())])

FILES = {
    # Two queries; "power bank" judges P000883 twice with the same grade (counted once).
    "repeated_same.parquet": [("power bank", "P000883", 2), ("power bank", "P001418", 0),
                              ("power bank", "P000883", 2), ("desk lamp", "P000030", 1)],
    # The same pair with two different grades: which counts would depend on file order.
    "conflicting.parquet": [("power bank", "P000883", 2), ("power bank", "P001418", 0),
                            ("power bank", "P000883", 4)],
    # 2^1024 - 1 overflows a Double: NDCG came out NaN and passed --min-ndcg.
    "grade_1024.parquet": [("power bank", "P000883", 1024), ("power bank", "P001418", 0)],
    "grade_negative.parquet": [("power bank", "P000883", 1), ("power bank", "P001418", -1)],
    "empty.parquet": [],
    # Judged, but nothing relevant: every metric is undefined.
    "nothing_relevant.parquet": [("power bank", "P000883", 0), ("desk lamp", "P000030", 0)],
}

for name, rows in FILES.items():
    columns = list(zip(*rows)) if rows else [[], [], []]
    table = pa.table({field.name: pa.array(list(values), type=field.type) for field, values in zip(SCHEMA, columns)},
                     schema=SCHEMA)
    pq.write_table(table, os.path.join(HERE, name))
    print(name, len(rows), "rows")
