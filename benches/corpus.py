#!/usr/bin/env python3
"""Generate a benchmark corpus: scraped-looking articles with junk mixed in.

Deterministic (seeded), written for chaff, in seven languages. Documents are
1 KB to 1 MB (log-uniform by default). Each has paragraphs of prose plus the
junk chaff removes: read-more lines, credits, spam, breadcrumbs, lone UI
words, metadata, newsletter calls and related-headline lists.

    python3 benches/corpus.py --jsonl --bytes 1e9 > shard.jsonl
    python3 benches/corpus.py --dir corpus/ --docs 200
"""
import argparse
import json
import math
import os
import random
import sys

WORDS = {
    "en": "the council said on tuesday that work on the new harbour wall would start in spring and "
          "residents were asked to share their views before the final plans are published later this year".split(),
    "de": "der stadtrat hat am dienstag beschlossen dass die arbeiten an der neuen brücke im frühjahr "
          "beginnen und die anwohner ihre meinung vor der veröffentlichung der pläne sagen können".split(),
    "fr": "le conseil municipal a annoncé mardi que les travaux du nouveau port commenceront au printemps "
          "et que les habitants pourront donner leur avis avant la publication des plans".split(),
    "es": "el ayuntamiento anunció el martes que las obras del nuevo puerto empezarán en primavera y que "
          "los vecinos podrán opinar antes de que se publiquen los planes definitivos".split(),
    "pt": "a câmara municipal anunciou na terça que as obras do novo porto vão começar na primavera e que "
          "os moradores poderão opinar antes da publicação dos planos finais".split(),
    "it": "il consiglio comunale ha annunciato martedì che i lavori del nuovo porto inizieranno in primavera "
          "e che i residenti potranno esprimere un parere prima della pubblicazione dei piani".split(),
    "id": "dewan kota mengumumkan pada hari selasa bahwa pembangunan pelabuhan baru akan dimulai pada musim "
          "semi dan warga dapat memberikan pendapat sebelum rencana akhir diterbitkan".split(),
}
READ_MORE = {"en": "Read More", "de": "Lesen Sie auch", "fr": "Lire aussi", "es": "Lea también",
             "pt": "Leia também", "it": "Leggi anche", "id": "Baca juga"}
RELATED = {"en": "Related", "de": "Mehr zum Thema", "fr": "À lire aussi", "es": "Noticias relacionadas",
           "pt": "Notícias relacionadas", "it": "Articoli correlati", "id": "Berita terkait"}


def sentence(rng, lang, lo=8, hi=24):
    words = rng.choices(WORDS[lang], k=rng.randint(lo, hi))
    return " ".join(words).capitalize() + "."


def headline(rng, lang):
    return " ".join(rng.choices(WORDS[lang], k=rng.randint(5, 10))).capitalize()


def junk(rng, lang):
    kind = rng.randrange(9)
    if kind == 0:
        return [f"{READ_MORE[lang]}: {headline(rng, lang)}"]
    if kind == 1:
        return ["Credit: DepositPhotos" if rng.random() < 0.5 else "Photo: Staff/Reuters"]
    if kind == 2:
        return [f"{rng.choice(['nice', 'great', 'very'])}{rng.choice(['Job', 'Work', 'Good'])}! ({rng.randint(1000, 99999)})"]
    if kind == 3:
        return [f"Home > {headline(rng, lang).split()[0].capitalize()} > Local"]
    if kind == 4:
        return [rng.choice(["View", "Leave a Comment", "Share", "Advertisement"])]
    if kind == 5:
        return [f"Date:20{rng.randint(10, 26)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)} 14:42:41"]
    if kind == 6:
        return ["Sign up for our newsletter to get the week's news every Friday."]
    return [RELATED[lang]] + [f"- {headline(rng, lang)}" for _ in range(rng.randint(3, 8))]


def document(rng, size):
    lang = rng.choice(list(WORDS))
    lines = [headline(rng, lang), ""]
    length = 0
    while length < size:
        if rng.random() < 0.15:
            block = junk(rng, lang)
        else:
            block = [" ".join(sentence(rng, lang) for _ in range(rng.randint(2, 6)))]
        lines.extend(block)
        lines.append("")
        length += sum(len(l) + 1 for l in block) + 1
    return "\n".join(lines)


def sizes(rng, lo=1_000, hi=1_000_000):
    while True:
        yield int(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--jsonl", action="store_true", help="JSONL records on stdout")
    ap.add_argument("--dir", help="write one .txt file per document here")
    ap.add_argument("--bytes", type=float, default=0, help="stop after this many bytes of text")
    ap.add_argument("--docs", type=int, default=0, help="stop after this many documents")
    ap.add_argument("--min-size", type=int, default=1_000)
    ap.add_argument("--max-size", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    if args.dir:
        os.makedirs(args.dir, exist_ok=True)
    out = sys.stdout
    total = 0
    for i, size in enumerate(sizes(rng, args.min_size, args.max_size)):
        if (args.docs and i >= args.docs) or (args.bytes and total >= args.bytes):
            break
        if not args.docs and not args.bytes:
            break
        doc = document(rng, size)
        total += len(doc.encode())
        if args.dir:
            with open(os.path.join(args.dir, f"{i:06d}.txt"), "w", encoding="utf-8") as f:
                f.write(doc)
        else:
            out.write(json.dumps({"id": i, "url": f"https://example.org/{i}", "text": doc}, ensure_ascii=False))
            out.write("\n")


if __name__ == "__main__":
    main()
