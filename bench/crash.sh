#!/usr/bin/env bash
# The kill -9 trials of the README: TRIALS (100) times, a new cycle, a release `yardstick
# serve` started, 32 concurrent clients saving a draft and then submitting each of their 40
# responses (the API PUT), the server killed with SIGKILL once a random number of requests
# have been answered, started again, and every response of the cycle read back (the API)
# and every submitted one counted in the database: each acknowledged submission stored once
# with its answers and comment, each request left unanswered stored whole or not at all.
# First on SQLite, then on the PostgreSQL server at 127.0.0.1:5432 (user postgres, a fresh
# database yardstick_crash, dropped afterwards); BACKENDS="sqlite" or "postgres" runs one.
# Options after the script's name go to `load crash` (e.g. --seed N to repeat a run).
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin yardstick --example load
release="${CARGO_TARGET_DIR:-target}/release"
trials="${TRIALS:-100}"
backends="${BACKENDS:-sqlite postgres}"
dir="$(mktemp -d)"
pg="postgres://postgres@127.0.0.1:5432/yardstick_crash"
psql_() { psql -h 127.0.0.1 -U postgres -qc "$1" postgres; }
cleanup() {
  rm -rf "$dir"
  if [[ " $backends " == *" postgres "* ]] && command -v psql >/dev/null; then
    psql_ 'DROP DATABASE IF EXISTS yardstick_crash WITH (FORCE)' 2>/dev/null || true
  fi
}
trap cleanup EXIT
status=0

run() {
  echo "== $1, $trials trials ($(uptime))"
  "$release/examples/load" crash --bin "$release/yardstick" --db "$2" --trials "$trials" "${@:3}" ||
    status=1
}

for backend in $backends; do
  case "$backend" in
  sqlite) run SQLite "sqlite://$dir/crash.db" "$@" ;;
  postgres)
    if command -v psql >/dev/null && psql_ 'SELECT 1' >/dev/null 2>&1; then
      psql_ 'DROP DATABASE IF EXISTS yardstick_crash WITH (FORCE)'
      psql_ 'CREATE DATABASE yardstick_crash'
      YARDSTICK_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" run PostgreSQL "$pg" "$@"
    else
      echo "PostgreSQL at 127.0.0.1:5432 does not answer: its run is skipped"
    fi
    ;;
  *) echo "unknown backend $backend (sqlite, postgres)" >&2; exit 2 ;;
  esac
done
exit $status
