#!/usr/bin/env python3
"""Measure what chaff does to real text, for each profile, and print the
README's quality tables.

Uses the measurement sets and scorers in ../shared/eval (not part of this
repository; see its README):

* AEB (181 news pages): token P/R/F1 of each extractor's text against the
  true article body, before and after chaff (the metric of `score.py`);
* trafeval (990 pages, mostly German): junk snippets removed and content
  snippets kept (the metric of `trafeval/snippets.py`), per field and per
  language, and every content snippet chaff lost, with the rule that took it;
* the seeds (`line_score.py`, default profile).

Every text of a profile goes through one `chaff clean --jsonl` run (the
scorers' own `--cmd` mode starts one process per document, which measures
the same thing a hundred times slower); the figures are computed with the
scorers' own functions, imported from ../shared/eval.

    cargo build --release
    python3 benches/quality.py                       # both profiles, every set
    python3 benches/quality.py --profile page --sets trafeval --show-lost
    python3 benches/quality.py --native              # the engine without wasm (quick runs)
"""
import argparse
import datetime
import gzip
import json
import os
import subprocess
import sys
import time
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

AEB_FIELDS = ["trafilatura_nocomments", "trafilatura_default", "trafilatura_recall",
              "trafilatura_precision", "readability", "justext", "newspaper4k",
              "resiliparse_main", "fulltext_htmltext", "fulltext_resiliparse"]
TRAFEVAL_FIELDS = ["trafilatura_nocomments", "trafilatura_default", "fulltext_resiliparse"]
PROFILES = ["default", "page"]

# The targets, per profile: (set, field, metric, op, bound).
TARGETS = {
    "default": [
        ("aeb", "trafilatura_nocomments", "f1", ">=", 0.970),
        ("trafeval", "trafilatura_nocomments", "recall", ">=", 0.40),
        ("trafeval", "trafilatura_nocomments", "kept", ">=", 0.998),
    ],
    "page": [
        ("aeb", "fulltext_resiliparse", "f1", ">=", 0.90),
        ("aeb", "fulltext_htmltext", "f1", ">=", 0.90),
        ("trafeval", "fulltext_resiliparse", "recall", ">=", 0.80),
        ("trafeval", "fulltext_resiliparse", "kept", ">=", 0.99),
    ],
}


def read_jsonl(path):
    opener = gzip.open if path.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def cleaner_command(args, profile):
    """The command that cleans JSONL records {text} on stdin."""
    if args.native:
        cmd = [os.path.join(ROOT, "target", "release", "examples", "clean_jsonl")]
        if args.rules:
            cmd += ["--rules", args.rules]
        elif profile != "default":
            cmd += ["--profile", profile]
        return cmd
    cmd = [args.chaff, "clean", "--jsonl", "-q", "--removals-field", "chaff", "--on-error", "pass"]
    if args.rules:
        cmd += ["--rules", args.rules]
    elif profile != "default":
        cmd += ["--profile", profile]
    return cmd


def clean_texts(args, profile, texts):
    """Cleans every text in one run; -> (cleaned texts, removals per text, seconds)."""
    payload = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    start = time.monotonic()
    done = subprocess.run(cleaner_command(args, profile), input=payload.encode("utf-8"),
                          capture_output=True, check=False)
    seconds = time.monotonic() - start
    if done.returncode != 0:
        sys.exit(f"quality.py: the cleaner failed ({done.returncode}): "
                 f"{done.stderr.decode('utf-8', 'replace')[-2000:]}")
    records = [json.loads(line) for line in done.stdout.decode("utf-8").split("\n") if line.strip()]
    if len(records) != len(texts):
        sys.exit(f"quality.py: sent {len(texts)} records, got {len(records)} back")
    return [r["text"] for r in records], [r.get("chaff", []) for r in records], seconds


def run_profile(args, profile, aeb, trafeval):
    """Cleans every text of every set for one profile."""
    jobs = []  # (set, field, index)
    texts = []
    for name, records, fields in (("aeb", aeb, AEB_FIELDS), ("trafeval", trafeval, TRAFEVAL_FIELDS)):
        for field in fields if records is not None else ():
            for i, rec in enumerate(records):
                text = rec.get(field)
                if text and text.strip():
                    jobs.append((name, field, i))
                    texts.append(text)
    cleaned, removals, seconds = clean_texts(args, profile, texts)
    out = defaultdict(dict)
    for (name, field, i), text, rem in zip(jobs, cleaned, removals):
        out[(name, field)][i] = (text, rem)
    total = sum(len(t.encode("utf-8")) for t in texts)
    return out, seconds, total


