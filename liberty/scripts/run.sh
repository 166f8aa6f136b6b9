#!/usr/bin/env bash
# Runs the whole Chroom system on this machine: PostgreSQL, a local media node (Janus and coturn
# in a network namespace of their own, which needs root), the Chroom server on Open Liberty with
# that node registered, and prints where to go. Development secrets are generated once and kept in
# ~/.config/chroom/dev.env, so the bootstrap key stays the same between runs.
#   run.sh          build, start everything, print the URLs and the bootstrap key
#   run.sh stop     stop the server and the media node
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
usr="$root/liberty/target/dev-usr"
http_port="${CHROOM_HTTP_PORT:-9080}"
https_port="${CHROOM_HTTPS_PORT:-9443}"
db="${CHROOM_DB_NAME:-chroom}"

media_state="$root/liberty/target/dev-media"
media_node=dev
# The local node lives on 10.87.0.0/24 (index 10), apart from the tests' nodes; bench.sh adds a
# second one on 10.88.0.0/24. Both networks are allow-listed for the server to call.
media_index=10
# The development chain (anvil) keeps its state beside the server's, and survives restarts.
chain_state="$root/liberty/target/dev-chain"
chain_port="${CHROOM_CHAIN_PORT:-8545}"

if [[ "${1:-}" == "stop" ]]; then
  (cd liberty && mvn -B -q liberty:stop -Dchroom.liberty.usr="$usr") || true
  CHROOM_MEDIA_STATE="$media_state" bash liberty/scripts/media-node.sh stop "$media_node" || true
  bash liberty/scripts/chain.sh stop "$chain_state" || true
  exit 0
fi

secrets="$HOME/.config/chroom/dev.env"
if [[ ! -f "$secrets" ]]; then
  mkdir -p "$(dirname "$secrets")"
  random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
  umask 077
  cat > "$secrets" <<ENV
CHROOM_BOOTSTRAP_API_KEY=chr_$(random 43)
CHROOM_KEYSTORE_PASSWORD=$(random 32)
CHROOM_SIGNING_SECRET=$(random 48)
ENV
fi
# The local media node's secrets live here too, so that they outlast its state folder (a
# `mvn clean` removes liberty/target) and the registered node keeps matching the running one.
if ! grep -q '^CHROOM_DEV_NODE_ADMIN_SECRET=' "$secrets"; then
  random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
  printf 'CHROOM_DEV_NODE_ADMIN_SECRET=%s\nCHROOM_DEV_NODE_TURN_SECRET=%s\n' \
    "$(random 40)" "$(random 40)" >> "$secrets"
fi
if ! grep -q '^CHROOM_BOOTSTRAP_CONSOLE_PASSWORD=' "$secrets"; then
  random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
  printf 'CHROOM_BOOTSTRAP_CONSOLE_EMAIL=%s\nCHROOM_BOOTSTRAP_CONSOLE_PASSWORD=%s\n' \
    admin@chroom.local "$(random 24)" >> "$secrets"
fi
if ! grep -q '^CHROOM_OAUTH_KEYSTORE_PASSWORD=' "$secrets"; then
  random() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c "$1"; }
  printf 'CHROOM_OAUTH_KEYSTORE_PASSWORD=%s\n' "$(random 32)" >> "$secrets"
fi
# shellcheck disable=SC1090
source "$secrets"
export CHROOM_BOOTSTRAP_API_KEY CHROOM_KEYSTORE_PASSWORD CHROOM_SIGNING_SECRET
public_url="${CHROOM_PUBLIC_URL:-http://localhost:$http_port}"

