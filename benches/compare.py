#!/usr/bin/env python3
"""One machine, one run, one corpus: chaff against what users would run
instead. Each figure is the MB/s of the fastest of repeated rounds over the
corpus, so that noise from other load on the machine does not decide the
ratios.

Rows:

* memchr line splitting (floor), the native engine and the component
  through the host (the Rust examples `throughput` and `throughput-host`);
* **Python `re` by hand**: chaff's current built-in rules (the default
  profile, `guest/engine/src/rules/builtin.toml`) ported to plain Python
  the way a pipeline author would, reading the rule file at start-up
  (`hand_rules` below says what is approximated);
* **C4 line rules in plain Python**: the line filters of C4 as datatrove
  implements them (`c4_clean`), as a line cleaner;
* **datatrove `C4QualityFilter`** (optional: `pip install datatrove`), with
  the settings that make it a line cleaner rather than a document dropper;
* **trafilatura's text-level filters** (optional: `pip install
  trafilatura`): `utils.textfilter` and `deduplication.duplicate_test`,
  the two of its filters whose test is on text, called per line.

A missing optional package skips its row with a note; it never fails the
run. `benches/requirements.txt` pins the versions measured.

    cargo build --release --examples -p chaff-engine -p chaff
    pip install -r benches/requirements.txt     # optional rows
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
import tomllib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release", "examples")
RULES_FILE = os.path.join(ROOT, "guest", "engine", "src", "rules", "builtin.toml")


# ---------------------------------------------------------------------------
# Baseline 1: chaff's built-in rules, hand-written in Python `re`.
#
# What a pipeline author porting the rule file does: read it with tomllib,
# compile each `line-pattern` with `re` (Python's `re` has no \p{..}, so
# Unicode classes are approximated), turn each phrase list into a set
# (`whole`, and `folded` after folding the line), a `startswith` tuple
# (`prefix`) or `in` tests (`contains`), keep the `max_chars` limits, and
# write the headline-list, repeated-line, line-shape and location logic
# and the inline spam cut as plain loops. Per line it
# does what chaff's rules do (every rule tried until one claims the line),
# with the cheap length gates anyone would add (a folded phrase is short, a
# heading is short) but none of chaff's own machinery (no automata, no
# byte gates, no incremental passes).
#
# Approximated, and why the figures are still comparable:
# * Unicode classes: \p{L} is [^\W\d_] outside brackets and \w inside them,
#   \p{Lu}/\p{Ll} are Latin-1 ranges, \p{M} the combining diacritics block,
#   \p{N} is \d,
#   (?-u:\b) is \b; folding treats combining marks as punctuation; a
#   `contains` phrase checks its word edges at its first occurrence only.
# * The content region (`at = ["head", "tail"]`): the body runs from the
#   first to the last line of 70+ characters that reads as prose (function
#   words >= 20% in the document's language, told from its first 64 KB;
#   otherwise a sentence end or 200+ characters), as chaff's default
#   profile locates it, but without its copyright/address/separator vetoes
#   and counting words by white space.
# * line-shape `nav-row` and `copyright`: the same feature tests, with
#   words counted by white space and the copyright marks simplified.
# * Headline lists: prose is told by one union of all function-word lists
#   (chaff keeps a short fixed list of its own for this).
# * One pass: chaff repeats its passes to a fixed point (in practice the
#   second pass finds nothing); site rules, removal reports and rule
#   precedence for reporting are left out (a line is junk or not).
#
# Checked against chaff (the native `clean_stdin` example) when written: it
# passes all 204 `examples` and 79 `keeps` of the rule file, removes the
# same lines on the bench corpus (25,536 of chaff's 25,540 removals, none
# more) and nearly the same on 601 real extractor outputs (trafeval: 6,302
# of chaff's 6,323, and 18 lines chaff keeps).
# ---------------------------------------------------------------------------

def rust_to_re(pattern):
    """A Rust `regex` pattern as Python `re` (Unicode classes approximated)."""
    out, i, depth = [], 0, 0
    outside = {"L": r"[^\W\d_]", "Lu": "[A-ZÀ-ÖØ-Þ]", "Ll": "[a-zß-öø-ÿ]", "M": "[\u0300-\u036f]",
               "N": r"\d"}
    inside = {"L": r"\w", "Lu": "A-ZÀ-ÖØ-Þ", "Ll": "a-zß-öø-ÿ", "M": "\u0300-\u036f", "N": r"\d"}
    while i < len(pattern):
        if pattern.startswith(r"\p{", i):
            end = pattern.index("}", i)
            name = pattern[i + 3:end]
            out.append((inside if depth else outside)[name])
            i = end + 1
        elif pattern.startswith("(?-u:\\b)", i):
            out.append(r"\b")
            i += len("(?-u:\\b)")
        elif pattern[i] == "\\":
            out.append(pattern[i:i + 2])
            i += 2
        else:
            c = pattern[i]
            if c == "[" and depth == 0:
                depth = 1
                out.append(c)
                # A `]` or `^]` right after `[` is a literal.
                if pattern.startswith("^", i + 1):
                    out.append("^")
                    i += 1
                if pattern.startswith("]", i + 1):
                    out.append("\\]")
                    i += 1
            elif c == "]" and depth:
                depth = 0
                out.append(c)
            else:
                out.append(c)
            i += 1
    return "".join(out)


FOLD_GAP = re.compile(r"[\W_]+")
FOLD_DIGITS = re.compile(r"\d+")


def fold(s):
    """chaff's folding: lower case, digit runs to 0, other runs to one space."""
    return FOLD_DIGITS.sub("0", FOLD_GAP.sub(" ", s.lower())).strip()


