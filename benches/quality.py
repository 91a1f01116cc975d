#!/usr/bin/env python3
"""Measure what chaff does to real extractor output, and print README tables.

Runs the evaluation tools in ../shared/eval (not part of this repository):
score.py on the article-extraction benchmark (token-level P/R/F1 of each
extractor's text, before and after `chaff clean`), and line_score.py on the
seed documents.

    cargo build --release
    python3 benches/quality.py [--eval ../shared/eval] [--seeds ../shared/seeds]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default=os.path.join(ROOT, "..", "shared", "eval"))
    ap.add_argument("--seeds", default=os.path.join(ROOT, "..", "shared", "seeds"))
    ap.add_argument("--chaff", default=os.path.join(ROOT, "target", "release", "chaff"))
    ap.add_argument("--jobs", default=str(os.cpu_count() or 2))
    args = ap.parse_args()
    cmd = f"{args.chaff} clean"

    with tempfile.TemporaryDirectory() as tmp:
        out = os.path.join(tmp, "scores.json")
        subprocess.run(
            [sys.executable, os.path.join(args.eval, "score.py"),
             "--extracted", os.path.join(args.eval, "aeb", "extracted.jsonl.gz"),
             "--cmd", cmd, "--timeout", "20", "--jobs", args.jobs, "--json-out", out],
            check=True, stdout=subprocess.DEVNULL)
        with open(out, encoding="utf-8") as f:
            scores = json.load(f)

    print("| extractor output | P before | P after | R before | R after | F1 before | F1 after | docs changed |")
    print("|---|---|---|---|---|---|---|---|")
    worst_recall_drop = 0.0
    all_precision_up = True
    for field, s in scores.items():
        b, a = s["before"], s["after"]
        worst_recall_drop = max(worst_recall_drop, b["recall"] - a["recall"])
        all_precision_up &= a["precision"] > b["precision"]
        print(f"| `{field}` | {b['precision']:.3f} | **{a['precision']:.3f}** | {b['recall']:.3f} | {a['recall']:.3f} "
              f"| {b['f1']:.3f} | **{a['f1']:.3f}** | {s['changed_docs']} |")
    print()
    print(f"Precision rises on every extractor: {'yes' if all_precision_up else 'NO'}; "
          f"largest recall drop: {100 * worst_recall_drop:.2f} points.")
    print()
    seeds = subprocess.run(
        [sys.executable, os.path.join(args.eval, "line_score.py"), "--corpus", args.seeds, "--cmd", cmd],
        check=True, capture_output=True, text=True).stdout.strip()
    print(f"Seeds (`line_score.py`): `{seeds.splitlines()[-1]}`")


if __name__ == "__main__":
    main()
