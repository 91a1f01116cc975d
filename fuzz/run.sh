#!/usr/bin/env bash
# Run every fuzz target for a fixed time (default 60 s each). Not part of
# the default test command: needs nightly and cargo-fuzz
# (`cargo +nightly install cargo-fuzz`). Findings land in fuzz/artifacts/;
# each one fixed becomes a regression test in guest/engine/tests/.
#   bash fuzz/run.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")"
seconds="${1:-60}"
for target in parse_rules clean_text clean_with_rules; do
    echo "== $target (${seconds}s)"
    cargo +nightly fuzz run "$target" -- -max_total_time="$seconds" -max_len=16384 -rss_limit_mb=4096
done
