#!/usr/bin/env python3
"""Generate a JSONL shard for `chaff learn`: pages of many sites, each with
its own template around an article, and widgets that many sites share.

`benches/corpus.py` makes the articles (seven languages, the junk the
built-in rules remove mixed in); this wraps each one the way a crawl of
real sites looks to an extractor, so that learning has something to find
and something to leave alone:

* every site has a menu, a tagline and a footer of its own on most of its
  pages (the tagline is site boilerplate the built-in rules do not know:
  `learned.site.<host>` rules; the menu and the copyright line they
  remove already);
* sites pick a few widget lines from a shared pool (share bars, app and
  podcast calls, comment counters: cross-site phrasings);
* some pages quote a sentence that many sites quote (content that recurs:
  must not be proposed).

Deterministic (seeded). Records are `{"id", "url", "text"}` like
corpus.py's, with the URL's host naming the site.

    python3 benches/learn_corpus.py --bytes 1e9 > learn-shard.jsonl
    /usr/bin/time -v chaff learn --jsonl --url-field url --jobs 2 learn-shard.jsonl -o learned.toml
"""
import argparse
import json
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import corpus  # noqa: E402

WIDGETS = [
    "Share on Facebook", "Share on X", "Share this article", "Follow us on Instagram",
    "Download our app for the latest news", "Listen to our daily podcast",
    "Join the conversation below", "Most read this week", "Get breaking news alerts",
    "Send us your tips", "Support independent journalism", "Print this page",
    "Copy link", "Text size", "Listen to this article", "Report an error in this story",
    "Teilen auf Facebook", "Artikel teilen", "Partager sur Facebook", "Compartir en Twitter",
    "Condividi su Facebook", "Bagikan artikel ini", "Compartilhe no WhatsApp",
    "Sign in to save this story", "Gift this article", "Comments are closed",
]
QUOTES = [
    "The only thing we have to fear is fear itself, the president told a nation in the depths of the crisis.",
    "We shall fight on the beaches, we shall fight on the landing grounds, we shall never surrender.",
    "Ask not what your country can do for you, ask what you can do for your country.",
]
SECTIONS = ["News", "Sport", "Business", "Culture", "Opinion", "Science", "Travel", "Food", "Local"]


SYLLABLES = "ka lo mi ren tas vel dor pin sa ru bel gan to mer fi lun cas ho ver nia".split()
MOTTOS = ["independent news for", "the voice of", "your daily paper in", "stories from", "news and views from"]


def word(rng):
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


def site(rng, n):
    """A site's template: host, menu, tagline, footer, widgets. Names are
    made of syllables (digits fold away, so they would not tell sites
    apart), so each site's tagline is its own line."""
    name, region = word(rng), word(rng)
    kind = rng.choice(["Daily", "Herald", "Post", "Times", "Courier", "Gazette", "Zeitung", "Diario"])
    menu = " | ".join(["Home"] + rng.sample(SECTIONS, rng.randint(3, 6)))
    return {
        "host": f"www.{name.lower()}-{kind.lower()}-{n}.example",
        "menu": menu,
        "tagline": f"{name} {kind}, {rng.choice(MOTTOS)} {region}",
        "footer": f"© {2010 + n % 16} {name} {kind} Media Group",
        "widgets": rng.sample(WIDGETS, rng.randint(1, 4)),
    }


def page(rng, s, size):
    lines = []
    if rng.random() < 0.9:
        lines += [s["menu"], ""]
    body = corpus.document(rng, size).split("\n")
    if rng.random() < 0.05:
        body.insert(min(len(body), 4), rng.choice(QUOTES))
    lines += body
    lines.append("")
    for w in s["widgets"]:
        if rng.random() < 0.8:
            lines.append(w)
    if rng.random() < 0.85:
        lines.append(s["tagline"])
    if rng.random() < 0.85:
        lines.append(s["footer"])
    return "\n".join(lines)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--bytes", type=float, required=True, help="stop after this many bytes of text")
    ap.add_argument("--sites", type=int, default=2000)
    ap.add_argument("--min-size", type=int, default=1_000)
    ap.add_argument("--max-size", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=11)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    sites = [site(rng, n) for n in range(args.sites)]
    out = sys.stdout
    total = 0
    for i, size in enumerate(corpus.sizes(rng, args.min_size, args.max_size)):
        if total >= args.bytes:
            break
        # A few big sites and a long tail, as in a crawl.
        s = sites[min(int(rng.paretovariate(1.2)) - 1, len(sites) - 1) if rng.random() < 0.5 else rng.randrange(len(sites))]
        text = page(rng, s, size)
        total += len(text.encode())
        out.write(json.dumps({"id": i, "url": f"https://{s['host']}/{rng.choice(SECTIONS).lower()}/{i}", "text": text},
                             ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
