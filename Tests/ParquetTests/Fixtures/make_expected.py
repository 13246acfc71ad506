"""Writes expected/<name>.jsonl (rows as `rankd parquet cat` prints them) and expected/manifest.json.

Usage: /opt/rankd-tools/venv/bin/python make_expected.py
Reads every corpus file plus ../shared/parquet-testing/data/*.parquet (relative to the repository
root) with pyarrow. How a value prints is chosen from the Parquet schema of its leaf column
(physical + logical type), never from the Arrow schema a writer may have stored, because the Swift
reader only sees the Parquet schema. Formatting rules: cat_format.py and README.md.
"""
import glob
import json
import os
import sys

import pyarrow as pa
import pyarrow.parquet as pq

from cat_format import (JULIAN_DAY_OF_UNIX_EPOCH, NANOS_PER_DAY, format_bytes, format_date, format_decimal,
                        format_double, format_float, format_int96, format_text, format_time, format_timestamp,
                        json_string)
from int96_raw import int96_values
from expected_sources import bad_testing_files, corpus_sources, testing_sources

HERE = os.path.dirname(os.path.abspath(__file__))
EXPECTED = os.path.join(HERE, "expected")
UNITS = {"milliseconds": "ms", "microseconds": "us", "nanoseconds": "ns"}


class Unsupported(Exception):
    """A column whose rows cat does not print (nested beyond a list of primitives)."""


def leaf_kind(descriptor):
    """(kind, parameter) naming the cat rule for a leaf column, from its Parquet types alone."""
    physical = descriptor.physical_type
    logical = json.loads(descriptor.logical_type.to_json())
    name = logical["Type"]
    if name == "Decimal":
        return "decimal", logical["scale"]
    if physical in ("INT32", "INT64"):
        if name == "Date":
            return "date", None
        if name in ("Time", "Timestamp"):
            return name.lower(), UNITS[logical["timeUnit"]]
        return "int", None
    if physical == "BYTE_ARRAY":
        return ("text", None) if name in ("String", "Enum", "JSON") else ("bytes", None)
    if physical == "FIXED_LEN_BYTE_ARRAY":
        return ("float16", None) if name == "Float16" else ("bytes", None)
    return {"BOOLEAN": "bool", "FLOAT": "float", "DOUBLE": "double", "INT96": "int96"}[physical], None


def arrow_unit_check(array, unit, path):
    if array.type.unit != unit:
        raise SystemExit(f"{path}: Arrow unit {array.type.unit} differs from Parquet unit {unit}")


def stored_integers(array, unit=None, path=""):
    if unit is not None:
        arrow_unit_check(array, unit, path)
    if not pa.types.is_integer(array.type) and not pa.types.is_null(array.type):
        array = array.view(pa.int32() if array.type.bit_width == 32 else pa.int64())
    return array.to_pylist()


def format_values(array, kind, parameter, path, int96_raw=None):
    """JSON text of every value of a flat Arrow array (None for null)."""
    if pa.types.is_dictionary(array.type):
        array = array.dictionary_decode()
    if kind == "bool":
        return [None if v is None else ("true" if v else "false") for v in array.to_pylist()]
    if kind == "int":
        return [None if v is None else str(v) for v in stored_integers(array)]
    if kind == "decimal":
        return [None if v is None else format_decimal(v, parameter) for v in array.to_pylist()]
    if kind == "date":
        return [None if v is None else format_date(v) for v in stored_integers(array)]
    if kind == "time":
        return [None if v is None else format_time(v, parameter) for v in stored_integers(array, parameter, path)]
    if kind == "timestamp":
        return [None if v is None else format_timestamp(v, parameter) for v in stored_integers(array, parameter, path)]
    if kind == "int96":
        return format_int96_column(array, int96_raw, path)
    if kind in ("float", "float16"):
        floats = array.cast(pa.float32()) if kind == "float16" else array
        return [None if v is None else format_float(v) for v in floats.to_pylist()]
    if kind == "double":
        return [None if v is None else format_double(v) for v in array.to_pylist()]
    if kind == "text":
        return [None if v is None else format_text(v) for v in array.cast(pa.large_binary()).to_pylist()]
    return [None if v is None else format_bytes(v) for v in array.to_pylist()]


def format_int96_column(nanos_array, raw_values, path):
    """INT96 from the raw stored pairs; checked against pyarrow wherever its int64 read is exact."""
    out = []
    for nanos, raw in zip(stored_integers(nanos_array), raw_values, strict=True):
        if (nanos is None) != (raw is None):
            raise SystemExit(f"{path}: INT96 nulls differ between pyarrow and int96_raw")
        if raw is None:
            out.append(None)
            continue
        exact = (raw[1] - JULIAN_DAY_OF_UNIX_EPOCH) * NANOS_PER_DAY + raw[0]
        if raw[1] >= 0 and -(2**63) <= exact < 2**63 and exact != nanos:
            raise SystemExit(f"{path}: INT96 {raw} is {exact} ns but pyarrow read {nanos}")
        out.append(format_int96(*raw))
    return out


