#!/usr/bin/env python3
"""Writes the codec fixtures used by Tests/ParquetTests/Compression*Tests.swift.

Every compressed file comes from a real compressor (pyarrow's bundled C libraries, Python's zlib
and gzip modules, the zstd and lz4 command-line tools), never from rankd's own code:
  <codec>-<payload>.bin   compressed payload
  <payload>.raw           the original bytes (except `repetitive`, 1 MiB, which the Swift tests
                          regenerate with the same formula as `repetitive()` below)
  page-<file>-<n>.bin/.raw  page bodies cut out of parquet-testing's LZ4 files, with the bytes
                          that pyarrow's LZ4 block decoder makes of them

Run: /opt/rankd-tools/venv/bin/python Tests/ParquetTests/Fixtures/codecs/make_codec_fixtures.py
"""
import gzip
import os
import random
import struct
import subprocess
import sys
import tempfile
import zlib

import pyarrow as pa

HERE = os.path.dirname(os.path.abspath(__file__))
PARQUET_TESTING = os.path.join(HERE, "../../../../../shared/parquet-testing/data")


def text():
    rng = random.Random(7)
    words = ["query", "doc", "click", "score", "bm25", "freshness", "rank", "feature", "snapshot"]
    lines = []
    for i in range(400):
        picked = " ".join(rng.choice(words) for _ in range(rng.randint(2, 9)))
        lines.append(f"{i:04d} {picked} value={rng.random():.6f}\n")
    return "".join(lines).encode()


def random_bytes():
    return random.Random(11).randbytes(100 * 1024)


def repetitive():
    # Mirrored in CompressionFixtures.swift: keep both in step.
    out = bytearray()
    i = 0
    while len(out) < 1 << 20:
        out += b"rankd feature snapshot row %05d\n" % (i % 100)
        i += 1
    return bytes(out[: 1 << 20])


