"""Checks cat_format's float rules against Swift's own `description`, the format the reader prints.

Usage: /opt/rankd-tools/venv/bin/python check_float_format.py [COUNT]
Needs `swiftc` on PATH. Compiles a 6-line Swift program, feeds it edge cases plus COUNT random
bit patterns per type (fixed seed), and compares every line with cat_format.format_float/double.
"""
import os
import random
import struct
import subprocess
import sys
import tempfile

import numpy as np

from cat_format import format_double, format_float

SWIFT_SOURCE = """
while let line = readLine() {
    let parts = line.split(separator: " ")
    if parts[0] == "d" { print(Double(bitPattern: UInt64(parts[1], radix: 16)!)) }
    else { print(Float(bitPattern: UInt32(parts[1], radix: 16)!)) }
}
"""

EDGE_DOUBLES = [1e16, 123456789012345680.0, 1e-5, 1e-4, 9.99e-5, 0.1, 1.5e20, 2.0**53, 2.0**53 + 2,
                9999999999999998.0, 1e15, 5e-324, 1.7976931348623157e308, 2.2250738585072014e-308,
                1234567890123456.7, 100.0, 1e22, 1e23, 2.0 / 3.0, 0.3, 123456.789]
EDGE_FLOATS = [0.1, 1e-5, 1e-4, 9.99e-5, 3.4e38, 2.0**24, 2.0**24 + 2, 1e7, 2e7, 1e8, 1.17549435e-38,
               1e-45, 65504.0, 6.1035156e-05, 5.9604645e-08, 2.0 / 3.0, 16777215.0, 0.3]


def bit_patterns(count: int) -> list[tuple[str, int]]:
    rng = random.Random(20240601)
    cases = [("d", struct.unpack("<Q", struct.pack("<d", v))[0]) for v in EDGE_DOUBLES]
    cases += [("f", int(np.float32(v).view(np.uint32))) for v in EDGE_FLOATS]
    for _ in range(count):
        cases.append(("d", rng.getrandbits(64)))
        cases.append(("f", rng.getrandbits(32)))
        # Values near the positional/exponent switch points and of small integer magnitude.
        cases.append(("d", struct.unpack("<Q", struct.pack("<d", rng.uniform(-1e17, 1e17)))[0]))
        cases.append(("f", int(np.float32(rng.uniform(-1e8, 1e8)).view(np.uint32))))
        cases.append(("d", struct.unpack("<Q", struct.pack("<d", rng.uniform(-1e-3, 1e-3)))[0]))
        cases.append(("f", int(np.float32(rng.uniform(-1e-3, 1e-3)).view(np.uint32))))
    return cases


def python_text(kind: str, bits: int) -> str:
    if kind == "d":
        value = struct.unpack("<d", struct.pack("<Q", bits))[0]
        text = format_double(value)
    else:
        text = format_float(np.uint32(bits).view(np.float32))
    # Swift prints nan/inf itself; cat_format quotes them as JSON strings.
    return {'"NaN"': "nan", '"Infinity"': "inf", '"-Infinity"': "-inf"}.get(text, text)


def main() -> int:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    cases = bit_patterns(count)
    with tempfile.TemporaryDirectory() as tmp:
        source, binary = os.path.join(tmp, "p.swift"), os.path.join(tmp, "p")
        with open(source, "w") as f:
            f.write(SWIFT_SOURCE)
        subprocess.run(["swiftc", "-O", source, "-o", binary], check=True)
        feed = "".join("%s %x\n" % (k, b) for k, b in cases)
        swift = subprocess.run([binary], input=feed, capture_output=True, text=True, check=True)
    mismatches = 0
    for (kind, bits), swift_line in zip(cases, swift.stdout.splitlines(), strict=True):
        mine = python_text(kind, bits)
        if "nan" in swift_line:
            swift_line = "nan"  # Swift prints NaN sign and payload; cat prints every NaN as "NaN".
        if mine != swift_line:
            mismatches += 1
            if mismatches <= 20:
                print(f"MISMATCH {kind} {bits:x}: swift={swift_line} python={mine}")
    print(f"checked {len(cases)} values, {mismatches} mismatches")
    return 1 if mismatches else 0


if __name__ == "__main__":
    sys.exit(main())
