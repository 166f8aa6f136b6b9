#!/usr/bin/env bash
# Runs the development EVM chain (anvil, from npm) for Chroom and deploys its contracts.
#
#   chain.sh install                       installs anvil into liberty/chain/node_modules
#   chain.sh start PORT STATE_DIR [SECS]   starts anvil on 127.0.0.1:PORT, chain id 31337, with
#                                          its state kept in STATE_DIR (loaded again by the next
#                                          start); SECS is the block time, 0 (the default) mines
#                                          a block for each transaction
#   chain.sh stop STATE_DIR                stops it (anvil writes its state first)
#   chain.sh deploy PORT ENV_FILE [--classpath CP] [--liberty-variables DIR]
#                [--epoch-seconds N]       deploys the contracts with the first development
#                                          account, funds accounts 1 to 9, stakes the minimum
#                                          stake for the development operator (account 9), and
#                                          writes the server's CHROOM_CHAIN_* variables to
#                                          ENV_FILE, and as one file per variable into a Liberty
#                                          server's variables folder DIR when given; without CP
#                                          (the deployer's classpath) it asks Maven for it; N
#                                          sets the network's epoch length (default 3600 s)
#   chain.sh stake PORT ENV_FILE [--classpath CP]
#                                          brings the development operator's stake up to the
#                                          network's minimum stake (nothing when it is enough)
#   chain.sh operator                      prints the development operator's wallet, which
#                                          run.sh and bench.sh register their media nodes with
#   chain.sh classpath                     prints the connector's classpath (for bench.sh)
#   chain.sh status STATE_DIR              says whether it runs and answers
#
# The development accounts are anvil's well-known ones (mnemonic "test test ... junk"): their
# keys are public, so this chain is for development and tests only.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
tools="$root/liberty/chain"
anvil="$tools/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"
# Account 0 of the development mnemonic: the platform signer and treasury on the dev chain.
dev_signer_key=0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80
# Accounts 1 to 9 receive tokens at deployment, for tests and demos.
dev_funded=(
  0x70997970C51812dc3A010C7d01b50e0d17dc79C8 0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC
  0x90F79bf6EB2c4f870365E785982E1f101E93b906 0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65
  0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc 0x976EA74026E726554dB657fA54763abd0C3a0aa9
  0x14dC79964da2C08b23698B3D3cc7Ca32193d9955 0x23618e81E3f5cdF7f54C3d65f7FBc0aBf5B21E8f
  0xa0Ee7A142d267C1f36714E4a8F75612F20a79720
)
# Account 9 operates the development media nodes: a node's operator must hold the minimum stake.
dev_operator=0xa0Ee7A142d267C1f36714E4a8F75612F20a79720
dev_operator_key=0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6

die() {
  echo "chain: $*" >&2
  exit 1
}

rpc() {
  curl -sf -m 2 -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1"
}

cmd_install() {
  if [[ -x "$anvil" ]]; then
    echo "anvil is installed: $("$anvil" --version | head -1)"
    return
  fi
  command -v npm >/dev/null || die "npm is required"
  # The platform package ships the binary; the wrapper's install script would only copy it.
  (cd "$tools" && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund >/dev/null)
  [[ -x "$anvil" ]] || die "anvil did not install to $anvil"
  echo "installed: $("$anvil" --version | head -1)"
}

cmd_start() {
  local port="${1:?PORT}" state="${2:?STATE_DIR}" block_time="${3:-0}"
  [[ "$port" =~ ^[0-9]+$ ]] || die "PORT must be a number"
  [[ "$block_time" =~ ^[0-9]+$ ]] || die "SECS must be a whole number of seconds"
  [[ -x "$anvil" ]] || cmd_install >/dev/null
  mkdir -p "$state"
  cmd_stop "$state" >/dev/null
  if rpc "$port" eth_chainId >/dev/null; then
    die "port $port already answers JSON-RPC; stop that chain first"
  fi
  local mining=()
  if ((block_time > 0)); then mining=(--block-time "$block_time"); fi
  # setsid: the chain outlives the Maven or shell process that started it, until `stop`.
  setsid "$anvil" --host 127.0.0.1 --port "$port" --chain-id 31337 --accounts 10 \
    --balance 10000 --state "$state/state.json" --state-interval 1 "${mining[@]}" \
    >"$state/anvil.log" 2>&1 </dev/null &
  echo $! >"$state/anvil.pid"
  for _ in $(seq 1 100); do
    if rpc "$port" eth_chainId >/dev/null; then
      echo "anvil answers on http://127.0.0.1:$port (state in $state)"
      return
    fi
    kill -0 "$(<"$state/anvil.pid")" 2>/dev/null || break
    sleep 0.1
  done
  tail -20 "$state/anvil.log" >&2 || true
  die "anvil did not start on port $port"
}

