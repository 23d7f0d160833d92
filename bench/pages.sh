#!/usr/bin/env bash
# The questionnaire page benchmark of the README: the demo company served by a release
# build, every rater's questionnaire pages fetched by 64 concurrent connections (wrk, from
# Debian's packages, on the same machine) for 10 seconds, with the latency distribution; and
# the questionnaire's weight on the wire, plain, gzip and br, with its stylesheet and script.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v wrk >/dev/null || { echo "wrk is needed: apt-get install wrk" >&2; exit 1; }
cargo build --release --quiet --bin yardstick
bin="$PWD/target/release/yardstick"
dir="$(mktemp -d)"
port="${PORT:-18090}"
seconds="${SECONDS_PER_RUN:-10}"
cd "$dir"
RUST_LOG=warn "$bin" demo --bind "127.0.0.1:$port" > demo.out &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
until grep -q "/r/" demo.out 2>/dev/null; do sleep 0.2; done
base="http://127.0.0.1:$port"
# Every questionnaire of every rater of the demo's open cycle (id 2: the published cycle a year
# before is 1).
"$bin" cycle links 2 --db "sqlite://$dir/yardstick-demo.db" | grep -o '/r/[A-Za-z0-9_-]*' > lists.txt
while read -r list; do
  # Homeowners read the cycle's privacy notice once before their questionnaires.
  curl -s -o /dev/null -X POST "$base/api/v1$list/notice"
  curl -s "$base/api/v1$list" | python3 -c '
import json, sys
list = sys.argv[1]
for a in json.load(sys.stdin)["assessees"]:
    print(list + "/" + a["assessee"])' "$list"
done < lists.txt > pages.txt
echo "questionnaire pages: $(wc -l < pages.txt) of $(wc -l < lists.txt) raters"
{
  echo 'paths = {}'
  while read -r p; do echo "paths[#paths + 1] = \"$p\""; done < pages.txt
  cat <<'LUA'
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1], {["Accept-Encoding"] = "gzip"})
end
LUA
} > pages.lua
page="$(head -1 pages.txt)"
html="$(curl -s "$base$page")"
css="$(grep -o '/static/app[^"]*' <<< "$html")"
js="$(grep -o '/static/rater[^"]*' <<< "$html")"
size() { curl -s -H "Accept-Encoding: $2" "$base$1" | wc -c; }
printf '%-28s %9s %9s %9s\n' "weight (bytes)" plain gzip br
for u in "$page" "$css" "$js"; do
  name="$u"; [ "$u" = "$page" ] && name="questionnaire page"
  printf '%-28s %9s %9s %9s\n' "${name##*/}" "$(size "$u" identity)" "$(size "$u" gzip)" "$(size "$u" br)"
done
wrk -t2 -c64 -d"${seconds}s" --latency -s pages.lua "$base" | sed -n '/Latency Distribution/,/Requests\/sec/p;/Non-2xx/p'
