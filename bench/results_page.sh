#!/usr/bin/env bash
# The console's results page benchmark of the README: a cycle of 2,000 assessees, each rated
# by 8 homeowners (16,000 submitted 79-item responses), served by a release build; the
# results page, a sorted and a filtered view of it, and the CSV download are fetched ten
# times each by one client on the same machine, with the fastest, median and slowest time.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release --quiet --bin yardstick --example loadgen
dir="$(mktemp -d)"
port="${PORT:-18095}"
db="sqlite://$dir/bench.db"
./target/release/examples/loadgen setup --db "$db" --raters 8 --assessees 2000
RUST_LOG=warn ./target/release/yardstick serve --db "$db" --bind "127.0.0.1:$port" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.1; done
base="http://127.0.0.1:$port"
# Every rater submits every response (15 s is enough on a 2-core machine; the count is printed).
./target/release/examples/loadgen run --db "$db" --url "$base" --concurrency 8 --seconds 15 >/dev/null
RUST_LOG=warn ./target/release/yardstick user add bench --role hr --password-stdin --db "$db" \
  <<< "bench-password" >/dev/null
token="$(curl -s -H 'content-type: application/json' \
  -d '{"username":"bench","password":"bench-password"}' "$base/api/v1/session" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')"
echo "responses: $(curl -s -H "Authorization: Bearer $token" "$base/api/v1/cycles/1/progress" |
  python3 -c 'import json, sys; print(json.load(sys.stdin)["total"]["submitted"])')"
timed() {
  for _ in $(seq 10); do
    curl -s -o /dev/null -w '%{time_total} %{size_download}\n' \
      -H "Cookie: yardstick_session=$token" "$base$1"
  done | sort -n | awk -v what="$1" '{ t[NR] = $1; s = $2 }
    END { printf "%-58s fastest %4.0f ms, median %4.0f ms, slowest %4.0f ms, %d KB\n",
      what, t[1] * 1000, (t[5] + t[6]) * 500, t[NR] * 1000, s / 1024 }'
}
timed "/hr/cycles/1/results"
timed "/hr/cycles/1/results?sort=dimension.3&dir=asc"
timed "/hr/cycles/1/results?department=%E7%AE%A1%E7%90%86%E5%A4%841"
timed "/hr/cycles/1/results.csv"