# A development certificate for localhost and 127.0.0.1 (ECDSA P-256, self-signed), made once;
# curl trusts it with --cacert ~/.config/chroom/dev-cert.pem.
keystore="$HOME/.config/chroom/dev-keystore.p12"
if [[ ! -f "$keystore" ]]; then
  keytool -genkeypair -alias default -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
    -validity 825 -dname "CN=localhost, O=Chroom development" \
    -ext "SAN=dns:localhost,ip:127.0.0.1,ip:::1" -ext "EKU=serverAuth" \
    -storetype PKCS12 -keystore "$keystore" -storepass "$CHROOM_KEYSTORE_PASSWORD" >/dev/null 2>&1
  keytool -exportcert -rfc -alias default -keystore "$keystore" \
    -storepass "$CHROOM_KEYSTORE_PASSWORD" -file "$HOME/.config/chroom/dev-cert.pem" >/dev/null
  chmod 600 "$keystore"
fi

# The RSA key that signs OAuth 2.0 access tokens, made once.
oauth_keystore="$HOME/.config/chroom/dev-oauth.p12"
bash liberty/scripts/oauth-key.sh "$oauth_keystore" "$CHROOM_OAUTH_KEYSTORE_PASSWORD"

echo "==> PostgreSQL"
bash liberty/scripts/database.sh "$db"

echo "==> Media node (Janus and coturn)"
bash liberty/scripts/media-node.sh install
CHROOM_MEDIA_STATE="$media_state" CHROOM_NODE_ADMIN_SECRET="$CHROOM_DEV_NODE_ADMIN_SECRET" \
  CHROOM_NODE_TURN_SECRET="$CHROOM_DEV_NODE_TURN_SECRET" CHROOM_INGEST_PORT="$http_port" \
  bash liberty/scripts/media-node.sh start "$media_node" "$media_index" >/dev/null
# shellcheck disable=SC1090
source "$media_state/$media_node/node.env"

echo "==> Building Chroom"
mvn -B -q install -DskipTests -DskipITs

echo "==> Development chain (anvil) with the Chroom contracts"
bash liberty/scripts/chain.sh install >/dev/null
bash liberty/scripts/chain.sh start "$chain_port" "$chain_state" 1 >/dev/null
chain_env="$chain_state/chain.env"
# A chain started from its saved state still has the contracts; a fresh one gets them deployed.
token_code=""
if [[ -f "$chain_env" ]]; then
  token=$(sed -n 's/^CHROOM_CHAIN_TOKEN_ADDRESS=//p' "$chain_env")
  get_code='{"jsonrpc":"2.0","id":1,"method":"eth_getCode","params":'
  get_code+="[\"$token\",\"latest\"]}"
  token_code=$(curl -sf -H 'Content-Type: application/json' -d "$get_code" \
    "http://127.0.0.1:$chain_port" \
    | python3 -c 'import json, sys; print(json.load(sys.stdin)["result"])')
fi
if [[ -z "$token_code" || "$token_code" == "0x" ]]; then
  bash liberty/scripts/chain.sh deploy "$chain_port" "$chain_env" \
    --liberty-variables "$chain_state/variables" >/dev/null
else
  # A node's operator must hold the minimum stake; a chain saved by an earlier version lacks it.
  bash liberty/scripts/chain.sh stake "$chain_port" "$chain_env" >/dev/null
fi
operator_wallet=$(bash liberty/scripts/chain.sh operator)