def aeb_table(score, aeb, results):
    rows = {}
    for field in AEB_FIELDS:
        got = results.get(("aeb", field), {})
        truths = [r["truth"] for r in aeb]
        before = [r.get(field) or "" for r in aeb]
        after = [got[i][0] if i in got else before[i] for i in range(len(aeb))]
        b = score.evaluate(truths, before)
        a = score.evaluate(truths, after)
        changed = sum(1 for x, y in zip(before, after) if score.tokens(x) != score.tokens(y))
        rows[field] = {"before": b, "after": a, "changed": changed}
    return rows


def print_aeb(rows):
    print("| extractor output | P before | P after | R before | R after | F1 before | F1 after | docs changed |")
    print("|---|---|---|---|---|---|---|---|")
    worst, all_up = 0.0, True
    for field, s in rows.items():
        b, a = s["before"], s["after"]
        worst = max(worst, b["recall"] - a["recall"])
        all_up &= a["precision"] > b["precision"]
        print(f"| `{field}` | {b['precision']:.3f} | **{a['precision']:.3f}** | {b['recall']:.3f} "
              f"| {a['recall']:.3f} | {b['f1']:.3f} | **{a['f1']:.3f}** | {s['changed']} |")
    print()
    print(f"Precision rises on every extractor: {'yes' if all_up else 'NO'}; "
          f"largest recall drop: {100 * worst:.2f} points.")


def trafeval_tables(snippets, trafeval, results):
    fields, langs, lost = {}, defaultdict(dict), []
    for field in TRAFEVAL_FIELDS:
        got = results.get(("trafeval", field), {})
        total = snippets.Tally()
        for i, rec in enumerate(trafeval):
            before = rec.get(field) or ""
            after, removals = got.get(i, (before, []))
            t, lost_here, _ = snippets.score_doc(rec, before, after)
            total.add(t)
            lang = rec.get("lang", "other")
            langs[lang].setdefault(field, snippets.Tally()).add(t)
            for s in lost_here:
                rule = lost_rule(before, removals, s, snippets.norm)
                lost.append((field, rec["id"], lang, s, rule))
        fields[field] = total
    return fields, langs, lost


def lost_rule(before, removals, snippet, norm):
    data = before.encode("utf-8")
    for r in removals:
        piece = norm(data[r["start"]:r["end"]].decode("utf-8", "replace"))
        if not piece:
            continue
        if snippet in piece or piece in snippet or snippet[:25] in piece or piece[:25] in snippet:
            return r.get("rule", "?")
    return "?"


def fmt_tally(t):
    return f"{t.recall:.3f} ({t.gone}/{t.junk}) | {t.kept_rate:.4f} | {t.lost}"


def print_trafeval(fields, langs, lost, show_lost):
    print("| field | junk removed | content kept | content lost | chars removed |")
    print("|---|---|---|---|---|")
    for field, t in fields.items():
        chars = 1 - t.chars_out / t.chars_in if t.chars_in else 0.0
        print(f"| `{field}` | {t.recall:.3f} ({t.gone}/{t.junk}) | {t.kept_rate:.4f} | {t.lost} | {chars:.1%} |")
    print()
    print("By language (junk removed, then content lost):")
    print()
    print("| lang | docs | " + " | ".join(f"`{f}`" for f in fields) + " |")
    print("|---|---|" + "---|" * len(fields))
    order = sorted(langs, key=lambda k: -max(t.docs for t in langs[k].values()))
    for lang in order:
        cells = []
        for f in fields:
            t = langs[lang].get(f)
            cells.append(f"{t.recall:.3f} ({t.gone}/{t.junk}), {t.lost}" if t and t.junk else
                         f"– (0/0), {t.lost if t else 0}")
        docs = max(t.docs for t in langs[lang].values())
        print(f"| {lang} | {docs} | " + " | ".join(cells) + " |")
    if show_lost and lost:
        print()
        print(f"Lost content snippets ({len(lost)}):")
        print()
        print("| field | doc | lang | snippet | rule |")
        print("|---|---|---|---|---|")
        for field, doc, lang, s, rule in lost:
            s = s if len(s) <= 90 else s[:89] + "…"
            print(f"| `{field}` | {doc} | {lang} | {s.replace('|', '¦')} | `{rule}` |")


