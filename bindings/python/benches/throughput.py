"""Throughput of chaff_scrubber on a JSONL shard, next to the `chaff` CLI.

    python3 benches/corpus.py --jsonl --bytes 2e8 --max-size 100000 > shard.jsonl
    python bindings/python/benches/throughput.py shard.jsonl --cli target/release/chaff

Two ways to clean a shard from Python, each for 1 and 2 processes:

* records: each worker reads its share of the shard's lines, parses them
  (`json`), cleans the `text` field in batches (`clean_batch`, 256 records,
  as the CLI's chunks), and serialises the records again (also 2 threads in
  one process);
* bytes: each worker reads its share in blocks of about 4 MB of lines and
  hands each block to `clean_jsonl`, which parses, cleans and splices the
  records in Rust (the CLI's code) and returns the output bytes.

Both do the work of `chaff clean --jsonl`, whose time for `--jobs 1` and
`--jobs 2` is measured on the same file. `in chaff` is the time spent
inside `clean_batch` or `clean_jsonl`. One process uses the scrubber's
default `concurrency` (the machine's cores: a large batch is spread over
threads); two processes use `concurrency=1` each. Also start-up: a fresh
interpreter's `import chaff_scrubber; Scrubber()` with a warm compile cache.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import statistics
import subprocess
import sys
import threading
import time

BATCH = 256


def ranges(path: str, parts: int) -> list[tuple[int, int]]:
    """`parts` byte ranges of the file, each starting at a line."""
    size = os.path.getsize(path)
    cuts = [0]
    with open(path, "rb") as f:
        for i in range(1, parts):
            f.seek(size * i // parts)
            f.readline()
            cuts.append(f.tell())
    cuts.append(size)
    return list(zip(cuts, cuts[1:]))


def work(path: str, start: int, end: int, concurrency: int | None = None) -> tuple[int, int, float, float]:
    """Cleans the records in bytes start..end: (records, bytes, seconds in
    clean_batch, CPU seconds of the process)."""
    from chaff_scrubber import shared

    scrubber = shared(concurrency=concurrency)
    records = 0
    in_clean = 0.0
    cpu = time.process_time()
    out = open(os.devnull, "w", encoding="utf-8")
    with open(path, "rb") as f:
        f.seek(start)
        batch: list[dict] = []

        def flush() -> float:
            started = time.perf_counter()
            outcomes = scrubber.clean_batch([r["text"] for r in batch], on_error="keep")
            spent = time.perf_counter() - started
            for record, outcome in zip(batch, outcomes):
                record["text"] = outcome.text
                out.write(json.dumps(record, ensure_ascii=False))
                out.write("\n")
            batch.clear()
            return spent

        while f.tell() < end:
            line = f.readline()
            if not line:
                break
            batch.append(json.loads(line))
            records += 1
            if len(batch) == BATCH:
                in_clean += flush()
        if batch:
            in_clean += flush()
    return records, end - start, in_clean, time.process_time() - cpu


def work_bytes(path: str, start: int, end: int, concurrency: int | None = None) -> tuple[int, int, float, float]:
    """Cleans the records in bytes start..end with clean_jsonl, about 4 MB
    of lines a call: (records, bytes, seconds in clean_jsonl, CPU seconds
    of the process)."""
    from chaff_scrubber import shared

    scrubber = shared(concurrency=concurrency)
    records = 0
    in_clean = 0.0
    cpu = time.process_time()
    with open(path, "rb") as f, open(os.devnull, "wb") as out:
        f.seek(start)
        left = end - start
        carry = b""
        while left > 0 or carry:
            block = f.read(min(4 << 20, left))
            left = left - len(block) if block else 0
            data = carry + block
            # Whole lines only; the rest waits for the next block.
            cut = len(data) if left == 0 else data.rfind(b"\n") + 1
            data, carry = data[:cut], data[cut:]
            if not data:
                continue
            records += data.count(b"\n")
            started = time.perf_counter()
            cleaned = scrubber.clean_jsonl(data, on_error="pass")
            in_clean += time.perf_counter() - started
            out.write(cleaned)
    return records, end - start, in_clean, time.process_time() - cpu


def _work(args: tuple[str, str, int, int, int | None]) -> tuple[int, int, float, float]:
    how, *rest = args
    return (work_bytes if how == "bytes" else work)(*rest)  # type: ignore[arg-type]


def run_processes(path: str, n: int, how: str) -> tuple[float, int, float, float]:
    parts = ranges(path, n)
    concurrency = None if n == 1 else 1
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(n, initializer=_warm, initargs=(concurrency,)) as pool:
        pool.map(_noop, range(n))  # start-up outside the timed part, like a long job
        started = time.perf_counter()
        results = pool.map(_work, [(how, path, s, e, concurrency) for s, e in parts])
        elapsed = time.perf_counter() - started
    return elapsed, sum(r[0] for r in results), max(r[2] for r in results), sum(r[3] for r in results)


def _warm(concurrency: int | None = None) -> None:
    from chaff_scrubber import shared

    scrubber = shared(concurrency=concurrency)
    # Large enough to be spread over every thread: each instance compiles
    # the rules on its first call (about 0.1 s), outside the timed part.
    scrubber.clean_batch(["A warm-up line of text.\n" * 20_000] * 4)


def _noop(_: int) -> None:
    time.sleep(0.2)


def run_threads(path: str, n: int) -> tuple[float, int, float, float]:
    _warm()
    results: list[tuple[int, int, float, float]] = []
    cpu = time.process_time()
    threads = [threading.Thread(target=lambda s=s, e=e: results.append(work(path, s, e))) for s, e in ranges(path, n)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - started
    return elapsed, sum(r[0] for r in results), max(r[2] for r in results), time.process_time() - cpu


def run_cli(cli: str, path: str, jobs: int) -> tuple[float, float]:
    """Wall-clock and CPU seconds (user + system) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run([cli, "clean", "--jsonl", "-q", "--jobs", str(jobs), path, "-o", os.devnull], check=True)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def startup(repeat: int = 10) -> tuple[float, float]:
    code = "import chaff_scrubber; chaff_scrubber.Scrubber()"
    subprocess.run([sys.executable, "-c", code], check=True)  # warm the cache
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - started)
    bare = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", "pass"], check=True)
        bare.append(time.perf_counter() - started)
    return statistics.median(times), statistics.median(bare)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("shard")
    ap.add_argument("--cli", help="the chaff binary, to compare with")
    ap.add_argument("--repeat", type=int, default=1, help="best of this many rounds (each round runs everything once, in turn)")
    args = ap.parse_args()
    size = os.path.getsize(args.shard)
    mb = size / 1e6
    print(f"shard: {args.shard}, {mb:.0f} MB")
    print("| run | wall clock | throughput | in chaff | CPU time |")
    print("|---|---|---|---|---|")

    # Rounds of every run in turn, the best of each kept: on a shared
    # machine the load moves, and interleaving gives every run the same
    # chances.
    runs: list[tuple[str, object]] = []
    for how, what in (("records", "json + clean_batch"), ("bytes", "clean_jsonl")):
        for n in (1, 2):
            runs.append((f"Python {what}, {n} process{'es' if n > 1 else ''}",
                         lambda how=how, n=n: run_processes(args.shard, n, how)))
    runs.append(("Python json + clean_batch, 2 threads, 1 process", lambda: run_threads(args.shard, 2)))
    if args.cli:
        for jobs in (1, 2):
            runs.append((f"CLI, --jobs {jobs}", lambda jobs=jobs: run_cli(args.cli, args.shard, jobs)))
    best: dict[str, tuple] = {}
    for _ in range(args.repeat):
        for name, run in runs:
            result = run()  # type: ignore[operator]
            if name not in best or result[0] < best[name][0]:
                best[name] = result
    records = 0
    for name, _ in runs:
        result = best[name]
        elapsed, cpu = result[0], result[-1]
        clean = f"{result[2]:.2f} s" if len(result) == 4 else ""
        records = result[1] if len(result) == 4 else records
        print(f"| {name} | {elapsed:.2f} s | {mb / elapsed:.0f} MB/s | {clean} | {cpu:.2f} s |")
    print(f"records: {records}")
    warm, bare = startup()
    print(f"start-up (import + Scrubber(), warm cache, median of 10): {warm * 1e3:.0f} ms (bare interpreter {bare * 1e3:.0f} ms)")


if __name__ == "__main__":
    main()
