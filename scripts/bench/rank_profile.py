#!/usr/bin/env python3
"""Where rankd's CPU goes per /rank request, from `perf script` of a cpu-clock profile.

    perf script -F ip,sym,dso -i perf.data | rank_profile.py --cpu-us-per-request X [--top N]

Each sample is charged to the innermost frame of its call chain that belongs to a known stage
(walking from the leaf outwards), so a malloc or swift_retain counts for whichever stage called
it. ONNX Runtime is built without frame pointers, so its chains stop inside the library; those
samples are charged by the library they hit. Stage shares times the measured CPU µs per request
give µs per request.
"""
import argparse
import collections
import shutil
import subprocess
import sys

# (stage, substrings of a mangled Swift symbol or library name), most specific first.
STAGES = [
    ("ONNX Runtime (inside libonnxruntime)", ["libonnxruntime"]),
    ("ORT wrapper (Swift: checks, tensors, output copy)", ["11OnnxRuntime"]),
    ("sort by score", ["RankPipelineO7ranking"]),
    ("row grouping (rows sorted for the trees)", ["RowOrder"]),
    ("feature lookup + batch build", ["FeatureBatch", "KeyLookup", "KeyIndex", "KeySlots", "HashedKeys", "PackedKeys",
                                      "FeatureTable", "AlignedFloats", "QueryNormalizer", "FeatureValues"]),
    ("request JSON decode", ["RankRequest", "JSONReader", "JSONParser", "JSONValue"]),
    ("response JSON encode", ["RankResponse", "JSONWriter"]),
    ("metrics", ["ServiceMetrics", "s7Metrics", "HTTPMetricsObserver"]),
    ("access log + request id", ["AccessLog", "RequestIDs", "RequestIDGenerator"]),
    ("pipeline glue (score check, items)", ["RankPipeline"]),
    ("endpoint glue (input, response)", ["RankEndpoint", "RankInput"]),
    ("HTTP server (parse, connection, serialize, epoll loop)", ["10HTTPServer"]),
]
KERNEL = "kernel (syscalls: read, write, epoll; TCP)"


def samples(stream):
    """Yields each sample's frames as (symbol, dso) pairs, leaf first."""
    frames = []
    for line in stream:
        line = line.strip()
        if not line:
            if frames:
                yield frames
            frames = []
            continue
        parts = line.split(None, 1)
        if len(parts) < 2:
            continue
        rest = parts[1]
        sym, _, dso = rest.rpartition(" (")
        frames.append((sym, dso.rstrip(")")))
    if frames:
        yield frames


def stage_of(frames) -> str:
    if "kernel" in frames[0][1]:
        return KERNEL
    for sym, dso in frames:
        for stage, needles in STAGES:
            if any(n in sym or n in dso for n in needles):
                return stage
    return "other (libc/stdlib outside any stage, unknown)"


def demangle(symbols):
    tool = shutil.which("swift-demangle") or "/opt/swift/usr/bin/swift-demangle"
    try:
        out = subprocess.run([tool, "--simplified", "--compact"], input="\n".join(symbols), text=True,
                             capture_output=True, check=True).stdout.splitlines()
        return out if len(out) == len(symbols) else symbols
    except (OSError, subprocess.CalledProcessError):
        return symbols


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cpu-us-per-request", type=float, required=True)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--per-stage", type=int, default=4, help="leaf functions listed under each stage")
    args = parser.parse_args()
    by_stage, by_leaf = collections.Counter(), collections.Counter()
    leaves_of = collections.defaultdict(collections.Counter)
    total = 0
    for frames in samples(sys.stdin):
        total += 1
        stage = stage_of(frames)
        by_stage[stage] += 1
        sym, dso = frames[0]
        leaf = (sym if sym != "[unknown]" else "?", dso.rsplit("/", 1)[-1])
        by_leaf[leaf] += 1
        leaves_of[stage][leaf] += 1
    if total == 0:
        sys.exit("no samples")
    per_request = args.cpu_us_per_request
    print(f"{total} samples; {per_request:.1f} CPU µs per request split by stage:")
    for stage, n in by_stage.most_common():
        print(f"  {n / total * 100:5.1f}%  {n / total * per_request:7.1f} µs  {stage}")
        top = [(leaf, m) for leaf, m in leaves_of[stage].most_common(args.per_stage) if m / total >= 0.003]
        if len(top) > 1:
            names = demangle([sym for (sym, _), _ in top])
            for ((_, dso), m), name in zip(top, names):
                print(f"  {'':>6}  {m / total * per_request:7.1f} µs    {dso}: {name[:110]}")
    print(f"top {args.top} leaf functions (self time):")
    top = by_leaf.most_common(args.top)
    names = demangle([sym for (sym, _), _ in top])
    for ((_, dso), n), name in zip(top, names):
        print(f"  {n / total * 100:5.1f}%  {n / total * per_request:7.1f} µs  {dso}: {name[:150]}")


if __name__ == "__main__":
    main()
