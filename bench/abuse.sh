#!/usr/bin/env bash
# The login storm benchmark of the README: 16 raters loading questionnaire pages one after
# another, first alone, then while 32 clients post wrong logins for unknown names — each
# from an address of its own (X-Forwarded-For, believed from 127.0.0.1 as a trusted proxy),
# so none is throttled and every one costs an argon2 verification — and then while the 32
# post them all from one address, which is throttled after 10. SQLite; the load generator
# runs on the same machine as the server.
set -euo pipefail
cd "$(dirname "$0")/.."
# PROFILE=dev measures a debug build (argon2 is optimised there too) when a release build
# cannot be afforded.
profile="${PROFILE:-release}"
cargo build --profile "$profile" --quiet --bin yardstick --example loadgen
out="${CARGO_TARGET_DIR:-target}/$([ "$profile" = dev ] && echo debug || echo "$profile")"
dir="$(mktemp -d)"
port="${PORT:-18085}"
seconds="${SECONDS_PER_RUN:-8}"
db="sqlite://$dir/bench.db"
printf 'trusted_proxies = ["127.0.0.1"]\n' > "$dir/yardstick.toml"
"$out"/examples/loadgen setup --db "$db" --raters 16 --assessees 50
RUST_LOG=warn "$out"/yardstick serve --config "$dir/yardstick.toml" --db "$db" \
  --bind "127.0.0.1:$port" &
server=$!
trap 'kill -TERM $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$dir"' EXIT
until (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do sleep 0.1; done
storm() {
  "$out"/examples/loadgen storm --db "$db" --url "http://127.0.0.1:$port" \
    --raters 16 --seconds "$seconds" "$@"
}
echo "== raters alone";                          storm --logins 0
echo "== 32 wrong logins, each from its own address"; storm --logins 32
echo "== 32 wrong logins from one address";       storm --logins 32 --one-address