def count_leaves(arrow_type):
    if pa.types.is_struct(arrow_type):
        return sum(count_leaves(arrow_type.field(i).type) for i in range(arrow_type.num_fields))
    if pa.types.is_map(arrow_type):
        return count_leaves(arrow_type.key_type) + count_leaves(arrow_type.item_type)
    if is_list(arrow_type):
        return count_leaves(arrow_type.value_type)
    return 1


def is_list(arrow_type):
    return (pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type)
            or pa.types.is_fixed_size_list(arrow_type))


def is_flat(arrow_type):
    return not (is_list(arrow_type) or pa.types.is_struct(arrow_type) or pa.types.is_map(arrow_type)
                or pa.types.is_union(arrow_type))


def printable(arrow_type):
    return is_flat(arrow_type) or (is_list(arrow_type) and is_flat(arrow_type.value_type))


def column_cells(column, descriptor, path, leaf):
    """JSON text per row of one top-level column: a primitive or a list of primitives."""
    kind, parameter = leaf_kind(descriptor)
    array = column.combine_chunks() if column.num_chunks else pa.array([], column.type)
    raw = None
    if kind == "int96":
        if is_list(array.type):
            raise Unsupported(f"list of INT96 in {path}")
        raw = int96_values(path, leaf)
    if not is_list(array.type):
        return ["null" if v is None else v for v in format_values(array, kind, parameter, path, raw)]
    if pa.types.is_fixed_size_list(array.type):
        array = array.cast(pa.list_(array.type.value_field))
    items = format_values(array.values, kind, parameter, path)
    offsets = array.offsets.to_pylist()
    cells = []
    for row in range(len(array)):
        if not array[row].is_valid:
            cells.append("null")
        else:
            part = items[offsets[row]:offsets[row + 1]]
            cells.append("[" + ",".join("null" if v is None else v for v in part) + "]")
    return cells


def file_rows(path, wanted):
    """(column names printed, list of row lines) of one Parquet file."""
    parquet = pq.ParquetFile(path, arrow_extensions_enabled=False)
    table = parquet.read()
    leaf = 0
    names, columns = [], []
    for index, field in enumerate(table.schema):
        leaves = count_leaves(field.type)
        if (wanted is None or field.name in wanted) and printable(field.type):
            descriptor = parquet.schema.column(leaf)
            if descriptor.path.split(".")[0] != field.name and "." not in field.name:
                raise SystemExit(f"{path}: leaf {descriptor.path} does not belong to {field.name}")
            names.append(field.name)
            columns.append(column_cells(table.column(index), descriptor, path, leaf))
        elif wanted is not None and field.name in wanted:
            raise Unsupported(f"column {field.name} of type {field.type} is nested")
        leaf += leaves
    keys = [json_string(name) + ":" for name in names]
    lines = ["{" + ",".join(k + v for k, v in zip(keys, row)) + "}" for row in zip(*columns)]
    if not columns:
        lines = ["{}"] * table.num_rows
    return names, lines


def printable_columns(path):
    schema = pq.ParquetFile(path, arrow_extensions_enabled=False).schema_arrow
    return [f.name for f in schema if printable(f.type)], len(schema)


def write_expected(source, written):
    """Writes one .jsonl (or reuses an identical one in written: text -> name); returns its manifest entry."""
    lines = []
    for path in source["files"]:
        _, rows = file_rows(path, source["columns"])
        lines += rows
    text = "".join(line + "\n" for line in lines)
    name = written.setdefault(text, source["expected"])
    if name == source["expected"]:
        with open(os.path.join(EXPECTED, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    entry = {"expected": name, "parquet": source["parquet"], "columns": source["columns"]}
    entry["writer"] = pq.ParquetFile(source["files"][0]).metadata.created_by
    entry["rows"] = len(lines)
    if source.get("note"):
        entry["note"] = source["note"]
    return entry


def main():
    os.makedirs(EXPECTED, exist_ok=True)
    for old in glob.glob(os.path.join(EXPECTED, "*.jsonl")):
        os.remove(old)
    entries, skipped, written = [], [], {}
    sources = corpus_sources(HERE)
    testing, testing_skipped = testing_sources(printable_columns, bad_testing_files())
    skipped += testing_skipped
    for source in sources + testing:
        try:
            entries.append(write_expected(source, written))
        except (Unsupported, pa.ArrowException, OSError) as error:
            if source["parquet"].startswith("corpus/"):
                raise
            skipped.append({"parquet": source["parquet"], "reason": f"pyarrow: {error}"})
    manifest = {"files": entries, "skipped": sorted(skipped, key=lambda s: s["parquet"])}
    with open(os.path.join(EXPECTED, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1, ensure_ascii=False)
        f.write("\n")
    print(f"{len(entries)} expected files, {len(manifest['skipped'])} skipped", file=sys.stderr)


if __name__ == "__main__":
    main()
