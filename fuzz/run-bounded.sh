#!/usr/bin/env bash
# A short, bounded run of every fuzz target (docs/fuzzing.md): builds them with cargo-fuzz
# on the stable toolchain (no sanitizer: `-s none`), then runs each for FUZZ_SECONDS
# (default 20) from the seed corpus in fuzz/corpus/<target>/, on a copy, so the
# repository's corpus stays as committed. A crash fails the script and leaves its input
# under fuzz/artifacts/<target>/.
set -euo pipefail
cd "$(dirname "$0")"

seconds="${FUZZ_SECONDS:-20}"
targets=(responses people model_toml form_text api_json forms)

if ! cargo fuzz --version >/dev/null 2>&1; then
  start=$(date +%s)
  cargo install cargo-fuzz --locked --version 0.13.1
  echo "cargo-fuzz installed in $(( $(date +%s) - start )) s"
fi

start=$(date +%s)
cargo fuzz build -s none
echo "fuzz targets built in $(( $(date +%s) - start )) s"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for t in "${targets[@]}"; do
  mkdir -p "$work/$t"
  cp corpus/"$t"/* "$work/$t"/
  echo "fuzzing $t for ${seconds} s"
  status=0
  cargo fuzz run -s none "$t" "$work/$t" -- \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -timeout=10 \
    -print_final_stats=1 >"$work/$t.log" 2>&1 || status=$?
  grep -E "^(#[0-9]+ +DONE|stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb)" "$work/$t.log" || true
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$work/$t.log"
    echo "fuzz target $t failed (exit $status)"
    exit "$status"
  fi
done
echo "every fuzz target ran ${seconds} s without a crash"
