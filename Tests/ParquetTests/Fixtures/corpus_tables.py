"""Deterministic Arrow tables the corpus is written from (no I/O here; make_corpus.py writes them).

Every nullable column has nulls at different rows (the null pattern depends on the column index),
and the value lists hold the edge cases a reader gets wrong: extremes of every integer width,
NaN/±Infinity/-0.0/subnormals, strings that need JSON escapes, negative decimals, dates before 1970.
"""
import datetime
import decimal

import numpy as np
import pyarrow as pa

D = decimal.Decimal

FLOAT_EDGES = [0.0, -0.0, 1.0, -1.5, 0.1, 1e-5, 1e-45, 3.4028235e38, -3.4028235e38, 16777216.0,
               33554432.0, float("nan"), float("inf"), float("-inf"), 1.17549435e-38, 123.456]
DOUBLE_EDGES = [0.0, -0.0, 1.0, -1.5, 0.1, 1e-5, 1e-4, 5e-324, 1.7976931348623157e308, 1e16,
                2.0**53, 2.0**53 + 2, 9999999999999998.0, float("nan"), float("inf"),
                float("-inf"), 1234567890123456.7, 2.2250738585072014e-308, 1.5e20, 2.0 / 3.0]
HALF_EDGES = [0.0, -0.0, 1.5, 0.1, 65504.0, -65504.0, 6e-8, 6.1e-5, float("nan"), float("inf"),
              float("-inf"), 0.333]
STRING_EDGES = ["", "plain", 'quote " inside', "back\\slash", "tab\tnew\nline\rret", "\b\f",
                "\x00\x01\x1f\x7f", "slash/", "é", "日本語", "emoji 😀", "\u2028sep", "x" * 300]
BINARY_EDGES = [b"", b"\x00", b"\xff\xfe\xfd", b"binary", bytes(range(256))]
INT_LIMITS = {
    "int8": (-(2**7), 2**7 - 1), "int16": (-(2**15), 2**15 - 1), "int32": (-(2**31), 2**31 - 1),
    "int64": (-(2**63), 2**63 - 1), "uint8": (0, 2**8 - 1), "uint16": (0, 2**16 - 1),
    "uint32": (0, 2**32 - 1), "uint64": (0, 2**64 - 1),
}


def cycle(edges, n, rng_values=None):
    """Edge cases first, then (if given) random values, truncated to n."""
    values = list(edges)
    if rng_values is not None:
        values += list(rng_values)
    return [values[i % len(values)] for i in range(n)]


def with_nulls(values, column_index, every=5):
    return [None if (i + column_index) % every == 0 else v for i, v in enumerate(values)]


def int_values(name, n, rng):
    lo, hi = INT_LIMITS[name]
    edges = [lo, hi, 0, 1, lo + 1, hi - 1] + ([-1] if lo < 0 else [])
    randoms = rng.integers(max(lo, -(2**62)), min(hi, 2**62), size=n, dtype=np.int64, endpoint=True)
    return cycle(edges, n, [int(x) for x in randoms])


