"""Clean a directory of JSONL shards with datatrove and chaff.

    pip install "chaff-scrubber[datatrove]" orjson
    python datatrove_pipeline.py IN_DIR OUT_DIR [--tasks 8] [--workers 2] [--profile page] [--compression none]

Each output record has the cleaned `text`; `metadata.chaff_removals` lists
what was cut (rule, category, UTF-8 byte span in the original text) and
`metadata.chaff_counts` the removals per category. The step's stats
(`LOGS/stats.json`) count documents changed, removals and bytes removed,
in total and per category.
"""

import argparse

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.writers import JsonlWriter

from chaff_scrubber.datatrove import ChaffFilter


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--tasks", type=int, default=8)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--profile", choices=["extractor", "page"], default=None)
    ap.add_argument("--rules", help="a rule file (TOML or JSON)")
    ap.add_argument("--logs", default="logs/chaff")
    ap.add_argument("--compression", choices=["gzip", "zstd", "none"], default="gzip", help="of the output files")
    args = ap.parse_args()

    rules = open(args.rules, encoding="utf-8").read() if args.rules else None
    LocalPipelineExecutor(
        pipeline=[
            JsonlReader(args.input),
            # One scrubber per worker process; documents go into the
            # sandbox 64 at a time. drop_empty=True would also drop pages
            # with nothing left.
            ChaffFilter(rules, profile=args.profile),
            JsonlWriter(args.output, compression=None if args.compression == "none" else args.compression),
        ],
        tasks=args.tasks,
        workers=args.workers,
        logging_dir=args.logs,
    ).run()


if __name__ == "__main__":
    main()