def overlap():
    """Runs with short periods (1..19) of many lengths: every copy overlaps its own output."""
    rng = random.Random(13)
    out = bytearray()
    while len(out) < 64 * 1024:
        period = rng.randint(1, 19)
        unit = rng.randbytes(period)
        run = rng.randint(1, 300)
        out += (unit * (run // period + 1))[:run]
        out += rng.randbytes(rng.randint(0, 6))
    return bytes(out)


PAYLOADS = {
    "empty": b"",
    "one": b"x",
    "text": text(),
    "random": random_bytes(),
    "repetitive": repetitive(),
    "overlap": overlap(),
}


def hadoop_lz4(data, block=64 * 1024):
    """Hadoop's BlockCompressorStream layout around real LZ4 blocks from pyarrow's lz4_raw."""
    out = bytearray()
    for start in range(0, len(data), block):
        chunk = data[start : start + block]
        body = pa.compress(chunk, codec="lz4_raw", asbytes=True)
        out += struct.pack(">II", len(chunk), len(body)) + body
    return bytes(out)


def tool(args, data):
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in")
        with open(src, "wb") as f:
            f.write(data)
        return subprocess.run(args + [src, "-c"], check=True, capture_output=True).stdout


def compressors():
    return {
        "snappy": lambda d: pa.compress(d, codec="snappy", asbytes=True),
        "gzip": lambda d: pa.compress(d, codec="gzip", asbytes=True),
        "brotli": lambda d: pa.compress(d, codec="brotli", asbytes=True),
        "zstd": lambda d: pa.compress(d, codec="zstd", asbytes=True),
        "lz4raw": lambda d: pa.compress(d, codec="lz4_raw", asbytes=True),
        "lz4frame": lambda d: pa.compress(d, codec="lz4", asbytes=True),
        "lz4hadoop": hadoop_lz4,
    }


def special_cases(t):
    """Container variants: several members/frames, zlib header, linked + checksummed LZ4 frames."""
    half = len(t) // 2
    return {
        "gzip-twomembers-text.bin": gzip.compress(t[:half], mtime=0) + gzip.compress(t[half:], mtime=0),
        "gzip-zlibheader-text.bin": zlib.compress(t, 9),
        "zstd-twoframes-text.bin": pa.compress(t[:half], codec="zstd", asbytes=True)
        + pa.compress(t[half:], codec="zstd", asbytes=True),
        # Streamed from stdin: the frame header carries no content size.
        "zstd-nosize-text.bin": subprocess.run(
            ["zstd", "-q", "-c", "--no-content-size", "-"], input=t, check=True, capture_output=True
        ).stdout,
        # 64 KiB linked blocks, block and content checksums, content size: the 1 MiB payload
        # spans many blocks whose matches reach into earlier ones.
        "lz4framelinked-repetitive.bin": tool(["lz4", "-q", "-B4", "-BD", "-BX", "--content-size"], PAYLOADS["repetitive"]),
        "lz4framelinked-overlap.bin": tool(["lz4", "-q", "-B4", "-BD", "-BX", "--content-size"], PAYLOADS["overlap"]),
        "lz4frame-twoframes-text.bin": pa.compress(t[:half], codec="lz4", asbytes=True)
        + pa.compress(t[half:], codec="lz4", asbytes=True),
    }


# --- Parquet page bodies (Thrift compact protocol, just enough for PageHeader) ---------------

def varint(buf, pos):
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def zigzag(n):
    return (n >> 1) ^ -(n & 1)


def skip(buf, pos, ftype):
    if ftype in (1, 2):
        return pos
    if ftype == 3:
        return pos + 1
    if ftype in (4, 5, 6):
        return varint(buf, pos)[1]
    if ftype == 7:
        return pos + 8
    if ftype == 8:
        n, pos = varint(buf, pos)
        return pos + n
    if ftype in (9, 10):
        head = buf[pos]
        pos += 1
        count, etype = head >> 4, head & 0x0F
        if count == 15:
            count, pos = varint(buf, pos)
        for _ in range(count):
            pos = skip(buf, pos, etype)
        return pos
    if ftype == 12:
        return read_struct(buf, pos)[1]
    raise ValueError(f"thrift type {ftype} not handled")


def read_struct(buf, pos):
    """Returns ({field id: int value} for integer fields, end position)."""
    fields, last = {}, 0
    while True:
        head = buf[pos]
        pos += 1
        if head == 0:
            return fields, pos
        delta, ftype = head >> 4, head & 0x0F
        if delta:
            fid = last + delta
        else:
            fid, pos = varint(buf, pos)
            fid = zigzag(fid)
        last = fid
        if ftype == 5:
            raw, pos = varint(buf, pos)
            fields[fid] = zigzag(raw)
        else:
            if ftype == 12 and fid == 8:
                fields["v2"] = True
            pos = skip(buf, pos, ftype)


def page_bodies(path, limit):
    import pyarrow.parquet as pq

    data = open(path, "rb").read()
    meta = pq.ParquetFile(path).metadata
    pages = []
    for rg in range(meta.num_row_groups):
        for col in range(meta.num_columns):
            chunk = meta.row_group(rg).column(col)
            pos = chunk.dictionary_page_offset or chunk.data_page_offset
            end = pos + chunk.total_compressed_size
            while pos < end and len(pages) < limit:
                header, pos = read_struct(data, pos)
                body = data[pos : pos + header[3]]
                pos += header[3]
                if not header.get("v2"):
                    pages.append((body, header[2]))
    return pages


def lz4_reference(body, size):
    """pyarrow's C LZ4 on the Hadoop blocks, or on the whole body when it is a bare block."""
    out, pos = bytearray(), 0
    try:
        while pos < len(body):
            raw_len, comp_len = struct.unpack_from(">II", body, pos)
            block = body[pos + 8 : pos + 8 + comp_len]
            if len(block) != comp_len:
                raise ValueError("short block")
            out += pa.decompress(block, decompressed_size=raw_len, codec="lz4_raw", asbytes=True)
            pos += 8 + comp_len
        if len(out) == size:
            return bytes(out)
    except (ValueError, OSError, struct.error, pa.ArrowException):
        pass
    return pa.decompress(body, decompressed_size=size, codec="lz4_raw", asbytes=True)


def write(name, data):
    with open(os.path.join(HERE, name), "wb") as f:
        f.write(data)


def main():
    for name, payload in PAYLOADS.items():
        if name != "repetitive":
            write(f"{name}.raw", payload)
        for codec, compress in compressors().items():
            write(f"{codec}-{name}.bin", compress(payload))
    for name, data in special_cases(PAYLOADS["text"]).items():
        write(name, data)
    files = {"hadoop_lz4_compressed": 10, "hadoop_lz4_compressed_larger": 1,
             "non_hadoop_lz4_compressed": 10, "lz4_raw_compressed": 10}
    for stem, limit in files.items():
        for n, (body, size) in enumerate(page_bodies(os.path.join(PARQUET_TESTING, stem + ".parquet"), limit)):
            write(f"page-{stem}-{n}.bin", body)
            raw = (pa.decompress(body, decompressed_size=size, codec="lz4_raw", asbytes=True)
                   if stem == "lz4_raw_compressed" else lz4_reference(body, size))
            write(f"page-{stem}-{n}.raw", raw)
    print(f"wrote fixtures to {HERE}", file=sys.stderr)


if __name__ == "__main__":
    main()