def word_edge_ok(line, at):
    """No word runs across offset `at` (chaff's phrase boundary test)."""
    return not (0 < at < len(line) and line[at - 1].isalnum() and line[at].isalnum())


TOKEN_PUNCT = ".,;:!?\"'()[]{}<>«»“”‘’„‚-–—…*#/|•·"
TERMINAL = re.compile(r"[.!?…。！？।؟][\"'’”»)\]*]*$")
NAV_SEPARATOR = re.compile(r"[|·•»›>¦]")
SENTENCE_BREAK = re.compile(r"[.!?][\"'’”)]*\s+([\"“‘'\w])")
BULLET = re.compile(r"(?:[-*•·–—▪►»]|\d{1,2}[.)])\s+")
HEADLINE_DEFAULTS = {"min_words": 2, "max_words": 30, "max_chars": 250, "max_sentences": 2,
                     "prose_function_words": 0.25}


def ends_a_sentence(t):
    return bool(TERMINAL.search(t)) and not t.rstrip("\"'’”»)]*").endswith("...")


class HandRules:
    """The built-in rule file, read and compiled the way a user would."""

    def __init__(self, path):
        with open(path, "rb") as f:
            spec = tomllib.load(f)
        self.tidy = spec.get("options", {}).get("tidy_blank_lines", True)
        self.function_words = {}  # word -> languages that list it
        for lang, words in spec.get("function_words", {}).items():
            for w in words:
                self.function_words.setdefault(w.lower(), []).append(lang)
        self.languages = list(spec.get("function_words", {}))
        # Rules that apply everywhere, and the ones limited to head/tail.
        self.patterns, self.located_patterns = [], []
        self.whole, self.prefixes, self.contains = set(), [], []
        self.folded, self.located_folded = set(), set()
        self.inline, self.lists, self.repeated, self.shapes = [], [], None, set()
        for rule in spec["rule"]:
            if not rule.get("enabled", True):
                continue
            kind, at = rule["kind"], rule.get("at")
            located = at is not None and "body" not in at
            if kind == "line-pattern":
                entry = (re.compile(rust_to_re(rule["pattern"])), rule.get("max_chars"))
                (self.located_patterns if located else self.patterns).append(entry)
            elif kind == "phrases":
                phrases = [p.lower() for p in rule["phrases"]]
                mode = rule.get("match", "whole")
                if mode == "whole":
                    self.whole.update(phrases)
                elif mode == "prefix":
                    self.prefixes.extend(phrases)
                elif mode == "contains":
                    self.contains.append((tuple(phrases), rule.get("max_chars")))
                elif mode == "folded":
                    (self.located_folded if located else self.folded).update(fold(p) for p in phrases)
            elif kind == "inline-span":
                self.inline.append(re.compile(rust_to_re(rule["pattern"])))
            elif kind == "headline-list":
                shape = dict(HEADLINE_DEFAULTS, **rule.get("headline", {}))
                headings = {h.rstrip(":").strip().lower() for h in rule.get("headings", [])}
                self.lists.append((headings, rule.get("min_items", 3), rule.get("tail_min_items"), shape))
            elif kind == "repeated-line":
                self.repeated = (
                    [fold(p) for p in rule.get("fold_prefixes", [])],
                    rule.get("min_count", 3), rule.get("min_chars", 12), rule.get("only_prefixed", False))
            elif kind == "line-shape":
                self.shapes.add(rule["shape"])
        self.prefix_tuple = tuple(self.prefixes)
        self.fold_max = 2 * max(map(len, self.folded | self.located_folded)) + 16
        self.heading_max = 3 * max((len(h) for hs, *_ in self.lists for h in hs), default=0)
        if self.repeated:
            self.repeated_first_words = {p.split(" ")[0] for p in self.repeated[0]}
        self.first_word = re.compile(r"[\W_]*([^\W_]+)")

    # -- stage 1: line rules ------------------------------------------------

    def junk_line(self, t):
        n = len(t)
        for rx, limit in self.patterns:
            if (limit is None or n <= limit) and rx.fullmatch(t):
                return True
        low = t.lower()
        if low in self.whole:
            return True
        if low.startswith(self.prefix_tuple):
            for p in self.prefixes:
                if low.startswith(p) and word_edge_ok(low, len(p)):
                    return True
        for phrases, limit in self.contains:
            if (limit is None or n <= limit) and any(p in low for p in phrases):
                for p in phrases:
                    k = low.find(p)
                    if k >= 0 and word_edge_ok(low, k) and word_edge_ok(low, k + len(p)):
                        return True
        if n <= self.fold_max and fold(t) in self.folded:
            return True
        return False

    # -- features: words, function words, prose -------------------------------

    def function_word_hits(self, t):
        hits = {}
        for token in t.split():
            langs = self.function_words.get(token.strip(TOKEN_PUNCT).lower())
            if langs:
                for lang in langs:
                    hits[lang] = hits.get(lang, 0) + 1
        return hits

    def detect_language(self, lines, claimed):
        totals, words, read = {}, 0, 0
        for t, c in zip(lines, claimed):
            if c or not t:
                continue
            if read >= 64 * 1024:
                break
            read += len(t)
            words += len(t.split())
            for lang, n in self.function_word_hits(t).items():
                totals[lang] = totals.get(lang, 0) + n
        if not totals:
            return None
        ranked = sorted(totals.items(), key=lambda kv: -kv[1])
        best, count = ranked[0]
        runner_up = ranked[1][1] if len(ranked) > 1 else 0
        ok = count >= 5 and count * 4 >= runner_up * 5 and count >= 0.08 * words
        return best if ok else None

    def function_words_in(self, t, language):
        """Function words of a line in whichever list finds most (a page
        quotes other languages), once the document's language is known."""
        return max(self.function_word_hits(t).values(), default=0) if language else 0

    def is_prose(self, t, language):
        n = len(t)
        if n < 70:
            return False
        if language:
            words = len(t.split())
            return words > 0 and self.function_words_in(t, language) >= 0.20 * words
        return n >= 200 or ends_a_sentence(t)

    def nav_row(self, t, language):
        separators = len(NAV_SEPARATOR.findall(t))
        tokens = t.split()
        separators += tokens.count("/")
        if separators < 2 or t.startswith("|") or t.endswith("|"):
            return False
        if "," in t or "，" in t or "、" in t or ends_a_sentence(t):
            return False
        words = sum(1 for tok in tokens if tok.strip(TOKEN_PUNCT))
        letters = sum(c.isalpha() for c in t)
        digits = sum(c.isdigit() for c in t)
        return (words <= (separators + 1) * 3 and digits * 4 <= letters
                and self.function_words_in(t, language) * 10 <= words)

    def copyright(self, t, low):
        if not ("©" in t or "(c)" in low or "copyright" in low):
            return False
        tokens = t.split()
        if len(tokens) > 30:
            return False
        if "©" in t:
            return True
        for k, token in enumerate(tokens):
            following = tokens[k + 1] if k + 1 < len(tokens) else None
            if token.lower().startswith("(c)"):
                if len(token) > 3 or following is None or not (
                        following[0].islower() and following.strip(TOKEN_PUNCT).lower() in self.function_words):
                    return True
            elif token.strip(TOKEN_PUNCT).lower() == "copyright":
                if k == 0 or following is None or not following[0].islower() or following.rstrip(":") in ("by", "von"):
                    return True
        return False

    # -- stage 2: headline lists ----------------------------------------------

    def headline(self, t, shape):
        text = BULLET.sub("", t, count=1) if BULLET.match(t) else t
        if not text or len(text) > shape["max_chars"] or text.endswith((":", ";", ",")):
            return False
        words = text.split()
        if not shape["min_words"] <= len(words) <= shape["max_words"]:
            return False
        first = next((c for c in text if c.isalnum()), None)
        if first is None or (first.islower() and not any(c.isupper() for c in words[0])):
            return False
        breaks = sum(1 for m in SENTENCE_BREAK.finditer(text)
                     if m.group(1).isupper() or m.group(1).isdigit() or m.group(1) in "\"“‘'")
        return breaks + 1 <= shape["max_sentences"]

    def reads_as_prose(self, t, shape):
        text = (BULLET.sub("", t, count=1) if BULLET.match(t) else t).rstrip("\"'’”)")
        if not text.endswith((".", "。")):
            return False
        words = re.findall(r"[\w'’]+", text)
        function = sum(1 for w in words if w.lower() in self.function_words)
        return bool(words) and function >= shape["prose_function_words"] * len(words)

    def list_run(self, lines, claimed, headings, shape, start):
        items, prose, tight, bulleted, blank_since = [], [], None, None, False
        for j in range(start, len(lines)):
            if claimed[j]:
                continue
            t = lines[j]
            if not t:
                if tight:
                    break
                blank_since = True
                continue
            if (len(t) <= self.heading_max and t.rstrip(":").rstrip().lower() in headings) \
                    or not self.headline(t, shape):
                break
            has_bullet = bool(BULLET.match(t))
            if bulleted is None:
                bulleted = has_bullet
            elif bulleted != has_bullet:
                break
            if len(items) == 1:
                tight = not blank_since
            blank_since = False
            items.append(j)
            prose.append(self.reads_as_prose(t, shape))
            if not prose[0] and len(prose) >= 2 and prose[-1] and prose[-2]:
                break
        if prose and prose[0]:
            return items if all(len(lines[j].split()) <= 12 for j in items) else []
        for k in range(len(prose) - 1):
            if prose[k] and prose[k + 1]:
                del items[k:], prose[k:]
                break
        while prose and prose[-1]:
            prose.pop()
            items.pop()
        return items

    def tail_run(self, lines, claimed, shape, min_items):
        items, bulleted, before = [], None, None
        for j in range(len(lines) - 1, -1, -1):
            t = lines[j]
            if claimed[j] or not t:
                continue
            has_bullet = bool(BULLET.match(t))
            if bulleted is None:
                bulleted = has_bullet
            if not (self.headline(t, shape) and not t.endswith(".") and bulleted == has_bullet):
                before = t
                break
            items.append(j)
        if before is None or len(items) < min_items or before.endswith(":"):
            return
        if sum(1 for j in items if any(c.isdigit() for c in lines[j])) * 3 > len(items):
            return
        words = [len(BULLET.sub("", lines[j], count=1).split()) for j in items]
        if any(w < 3 for w in words) or sum(words) < 5 * len(words):
            return
        for j in items:
            claimed[j] = True

    # -- the document ---------------------------------------------------------

    def clean(self, text):
        raw = text.split("\n")
        lines = [line.strip() for line in raw]
        claimed = [bool(t) and self.junk_line(t) for t in lines]

        if self.repeated:
            prefixes, min_count, min_chars, only_prefixed = self.repeated
            keys, counts = {}, {}
            for i, t in enumerate(lines):
                if claimed[i] or not t:
                    continue
                m = self.first_word.match(t)
                if only_prefixed and not (m and m.group(1).lower() in self.repeated_first_words):
                    continue
                folded = fold(t)
                for p in prefixes:
                    if folded.startswith(p) and (len(folded) == len(p) or folded[len(p)] == " "):
                        key = folded[len(p):].strip()
                        if len(key) >= min_chars:
                            keys[i] = key
                            counts[key] = counts.get(key, 0) + 1
                        break
            for i, key in keys.items():
                if counts[key] >= min_count:
                    claimed[i] = True

        for headings, min_items, tail_min_items, shape in self.lists:
            i = 0
            while headings and i < len(lines):
                t = lines[i]
                if not t or len(t) > self.heading_max or t.rstrip(":").rstrip().lower() not in headings:
                    i += 1
                    continue
                run = self.list_run(lines, claimed, headings, shape, i + 1)
                if len(run) >= min_items:
                    for k in range(i, run[-1] + 1):
                        claimed[k] = True
                    i = run[-1] + 1
                else:
                    i += 1
            if tail_min_items:
                self.tail_run(lines, claimed, shape, tail_min_items)

        # Located rules: the body from the first to the last prose line.
        language = self.detect_language(lines, claimed)
        prose = lambda k: not claimed[k] and lines[k] and self.is_prose(lines[k], language)
        first = next((k for k in range(len(lines)) if prose(k)), None)
        last = next((k for k in range(len(lines) - 1, -1, -1) if prose(k)), None) if first is not None else None
        for i, t in enumerate(lines):
            if claimed[i] or not t:
                continue
            if "nav-row" in self.shapes and (NAV_SEPARATOR.search(t) or " / " in t) and self.nav_row(t, language):
                claimed[i] = True
            elif "copyright" in self.shapes and self.copyright(t, t.lower()):
                claimed[i] = True
            elif first is not None and (i < first or i > last):
                n = len(t)
                if any((limit is None or n <= limit) and rx.fullmatch(t) for rx, limit in self.located_patterns) \
                        or (n <= self.fold_max and fold(t) in self.located_folded):
                    claimed[i] = True

        if self.tidy:
            tidy_blank_lines(lines, claimed)

        kept = []
        for line, c in zip(raw, claimed):
            if c:
                continue
            if "!" in line:
                cut = line
                for rx in self.inline:
                    cut = rx.sub("", cut)
                if cut != line and not cut.strip():
                    continue
                line = cut
            kept.append(line)
        return "\n".join(kept)


