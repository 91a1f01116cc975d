#!/usr/bin/env bash
# Regrow the built-in `nav.*` packs: learn lines that recur across sites in
# full-page text and write them, with counts and an example each, for a
# person to review. Nothing is copied into the rules automatically: read
# target/learned/*.toml, drop site names, people, places and anything that
# is content somewhere, and move what is general into
# guest/engine/src/rules/builtin.toml (nav.site-links everywhere,
# nav.section-links at head/tail only).
#
#   scripts/grow-packs.sh [EVAL_DIR] [MIN_SITES]
#
# EVAL_DIR defaults to ../shared/eval (AEB and trafeval, ~1,100 sites);
# any JSONL with a `url` field and full-page text fields works the same.
set -euo pipefail
cd "$(dirname "$0")/.."
eval_dir="${1:-../shared/eval}"
min_sites="${2:-3}"
mkdir -p target/learned
cargo build --release -q -p chaff-engine --example learn_jsonl
learn=target/release/examples/learn_jsonl
{ zcat "$eval_dir/aeb/extracted.jsonl.gz"; zcat "$eval_dir/trafeval/extracted.jsonl.gz"; } |
    "$learn" --field fulltext_resiliparse --field fulltext_htmltext --url-field url \
        --min-sites "$min_sites" --min-documents "$min_sites" > target/learned/fulltext.toml
{ zcat "$eval_dir/aeb/extracted.jsonl.gz"; zcat "$eval_dir/trafeval/extracted.jsonl.gz"; } |
    "$learn" --field trafilatura_nocomments --field trafilatura_default --field readability \
        --field newspaper4k --field resiliparse_main --field justext --url-field url \
        --min-sites "$min_sites" --min-documents "$min_sites" > target/learned/extractors.toml
grep -c 'documents,' target/learned/*.toml || true
echo "review target/learned/fulltext.toml and target/learned/extractors.toml"
