"""Writes the Parquet test corpus into corpus/ with real writers: pyarrow, DuckDB, Polars.

Usage: /opt/rankd-tools/venv/bin/python make_corpus.py
Deterministic: fixed seeds, no timestamps of "now". Rerunning rewrites every file; expected rows
come from make_expected.py, hostile files from make_bad_files.py.
"""
import os
import shutil

import pyarrow as pa
import pyarrow.parquet as pq

import corpus_tables as tables
from corpus_other_writers import write_duckdb_files, write_polars_files, write_spark_style

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, "corpus")
CODECS = ["none", "snappy", "gzip", "brotli", "zstd", "lz4"]  # pyarrow's "lz4" is LZ4_RAW


def write(name, table, **options):
    path = os.path.join(CORPUS, name + ".parquet")
    pq.write_table(table, path, **options)
    return path


def encodings_of(path):
    meta = pq.ParquetFile(path).metadata
    found = {}
    for g in range(meta.num_row_groups):
        for c in range(meta.num_columns):
            column = meta.row_group(g).column(c)
            found.setdefault(column.path_in_schema, set()).update(column.encodings)
    return found


def require_encoding(path, column, encoding):
    """Fails the run when pyarrow silently chose another encoding than the file is named for."""
    found = encodings_of(path)[column]
    if encoding not in found:
        raise SystemExit(f"{path}: column {column} has {sorted(found)}, expected {encoding}")


def write_types_files():
    table = tables.types_table()
    write("pa_types_plain_none", table, use_dictionary=False, compression="none")
    write("pa_types_dict_snappy", table)
    write("pa_types_v2_dict_zstd", table, data_page_version="2.0", compression="zstd")
    write("pa_types_v2_plain_none", table, data_page_version="2.0", use_dictionary=False, compression="none")
    write("pa_types_required", tables.types_table(nullable=False, seed=8), compression="gzip")
    write("pa_types_small_pages", table, data_page_size=64, write_batch_size=4, row_group_size=10,
          compression="snappy")
    write("pa_types_int96", table, use_deprecated_int96_timestamps=True, compression="none")
    write("pa_types_decimal_as_int", table, store_decimal_as_integer=True, use_dictionary=False)
    write("pa_types_checksum", table, write_page_checksum=True, compression="snappy")
    write("pa_types_checksum_v2", table, write_page_checksum=True, data_page_version="2.0",
          use_dictionary=False, compression="none")


def write_codec_files():
    table = tables.codec_table()
    for codec in CODECS:
        for version in ("1.0", "2.0"):
            suffix = "v1" if version == "1.0" else "v2"
            write(f"pa_codec_{codec}_{suffix}", table, compression=codec, data_page_version=version,
                  data_page_size=2048)


def write_encoding_files():
    seq = tables.sequence_table(1200)
    path = write("pa_dict_fallback", seq, dictionary_pagesize_limit=1024, data_page_size=4096)
    require_encoding(path, "name", "PLAIN")
    require_encoding(path, "name", "RLE_DICTIONARY")
    path = write("pa_dict_fallback_v2", seq, dictionary_pagesize_limit=1024, data_page_version="2.0",
                 compression="zstd")
    require_encoding(path, "i64", "PLAIN")
    delta = {"i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED", "name": "DELTA_BYTE_ARRAY",
             "value": "BYTE_STREAM_SPLIT"}
    for version, suffix in (("1.0", "v1"), ("2.0", "v2")):
        path = write(f"pa_delta_{suffix}", seq, use_dictionary=False, column_encoding=delta,
                     data_page_version=version, data_page_size=4096, compression="none")
        for column, encoding in delta.items():
            require_encoding(path, column, encoding)
    path = write("pa_delta_length_byte_array", seq.select(["name"]), use_dictionary=False,
                 column_encoding={"name": "DELTA_LENGTH_BYTE_ARRAY"}, compression="snappy")
    require_encoding(path, "name", "DELTA_LENGTH_BYTE_ARRAY")
    write_type_encoding_files()


