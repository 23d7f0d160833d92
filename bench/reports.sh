#!/usr/bin/env bash
# The report benchmark of the README: a published cycle of 2,000 assessees (every response
# submitted, made by `loadgen published`), served by a release build on SQLite; an HR user's
# session reads individual report pages (a different assessee each request) and their API
# object, and the cycle's results page, with wrk (Debian's package) on the same machine.
# The first request of a published cycle scores it; it is made before timing starts.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
assessees="${ASSESSEES:-2000}"
seconds="${SECONDS_PER_RUN:-10}"
port="${PORT:-18095}"
cargo build --release --quiet --bin yardstick --example loadgen
dir="$(mktemp -d)"
db="sqlite://$dir/bench.db"
./target/release/examples/loadgen published --db "$db" --assessees "$assessees"
RUST_LOG=warn ./target/release/yardstick serve --db "$db" --bind "127.0.0.1:$port" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"
until curl -s -o /dev/null "$base/login"; do sleep 0.1; done
token="$(curl -s -H 'Content-Type: application/json' \
  -d '{"username": "hr", "password": "bench-password"}' "$base/api/v1/session" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
cycle=1
lua() {
  cat <<LUA
counter = 0
request = function()
  counter = counter + 1
  local path = string.format("$1", counter % $assessees)
  return wrk.format("GET", path, {["Cookie"] = "yardstick_session=$token",
    ["Authorization"] = "Bearer $token", ["Accept-Encoding"] = "gzip"})
end
LUA
}
lua "/reports/$cycle/A%04d" > "$dir/page.lua"
lua "/api/v1/cycles/$cycle/reports/A%04d" > "$dir/api.lua"
lua "/hr/cycles/$cycle/results" > "$dir/results.lua"
time curl -s -o /dev/null -w 'first report (scores the cycle): %{http_code}\n' \
  -H "Authorization: Bearer $token" "$base/api/v1/cycles/$cycle/reports/A0000"
for run in "page 1" "page 8" "api 8" "results 1" "results 2"; do
  set -- $run
  echo "== $1, $assessees assessees, $2 connection(s)"
  wrk -t"$(( $2 > 1 ? 2 : 1 ))" -c"$2" -d"${seconds}s" --latency -s "$dir/$1.lua" "$base" |
    sed -n '/Latency Distribution/,/Requests\/sec/p;/Non-2xx/p'
done
echo "server memory (RSS): $(ps -o rss= -p $server) KB"
