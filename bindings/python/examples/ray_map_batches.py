"""Clean a JSONL dataset with Ray Data, one scrubber per worker.

    pip install chaff-scrubber "ray[data]"
    python ray_map_batches.py 'shards/*.jsonl' out/ [--workers N]

`map_batches` with a callable class starts `--workers` actors (one CPU
each; default: all cores but one, which reading and writing need, or Ray
waits for a CPU forever on a small machine); each builds
its BatchCleaner (and so its scrubber: the compiled component loaded from
the cache, the rules compiled once) in its constructor and then cleans
batch after batch. Rows keep every column; `text` is cleaned and
`chaff_counts` added.
"""

import argparse
import glob
import os
import time

import ray

from chaff_scrubber.batch import BatchCleaner


class Clean:
    def __init__(self) -> None:
        # Once per actor. Pass rules / profile / limits here, e.g.
        # BatchCleaner(profile="page", url_column="url").
        self.cleaner = BatchCleaner(counts_column="chaff_counts", error_column="chaff_error")

    def __call__(self, batch):  # a pandas DataFrame
        return self.cleaner(batch)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input", help="a glob of JSONL files")
    ap.add_argument("output")
    ap.add_argument("--workers", type=int, default=max(1, (os.cpu_count() or 2) - 1))
    args = ap.parse_args()

    ray.init()
    started = time.perf_counter()
    ds = ray.data.read_json(sorted(glob.glob(args.input)))
    ds = ds.map_batches(Clean, batch_format="pandas", batch_size=256, concurrency=args.workers, num_cpus=1)
    ds.write_json(args.output)
    print(f"cleaned in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