def write_type_encoding_files():
    """DELTA_* and BYTE_STREAM_SPLIT over every type pyarrow allows them for, incl. edge values."""
    table = tables.types_table(n=300, seed=21)
    plans = {
        "pa_delta_binary_packed_types": ("DELTA_BINARY_PACKED", ["int8", "int16", "int32", "int64", "uint8", "uint16",
                                                                 "uint32", "uint64", "date32", "ts_ns", "time64_us"]),
        "pa_delta_byte_array_types": ("DELTA_BYTE_ARRAY", ["string", "binary", "fixed5", "dec_38_10", "float16"]),
        "pa_delta_length_byte_array_types": ("DELTA_LENGTH_BYTE_ARRAY", ["string", "binary"]),
        "pa_byte_stream_split_types": ("BYTE_STREAM_SPLIT", ["float32", "float64", "int32", "int64", "fixed5",
                                                             "float16", "dec_18_4", "uint64"]),
    }
    for name, (encoding, columns) in plans.items():
        for version, suffix in (("1.0", "v1"), ("2.0", "v2")):
            path = write(f"{name}_{suffix}", table.select(columns), use_dictionary=False,
                         column_encoding={c: encoding for c in columns}, data_page_version=version,
                         data_page_size=512, compression="none" if suffix == "v1" else "zstd")
            for column in columns:
                require_encoding(path, column, encoding)
    booleans = tables.types_table(n=500, seed=22).select(["bool", "int32"])
    path = write("pa_bool_rle_v2", booleans, use_dictionary=False, column_encoding={"bool": "RLE"},
                 data_page_version="2.0")
    require_encoding(path, "bool", "RLE")


def write_list_files():
    table = tables.lists_table()
    write("pa_lists_v1", table, compression="none")
    write("pa_lists_v2_plain", table, data_page_version="2.0", use_dictionary=False, compression="snappy")
    write("pa_lists_small_pages", table, data_page_size=32, write_batch_size=3, row_group_size=17,
          compression="zstd")


def write_misc_files():
    seq = tables.sequence_table(2000, seed=17)
    write("pa_small_pages_row_groups", seq, data_page_size=100, write_batch_size=7, row_group_size=300,
          compression="snappy")
    write("pa_page_index", seq, write_page_index=True, row_group_size=700, data_page_size=1024)
    write("features_snapshot", tables.feature_snapshot_table(), compression="snappy")
    empty = tables.types_table(n=0)
    write("pa_empty", empty)
    nulls = pa.table({name: pa.nulls(20, col.type) for name, col in zip(empty.column_names, empty.columns)})
    write("pa_all_nulls", nulls)
    write("pa_all_nulls_v2", nulls, data_page_version="2.0", use_dictionary=False)
    write("pa_out_of_range_temporal", out_of_range_table(), use_dictionary=False)
    write("pa_invalid_utf8", invalid_utf8_table(), use_dictionary=False, compression="none")
    write_many_pages()


def out_of_range_table():
    """Values Python's datetime cannot show (years outside 1...9999): printed as stored integers."""
    return pa.table({
        "date32": pa.array([2932897, -719163, 0, None, 2**31 - 1, -(2**31)], pa.date32()),
        "ts_ms": pa.array([253_402_300_800_000, -62_135_596_800_001, 0, None, 2**63 - 1, -(2**63)],
                          pa.timestamp("ms")),
        "ts_us_utc": pa.array([253_402_300_800_000_000, -62_135_596_800_000_001, 1, None, 2**63 - 1, -(2**63)],
                              pa.timestamp("us", tz="UTC")),
        "time32_ms": pa.array([86_400_000, -1, 1, None, 2**31 - 1, 5], pa.time32("ms")),
    })


def invalid_utf8_table():
    """A STRING column holding bytes that are not UTF-8 (pyarrow does not validate on write)."""
    values = [b"ok", b"\xff", b"a\xc3", b"\xe6\x97\xa5\xe6\x9c", b"\xed\xa0\x80x", b"\xc0\xaf", b"\xf4\x90\x80\x80",
              b"\xf0\x9f\x98", b"\xe0\x80\x80", b"\xf8\x88\x80\x80\x80"]
    binary = pa.array(values, pa.binary())
    strings = pa.Array.from_buffers(pa.string(), len(binary), binary.buffers())
    return pa.table({"id": pa.array(range(len(values)), pa.int8()), "text": strings})


def write_many_pages():
    """One column chunk with more pages than an Int16 can count (40,000 one-row pages)."""
    table = pa.table({"v": pa.array(range(40_000), pa.int32())})
    path = write("pa_many_pages", table, use_dictionary=False, compression="none", write_statistics=False,
                 data_page_size=1, write_batch_size=1, max_rows_per_page=1)
    size = os.path.getsize(path)
    if size > 2_000_000:
        raise SystemExit(f"{path} is {size} bytes; expected < 2 MB")


def main():
    shutil.rmtree(CORPUS, ignore_errors=True)
    os.makedirs(CORPUS)
    write_types_files()
    write_codec_files()
    write_encoding_files()
    write_list_files()
    write_misc_files()
    write_duckdb_files(CORPUS)
    write_polars_files(CORPUS, tables)
    write_spark_style(os.path.join(CORPUS, "spark_style"), tables)
    total = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(CORPUS) for f in fs)
    print(f"corpus: {total} bytes")


if __name__ == "__main__":
    main()
