#!/usr/bin/env bash
# The mixed load benchmark of the README: virtual raters opening their list and questionnaire
# pages, saving drafts (the page script's API PUT, the form's draft button) and submitting
# the form with its CSRF token, and HR clients reading the progress page and API and the
# results API and page, for DURATION seconds (600) against a release `yardstick serve`,
# first on SQLite, then on the PostgreSQL server at 127.0.0.1:5432 (user postgres, a fresh
# database yardstick_load, dropped afterwards). The load generator
# (crates/cli/examples/load.rs) starts the server itself, samples its memory and prints a
# table per kind of request; it fails on any unexpected answer. Options after the script's
# name go to `load run` (e.g. --raters 64 --hr 4). BACKENDS="sqlite" or "postgres" runs one.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin yardstick --example load
release="${CARGO_TARGET_DIR:-target}/release"
duration="${DURATION:-600}"
backends="${BACKENDS:-sqlite postgres}"
dir="$(mktemp -d)"
pg="postgres://postgres@127.0.0.1:5432/yardstick_load"
psql_() { psql -h 127.0.0.1 -U postgres -qc "$1" postgres; }
cleanup() {
  rm -rf "$dir"
  if [[ " $backends " == *" postgres "* ]] && command -v psql >/dev/null; then
    psql_ 'DROP DATABASE IF EXISTS yardstick_load WITH (FORCE)' 2>/dev/null || true
  fi
}
trap cleanup EXIT
status=0

run() {
  echo "== $1, $duration s ($(uptime))"
  "$release/examples/load" run --bin "$release/yardstick" --db "$2" --duration "$duration" "${@:3}" ||
    status=1
}

for backend in $backends; do
  case "$backend" in
  sqlite) run SQLite "sqlite://$dir/load.db" "$@" ;;
  postgres)
    if command -v psql >/dev/null && psql_ 'SELECT 1' >/dev/null 2>&1; then
      psql_ 'DROP DATABASE IF EXISTS yardstick_load WITH (FORCE)'
      psql_ 'CREATE DATABASE yardstick_load'
      YARDSTICK_SECRET="$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')" run PostgreSQL "$pg" "$@"
    else
      echo "PostgreSQL at 127.0.0.1:5432 does not answer: its run is skipped"
    fi
    ;;
  *) echo "unknown backend $backend (sqlite, postgres)" >&2; exit 2 ;;
  esac
done
exit $status
