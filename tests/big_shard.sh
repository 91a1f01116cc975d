#!/usr/bin/env bash
# The JSONL memory bound on a large shard (issue 15): a generated 2 GB shard
# with a 1 GB record in the middle. Every other record must be cleaned and
# written, the big record passed through byte for byte (it is over the
# 256 MiB input limit, so it is streamed, never held), and the peak RSS
# must stay within the bound the README states:
#
#   peak <= 64 MB + R + (2*jobs + 2)*C + 4*jobs*C + (jobs + 1)*G
#   L = --max-input-bytes (256 MiB), R = min(L, longest line) + 1 MiB,
#   C = max(4 MiB, longest record within L), G = 3*C + 32 MiB
#
# Not part of tests/all.sh: it writes about 4 GB to disk and takes a few
# minutes on two cores. Needs GNU time (/usr/bin/time).
#
#   bash tests/big_shard.sh [JOBS] [WORKDIR]
set -euo pipefail
cd "$(dirname "$0")/.."

jobs=${1:-2}
work=${2:-$(mktemp -d)}
mkdir -p "$work"
shard="$work/shard.jsonl"
out="$work/clean.jsonl"

cargo build --release --locked --quiet
chaff=target/release/chaff

echo "== generating $shard"
python3 - "$shard" <<'EOF'
import subprocess, sys

path = sys.argv[1]
half = 500_000_000          # bytes of text on each side of the big record
big = 1 << 30               # the big record's text
max_record = 100_000

def corpus(seed, into):
    # benches/corpus.py writes JSONL records of 1 KB .. 100 KB of text.
    subprocess.run([sys.executable, "benches/corpus.py", "--jsonl", "--bytes", str(half),
                    "--max-size", str(max_record), "--seed", str(seed)], stdout=into, check=True)

with open(path, "wb") as f:
    corpus(7, f)
    f.flush()
    f.write(b'{"id":"big","text":"')
    line = b"A long paragraph of the one enormous record, repeated.\\n"
    block = line * ((1 << 20) // len(line))
    written = 0
    while written < big:
        f.write(block)
        written += len(block)
    f.write(b'"}\n')
    f.flush()
    corpus(8, f)
EOF
ls -l "$shard"
lines_in=$(wc -l < "$shard")

echo "== cleaning with --jobs $jobs"
/usr/bin/time -v "$chaff" clean --jsonl -q --jobs "$jobs" "$shard" -o "$out" 2> "$work/time.txt" || status=$?
grep -E "Maximum resident|Elapsed" "$work/time.txt"
grep -E "^chaff" "$work/time.txt" || true
if [ "${status:-0}" != 1 ]; then
    echo "FAIL: expected exit status 1 (the big record is reported), got ${status:-0}"
    exit 1
fi

echo "== checking the output"
lines_out=$(wc -l < "$out")
big_in=$(grep -n '^{"id":"big"' "$shard" | cut -d: -f1 | head -1)
sum_in=$(sed -n "${big_in}p" "$shard" | sha256sum | cut -d' ' -f1)
big_out=$(grep -n '^{"id":"big"' "$out" | cut -d: -f1 | head -1)
sum_out=$(sed -n "${big_out}p" "$out" | sha256sum | cut -d' ' -f1)
echo "records in: $lines_in, out: $lines_out; big record at line $big_in in, $big_out out"
[ "$lines_in" = "$lines_out" ] || { echo "FAIL: records lost"; exit 1; }
[ "$big_in" = "$big_out" ] || { echo "FAIL: the big record moved"; exit 1; }
[ "$sum_in" = "$sum_out" ] || { echo "FAIL: the big record changed"; exit 1; }
if grep -q 'Read More:' <(head -c 200000000 "$out"); then
    echo "FAIL: records before the big one were not cleaned"; exit 1
fi

peak_kb=$(grep "Maximum resident" "$work/time.txt" | awk '{print $NF}')
mib=$((1 << 20))
r=$((257 * mib))                   # the 1 GB line is read up to the limit
c=$((4 * mib))                     # every other record is at most 100 KB
g=$((3 * c + 32 * mib))
bound=$((64 * 1000 * 1000 + r + (2 * jobs + 2) * c + 4 * jobs * c + (jobs + 1) * g))
echo "peak RSS: $((peak_kb / 1024)) MiB; stated bound for --jobs $jobs: $((bound / mib)) MiB"
if [ $((peak_kb * 1024)) -gt "$bound" ]; then
    echo "FAIL: over the bound"
    exit 1
fi
echo "ok"
[ -n "${2:-}" ] || rm -rf "$work"
