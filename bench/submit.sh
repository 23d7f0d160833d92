#!/usr/bin/env bash
# The submission benchmark of the README: 64 concurrent raters submitting full 79-item
# responses over HTTP, each on disk before its answer, against SQLite and then PostgreSQL
# (the server at 127.0.0.1:5432, user postgres, database yardstick_bench, recreated).
# The load generator runs on the same machine as the server.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin yardstick --example loadgen
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
port="${PORT:-18080}"
seconds="${SECONDS_PER_RUN:-8}"

bench() {
  local db="$1"
  echo "== $db"
  ./target/release/examples/loadgen setup --db "$db" --raters 64 --assessees 1000
  RUST_LOG=warn ./target/release/yardstick serve --db "$db" --bind "127.0.0.1:$port" &
  local server=$!
  until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.1; done
  ./target/release/examples/loadgen run --db "$db" --url "http://127.0.0.1:$port" \
    --concurrency 64 --seconds "$seconds"
  kill -TERM "$server"
  wait "$server" || true
}

bench "sqlite://$dir/bench.db"

if command -v psql >/dev/null && psql -h 127.0.0.1 -U postgres -qc 'SELECT 1' postgres >/dev/null 2>&1; then
  psql -h 127.0.0.1 -U postgres -qc 'DROP DATABASE IF EXISTS yardstick_bench WITH (FORCE)' postgres
  psql -h 127.0.0.1 -U postgres -qc 'CREATE DATABASE yardstick_bench' postgres
  YARDSTICK_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" \
    bench "postgres://postgres@127.0.0.1:5432/yardstick_bench"
else
  echo "PostgreSQL at 127.0.0.1:5432 does not answer: its run is skipped"
fi
