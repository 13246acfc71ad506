"""Writes hostile files into bad/ and expected/bad_files.json: every file the reader must reject.

Usage: /opt/rankd-tools/venv/bin/python make_bad_files.py   (after make_corpus.py)
Each hostile file is a real writer's file with one defect cut or edited in (footer and page headers
are decoded and re-encoded with thrift_compact.py). The list also names parquet-testing's bad_data,
encrypted and malformed files. Every entry records what pyarrow does with the file, read with
page_checksum_verification=True.
"""
import glob
import io
import json
import os
import random
import struct

import pyarrow as pa
import pyarrow.parquet as pq

import thrift_compact as tc
from expected_sources import READABLE_BAD_DATA, TESTING_MUST_FAIL, testing_root

HERE = os.path.dirname(os.path.abspath(__file__))
BAD = os.path.join(HERE, "bad")
CORPUS = os.path.join(HERE, "corpus")
INT32_MAX = 2**31 - 1


def read(name):
    with open(os.path.join(CORPUS, name), "rb") as f:
        return f.read()


def footer_of(data):
    length = struct.unpack_from("<i", data, len(data) - 8)[0]
    start = len(data) - 8 - length
    return start, tc.Reader(data[start:len(data) - 8]).struct()


def with_footer(data, footer):
    start, _ = footer_of(data)
    encoded = tc.encode_struct(footer)
    return data[:start] + encoded + struct.pack("<i", len(encoded)) + b"PAR1"


def chunks(footer):
    """(row group fields, column chunk fields, column metadata fields) of every column chunk."""
    for group in tc.get(footer, 4).value[1]:
        for chunk in tc.get(group, 1).value[1]:
            yield group, chunk, tc.get(chunk, 3).value


def first_page(data, column=0, page_type=None):
    """(offset, header fields, header length) of the first page (of page_type) in a column chunk."""
    _, footer = footer_of(data)
    meta = list(chunks(footer))[column][2]
    offsets = [f.value for f in meta if f.id in (9, 11) and f.value > 0]
    reader = tc.Reader(data, min(offsets))
    while True:
        start = reader.position
        header = reader.struct()
        if page_type is None or tc.get(header, 1).value == page_type:
            return start, header, reader.position - start
        reader.position += tc.get(header, 3).value


def replace_page_header(data, column, mutate, page_type=None):
    """Re-encodes one page header after mutate(header) and shifts the footer's offsets to match."""
    start, header, length = first_page(data, column, page_type)
    mutate(header)
    encoded = tc.encode_struct(header)
    delta = len(encoded) - length
    data = data[:start] + encoded + data[start + length:]
    _, footer = footer_of(data)
    for group, chunk, meta in chunks(footer):
        shift_offsets(chunk, (2, 4, 6), start, delta)
        shift_offsets(meta, (9, 10, 11, 14), start, delta)
    for group, chunk, meta in list(chunks(footer))[column:column + 1]:
        for fields, ids in ((meta, (6, 7)), (group, (2, 6))):
            for field in fields:
                if field.id in ids:
                    field.value += delta
    return with_footer(data, footer)


def shift_offsets(fields, ids, start, delta):
    for field in fields:
        if field.id in ids and field.value > start:
            field.value += delta


def set_field(fields, fid, value):
    tc.get(fields, fid).value = value


def flip_byte_in_page(data, column, page_type, from_end=1):
    """Flips one byte of a page's body, leaving its header (and stored CRC) untouched."""
    start, header, length = first_page(data, column, page_type)
    position = start + length + tc.get(header, 3).value - from_end
    return data[:position] + bytes([data[position] ^ 0x5A]) + data[position + 1:]


def small_file(table, **options):
    sink = io.BytesIO()
    pq.write_table(table, sink, **options)
    return sink.getvalue()


def edit_footer(data, edit):
    _, footer = footer_of(data)
    edit(footer)
    return with_footer(data, footer)


