"""Corpus files from writers other than pyarrow's table writer: DuckDB, Polars, a Spark-style folder."""
import os
import struct
import zlib

import duckdb
import numpy as np
import polars as pl
import pyarrow.parquet as pq

DUCKDB_SELECT = """
SELECT
  i::INTEGER AS id,
  CASE WHEN i % 7 = 3 THEN NULL ELSE 'name-' || i || CASE WHEN i % 4 = 0 THEN ' ü "q"' ELSE '' END END AS name,
  (i * 1234567 - 500000000)::BIGINT AS big,
  CASE WHEN i % 5 = 1 THEN NULL ELSE i / 7.0 END::DOUBLE AS ratio,
  CASE WHEN i % 6 = 2 THEN NULL ELSE (i * 0.25 - 3)::FLOAT END AS small,
  (i % 2 = 0) AS flag,
  (i % 128 - 64)::TINYINT AS tiny,
  (i * 131 % 65536 - 32768)::SMALLINT AS short,
  (i % 256)::UTINYINT AS utiny,
  (i * 97 % 65536)::USMALLINT AS ushort,
  (i::UBIGINT * 36893488147419103::UBIGINT) AS ubig,
  ((i * 37 - 9000) / 100)::DECIMAL(10, 2) AS dec_10_2,
  (((i * 37) % 19999 - 9999) / 10)::DECIMAL(4, 1) AS dec_4_1,
  CASE WHEN i % 9 = 0 THEN NULL ELSE (i * 1234567.891 - 12345678.9)::DECIMAL(18, 6) END AS dec_18_6,
  (((i - 250)::HUGEINT * 123456789012345678901)::VARCHAR || '.' || lpad((i * 7 % 10000)::VARCHAR, 4, '0'))::DECIMAL(30, 4) AS dec_30_4,
  CASE WHEN i % 8 = 5 THEN NULL ELSE DATE '1969-12-25' + (i * 40)::INTEGER END AS day,
  TIMESTAMP '1999-12-31 23:59:58.123456' + to_seconds(i * 3601) AS ts,
  TIMESTAMPTZ '2024-02-29 12:00:00+00' + to_microseconds(i * 1000001) AS ts_tz,
  make_timestamp_ns(981173106000000000 + i * 1234567891) AS ts_ns,
  TIME '00:00:00' + to_microseconds(i * 171717171) AS tod,
  CASE WHEN i % 10 = 0 THEN NULL ELSE ('\\x' || lpad(to_hex(i * 2654435761 % 4294967296), 8, '0'))::BLOB END AS blob,
  CASE WHEN i % 11 = 0 THEN NULL
       WHEN i % 11 = 1 THEN []::FLOAT[]
       WHEN i % 11 = 2 THEN [NULL, i * 0.5]::FLOAT[]
       ELSE [i * 0.5, -i / 3.0, 1e-7 * i, i * 1e10]::FLOAT[] END AS floats,
  CASE WHEN i % 3 = 0 THEN NULL ELSE ('00000000-0000-4000-8000-' || lpad(i::VARCHAR, 12, '0'))::UUID END AS uid
FROM range(0, 300) t(i)
"""


def write_duckdb_files(corpus):
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    select = DUCKDB_SELECT.strip()
    variants = {
        "duckdb_default": "FORMAT PARQUET",
        "duckdb_zstd": "FORMAT PARQUET, COMPRESSION ZSTD",
        "duckdb_v2_small_groups": "FORMAT PARQUET, PARQUET_VERSION V2, ROW_GROUP_SIZE 100",
        "duckdb_uncompressed": "FORMAT PARQUET, COMPRESSION UNCOMPRESSED",
    }
    for name, options in variants.items():
        path = os.path.join(corpus, name + ".parquet")
        con.execute(f"COPY ({select}) TO '{path}' ({options})")
    con.close()


def polars_frame(n=300, seed=19):
    rng = np.random.default_rng(seed)
    vectors = [None if i % 10 == 4 else ([] if i % 10 == 6 else
               [None if (i + k) % 17 == 0 else float(v) for k, v in enumerate(rng.normal(size=i % 5 + 1))])
               for i in range(n)]
    return pl.DataFrame({
        "id": pl.Series(range(n), dtype=pl.Int64),
        "label": [None if i % 7 == 1 else f"label-{i % 23}-é" for i in range(n)],
        "category": pl.Series([["red", "green", "blue"][i % 3] for i in range(n)], dtype=pl.Categorical),
        "score": [None if i % 5 == 2 else float(x) for i, x in enumerate(rng.normal(size=n))],
        "score32": pl.Series(rng.normal(size=n).astype(np.float32), dtype=pl.Float32),
        "count": pl.Series([None if i % 9 == 0 else int(x) for i, x in enumerate(rng.integers(-10**9, 10**9, n))],
                           dtype=pl.Int32),
        "u16": pl.Series([i * 211 % 65536 for i in range(n)], dtype=pl.UInt16),
        "flag": [None if i % 11 == 3 else i % 2 == 1 for i in range(n)],
        "vector": pl.Series(vectors, dtype=pl.List(pl.Float32)),
    })


def write_polars_files(corpus, tables):
    frame = polars_frame()
    frame.write_parquet(os.path.join(corpus, "polars_default.parquet"))
    frame.write_parquet(os.path.join(corpus, "polars_stats_snappy.parquet"), use_pyarrow=False,
                        statistics=True, compression="snappy", row_group_size=64, data_page_size=256)
    frame.write_parquet(os.path.join(corpus, "polars_lz4_stats.parquet"), use_pyarrow=False,
                        statistics="full", compression="lz4", row_group_size=1000)
    frame.write_parquet(os.path.join(corpus, "polars_uncompressed.parquet"), compression="uncompressed")
    pl.from_arrow(tables.feature_snapshot_table(seed=6)).write_parquet(
        os.path.join(corpus, "polars_features_snapshot.parquet"))


SPARK_UUID = "6f1c2a3e-8d4b-4c1a-9e2f-0a1b2c3d4e5f"


def hadoop_crc(data: bytes, bytes_per_checksum=512) -> bytes:
    """Hadoop ChecksumFileSystem side file: 'crc\\0', chunk size, then a CRC-32 per chunk (big endian)."""
    out = b"crc\x00" + struct.pack(">i", bytes_per_checksum)
    for start in range(0, len(data), bytes_per_checksum):
        out += struct.pack(">I", zlib.crc32(data[start:start + bytes_per_checksum]))
    return out


def write_spark_style(folder, tables):
    os.makedirs(folder, exist_ok=True)
    parts = [tables.feature_snapshot_table(n=40, seed=31), tables.feature_snapshot_table(n=25, seed=32)]
    names = []
    for index, table in enumerate(parts):
        name = f"part-{index:05d}-{SPARK_UUID}-c000.snappy.parquet"
        pq.write_table(table, os.path.join(folder, name), compression="snappy")
        names.append(name)
    open(os.path.join(folder, "_SUCCESS"), "wb").close()
    for name in names + ["_SUCCESS"]:
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        with open(os.path.join(folder, f".{name}.crc"), "wb") as f:
            f.write(hadoop_crc(data))
