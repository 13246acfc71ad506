"""Which Parquet files get expected rows, under which manifest names, and which are skipped and why."""
import glob
import os

import pyarrow as pa

REPO_ROOT_FROM_FIXTURES = os.path.join("..", "..", "..")
# The shared checkout of apache/parquet-testing, as the repository root sees it.
TESTING_FROM_REPO_ROOT = os.path.join("..", "shared", "parquet-testing")

# Files pyarrow reads although they are damaged; the Swift reader must reject them.
TESTING_MUST_FAIL = {
    "data/nation.dict-malformed.parquet": "columns name and comment_col: total_compressed_size is 15 bytes "
                                          "short, the data page runs past its column chunk (PARQUET-816; "
                                          "pyarrow reads on optimistically)",
    "data/datapage_v1-corrupt-checksum.parquet": "data page CRC does not match its bytes "
                                                 "(pyarrow reads it unless page_checksum_verification=True)",
}

# bad_data files that are valid Parquet (they reproduce reader bugs, not broken files): read them.
READABLE_BAD_DATA = {
    "bad_data/ARROW-GH-43605.parquet": "in bad_data, but valid: RLE_DICTIONARY indices with bit width 0 "
                                       "over a 1-entry dictionary (every value is entry 0); pyarrow and "
                                       "DuckDB both read 21186 zeros",
}

# Columns pyarrow shows as a list although the Parquet schema is not a list of primitives.
EXCLUDED_COLUMNS = {
    "data/map_no_value.parquet": {"my_map_no_v"},  # a MAP-annotated group whose value field is missing
}

NOTES = {
    "data/repeated_no_annotation.parquet": "FileMetaData.num_rows is 0 while its row group holds 6 rows: "
                                           "rows come from the row groups",
    "data/repeated_primitive_no_list.parquet": "legacy 1-level lists: repeated primitive fields without a LIST "
                                               "annotation read as lists of required elements",
    "data/null_list.parquet": "list whose element has the Null (UNKNOWN) logical type",
    "data/unknown-logical-type.parquet": "BYTE_ARRAY with a logical type id this format version does not "
                                         "know: printed as base64 bytes",
    "data/non_hadoop_lz4_compressed.parquet": "codec LZ4 (legacy) holding raw LZ4 blocks, not Hadoop framing",
    "data/hadoop_lz4_compressed.parquet": "codec LZ4 (legacy) with Hadoop framing",
    "data/hadoop_lz4_compressed_larger.parquet": "codec LZ4 (legacy) with Hadoop framing, several blocks",
    "data/int96_from_spark.parquet": "INT96 with a year beyond 9999: printed as integer nanoseconds",
}


def testing_root(here):
    return os.path.normpath(os.path.join(here, REPO_ROOT_FROM_FIXTURES, TESTING_FROM_REPO_ROOT))


def corpus_sources(here):
    corpus = os.path.join(here, "corpus")
    sources = []
    for path in sorted(glob.glob(os.path.join(corpus, "*.parquet"))):
        name = os.path.basename(path)[: -len(".parquet")]
        sources.append({"expected": name + ".jsonl", "parquet": "corpus/" + os.path.basename(path),
                        "files": [path], "columns": None})
    spark = os.path.join(corpus, "spark_style")
    parts = sorted(p for p in os.listdir(spark) if not p.startswith(("_", ".")))
    sources.append({"expected": "spark_style.jsonl", "parquet": "corpus/spark_style",
                    "files": [os.path.join(spark, p) for p in parts], "columns": None,
                    "note": "folder: data files are the names not starting with '_' or '.', "
                            "rows concatenated in byte-wise sorted file name order"})
    return sources


def bad_testing_files():
    return dict(TESTING_MUST_FAIL)


def testing_sources(printable_columns, must_fail):
    """Sources for parquet-testing/data/*.parquet plus the skipped list (with reasons)."""
    here = os.path.dirname(os.path.abspath(__file__))
    root = testing_root(here)
    sources, skipped = [], []
    paths = sorted(glob.glob(os.path.join(root, "data", "*.parquet")))
    paths += [os.path.join(root, relative) for relative in sorted(READABLE_BAD_DATA)]
    for path in paths:
        relative = os.path.relpath(path, root)
        label = "parquet-testing:" + relative
        if relative in must_fail:
            skipped.append({"parquet": label, "reason": "must fail, listed in bad_files.json: " + must_fail[relative]})
            continue
        try:
            columns, total = printable_columns(path)
        except (pa.ArrowException, OSError) as error:
            skipped.append({"parquet": label, "reason": f"pyarrow cannot read it: {error}"})
            continue
        columns = [c for c in columns if c not in EXCLUDED_COLUMNS.get(relative, set())]
        if not columns:
            skipped.append({"parquet": label, "reason": "only nested columns (structs, maps or lists of lists)"})
            continue
        stem = os.path.basename(path)[: -len(".parquet")]
        if relative.startswith("bad_data/"):
            stem = "bad_data_" + stem
        source = {"expected": "pt_" + stem + ".jsonl", "parquet": label, "files": [path],
                  "columns": None if len(columns) == total else columns}
        notes = {**NOTES, **READABLE_BAD_DATA}
        if relative in notes:
            source["note"] = notes[relative]
        if source["columns"] is not None:
            source["note"] = (source.get("note", "") + "; " if relative in NOTES else "") + \
                "nested columns left out (struct, map or list of lists)"
        sources.append(source)
    return sources, skipped
