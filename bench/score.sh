#!/usr/bin/env bash
# The `yardstick score` benchmark of the README: 10,000 assessees × 13 raters × 79 items.
# Prints wall-clock time and peak memory of five runs.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin yardstick --example generate_responses
data="${TMPDIR:-/tmp}/yardstick-bench-responses.csv"
out="${TMPDIR:-/tmp}/yardstick-bench-results.json"
./target/release/examples/generate_responses 10000 13 > "$data"
echo "input: $(wc -l < "$data") lines, $(du -m "$data" | cut -f1) MB"
for _ in 1 2 3 4 5; do
  /usr/bin/time -f "%e s wall, %U s user, %M KB peak" \
    ./target/release/yardstick score --builtin --responses "$data" --out "$out" 2>&1 | tail -1
done
