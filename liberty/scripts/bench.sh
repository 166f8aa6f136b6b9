#!/usr/bin/env bash
# Benchmark of the API's hot path against a running server (start it with run.sh first).
# Measures, in one run on this machine, with 64 connections for 20 s each:
#   1. GET /info/version       - a trivial JAX-RS GET: the ceiling of the stack
#   2. GET /api/me              - the cheapest authenticated GET: the cost of authentication and
#      the rate limit alone (a key look-up in PostgreSQL and the account's counter)
#   2b. the same GET with an OAuth 2.0 access token (a JWT from the client credentials grant)
#      instead of the key: signature, issuer, audience and expiry checks, and the client look-up
#   3. POST /api/meetings/create - authentication, validation and a durable PostgreSQL write
# and prints requests/s, p50, p99 and the ratios of 2, 2b and 3 to 1. Then
#   4. POST /api/meetings/{id}/join - placement and a media token granted on a real media node:
#      1,000 joins across 100 live meetings and two nodes (run.sh's node and a second one this
#      script starts), 8 at a time; prints p50, p99 and how the meetings spread over the nodes.
#   5. POST /api/tokens/payments - payments confirmed per second through the chain outbox on the
#      development chain (a block a second, two confirmations): a fresh wallet pays the account's
#      balance with a permit, then 16 clients post BENCH_PAYMENTS balance payments of one token at
#      once; timed from the first request to the last confirmation.
# The run uses its own account, whose rate limit it raises so the limiter does not cap it.
#   CHROOM_URL (default http://localhost:9080), CHROOM_HTTPS_URL (https://localhost:9443, for the
#   token endpoint, trusting ~/.config/chroom/dev-cert.pem), CHROOM_BOOTSTRAP_API_KEY (run.sh's),
#   CHROOM_CHAIN_PORT (8545), BENCH_SECONDS (20), BENCH_CONNECTIONS (64), BENCH_PAYMENTS (200),
#   BENCH_JOINS_ONLY (1: only 4), BENCH_PAYMENTS_ONLY (1: only 5)
set -euo pipefail
cd "$(dirname "$0")/../.."
url="${CHROOM_URL:-http://localhost:9080}"
seconds="${BENCH_SECONDS:-20}"
connections="${BENCH_CONNECTIONS:-64}"
if [[ -z "${CHROOM_BOOTSTRAP_API_KEY:-}" && -f "$HOME/.config/chroom/dev.env" ]]; then
  # shellcheck disable=SC1091
  source "$HOME/.config/chroom/dev.env"
fi
admin="${CHROOM_BOOTSTRAP_API_KEY:?set CHROOM_BOOTSTRAP_API_KEY}"

account=$(curl -sf -X POST "$url/api/accounts" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' \
  -d '{"name":"benchmark","tier":"premium","rate_limit_per_minute":1000000}')
key=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["first_key"]["secret"])' <<<"$account")

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# --- payments: the chain outbox on the development chain --------------------------------------
payments() {
  local classpath
  classpath="$(bash liberty/scripts/chain.sh classpath)"
  # Account 8 of anvil's public development mnemonic funds the benchmark's wallet (dev chain only).
  local funder=0xdbda1821b80551c9d65939329250298aa3472ba22feea921c0cf5d620ea67b97
  javac -cp "$classpath" -d "$work" liberty/scripts/bench/PaymentLoad.java
  java -cp "$work:$classpath" PaymentLoad "$url" "$key" \
    "http://127.0.0.1:${CHROOM_CHAIN_PORT:-8545}" "$funder" "${BENCH_PAYMENTS:-200}" \
    | grep '^PAYMENTS' | {
    read -r _ count accepted accepted_rate total rate
    echo "POST /api/tokens/payments: $count balance payments, 16 clients, one account"
    echo "  accepted in $accepted s ($accepted_rate/s); all confirmed (2 confirmations, 1 s" \
      "blocks) in $total s: $rate payments confirmed/s"
  }
}
if [[ "${BENCH_PAYMENTS_ONLY:-0}" == "1" ]]; then
  payments
  exit 0
