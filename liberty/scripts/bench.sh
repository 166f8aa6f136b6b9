#!/usr/bin/env bash
# Benchmark of the API's hot path against a running server (start it with run.sh first).
# Measures, in one run on this machine, with 64 connections for 20 s each:
#   1. GET /info/version       - a trivial JAX-RS GET: the ceiling of the stack
#   2. POST /api/meetings/create - authentication, validation and a durable PostgreSQL write
# and prints requests/s, p50, p99 and the ratio of 2 to 1.
# The run uses its own account, whose rate limit it raises so the limiter does not cap it.
#   CHROOM_URL (default http://localhost:9080), CHROOM_BOOTSTRAP_API_KEY (default: run.sh's),
#   BENCH_SECONDS (20), BENCH_CONNECTIONS (64)
set -euo pipefail
url="${CHROOM_URL:-http://localhost:9080}"
seconds="${BENCH_SECONDS:-20}"
connections="${BENCH_CONNECTIONS:-64}"
if [[ -z "${CHROOM_BOOTSTRAP_API_KEY:-}" && -f "$HOME/.config/chroom/dev.env" ]]; then
  # shellcheck disable=SC1091
  source "$HOME/.config/chroom/dev.env"
fi
admin="${CHROOM_BOOTSTRAP_API_KEY:?set CHROOM_BOOTSTRAP_API_KEY}"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

account=$(curl -sf -X POST "$url/api/accounts" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' \
  -d '{"name":"benchmark","tier":"premium","rate_limit_per_minute":1000000}')
key=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["first_key"]["secret"])' <<<"$account")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cat > "$work/create.lua" <<LUA
wrk.method = "POST"
wrk.headers["Authorization"] = "Bearer $key"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"title":"Benchmark","host":"u-1","participants":["u-2","u-3"],"duration":30}'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.1f %.2f %.2f %d %d\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write
      + summary.errors.timeout, summary.requests))
end
LUA
sed -e '/^wrk.method/d' -e '/^wrk.headers/d' -e '/^wrk.body/d' "$work/create.lua" > "$work/get.lua"

run() { # name url script
  wrk -t2 -c"$connections" -d5s -s "$3" "$2" >/dev/null # warm-up
  wrk -t2 -c"$connections" -d"${seconds}s" -s "$3" "$2" | grep '^RESULT' | sed "s/^RESULT/$1/"
}
get=$(run get "$url/info/version" "$work/get.lua")
create=$(run create "$url/api/meetings/create" "$work/create.lua")

python3 - "$get" "$create" "$connections" "$seconds" <<'PY'
import sys
def parse(line):
    name, rps, p50, p99, errors, total = line.split()
    return dict(rps=float(rps), p50=float(p50), p99=float(p99), errors=int(errors), total=int(total))
g, c = parse(sys.argv[1]), parse(sys.argv[2])
print(f"{sys.argv[3]} connections, {sys.argv[4]} s each, same machine, same run")
print(f"{'':34}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
print(f"{'GET /info/version (ceiling)':34}{g['rps']:>10.0f}{g['p50']:>10.2f}{g['p99']:>10.2f}{g['errors']:>8}")
print(f"{'POST /api/meetings/create':34}{c['rps']:>10.0f}{c['p50']:>10.2f}{c['p99']:>10.2f}{c['errors']:>8}")
print(f"ratio create/ceiling: {c['rps']/g['rps']:.2f}  (target >= 0.5; create p99 target <= 50 ms)")
PY
