#!/usr/bin/env python3
"""Writes the small feature tables TableLoaderTests reads (pyarrow's writer, not ours).

    /opt/rankd-tools/venv/bin/python Tests/RankingTests/Fixtures/tables/make_tables.py
"""
import os

import pyarrow as pa
import pyarrow.parquet as pq

HERE = os.path.dirname(os.path.abspath(__file__))

# Two columns named "price": pyarrow (and Polars) write that without complaint.
ids = pa.array(["P1", "P2", "P3"])
pq.write_table(pa.Table.from_arrays([ids, pa.array([1.0, 2.0, 3.0]), pa.array([10.0, 20.0, 30.0]),
                                     pa.array([4.0, 5.0, 6.0], pa.float32())],
                                    names=["product_id", "price", "price", "rating"]),
               os.path.join(HERE, "repeated_column.parquet"))
pq.write_table(pa.Table.from_arrays([ids, ids, pa.array([1.0, 2.0, 3.0])], names=["product_id", "product_id", "price"]),
               os.path.join(HERE, "repeated_key_column.parquet"))
# A null key in the middle of four rows: that row cannot be looked up.
pq.write_table(pa.table({"product_id": pa.array(["P1", None, "P3", "P4"]), "price": pa.array([1.0, 2.0, 3.0, 4.0])}),
               os.path.join(HERE, "null_key.parquet"))
# No rows at all (a job that wrote an empty snapshot).
pq.write_table(pa.table({"product_id": pa.array([], pa.string()), "price": pa.array([], pa.float64())}),
               os.path.join(HERE, "empty.parquet"))
print("written the small tables")

# The sample bundle's query_product schema with no rows: what a failed job that still wrote
# _SUCCESS leaves behind.
sample = os.path.join(HERE, "../../../../deploy/sample/features/query_product/20261120T000000Z/part-00000.snappy.parquet")
schema = pq.read_schema(sample)
pq.write_table(schema.empty_table(), os.path.join(HERE, "empty_query_product.parquet"))
print("written empty_query_product.parquet")

# The sample's newest query_product part without its query_ctr column: a valid file the served
# model cannot use (a combination the loader must refuse, charged to the snapshot).
table = pq.read_table(sample)
pq.write_table(table.drop_columns(["query_ctr"]), os.path.join(HERE, "query_product_without_query_ctr.parquet"))
print("written query_product_without_query_ctr.parquet")