cmd_stop() {
  local state="${1:?STATE_DIR}" pid
  [[ -f "$state/anvil.pid" ]] || { echo "no chain runs from $state"; return; }
  pid="$(<"$state/anvil.pid")"
  if kill -0 "$pid" 2>/dev/null && grep -q anvil "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$state/anvil.pid"
  echo "chain stopped"
}

deployer_classpath() { # [CP]
  if [[ -n "${1:-}" ]]; then
    printf '%s' "$1"
    return
  fi
  local classes="$root/chain-connector/target/classes"
  local classpath_file="$root/chain-connector/target/runtime.classpath"
  [[ -d "$classes/io/chroom/chain/deploy" ]] || die "build chain-connector first (mvn package)"
  if [[ ! -f "$classpath_file" || "$root/chain-connector/pom.xml" -nt "$classpath_file" ]]; then
    (cd "$root" && mvn -B -q -pl chain-connector dependency:build-classpath \
      -Dmdep.outputFile="$classpath_file" -Dmdep.includeScope=runtime >/dev/null)
  fi
  printf '%s' "$classes:$(<"$classpath_file")"
}

cmd_deploy() {
  local port="${1:?PORT}" env_file="${2:?ENV_FILE}" classpath="" variables="" epoch=""
  shift 2
  while (($#)); do
    case "$1" in
      --classpath) classpath="${2:?}"; shift 2 ;;
      --liberty-variables) variables="${2:?}"; shift 2 ;;
      --epoch-seconds) epoch="${2:?}"; shift 2 ;;
      *) die "unknown deploy option $1" ;;
    esac
  done
  classpath="$(deployer_classpath "$classpath")"
  [[ -z "$epoch" || "$epoch" =~ ^[1-9][0-9]*$ ]] || die "--epoch-seconds must be positive"
  CHROOM_CHAIN_RPC_URL="http://127.0.0.1:$port" CHROOM_CHAIN_SIGNER_KEY="$dev_signer_key" \
    CHROOM_CHAIN_EPOCH_SECONDS="$epoch" \
    java -cp "$classpath" io.chroom.chain.deploy.NetworkDeployer "$env_file" "${dev_funded[@]}"
  stake "$port" "$env_file" "$classpath"
  if [[ -n "$variables" ]]; then
    mkdir -p "$variables"
    local name value
    while IFS='=' read -r name value; do
      [[ -n "$name" ]] && printf '%s' "$value" >"$variables/$name"
    done <"$env_file"
  fi
}

stake() { # PORT ENV_FILE CP
  CHROOM_CHAIN_RPC_URL="http://127.0.0.1:$1" CHROOM_CHAIN_OPERATOR_KEYS="$dev_operator_key" \
    java -cp "$3" io.chroom.chain.deploy.OperatorStaking "$2"
}

cmd_stake() {
  local port="${1:?PORT}" env_file="${2:?ENV_FILE}" classpath=""
  shift 2
  if [[ "${1:-}" == "--classpath" ]]; then classpath="${2:?}"; fi
  [[ -f "$env_file" ]] || die "no deployment at $env_file"
  stake "$port" "$env_file" "$(deployer_classpath "$classpath")"
}

cmd_operator() {
  echo "$dev_operator"
}

cmd_status() {
  local state="${1:?STATE_DIR}"
  if [[ -f "$state/anvil.pid" ]] && kill -0 "$(<"$state/anvil.pid")" 2>/dev/null; then
    echo "anvil runs (pid $(<"$state/anvil.pid"))"
  else
    echo "anvil does not run"
  fi
}

command="${1:-}"
shift || true
case "$command" in
  install) cmd_install ;;
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  deploy) cmd_deploy "$@" ;;
  stake) cmd_stake "$@" ;;
  operator) cmd_operator ;;
  classpath) deployer_classpath ;;
  status) cmd_status "$@" ;;
  *) die "usage: chain.sh install|start|stop|deploy|stake|operator|classpath|status ..." ;;
esac