def decimal_values(precision, scale, n, rng):
    biggest = 10**precision - 1
    edges = [biggest, -biggest, 0, 1, -1, -(10**scale) // 2 if scale else -5, 10**scale + 3]
    edges = [v for v in edges if abs(v) <= biggest]
    randoms = [int(rng.integers(-(2**62), 2**62)) % (biggest + 1) * (1 if k % 2 else -1)
               for k in range(n)]
    exact = decimal.Context(prec=100)
    return [D(v).scaleb(-scale, context=exact) for v in cycle(edges, n, randoms)]


def date_days(n, rng):
    edges = [0, -1, 19000, -719162, 2932896, 11016]  # epoch, 1969-12-31, 2022, 0001-01-01, 9999-12-31
    return cycle(edges, n, [int(x) for x in rng.integers(-30000, 60000, size=n)])


def types_columns(n, seed=7):
    """(name, arrow type, values) for every physical/logical type pyarrow writes."""
    rng = np.random.default_rng(seed)
    cols = [("bool", pa.bool_(), cycle([True, False, False], n))]
    for name in INT_LIMITS:
        cols.append((name, getattr(pa, name)(), int_values(name, n, rng)))
    cols += [
        ("float16", pa.float16(), [np.float16(v) for v in cycle(HALF_EDGES, n, rng.normal(size=n))]),
        ("float32", pa.float32(), cycle(FLOAT_EDGES, n, rng.normal(0, 1e3, size=n).astype(np.float32))),
        ("float64", pa.float64(), cycle(DOUBLE_EDGES, n, rng.normal(0, 1e6, size=n))),
        ("string", pa.string(), cycle(STRING_EDGES, n, [f"s{int(x)}" for x in rng.integers(0, 99, n)])),
        ("binary", pa.binary(), cycle(BINARY_EDGES, n, [rng.bytes(int(k)) for k in rng.integers(0, 9, n)])),
        ("fixed5", pa.binary(5), cycle([b"\x00" * 5, b"\xff" * 5, b"abcde"], n, [rng.bytes(5) for _ in range(n)])),
        ("dec_5_2", pa.decimal128(5, 2), decimal_values(5, 2, n, rng)),
        ("dec_9_0", pa.decimal128(9, 0), decimal_values(9, 0, n, rng)),
        ("dec_18_4", pa.decimal128(18, 4), decimal_values(18, 4, n, rng)),
        ("dec_38_10", pa.decimal128(38, 10), decimal_values(38, 10, n, rng)),
        ("dec_1_1", pa.decimal128(1, 1), decimal_values(1, 1, n, rng)),
        ("dec256_50_5", pa.decimal256(50, 5), decimal_values(50, 5, n, rng)),
        ("date32", pa.date32(), date_days(n, rng)),
    ]
    return cols + temporal_columns(n, rng)


def temporal_columns(n, rng):
    ms = [0, -1, 1_700_000_000_123, 86_399_999, -62_135_596_800_000, 253_402_300_799_999]
    ms = cycle(ms, n, [int(x) for x in rng.integers(-(10**12), 4 * 10**12, size=n)])
    ns_edges = [0, -1, 1, 999, 1_000, 1_700_000_000_123_456_789, -1_700_000_000_123_456_789,
                2**63 - 1, -(2**63) + 1]
    ns = cycle(ns_edges, n, [int(x) for x in rng.integers(-(2**62), 2**62, size=n)])
    day_ms = 86_400_000
    return [
        ("time32_ms", pa.time32("ms"), cycle([0, 1, day_ms - 1, 43_200_500], n, rng.integers(0, day_ms, n).tolist())),
        ("time64_us", pa.time64("us"), cycle([0, 1, day_ms * 1000 - 1], n, rng.integers(0, day_ms * 1000, n).tolist())),
        ("time64_ns", pa.time64("ns"), cycle([0, 1, 999, 1000, day_ms * 10**6 - 1], n,
                                              rng.integers(0, day_ms * 10**6, n).tolist())),
        ("ts_ms", pa.timestamp("ms"), ms),
        ("ts_us", pa.timestamp("us"), [v * 1000 + 7 for v in ms]),
        ("ts_ns", pa.timestamp("ns"), ns),
        ("ts_s", pa.timestamp("s"), [v // 1000 for v in ms]),
        ("ts_ms_utc", pa.timestamp("ms", tz="UTC"), ms),
        ("ts_us_ny", pa.timestamp("us", tz="America/New_York"), [v * 1000 + 5 for v in ms]),
        ("ts_ns_offset", pa.timestamp("ns", tz="+05:30"), ns),
    ]


def types_table(n=48, nullable=True, seed=7):
    arrays, fields = [], []
    for index, (name, typ, values) in enumerate(types_columns(n, seed)):
        if nullable:
            values = with_nulls(values, index)
        arrays.append(pa.array(values, typ))
        fields.append(pa.field(name, typ, nullable=nullable))
    return pa.Table.from_arrays(arrays, schema=pa.schema(fields))


def float_lists(n, rng, width=None):
    rows = []
    for i in range(n):
        if width is None and i % 9 == 4:
            rows.append(None)
        elif width is None and i % 9 == 7:
            rows.append([])
        else:
            length = width if width is not None else int(rng.integers(1, 6))
            row = [float(np.float32(v)) for v in rng.normal(0, 2, size=length)]
            if width is None and i % 4 == 1:
                row[0] = None
            if i % 13 == 0:
                row[-1] = float("nan")
            rows.append(row)
    return rows


def lists_table(n=60, seed=11):
    rng = np.random.default_rng(seed)
    ints = [None if i % 10 == 3 else [int(x) if x % 5 else None for x in rng.integers(-9, 10**6, i % 4)]
            for i in range(n)]
    strs = [None if i % 8 == 2 else [STRING_EDGES[(i + k) % len(STRING_EDGES)][:20] for k in range(i % 3)]
            for i in range(n)]
    return pa.table({
        "id": pa.array(range(n), pa.int32()),
        "floats": pa.array(float_lists(n, rng), pa.list_(pa.float32())),
        "doubles": pa.array(float_lists(n, rng), pa.list_(pa.float64())),
        "ints": pa.array(ints, pa.list_(pa.int64())),
        "strings": pa.array(strs, pa.list_(pa.string())),
        "required_floats": pa.array(float_lists(n, rng, width=3), pa.list_(pa.field("element", pa.float32(), nullable=False))),
    })


def codec_table(n=400, seed=3):
    rng = np.random.default_rng(seed)
    words = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta"]
    return pa.table({
        "id": pa.array(range(n), pa.int64()),
        "word": pa.array(with_nulls([words[int(k)] + str(int(k) * 7 % 13) for k in rng.integers(0, 6, n)], 1, 11)),
        "score": pa.array(with_nulls(rng.normal(size=n).tolist(), 2, 7), pa.float64()),
        "vector": pa.array(float_lists(n, rng), pa.list_(pa.float32())),
    })


def feature_snapshot_table(n=64, seed=5):
    rng = np.random.default_rng(seed)
    ratings = [None if i % 6 == 5 else round(float(rng.uniform(1, 5)), 2) for i in range(n)]
    return pa.table({
        "product_id": pa.array([f"P{100000 + i * 37:07d}" for i in range(n)], pa.string()),
        "price": pa.array(rng.uniform(0.5, 500, n).astype(np.float32), pa.float32()),
        "rating": pa.array(ratings, pa.float64()),
        "clicks": pa.array(rng.integers(0, 10**7, n), pa.int64()),
        "embedding": pa.array(float_lists(n, rng, width=4), pa.list_(pa.float32())),
    })


def sequence_table(n, seed=13):
    """Many distinct values, for dictionary fallback, delta encodings and tiny pages."""
    rng = np.random.default_rng(seed)
    steps = rng.integers(-1000, 1000, n).cumsum()
    base = datetime.date(2020, 1, 1)
    return pa.table({
        "i32": pa.array(with_nulls([int(x) % (2**31) - 2**30 for x in steps], 0, 17), pa.int32()),
        "i64": pa.array(with_nulls([int(x) * 1_000_003 for x in steps], 1, 19), pa.int64()),
        "name": pa.array(with_nulls([f"user-{int(x):08d}-{(base + datetime.timedelta(days=i % 900)).isoformat()}"
                                     for i, x in enumerate(steps)], 2, 23)),
        "value": pa.array(with_nulls(rng.normal(size=n).tolist(), 3, 29), pa.float64()),
    })
