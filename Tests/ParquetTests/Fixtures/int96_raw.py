"""Reads the raw (nanoseconds of day, Julian day) pairs of a flat INT96 column.

pyarrow only hands INT96 out converted to an int64 timestamp and reads the Julian day as unsigned,
so values outside its range (e.g. Spark's year-290000 row in int96_from_spark.parquet) come back
wrapped. This walks the pages itself (PLAIN and dictionary encodings, data pages v1 and v2) so the
expected rows hold the exact stored value. make_expected.py checks it against pyarrow's read
wherever pyarrow's conversion is exact.
"""
import struct

import pyarrow as pa
import pyarrow.parquet as pq

import thrift_compact as tc

CODECS = {1: "snappy", 2: "gzip", 4: "brotli", 6: "zstd", 7: "lz4_raw"}
DATA_PAGE, DICTIONARY_PAGE, DATA_PAGE_V2 = 0, 2, 3
PLAIN, PLAIN_DICTIONARY, RLE_DICTIONARY = 0, 2, 8


def rle_hybrid(data: bytes, position: int, bit_width: int, count: int) -> list[int]:
    """Decodes count values of the RLE/bit-packing hybrid encoding starting at position."""
    reader, values = tc.Reader(data, position), []
    byte_width = (bit_width + 7) // 8
    while len(values) < count:
        header = reader.varint()
        if header & 1:
            groups = header >> 1
            raw = data[reader.position:reader.position + groups * bit_width]
            reader.position += groups * bit_width
            bits = int.from_bytes(raw, "little")
            mask = (1 << bit_width) - 1
            values += [(bits >> (i * bit_width)) & mask for i in range(groups * 8)]
        else:
            raw = data[reader.position:reader.position + byte_width]
            reader.position += byte_width
            values += [int.from_bytes(raw, "little")] * (header >> 1)
    return values[:count]


def plain_int96(data: bytes, position: int, count: int) -> list[tuple[int, int]]:
    return [struct.unpack_from("<qi", data, position + 12 * i) for i in range(count)]


def decompress(codec: int, body: bytes, size: int) -> bytes:
    if codec == 0:
        return body
    return pa.Codec(CODECS[codec]).decompress(body, decompressed_size=size).to_pybytes()


def _page_values(header, body, codec, max_def, dictionary):
    """(definition levels, decoded values) of one data page."""
    if header[0] == DATA_PAGE:
        info = tc.get(header[1], 5).value
        count, encoding = tc.get(info, 1).value, tc.get(info, 2).value
        data = decompress(codec, body, header[2])
        position, levels = 0, [max_def] * count
        if max_def:
            length = struct.unpack_from("<i", data, 0)[0]
            levels, position = rle_hybrid(data, 4, 1, count), 4 + length
    else:
        info = tc.get(header[1], 8).value
        count, encoding = tc.get(info, 1).value, tc.get(info, 4).value
        def_length, rep_length = tc.get(info, 5).value, tc.get(info, 6).value
        compressed = tc.get(info, 7).value if tc.get(info, 7) else True
        levels = rle_hybrid(body, rep_length, 1, count) if max_def else [0] * count
        rest = body[rep_length + def_length:]
        data = decompress(codec, rest, header[2] - rep_length - def_length) if compressed else rest
        position = 0
    present = sum(1 for level in levels if level == max_def)
    if encoding == PLAIN:
        values = plain_int96(data, position, present)
    elif encoding in (PLAIN_DICTIONARY, RLE_DICTIONARY):
        indices = rle_hybrid(data, position + 1, data[position], present)
        values = [dictionary[i] for i in indices]
    else:
        raise ValueError(f"INT96 page encoding {encoding} not handled")
    return levels, values


def column_chunk_values(data: bytes, meta: list, max_def: int) -> list:
    codec, total = tc.get(meta, 4).value, tc.get(meta, 5).value
    dictionary_offset = tc.get(meta, 11)
    start = tc.get(meta, 9).value
    if dictionary_offset is not None and 0 < dictionary_offset.value < start:
        start = dictionary_offset.value
    reader, dictionary, out = tc.Reader(data, start), None, []
    while len(out) < total:
        fields = reader.struct()
        ptype, size, compressed = (tc.get(fields, i).value for i in (1, 2, 3))
        body = data[reader.position:reader.position + compressed]
        reader.position += compressed
        if ptype == DICTIONARY_PAGE:
            count = tc.get(tc.get(fields, 7).value, 1).value
            dictionary = plain_int96(decompress(codec, body, size), 0, count)
        elif ptype in (DATA_PAGE, DATA_PAGE_V2):
            levels, values = _page_values((ptype, fields, size), body, codec, max_def, dictionary)
            it = iter(values)
            out += [next(it) if level == max_def else None for level in levels]
    return out


def int96_values(path: str, leaf_index: int) -> list:
    """Every (nanos_of_day, julian_day) or None of one flat INT96 leaf column, in row order."""
    with open(path, "rb") as f:
        data = f.read()
    footer_length = struct.unpack_from("<i", data, len(data) - 8)[0]
    footer = tc.Reader(data[len(data) - 8 - footer_length:len(data) - 8]).struct()
    max_def = pq.ParquetFile(path).schema.column(leaf_index).max_definition_level
    out = []
    for row_group in tc.get(footer, 4).value[1]:
        chunk = tc.get(row_group, 1).value[1][leaf_index]
        out += column_chunk_values(data, tc.get(chunk, 3).value, max_def)
    return out