def tidy_blank_lines(lines, claimed):
    """Blank lines stranded by removals go with them (chaff's tidying)."""
    n = len(lines)
    previous = None
    for i in range(n):
        if claimed[i]:
            if previous is not None:
                for k in range(previous + 1, i):
                    claimed[k] = True
            previous = i
        elif lines[i]:
            previous = None
    i = 0
    while i < n:
        if not claimed[i]:
            i += 1
            continue
        first = i
        while i < n and claimed[i]:
            i += 1
        before = first
        while before > 0 and not claimed[before - 1] and not lines[before - 1]:
            before -= 1
        after = i
        while after < n and not claimed[after] and not lines[after]:
            after += 1
        at_start, at_end = before == 0, after == n
        if at_end:
            for k in range(before, first):
                claimed[k] = True
        if at_end or at_start or (before < first and after > i):
            for k in range(i, after):
                claimed[k] = True
        i = max(after, i)


# ---------------------------------------------------------------------------
# Baseline 2: the C4 line rules in plain Python, as datatrove implements
# them (`datatrove.pipeline.filters.c4_filters.C4QualityFilter`, after
# TensorFlow Datasets' c4_utils): a line stays if no word is over 1000
# characters, it ends in terminal punctuation (not "..."), has at least 3
# words, and mentions neither "javascript" nor a cookie/terms/privacy
# policy; Wikipedia-style citations are cut. C4's document-level drops
# (lorem ipsum, a curly bracket, fewer than 5 sentences) are left out:
# measured here is line cleaning.
# ---------------------------------------------------------------------------

