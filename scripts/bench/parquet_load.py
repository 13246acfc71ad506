"""Helper for parquet_load.sh: generates the benchmark file and times pyarrow's load.

  parquet_load.py generate PATH ROWS COMPRESSION   # 2 string keys + 4 float32 columns
  parquet_load.py load PATH                        # prints: seconds=S peak_rss_kb=K
"""
import sys
import time


def generate(path, rows, compression):
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    rng = np.random.default_rng(42)
    users = rng.integers(0, 200_000, rows)
    items = rng.integers(0, 50_000, rows)
    table = pa.table({
        "user_id": pa.array([f"user-{u:07d}" for u in users], pa.string()),
        "item_id": pa.array([f"item-{i:06d}" for i in items], pa.string()),
        **{f"f{k}": pa.array(rng.standard_normal(rows).astype(np.float32)) for k in range(4)},
    })
    pq.write_table(table, path, compression=None if compression == "none" else compression)


def peak_rss_kb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


def load(path):
    import pyarrow.parquet as pq

    start = time.perf_counter()
    table = pq.read_table(path, use_threads=False)
    seconds = time.perf_counter() - start
    print(f"seconds={seconds} rows={table.num_rows} peak_rss_kb={peak_rss_kb()}")


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        load(sys.argv[2])