def hostile_files():
    """name -> (bytes, why) for every file in bad/."""
    base = read("features_snapshot.parquet")
    footer_start, _ = footer_of(base)
    footer_length = len(base) - 8 - footer_start
    ints = pa.table({"v": pa.array(range(500), pa.int32()), "s": pa.array([f"word{i % 37}" for i in range(500)])})
    plain = small_file(ints, use_dictionary=False, compression="none")
    snappy = small_file(ints, use_dictionary=False, compression="snappy")
    zstd = small_file(ints, use_dictionary=False, compression="zstd")
    dictionary = small_file(ints, compression="none")
    crc_v1 = small_file(ints, write_page_checksum=True, compression="none")
    crc_v2 = small_file(ints, write_page_checksum=True, compression="none", data_page_version="2.0",
                        use_dictionary=False)
    fixed = small_file(pa.table({"f": pa.array([b"abcde"] * 4, pa.binary(5))}), compression="none")
    rng = random.Random(99)
    garbage = bytes(rng.getrandbits(8) for _ in range(footer_length))
    files = {
        "empty": (b"", "zero-length file"),
        "only_magic": (b"PAR1", "4-byte file holding only the leading magic"),
        "magic_twice": (b"PAR1PAR1", "8 bytes: both magics but no footer length"),
        "empty_footer": (b"PAR1" + struct.pack("<i", 0) + b"PAR1", "footer length 0: FileMetaData missing"),
        "truncated_last_byte": (base[:-1], "last byte cut: trailing magic incomplete"),
        "truncated_in_footer": (base[:footer_start + footer_length // 2], "cut inside the footer; no trailer"),
        "truncated_footer_keeps_trailer": (base[:footer_start + footer_length // 2] + base[-8:],
                                           "half the footer cut but the trailer kept: the declared footer "
                                           "length reaches back into page data"),
        "truncated_middle": (base[:len(base) // 2], "first half of the file only"),
        "truncated_middle_footer_kept": (base[:footer_start // 2] + base[footer_start:],
                                         "second half of the page data removed, footer kept: column chunks "
                                         "point past the end of the file"),
        "bad_leading_magic": (b"PAR0" + base[4:], "leading magic is PAR0"),
        "bad_trailing_magic": (base[:-4] + b"PAR0", "trailing magic is PAR0"),
        "encrypted_footer_magic": (base[:-4] + b"PARE", "trailing magic PARE (encrypted footer): unsupported"),
        "footer_length_past_start": (base[:-8] + struct.pack("<i", len(base)) + b"PAR1",
                                     "footer length larger than the file"),
        "footer_length_negative": (base[:-8] + struct.pack("<i", -1) + b"PAR1", "footer length -1"),
        "footer_length_int32_max": (base[:-8] + struct.pack("<i", INT32_MAX) + b"PAR1",
                                    "footer length 2^31-1 (must not allocate it)"),
        "footer_garbage": (base[:footer_start] + garbage + base[-8:], "footer bytes replaced by random bytes"),
        "footer_deep_nesting": (b"PAR1" + b"\x1c" * 100_000 + struct.pack("<i", 100_000) + b"PAR1",
                                "footer of 100,000 nested struct headers (recursion depth attack)"),
    }
    files.update(value_defects())
    files.update(page_defects(plain, snappy, zstd, dictionary, crc_v1, crc_v2))
    files.update(footer_defects(plain, fixed))
    return files


def value_defects():
    """Values a writer could not have written: found by a differential fuzz against pyarrow."""
    files = {}
    bare = dict(use_dictionary=False, compression="none", write_statistics=False, store_schema=False)
    for arrow_type, stored, why in ((pa.int8(), 300, "an INT(8, signed) column holding 300"),
                                    (pa.uint8(), -1, "an INT(8, unsigned) column holding 4294967295"),
                                    (pa.int16(), 70000, "an INT(16, signed) column holding 70000"),
                                    (pa.uint16(), 65541, "an INT(16, unsigned) column holding 65541")):
        data = small_file(pa.table({"v": pa.array([77, 1], arrow_type)}), **bare)
        at = data.index((77).to_bytes(4, "little"), 4)
        files[f"{arrow_type}_value_out_of_range"] = (
            data[:at] + stored.to_bytes(4, "little", signed=True) + data[at + 4:], why)
    data = small_file(pa.table({"v": pa.array([0, -2147483647, 2147483647], pa.int32())}),
                      column_encoding={"v": "DELTA_BINARY_PACKED"}, **bare)
    at = data.index(bytes([0x80, 0x01, 0x04, 0x03, 0x00]), 4) + 4
    files["delta_binary_packed_int32_overlong_first_value"] = (
        data[:at] + b"\x80" + data[at + 1:],
        "DELTA_BINARY_PACKED INT32 page whose first value varint runs on into the next fields (6 bytes)")
    return files


def page_defects(plain, snappy, zstd, dictionary, crc_v1, crc_v2):
    def sizes(compressed, uncompressed):
        def mutate(header):
            set_field(header, 3, compressed if compressed is not None else tc.get(header, 3).value)
            set_field(header, 2, uncompressed if uncompressed is not None else tc.get(header, 2).value)
        return mutate

    def dictionary_count(header):
        set_field(tc.get(header, 7).value, 1, 1)

    return {
        "crc_mismatch_data_page_v1": (flip_byte_in_page(crc_v1, 0, 0), "data page body changed after its CRC was written"),
        "crc_mismatch_dictionary_page": (flip_byte_in_page(crc_v1, 1, 2, from_end=3),
                                         "dictionary page body changed after its CRC was written"),
        "crc_mismatch_data_page_v2": (flip_byte_in_page(crc_v2, 0, 3), "v2 data page value bytes changed after its CRC"),
        "page_compressed_size_huge": (replace_page_header(plain, 0, sizes(INT32_MAX, INT32_MAX)),
                                      "page declares 2^31-1 bytes (must not allocate or read past the chunk)"),
        "page_compressed_size_negative": (replace_page_header(plain, 0, sizes(-5, None)), "page size -5"),
        "page_uncompressed_size_huge": (replace_page_header(snappy, 0, sizes(None, INT32_MAX)),
                                        "snappy page declares 2^31-1 uncompressed bytes"),
        "page_uncompressed_size_wrong": (replace_page_header(snappy, 0, sizes(None, 100)),
                                         "snappy page declares fewer uncompressed bytes than it inflates to"),
        "zstd_frame_corrupt": (corrupt_page_start(zstd), "zstd page whose frame magic is overwritten"),
        "dictionary_index_out_of_range": (replace_page_header(dictionary, 1, dictionary_count, page_type=2),
                                          "dictionary page says it holds 1 value; data pages use indices above 0"),
        "dictionary_count_negative": (replace_page_header(dictionary, 1, lambda h: set_field(tc.get(h, 7).value, 1, -1),
                                                          page_type=2), "dictionary page num_values -1"),
        "data_page_num_values_huge": (replace_page_header(plain, 0, lambda h: set_field(tc.get(h, 5).value, 1, INT32_MAX)),
                                      "data page claims 2^31-1 values but holds 500"),
    }


def corrupt_page_start(data):
    start, header, length = first_page(data, 0)
    body = start + length
    return data[:body] + b"\x00\x00\x00\x00" + data[body + 4:]


def footer_defects(plain, fixed):
    def first_meta(footer):
        return next(chunks(footer))[2]

    def root(footer):
        return tc.get(footer, 2).value[1][0]

    def rows(footer):
        set_field(footer, 3, 5000)
        set_field(tc.get(footer, 4).value[1][0], 3, 5000)

    return {
        "chunk_offset_past_end": (edit_footer(plain, lambda f: set_field(first_meta(f), 9, len(plain) + 1000)),
                                  "column chunk data_page_offset beyond the end of the file"),
        "chunk_offset_negative": (edit_footer(plain, lambda f: set_field(first_meta(f), 9, -4)),
                                  "column chunk data_page_offset -4"),
        "chunk_size_huge": (edit_footer(plain, lambda f: set_field(first_meta(f), 7, 2**62)),
                            "column chunk total_compressed_size 2^62"),
        "schema_num_children_huge": (edit_footer(plain, lambda f: set_field(root(f), 5, INT32_MAX)),
                                     "schema root claims 2^31-1 children"),
        "schema_num_children_negative": (edit_footer(plain, lambda f: set_field(root(f), 5, -1)),
                                         "schema root claims -1 children"),
        "row_count_too_large": (edit_footer(plain, rows), "footer and row group claim 5000 rows; pages hold 500"),
        "unknown_physical_type": (edit_footer(plain, lambda f: set_field(tc.get(f, 2).value[1][1], 1, 99)),
                                  "schema leaf with physical type 99"),
        "fixed_len_negative": (edit_footer(fixed, lambda f: set_field(tc.get(f, 2).value[1][1], 2, -1)),
                               "FIXED_LEN_BYTE_ARRAY with type_length -1"),
        "unknown_codec": (edit_footer(plain, lambda f: set_field(first_meta(f), 4, 42)), "compression codec 42"),
    }


def pyarrow_verdict(path):
    try:
        table = pq.read_table(path, page_checksum_verification=True)
    except Exception as error:  # noqa: BLE001 - any pyarrow failure is a rejection
        message = " ".join(str(error).split())
        return "rejects: " + (message[:200] if message else type(error).__name__)
    return f"reads it leniently ({table.num_rows} rows)"


def testing_entries():
    root = testing_root(HERE)
    entries = []
    for path in sorted(glob.glob(os.path.join(root, "bad_data", "*.parquet"))):
        if os.path.relpath(path, root) in READABLE_BAD_DATA:
            continue  # valid after all: it has expected rows in manifest.json
        entries.append(("parquet-testing:" + os.path.relpath(path, root), path, "parquet-testing bad_data: see its README"))
    for relative, why in sorted(TESTING_MUST_FAIL.items()):
        entries.append(("parquet-testing:" + relative, os.path.join(root, relative), why))
    encrypted = sorted(glob.glob(os.path.join(root, "data", "*.parquet.encrypted")) +
                       glob.glob(os.path.join(root, "data", "aes256", "*.parquet.encrypted")))
    for path in encrypted:
        entries.append(("parquet-testing:" + os.path.relpath(path, root), path,
                        "Parquet modular encryption: the reader has no keys and does not decrypt"))
    return entries


def main():
    os.makedirs(BAD, exist_ok=True)
    for old in glob.glob(os.path.join(BAD, "*.parquet")):
        os.remove(old)
    entries = []
    for name, (data, why) in hostile_files().items():
        path = os.path.join(BAD, name + ".parquet")
        with open(path, "wb") as f:
            f.write(data)
        entries.append(("bad/" + name + ".parquet", path, why))
    entries += testing_entries()
    listed = [{"path": label, "why": why, "pyarrow": pyarrow_verdict(path)} for label, path, why in entries]
    with open(os.path.join(HERE, "expected", "bad_files.json"), "w", encoding="utf-8") as f:
        json.dump({"files": listed}, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for entry in listed:
        print(f"{entry['path']}: {entry['pyarrow']}")


if __name__ == "__main__":
    main()
