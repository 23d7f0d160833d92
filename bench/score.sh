#!/usr/bin/env bash
# The `yardstick score` benchmark of the README: 10,000 assessees × 13 raters × 79 items.
# Ten runs each of results to standard output (redirected to a file) and of `--out FILE`
# (a temporary file flushed to disk, then renamed); prints the fastest, median and slowest
# wall-clock time and the largest peak memory.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin yardstick --example generate_responses
dir="${TMPDIR:-/tmp}"
data="$dir/yardstick-bench-responses.csv"
./target/release/examples/generate_responses 10000 13 > "$data"
echo "input: $(($(wc -l < "$data") - 1)) responses, $(($(stat -c %s "$data") / 1000000)) MB"

summary() {
  sort -n | awk '{ t[NR] = $1; if ($2 > m) m = $2 }
    END { printf "fastest %.2f s, median %.2f s, slowest %.2f s, peak memory %d MB\n", t[1], (t[int((NR + 1) / 2)] + t[int(NR / 2) + 1]) / 2, t[NR], m / 1024 }'
}

printf 'stdout: '
for _ in $(seq 10); do
  /usr/bin/time -f "%e %M" ./target/release/yardstick score --builtin --responses "$data" 2>&1 >"$dir/yardstick-bench-results.json"
done | summary
printf -- '--out:  '
for _ in $(seq 10); do
  /usr/bin/time -f "%e %M" ./target/release/yardstick score --builtin --responses "$data" --out "$dir/yardstick-bench-results.json" 2>&1 | tail -1
done | summary