C4_CITATION = re.compile(r"\[\d*]|\[edit]|\[citation needed]")
C4_END = (".", "?", "!", '"', "'")
C4_POLICY = ("terms of use", "privacy policy", "cookie policy", "uses cookies", "use of cookies", "use cookies")


def c4_clean(text):
    kept = []
    for line in text.splitlines():
        line = line.strip()
        words = line.split()
        if any(len(w) > 1000 for w in words):
            continue
        line = C4_CITATION.sub("", line)
        if not line.endswith(C4_END) or line.endswith("..."):
            continue
        if len(words) < 3:
            continue
        low = line.lower()
        if "javascript" in low or any(p in low for p in C4_POLICY):
            continue
        kept.append(line)
    return "\n".join(kept)


# ---------------------------------------------------------------------------
# Baselines 3 and 4: the libraries themselves, if installed.
# ---------------------------------------------------------------------------

def datatrove_cleaner():
    """datatrove's C4QualityFilter as a line cleaner: `filter` rewrites
    `doc.text` to the kept lines. The document-level drops are switched
    off (lorem ipsum, curly bracket, and `min_num_sentences`, whose
    sentence count would also run spaCy's sentencizer on every kept line);
    the line rules keep their defaults (split on newlines, terminal
    punctuation, 3+ words, javascript, policy phrases, citations)."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    c4 = C4QualityFilter(filter_lorem_ipsum=False, filter_curly_bracket=False, min_num_sentences=-1)

    def clean(text):
        doc = Document(text=text, id="0")
        c4.filter(doc)
        return doc.text

    return clean, _version("datatrove")


class _Paragraph:
    """The two attributes trafilatura's text filters read from an lxml
    element (its text, and the text of its subtree), for one line."""
    __slots__ = ("text", "tail")

    def __init__(self):
        self.text, self.tail = None, None

    def itertext(self):
        return (self.text,)


def trafilatura_cleaner():
    """trafilatura's filters that test text, called per line: `utils.
    textfilter` (drops a paragraph any of whose lines is a share/print
    label: "Facebook", "E-Mail", "Mehr zum Thema:"…; blank ones too) and
    `deduplication.duplicate_test` (drops a paragraph over 100 characters
    seen more than twice, through its LRU cache; a fresh cache per
    document here, so that it counts repeats within a document as chaff's
    repeated-line rule does). Both take an lxml element and read only its
    text, so each line is handed over in a minimal stand-in for one. The
    rest of trafilatura (extraction, link density, tree cleaning) needs
    the HTML tree and has no plain-text form."""
    from trafilatura.deduplication import LRUCache, duplicate_test
    from trafilatura.settings import LRU_SIZE, Extractor
    from trafilatura.utils import textfilter

    options = Extractor()
    paragraph = _Paragraph()

    def clean(text):
        options.dedup = LRUCache(maxsize=LRU_SIZE)
        kept = []
        for line in text.splitlines():
            paragraph.text = line
            if textfilter(paragraph) or duplicate_test(paragraph, options):
                continue
            kept.append(line)
        return "\n".join(kept)

    return clean, _version("trafilatura")


def _version(package):
    from importlib.metadata import version
    return version(package)


def mb_s(clean, docs, seconds):
    """MB/s of the fastest round over `docs`, as the Rust measurements report."""
    total = sum(len(d.encode()) for d in docs)
    start, best = time.perf_counter(), float("inf")
    while best == float("inf") or time.perf_counter() - start < seconds:
        round_start = time.perf_counter()
        for d in docs:
            clean(d)
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

    notes, optional = [], []
    for package, label, make in [
            ("datatrove", "datatrove {} `C4QualityFilter` (line rules), 1 thread", datatrove_cleaner),
            ("trafilatura", "trafilatura {} `textfilter` + `duplicate_test` per line, 1 thread", trafilatura_cleaner)]:
        try:
            clean, version = make()
            optional.append((label.format(version), clean))
        except ImportError as e:
            notes.append(f"{package}: not measured, cannot import it ({e}); "
                         "`pip install -r benches/requirements.txt` adds its row")

    hand = HandRules(RULES_FILE)
    with tempfile.TemporaryDirectory() as corpus:
        subprocess.run([sys.executable, os.path.join(ROOT, "benches", "corpus.py"), "--dir", corpus,
                        "--docs", str(args.docs)], check=True)
        docs = [open(os.path.join(corpus, n), encoding="utf-8").read() for n in sorted(os.listdir(corpus))]
        native = run_json([os.path.join(RELEASE, "throughput"), corpus, str(args.seconds)])
        component = run_json([os.path.join(RELEASE, "throughput-host"), corpus, str(args.seconds), str(args.threads)])
        python = mb_s(hand.clean, docs, args.seconds)
        baselines = [("Python `re` by hand (chaff's built-in rules), 1 thread", python),
                     ("C4 line rules in plain Python, 1 thread", mb_s(c4_clean, docs, args.seconds))]
        baselines += [(label, mb_s(clean, docs, args.seconds)) for label, clean in optional]

    single = component["component_mb_s"]
    rows = [
        ("memchr line splitting (floor)", native["memchr_lines_mb_s"]),
        ("native engine, 1 thread", native["native_mb_s"]),
        ("component via host, 1 thread", single),
        (f"component via host, {component['component_threads']} threads", component["component_threads_mb_s"]),
    ] + baselines
    print(f"corpus: {native['documents']} documents, {native['bytes'] / 1e6:.1f} MB (benches/corpus.py, 1 KB–1 MB each)")
    print()
    print("| scrubber | MB/s | vs Python `re` | chaff component (1 thread) vs this |")
    print("|---|---|---|---|")
    for name, mbs in rows:
        print(f"| {name} | {mbs:.1f} | {mbs / python:.1f}× | {single / mbs:.2f}× |")
    print()
    print(f"component / native: {single / native['native_mb_s']:.2f}×; "
          f"{component['component_threads']} threads / 1 thread: "
          f"{component['component_threads_mb_s'] / single:.2f}×")
    print(f"chaff component, 1 thread, vs Python `re` by hand: {single / python:.1f}× (target ≥ 50×: "
          f"{'met' if single / python >= 50 else 'not met'})")
    for note in notes:
        print(note)


if __name__ == "__main__":
    main()
