#!/usr/bin/env python3
"""One machine, one run: the built-in rules as users write them by hand in
Python `re`, the native engine, and the component through the host, on the
same generated corpus; with memchr line splitting as the floor. Each figure
is the fastest of repeated rounds over the corpus, so that noise from other
load on the machine does not decide the ratios.

    cargo build --release --examples -p chaff-engine -p chaff
    python3 benches/compare.py [--docs 200] [--seconds 3] [--threads 2]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release", "examples")

# The built-in rules, hand-written in Python `re` the way a pipeline author
# would: one regex search per rule per line, phrase lists as alternations,
# a loop for headline lists. (Unicode classes approximated: `re` has no \p{..}.)
LETTER = r"[^\W\d_]"
LINE_PATTERNS = [re.compile(p, re.I) for p in [
    rf"{LETTER}+(?:\s+{LETTER}+)?!+\s*\(\s*\d{{3,}}\s*\)",
    r"(?:(?:you are here|current(?:\s+page)?|location|breadcrumbs?)\s*:\s*)?home\s*(?:>|»|›|→|\s/\s|\s\|\s)\s*\S.*",
    r"(?:date|published|updated|posted|last\s+updated|time)\s*(?:on\s*)?:?\s*\d{4}[-/.]\d{1,2}[-/.]\d{1,2}(?:[\sT,]+\d{1,2}:\d{2}(?::\d{2})?)?",
    r"(?:(?:photo|image|picture|illustration|video|foto)s?\s+)?(?:credits?|courtesy)\s*:\s*\S.{0,100}",
    r"(?:read\s+more|read\s+also|also\s+read|read\s+next|see\s+also|lesen\s+sie\s+auch|lire\s+aussi|lea\s+también|leia\s+também|leggi\s+anche|baca\s+juga)\s*[:|»\-–—]\s*\S.{0,300}",
    r"(?:follow|like|join)\s+(?:us|\S+(?:\s+\S+){0,6})\s+on\s+(?:facebook|twitter|instagram|linkedin|youtube)\b.{0,120}",
    r"\d+\s+comments?|(?:show\s+|all\s+)?comments?(?:\s*\(\d+\))?",
]]
PREFIXES = [p.lower() for p in [
    "Already a subscriber?", "Subscribe to continue reading", "Sign up for our newsletter",
    "Subscribe to our newsletter", "We use cookies to", "This website uses cookies",
]]
WHOLE = {w.lower() for w in [
    "View", "View all", "Leave a Comment", "Leave a Reply", "Share", "Share this", "Tweet",
    "Advertisement", "Read more", "Continue reading", "Print", "Email", "Teilen", "Partager",
]}
HEADINGS = {h.lower() for h in ["Related", "Ranking", "Recommendation", "Trending", "Most read",
                                "You may also like", "Mehr zum Thema", "À lire aussi", "Berita terkait",
                                "Noticias relacionadas", "Notícias relacionadas", "Articoli correlati"]}
INLINE = re.compile(r"\s+[a-z]+[A-Z][a-z]+!\s*\(\d{3,}\)\s*$")


def headline(line):
    text = re.sub(r"^\s*(?:[-*•]|\d{1,2}[.)])\s+", "", line)
    words = text.split()
    return 2 <= len(words) <= 30 and len(text) <= 250 and not text.endswith((":", ";", ","))


def python_clean(text):
    lines = text.split("\n")
    junk = [False] * len(lines)
    for i, line in enumerate(lines):
        t = line.strip()
        if not t:
            continue
        low = t.lower()
        if low in WHOLE or any(low.startswith(p) for p in PREFIXES) or any(p.fullmatch(t) for p in LINE_PATTERNS):
            junk[i] = True
    i = 0
    while i < len(lines):
        if not junk[i] and lines[i].strip().lower().rstrip(":") in HEADINGS:
            j, items = i + 1, []
            while j < len(lines) and (junk[j] or headline(lines[j].strip())):
                if not junk[j]:
                    items.append(j)
                j += 1
            if len(items) >= 3:
                for k in range(i, items[-1] + 1):
                    junk[k] = True
                i = items[-1]
        i += 1
    return "\n".join(INLINE.sub("", l) for l, j in zip(lines, junk) if not j)


def python_mb_s(docs, seconds):
    """MB/s of the fastest round, as the Rust measurements report."""
    total = sum(len(d.encode()) for d in docs)
    start, best = time.perf_counter(), float("inf")
    while best == float("inf") or time.perf_counter() - start < seconds:
        round_start = time.perf_counter()
        for d in docs:
            python_clean(d)
        best = min(best, time.perf_counter() - round_start)
    return total / best / 1e6


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--docs", type=int, default=200)
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as corpus:
        subprocess.run([sys.executable, os.path.join(ROOT, "benches", "corpus.py"), "--dir", corpus,
                        "--docs", str(args.docs)], check=True)
        docs = [open(os.path.join(corpus, n), encoding="utf-8").read() for n in sorted(os.listdir(corpus))]
        native = run_json([os.path.join(RELEASE, "throughput"), corpus, str(args.seconds)])
        component = run_json([os.path.join(RELEASE, "throughput-host"), corpus, str(args.seconds), str(args.threads)])
        python = python_mb_s(docs, args.seconds)
    rows = [
        ("memchr line splitting (floor)", native["memchr_lines_mb_s"]),
        ("native engine, 1 thread", native["native_mb_s"]),
        ("component via host, 1 thread", component["component_mb_s"]),
        (f"component via host, {component['component_threads']} threads", component["component_threads_mb_s"]),
        ("Python `re` by hand, 1 thread", python),
    ]
    print(f"corpus: {native['documents']} documents, {native['bytes'] / 1e6:.1f} MB (benches/corpus.py, 1 KB–1 MB each)")
    print()
    print("| scrubber | MB/s | vs Python `re` |")
    print("|---|---|---|")
    for name, mbs in rows:
        print(f"| {name} | {mbs:.1f} | {mbs / python:.1f}× |")
    print()
    print(f"component / native: {component['component_mb_s'] / native['native_mb_s']:.2f}×; "
          f"{component['component_threads']} threads / 1 thread: "
          f"{component['component_threads_mb_s'] / component['component_mb_s']:.2f}×")


if __name__ == "__main__":
    main()
