#!/usr/bin/env bash
# Benchmark of analytics against a running server (start it with run.sh first) and its node:
#   1. Ingestion: BENCH_INGEST_RATE (20000) media statistics events a second, offered for
#      BENCH_INGEST_SECONDS (60) to POST /ingest/janus in Janus's grouped format (500 events a
#      batch, 16 senders on a fixed schedule), with the node's credential. Prints samples/s
#      accepted, batch p50/p99, how far the senders fell behind their schedule (backlog), and how
#      many of the samples GET /api/analytics/qos then counts (written and queryable).
#   2. Query: a day of samples (10 participants, audio and video every 5 s) seeded with SQL for
#      one meeting and five others around it, then one-hour GET /api/analytics/qos windows in the
#      middle of that day, 4 connections for BENCH_QUERY_SECONDS (20); prints requests/s, p50, p99.
#   CHROOM_URL (default http://localhost:9080), CHROOM_BOOTSTRAP_API_KEY and
#   CHROOM_NODE_ADMIN_SECRET (default: run.sh's), CHROOM_DB_HOST/PORT/NAME/USER (for seeding).
set -euo pipefail
cd "$(dirname "$0")/../.."
url="${CHROOM_URL:-http://localhost:9080}"
rate="${BENCH_INGEST_RATE:-20000}"
seconds="${BENCH_INGEST_SECONDS:-60}"
query_seconds="${BENCH_QUERY_SECONDS:-20}"
if [[ -z "${CHROOM_BOOTSTRAP_API_KEY:-}" && -f "$HOME/.config/chroom/dev.env" ]]; then
  # shellcheck disable=SC1091
  source "$HOME/.config/chroom/dev.env"
  CHROOM_NODE_ADMIN_SECRET="${CHROOM_NODE_ADMIN_SECRET:-${CHROOM_DEV_NODE_ADMIN_SECRET:-}}"
fi
admin="${CHROOM_BOOTSTRAP_API_KEY:?set CHROOM_BOOTSTRAP_API_KEY}"
node_secret="${CHROOM_NODE_ADMIN_SECRET:?set CHROOM_NODE_ADMIN_SECRET}"
psql_db=(psql -qtA -h "${CHROOM_DB_HOST:-127.0.0.1}" -p "${CHROOM_DB_PORT:-5432}"
  -U "${CHROOM_DB_USER:-chroom}" "${CHROOM_DB_NAME:-chroom}")
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
field() { python3 -c "import json,sys; print(json.load(sys.stdin)$1)"; }

account=$(curl -sf -X POST "$url/api/accounts" -H "Authorization: Bearer $admin" \
  -H 'Content-Type: application/json' \
  -d '{"name":"analytics benchmark","tier":"premium","rate_limit_per_minute":1000000}')
key=$(field '["first_key"]["secret"]' <<<"$account")
account_id=$(field '["id"]' <<<"$account")
api() { curl -sf -H "Authorization: Bearer $key" -H 'Content-Type: application/json' "$@"; }

people='"p-1","p-2","p-3","p-4","p-5","p-6","p-7","p-8","p-9","p-10"'
meeting() {
  api -X POST "$url/api/meetings" \
    -d "{\"title\":\"$1\",\"host\":\"p-0\",\"participants\":[$people],\"duration\":600}" \
    | field '["meeting_id"]'
}

echo "==> Ingestion: $rate samples/s offered for $seconds s"
live=$(meeting "Ingestion benchmark")
api -X POST "$url/api/meetings/$live/start" >/dev/null
tokens=""
for p in 1 2 3 4 5 6 7 8 9 10; do
  token=$(api -X POST "$url/api/meetings/$live/join" -d "{\"participant_id\":\"p-$p\"}" \
    | field '["token"]')
  tokens="${tokens:+$tokens,}$token"
done
credential=$(printf '%s' chroom-ingest | openssl dgst -sha256 -hmac "$node_secret" -r \
  | cut -d' ' -f1)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
javac -d "$work" liberty/scripts/bench/IngestLoad.java
java -cp "$work" IngestLoad "$url" "$credential" "$rate" "$seconds" "$tokens" | tee "$work/ingest"
hour_ago=$(date -u -d '-1 hour' +%FT%TZ)
stored=$(api "$url/api/analytics/qos?meeting_id=$live&from=$hour_ago&granularity=1d&limit=200" \
  | python3 -c 'import json,sys; print(sum(p["samples"] for p in json.load(sys.stdin)["data"]))')
accepted=$(sed -n 's/.* accepted=\([0-9]*\).*/\1/p' "$work/ingest")
echo "RESULT ingest: accepted $accepted, queryable through /api/analytics/qos $stored"