def check_targets(profile, aeb_rows, traf_fields):
    lines = []
    for name, field, metric, op, bound in TARGETS[profile]:
        if name == "aeb":
            if aeb_rows is None:
                continue
            value = aeb_rows[field]["after"][metric]
        else:
            if traf_fields is None:
                continue
            t = traf_fields[field]
            value = t.recall if metric == "recall" else t.kept_rate
        ok = value >= bound
        lines.append(f"{'met' if ok else 'NOT MET'}: {name} `{field}` {metric} {value:.4f} (target {op} {bound})")
    return lines


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--eval", default=os.path.join(ROOT, "..", "shared", "eval"))
    ap.add_argument("--seeds", default=os.path.join(ROOT, "..", "shared", "seeds"))
    ap.add_argument("--chaff", default=os.path.join(ROOT, "target", "release", "chaff"))
    ap.add_argument("--native", action="store_true",
                    help="clean with the engine's clean_jsonl example instead of the CLI and component")
    ap.add_argument("--profile", choices=PROFILES + ["both"], default="both")
    ap.add_argument("--rules", help="clean with this rule file instead of a built-in profile "
                    "(measure your own rules; use with --profile default or page to pick the targets)")
    ap.add_argument("--sets", default="aeb,trafeval,seeds")
    ap.add_argument("--show-lost", action="store_true", help="list every lost trafeval content snippet")
    ap.add_argument("--json-out", help="write the figures as JSON")
    args = ap.parse_args()

    sys.path.insert(0, args.eval)
    sys.path.insert(0, os.path.join(args.eval, "trafeval"))
    import score  # noqa: E402  (the scorers of ../shared/eval)
    import snippets  # noqa: E402

    sets = set(args.sets.split(","))
    aeb = read_jsonl(os.path.join(args.eval, "aeb", "extracted.jsonl.gz")) if "aeb" in sets else None
    trafeval = (read_jsonl(os.path.join(args.eval, "trafeval", "extracted.jsonl.gz"))
                if "trafeval" in sets else None)
    profiles = PROFILES if args.profile == "both" else [args.profile]
    how = "the engine natively (clean_jsonl)" if args.native else "`chaff clean --jsonl`"
    print(f"Measured {datetime.date.today().isoformat()} with `python3 benches/quality.py` "
          f"({how}).")
    summary = {}
    for profile in profiles:
        results, seconds, size = run_profile(args, profile, aeb, trafeval)
        flag = "" if profile == "default" else f" --profile {profile}"
        print()
        print(f"### Profile `{profile}` (`chaff clean{flag}`)")
        print()
        print(f"{size / 1e6:.1f} MB of text in {seconds:.2f} s, one process.")
        aeb_rows = traf_fields = None
        if aeb is not None:
            print()
            print("AEB, token P/R/F1 against the true article body (`score.py`'s metric):")
            print()
            aeb_rows = aeb_table(score, aeb, results)
            print_aeb(aeb_rows)
        if trafeval is not None:
            print()
            print("trafeval, junk snippets removed and content snippets kept (`snippets.py`'s metric):")
            print()
            traf_fields, langs, lost = trafeval_tables(snippets, trafeval, results)
            print_trafeval(traf_fields, langs, lost, args.show_lost)
        if "seeds" in sets and profile == "default" and not args.native:
            seeds = subprocess.run(
                [sys.executable, os.path.join(args.eval, "line_score.py"), "--corpus", args.seeds,
                 "--cmd", f"{args.chaff} clean"],
                check=True, capture_output=True, text=True).stdout.strip()
            print()
            print(f"Seeds (`line_score.py`): `{seeds.splitlines()[-1]}`")
        print()
        for line in check_targets(profile, aeb_rows, traf_fields):
            print(f"- {line}")
        summary[profile] = {
            "seconds": seconds,
            "aeb": {f: {"before": {k: v for k, v in s["before"].items() if k != "per_doc"},
                        "after": {k: v for k, v in s["after"].items() if k != "per_doc"},
                        "changed": s["changed"]} for f, s in (aeb_rows or {}).items()},
            "trafeval": {f: {"recall": t.recall, "kept": t.kept_rate, "lost": t.lost}
                         for f, t in (traf_fields or {}).items()},
        }
    if args.json_out:
        with open(args.json_out, "w", encoding="utf-8") as f:
            json.dump(summary, f, indent=1)


if __name__ == "__main__":
    main()