echo "==> Starting the Chroom server"
(cd liberty && mvn -B -q liberty:stop -Dchroom.liberty.usr="$usr" >/dev/null 2>&1 || true)
(cd liberty && mvn -B -q liberty:create liberty:start \
  -Dchroom.liberty.usr="$usr" \
  -Dchroom.it.http.port="$http_port" -Dchroom.it.https.port="$https_port" \
  -Dchroom.it.db.name="$db" \
  -Dchroom.it.bootstrap.key="$CHROOM_BOOTSTRAP_API_KEY" \
  -Dchroom.it.console.email="$CHROOM_BOOTSTRAP_CONSOLE_EMAIL" \
  -Dchroom.it.console.password="$CHROOM_BOOTSTRAP_CONSOLE_PASSWORD" \
  -Dliberty.env.CHROOM_PUBLIC_URL="$public_url" \
  -Dliberty.env.CHROOM_OUTBOUND_ALLOWLIST="10.87.0.0/24,10.88.0.0/24" \
  -Dliberty.env.CHROOM_KEYSTORE_PASSWORD="$CHROOM_KEYSTORE_PASSWORD" \
  -Dliberty.env.CHROOM_KEYSTORE_PATH="$keystore" \
  -Dliberty.env.CHROOM_OAUTH_ISSUER="https://localhost:$https_port/oidc/endpoint/chroom" \
  -Dliberty.env.CHROOM_OAUTH_KEYSTORE_PATH="$oauth_keystore" \
  -Dliberty.env.CHROOM_OAUTH_KEYSTORE_PASSWORD="$CHROOM_OAUTH_KEYSTORE_PASSWORD" \
  -Dliberty.env.CHROOM_HTTP_ENABLED=true \
  -Dliberty.env.CHROOM_SIGNING_SECRET="$CHROOM_SIGNING_SECRET" \
  -Dchroom.it.anvil.port="$chain_port" \
  -Dliberty.env.VARIABLE_SOURCE_DIRS="$chain_state/variables" \
  -Dliberty.env.CHROOM_CHAIN_CONFIRMATIONS=2)

echo "==> Registering the media node"
api="http://localhost:$http_port/api"
auth="Authorization: Bearer $CHROOM_BOOTSTRAP_API_KEY"
node_id=$(curl -sf "$api/nodes?limit=200" -H "$auth" | python3 -c '
import json, sys
for node in json.load(sys.stdin)["data"]:
    if node.get("control_url") == sys.argv[1] and node["state"] != "removed":
        print(node["node_id"])
' "$CHROOM_NODE_CONTROL_URL")
node_json=$(cat <<JSON
{"media_url": "$CHROOM_NODE_MEDIA_URL", "control_url": "$CHROOM_NODE_CONTROL_URL",
 "admin_secret": "$CHROOM_NODE_ADMIN_SECRET", "turn_url": "$CHROOM_NODE_TURN_URL",
 "turn_secret": "$CHROOM_NODE_TURN_SECRET", "capacity": 100, "region": "local",
 "operator_wallet": "$operator_wallet",
 "price_per_participant_minute": "0.001", "name": "local node"
JSON
)
if [[ -n "$node_id" ]]; then
  # Registered by an earlier run: bring its URLs and secrets up to date and back into service.
  curl -sf -X PATCH "$api/nodes/$node_id" -H "$auth" -H 'Content-Type: application/json' \
    -d "$node_json, \"state\": \"active\"}" >/dev/null
else
  curl -sf -X POST "$api/nodes" -H "$auth" -H 'Content-Type: application/json' \
    -d "$node_json}" >/dev/null
fi

cat <<TXT

Chroom is running.
  API            $public_url/api           (HTTPS: https://localhost:$https_port/api,
                 certificate ~/.config/chroom/dev-cert.pem)
  API reference  $public_url/openapi/ui/
  Health         $public_url/health
  Server log     $usr/servers/chroom/logs/messages.log
  Media node     $CHROOM_NODE_MEDIA_URL (Janus), $CHROOM_NODE_TURN_URL (coturn)
  Chain          http://127.0.0.1:$chain_port (anvil, chain id 31337; contracts in $chain_env)

Bootstrap API key (network administrators; kept in $secrets):
  $CHROOM_BOOTSTRAP_API_KEY

Console         $public_url/console/
  sign in as    $CHROOM_BOOTSTRAP_CONSOLE_EMAIL
  password      $CHROOM_BOOTSTRAP_CONSOLE_PASSWORD   (kept in $secrets; used once, on a network
                without console users)

Try:
  curl -s -X POST $public_url/api/meetings/create \\
    -H "Authorization: Bearer $CHROOM_BOOTSTRAP_API_KEY" -H 'Content-Type: application/json' \\
    -d '{"title":"Weekly sync","host":"u-42","participants":["u-7","u-9"],"duration":30}'

Open the join_url of the answer in a browser on this machine to see and hear yourself through
the media node; open the start_url in another tab to host.

Stop it with: bash liberty/scripts/run.sh stop
TXT
