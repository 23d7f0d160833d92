#!/usr/bin/env bash
# The export benchmark of the README: a published cycle of 10,000 assessees (every response
# submitted, made by `loadgen published`) on SQLite, release build.
#   1. `yardstick report company --format xlsx|pdf`: the whole command (opening the
#      database, loading and scoring the cycle, the company report, every assessee's full
#      report, the file), wall time and peak memory from /usr/bin/time;
#   2. the server: the company XLSX through the API (the cycle already scored), and
#      individual PDFs, a different assessee each request, with wrk on the same machine.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
assessees="${ASSESSEES:-10000}"
seconds="${SECONDS_PER_RUN:-10}"
port="${PORT:-18096}"
cargo build --release --quiet --bin yardstick --example loadgen
release="${CARGO_TARGET_DIR:-target}/release"
dir="$(mktemp -d)"
db="sqlite://$dir/bench.db"
y="$release/yardstick"
"$release/examples/loadgen" published --db "$db" --assessees "$assessees"
measure() {
  /usr/bin/time -f "  %e s wall, %M KB peak memory" "$@" 2>&1 | grep -v '^wrote'
}
for format in xlsx pdf; do
  echo "== yardstick report company --format $format, $assessees assessees"
  measure $y report company --cycle 1 --target 20,70,10 --format "$format" \
    --out "$dir/company.$format" --db "$db"
  ls -l "$dir/company.$format" | awk '{print "  " $5 " bytes"}'
done
echo "== yardstick report individual --format pdf (the whole command)"
measure $y report individual --cycle 1 --assessee A0001 --format pdf --out "$dir/a.pdf" --db "$db"

RUST_LOG=warn $y serve --db "$db" --bind "127.0.0.1:$port" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
until curl -s -o /dev/null "$base/login"; do sleep 0.1; done
token="$(curl -s -H 'Content-Type: application/json' \
  -d '{"username": "hr", "password": "bench-password"}' "$base/api/v1/session" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
auth=(-H "Authorization: Bearer $token")
curl -s -o /dev/null -w '== first individual PDF (scores the cycle): %{http_code} in %{time_total} s\n' \
  "${auth[@]}" "$base/api/v1/cycles/1/reports/A0000/export?format=pdf"
for format in xlsx pdf; do
  for run in 1 2 3; do
    curl -s -o /dev/null -w "== company $format through the API, run $run: %{http_code} in %{time_total} s, %{size_download} bytes\n" \
      "${auth[@]}" "$base/api/v1/cycles/1/company/export?format=$format&target=20,70,10"
  done
done
cat > "$dir/pdf.lua" <<LUA
counter = 0
request = function()
  counter = counter + 1
  local path = string.format("/api/v1/cycles/1/reports/A%04d/export?format=pdf", counter % $assessees)
  return wrk.format("GET", path, {["Authorization"] = "Bearer $token"})
end
LUA
for c in 1 2; do
  echo "== individual PDFs, $c connection(s)"
  wrk -t"$c" -c"$c" -d"${seconds}s" --latency -s "$dir/pdf.lua" "$base" |
    sed -n '/Latency Distribution/,/Requests\/sec/p;/Non-2xx/p'
done
echo "server memory (RSS): $(ps -o rss= -p $server) KB; peak (VmHWM): $(grep VmHWM /proc/$server/status | awk '{print $2}') KB"