fi

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
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
sed -e '/^wrk.method/d' -e '/^wrk.body/d' -e '/Content-Type/d' "$work/create.lua" > "$work/auth.lua"
# The authenticated GETs use an account of their own.
reader=$(curl -sf -X POST "$url/api/accounts" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' \
  -d '{"name":"benchmark reader","tier":"premium","rate_limit_per_minute":1000000}')
reader_key=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["first_key"]["secret"])' \
  <<<"$reader")
sed -i "s/$key/$reader_key/" "$work/auth.lua"
# The same reader as an OAuth 2.0 client, with an access token from the client credentials grant.
https_url="${CHROOM_HTTPS_URL:-https://localhost:9443}"
client=$(curl -sf -X POST "$url/api/oauth/clients" -H "Authorization: Bearer $reader_key" \
  -H 'Content-Type: application/json' -d '{"name":"benchmark","scopes":["meetings:read"]}')
client_id=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["client_id"])' <<<"$client")
client_secret=$(python3 -c 'import json,sys; print(json.load(sys.stdin)["client_secret"])' \
  <<<"$client")
token=$(curl -sf --cacert "$HOME/.config/chroom/dev-cert.pem" -u "$client_id:$client_secret" \
  "$https_url/oidc/endpoint/chroom/token" -d grant_type=client_credentials -d scope=meetings:read \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
sed "s/$reader_key/$token/" "$work/auth.lua" > "$work/jwt.lua"

run() { # name url script
  wrk -t2 -c"$connections" -d5s -s "$3" "$2" >/dev/null # warm-up
  wrk -t2 -c"$connections" -d"${seconds}s" -s "$3" "$2" | grep '^RESULT' | sed "s/^RESULT/$1/"
}
if [[ "${BENCH_JOINS_ONLY:-0}" != "1" ]]; then
get=$(run get "$url/info/version" "$work/get.lua")
auth=$(run auth "$url/api/me" "$work/auth.lua")
jwt=$(run jwt "$url/api/me" "$work/jwt.lua")
create=$(run create "$url/api/meetings/create" "$work/create.lua")

python3 - "$get" "$auth" "$create" "$connections" "$seconds" "$jwt" <<'PY'
import sys
def parse(line):
    name, rps, p50, p99, errors, total = line.split()
    return dict(rps=float(rps), p50=float(p50), p99=float(p99), errors=int(errors), total=int(total))
g, a, c = parse(sys.argv[1]), parse(sys.argv[2]), parse(sys.argv[3])
j = parse(sys.argv[6])
print(f"{sys.argv[4]} connections, {sys.argv[5]} s each, same machine, same run")
print(f"{'':34}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'errors':>8}")
print(f"{'GET /info/version (ceiling)':34}{g['rps']:>10.0f}{g['p50']:>10.2f}{g['p99']:>10.2f}{g['errors']:>8}")
print(f"{'GET /api/me (key)':34}{a['rps']:>10.0f}{a['p50']:>10.2f}{a['p99']:>10.2f}{a['errors']:>8}")
print(f"{'GET /api/me (JWT)':34}{j['rps']:>10.0f}{j['p50']:>10.2f}{j['p99']:>10.2f}{j['errors']:>8}")
print(f"{'POST /api/meetings/create':34}{c['rps']:>10.0f}{c['p50']:>10.2f}{c['p99']:>10.2f}{c['errors']:>8}")
print(f"ratio authenticated GET/ceiling: key {a['rps']/g['rps']:.2f}, JWT {j['rps']/g['rps']:.2f}"
      "  (target >= 0.8)")
print(f"ratio create/ceiling: {c['rps']/g['rps']:.2f}  (target >= 0.5; create p99 target <= 50 ms)")
PY
fi

if [[ "${BENCH_JOINS_ONLY:-0}" != "1" ]]; then
  payments
fi

# --- joins: placement and media grants on two real nodes -------------------------------------
media_state="$PWD/liberty/target/dev-media"
CHROOM_MEDIA_STATE="$media_state" bash liberty/scripts/media-node.sh start bench 11 >/dev/null
trap 'rm -rf "$work"; CHROOM_MEDIA_STATE="$media_state" bash liberty/scripts/media-node.sh stop bench \
  >/dev/null 2>&1 || true' EXIT
python3 - "$url" "$admin" "$key" "$media_state/bench/node.env" \
  "$(bash liberty/scripts/chain.sh operator)" <<'PY'
import concurrent.futures, http.client, json, sys, threading, time, urllib.parse
url, admin, key, env_file, operator = sys.argv[1:6]
env = dict(line.strip().split("=", 1) for line in open(env_file) if "=" in line)
base = urllib.parse.urlparse(url)
local = threading.local()

def call(method, path, body=None, secret=key):
    conn = getattr(local, "conn", None)
    if conn is None:
        conn = local.conn = http.client.HTTPConnection(base.hostname, base.port or 80, timeout=30)
    headers = {"Authorization": "Bearer " + secret}
    if body is not None:
        headers["Content-Type"] = "application/json"
    conn.request(method, path, json.dumps(body) if body is not None else None, headers)
    answer = conn.getresponse()
    data = answer.read()
    return answer.status, (json.loads(data) if data else None)

def join(pair):
    meeting, person = pair
    started = time.perf_counter()
    status, answer = call("POST", f"/api/meetings/{meeting}/join", {"participant_id": person})
    node = answer["node"]["node_id"] if status == 200 else None
    return time.perf_counter() - started, status, node

def run_joins():
    deadline = time.time() + 20
    while time.time() < deadline:
        status, listed = call("GET", "/api/nodes?state=active&limit=200", secret=admin)
        if sum(1 for n in listed["data"] if n["health"]["status"] == "up") >= 2:
            break
        time.sleep(0.5)
    else:
        sys.exit("two media nodes must be up (run.sh's and the benchmark's)")

    meetings = []
    for i in range(100):
        people = [f"p-{j}" for j in range(9)]
        status, m = call("POST", "/api/meetings", {"title": f"Join benchmark {i}", "host": "h",
                                                  "participants": people, "duration": 30,
                                                  "node_policy": "least_loaded"})
        assert status == 201, m
        status, m = call("POST", f"/api/meetings/{m['meeting_id']}/start")
        assert status == 200, m
        meetings.append(m["meeting_id"])
    try:
        pairs = [(m, p) for p in ["h"] + [f"p-{j}" for j in range(9)] for m in meetings]
        for pair in pairs[:50]:  # warm-up, on meetings of the run itself
            join(pair)
        with concurrent.futures.ThreadPoolExecutor(8) as pool:
            started = time.perf_counter()
            results = list(pool.map(join, pairs))
            elapsed = time.perf_counter() - started
    finally:
        for m in meetings:
            call("POST", f"/api/meetings/{m}/end")
    latencies = sorted(r[0] * 1000 for r in results)
    errors = sum(1 for r in results if r[1] != 200)
    nodes = {}
    for r in results:
        nodes[r[2]] = nodes.get(r[2], 0) + 1
    pct = lambda p: latencies[min(len(latencies) - 1, int(round(p / 100 * len(latencies))) - 1)]
    print(f"POST /api/meetings/{{id}}/join: {len(results)} joins, 100 meetings, 8 at a time, "
          f"{len(results) / elapsed:.0f} joins/s")
    print(f"  p50 {pct(50):.2f} ms  p99 {pct(99):.2f} ms  max {latencies[-1]:.2f} ms"
          f"  errors {errors}  (target p99 <= 25 ms)")
    print("  joins per node: " + ", ".join(f"{n}: {c}" for n, c in nodes.items()))

status, node = call("POST", "/api/nodes", {
    "name": "benchmark node", "region": "local", "media_url": env["CHROOM_NODE_MEDIA_URL"],
    "control_url": env["CHROOM_NODE_CONTROL_URL"], "admin_secret": env["CHROOM_NODE_ADMIN_SECRET"],
    "turn_url": env["CHROOM_NODE_TURN_URL"], "turn_secret": env["CHROOM_NODE_TURN_SECRET"],
    "capacity": 1000, "operator_wallet": operator,
    "price_per_participant_minute": "0.001"}, secret=admin)
assert status == 201, node
try:
    run_joins()
finally:
    # The node goes away with this script: take it out of the pool first, so nothing probes it.
    call("DELETE", f"/api/nodes/{node['node_id']}", secret=admin)
PY