echo "==> Query: a day of samples around a meeting, one-hour QoS windows"
target=$(meeting "Query benchmark")
others=()
for n in 1 2 3 4 5; do others+=("$(meeting "Neighbour $n")"); done
node_id=$(api "$url/api/meetings/$live" | field '["placement"]["node_id"]')
values="('$target', 0)"
n=1
for m in "${others[@]}"; do values="$values, ('$m', $n)"; n=$((n + 1)); done
started=$(date +%s)
"${psql_db[@]}" <<SQL
insert into media_samples (sampled_at, node_id, account_id, meeting_id, participant_id,
    handle_id, mid, media, codec, rtt_ms, jitter_in_ms, jitter_out_ms, loss_in_pct,
    loss_out_pct, bitrate_in_bps, bitrate_out_bps, packets_in, packets_out, bytes_in,
    bytes_out, nacks_in, nacks_out, mos)
select g.t, '$node_id', '$account_id', m.id, 'p-' || p, 900000000 + m.n * 100 + p,
    case when s = 0 then '0' else '1' end, case when s = 0 then 'audio' else 'video' end,
    case when s = 0 then 'opus' else 'vp8' end, 20 + (g.x % 40)::int, 3 + (g.x % 9)::int, 0,
    (g.x % 5) / 10.0, null, case when s = 0 then 32000 else 900000 end, 0, g.x * 250, 0,
    g.x * 20000, 0, 0, g.x / 20, case when s = 0 then 4.3 - (g.x % 5) / 10.0 end
from (values $values) m (id, n), generate_series(1, 10) p, generate_series(0, 1) s,
    generate_series(now() - interval '24 hours', now(), interval '5 seconds')
        with ordinality g (t, x);
-- What the aggregation job would have folded, had these samples arrived live.
insert into media_minutes (minute, meeting_id, participant_id, node_id, media, account_id,
    samples, rtt_ms, jitter_ms, loss_pct, mos, mos_min, bitrate_in_bps, bitrate_out_bps,
    bytes_in, bytes_out, nacks)
select date_trunc('minute', sampled_at), meeting_id, participant_id, node_id, media,
    min(account_id), count(*), avg(rtt_ms), avg(greatest(coalesce(jitter_in_ms, 0),
    coalesce(jitter_out_ms, 0))), avg(greatest(coalesce(loss_in_pct, 0),
    coalesce(loss_out_pct, 0))), avg(mos), min(mos), avg(bitrate_in_bps), avg(bitrate_out_bps),
    max(bytes_in) - min(bytes_in), max(bytes_out) - min(bytes_out),
    coalesce(max(nacks_out) - min(nacks_out), 0)
from media_samples
where account_id = '$account_id' and meeting_id <> '$live'
    and sampled_at < (select until from analytics_watermarks where name = 'media-minutes')
group by 1, 2, 3, 4, 5 on conflict do nothing;
analyze media_samples;
analyze media_minutes;
SQL
rows=$("${psql_db[@]}" -c "select count(*) from media_samples where account_id = '$account_id'")
echo "seeded $rows samples in $(($(date +%s) - started)) s"
from=$(date -u -d '-12 hours -30 minutes' +%FT%TZ)
to=$(date -u -d '-11 hours -30 minutes' +%FT%TZ)
path="/api/analytics/qos?meeting_id=$target&from=$from&to=$to&granularity=1m&limit=200"
code=$(curl -s -o "$work/qos.json" -w '%{http_code}' -H "Authorization: Bearer $key" "$url$path")
points=$(field '["data"].__len__()' <"$work/qos.json")
echo "one window answers $code with $points points (60 minutes x 10 participants x 2 media)"
measure() {
  wrk -t2 -c4 -d"${query_seconds}s" --latency -H "Authorization: Bearer $key" "$url$1" \
    > "$work/wrk"
  grep -q 'Non-2xx' "$work/wrk" && { cat "$work/wrk"; echo "some answers were not 200" >&2; }
  echo "$(awk '/Requests\/sec/ {print $2}' "$work/wrk") $(awk '$1 == "50%" {print $2}' \
    "$work/wrk") $(awk '$1 == "99%" {print $2}' "$work/wrk")"
}
# The raw samples are the baseline: 10 s intervals are never read from the minutes.
read -r raw_rps raw_p50 raw_p99 <<<"$(measure "${path/granularity=1m/granularity=10s}")"
read -r rps p50 p99 <<<"$(measure "$path")"
echo "RESULT qos one-hour query, 1m intervals: $rps requests/s, p50 $p50, p99 $p99" \
  "(target p99 <= 100ms)"
echo "RESULT baseline, 10s intervals from raw samples: $raw_rps requests/s, p50 $raw_p50," \
  "p99 $raw_p99"
