#!/usr/bin/env bash
# Runs Chroom media nodes on this machine: Janus (VideoRoom over the HTTP API) and coturn, each
# node inside its own network namespace reached from the host over a veth pair only, so that ICE
# and TURN work without touching a real network.
#
#   media-node.sh install               installs janus, coturn and iproute2 (services not started)
#   media-node.sh start NAME INDEX      (re)creates node NAME on 10.<77+INDEX>.0.0/24 and prints
#                                       its CHROOM_NODE_* variables, also kept in NAME/node.env
#   media-node.sh stop-janus NAME       stops only Janus (the node fails; netns and coturn stay)
#   media-node.sh start-janus NAME      starts Janus again with the same configuration
#   media-node.sh stop NAME             stops Janus and coturn, removes the netns and the veth
#   media-node.sh stop-all              stops every chroom-* namespace
#   media-node.sh status NAME           says what runs and whether the Admin API answers
#
# With CHROOM_INGEST_PORT set, the node's Janus posts its events (sessions, handles, media
# statistics every CHROOM_INGEST_STATS_SECONDS, default 5) to Chroom at
# ${CHROOM_INGEST_SCHEME:-http}://<host end of the veth>:$CHROOM_INGEST_PORT/ingest/janus, with
# the node's ingest credential (HMAC-SHA256 of "chroom-ingest" keyed with its admin secret).
#
# State lives in ${CHROOM_MEDIA_STATE:-/var/lib/chroom/media}/NAME: secrets (kept across restarts
# unless CHROOM_NODE_ADMIN_SECRET / CHROOM_NODE_TURN_SECRET are given), Janus and coturn
# configuration, pid files and logs. Needs root.
set -euo pipefail

state_root="${CHROOM_MEDIA_STATE:-/var/lib/chroom/media}"
janus_lib="/usr/lib/x86_64-linux-gnu/janus"

die() {
  echo "media-node: $*" >&2
  exit 1
}

require_root() {
  [[ "$(id -u)" == "0" ]] || die "must run as root (network namespaces)"
}

check_name() {
  [[ "$1" =~ ^[a-z0-9][a-z0-9-]{0,30}$ ]] || die "node name must be [a-z0-9-], at most 31 chars"
}

# Loads the per-node variables every subcommand shares from the node's state folder.
node_vars() {
  name="$1"
  check_name "$name"
  ns="chroom-$name"
  dir="$state_root/$name"
  if [[ -n "${2:-}" ]]; then
    index="$2"
  elif [[ -f "$dir/index" ]]; then
    index="$(<"$dir/index")"
  else
    die "unknown node $name (no $dir/index); start it first"
  fi
  [[ "$index" =~ ^[0-9]+$ ]] && ((index <= 177)) || die "INDEX must be 0..177"
  subnet="10.$((77 + index)).0"
  host_ip="$subnet.1"
  node_ip="$subnet.2"
  veth_host="chr${index}h"
  veth_node="chr${index}n"
}

cmd_install() {
  require_root
  local missing=()
  command -v janus >/dev/null || missing+=(janus)
  command -v turnserver >/dev/null || missing+=(coturn)
  command -v ip >/dev/null || missing+=(iproute2)
  command -v curl >/dev/null || missing+=(curl)
  if ((${#missing[@]} == 0)); then
    echo "janus, coturn and iproute2 are installed"
    return
  fi
  export DEBIAN_FRONTEND=noninteractive
  # Debian's policy-rc.d hook keeps the packages' own services from starting on install.
  local policy=/usr/sbin/policy-rc.d created_policy=false
  if [[ ! -e "$policy" ]]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy"
    chmod 755 "$policy"
    created_policy=true
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if $created_policy; then rm -f "$policy"; fi
  echo "installed: ${missing[*]}"
}

# A pid file names a live process only if that process is still the program we started.
live_pid() {
  local file="$1" comm="$2" pid
  [[ -f "$file" ]] || return 1
  pid="$(<"$file")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ "$(cat "/proc/$pid/comm" 2>/dev/null)" == "$comm" ]] || return 1
  echo "$pid"
}

stop_process() {
  local file="$1" comm="$2" pid
  if pid="$(live_pid "$file" "$comm")"; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do
      [[ -d "/proc/$pid" ]] || break
      sleep 0.1
    done
    if [[ -d "/proc/$pid" ]]; then
      kill -KILL "$pid" 2>/dev/null || true
      for _ in $(seq 1 20); do
        [[ -d "/proc/$pid" ]] || break
        sleep 0.1
      done
    fi
  fi
  rm -f "$file"
}

secret() {
  od -An -tx1 -N24 /dev/urandom | tr -d ' \n'
}

# Keeps secrets across restarts; variables from the environment replace the stored ones.
load_secrets() {
  admin_secret="" turn_secret=""
  if [[ -f "$dir/secrets.env" ]]; then
    admin_secret="$(sed -n 's/^admin=//p' "$dir/secrets.env")"
    turn_secret="$(sed -n 's/^turn=//p' "$dir/secrets.env")"
  fi
  admin_secret="${CHROOM_NODE_ADMIN_SECRET:-${admin_secret:-$(secret)}}"
  turn_secret="${CHROOM_NODE_TURN_SECRET:-${turn_secret:-$(secret)}}"
  [[ "$admin_secret$turn_secret" =~ ^[A-Za-z0-9._~+/=-]+$ ]] \
    || die "secrets may hold only [A-Za-z0-9._~+/=-]"
  (
    umask 077
    printf 'admin=%s\nturn=%s\n' "$admin_secret" "$turn_secret" >"$dir/secrets.env"
  )
}

# Every plugin, transport, event handler and logger Debian ships, except the ones named.
disable_list() {
  local folder="$1" keep="$2"
  find "$janus_lib/$folder" -maxdepth 1 -name '*.so' -printf '%f\n' | grep -vx "$keep" \
    | sort | paste -sd, -
}

write_janus_config() {
  local conf="$dir/janus"
  mkdir -p "$conf"
  (
    umask 077
    cat >"$conf/janus.jcfg" <<EOF
general: {
	configs_folder = "$conf"
	plugins_folder = "$janus_lib/plugins"
	transports_folder = "$janus_lib/transports"
	events_folder = "$janus_lib/events"
	loggers_folder = "$janus_lib/loggers"
	debug_level = 4
	server_name = "chroom-$name"
	admin_secret = "$admin_secret"
	token_auth = true
	session_timeout = 60
	protected_folders = [ "/bin", "/boot", "/dev", "/etc", "/lib", "/proc", "/sbin", "/sys", "/usr" ]
}
certificates: {
}
media: {
	rtp_port_range = "20000-40000"
}
nat: {
	nice_debug = false
	ice_enforce_list = "$veth_node"
}
plugins: {
	disable = "$(disable_list plugins libjanus_videoroom.so)"
}
transports: {
	disable = "$(disable_list transports libjanus_http.so)"
}
loggers: {
	disable = "$(disable_list loggers none)"
}
events: {
	broadcast = $(ingesting && echo true || echo false)
	disable = "$(disable_list events "$(ingesting && echo libjanus_sampleevh.so || echo none)")"
	stats_period = ${CHROOM_INGEST_STATS_SECONDS:-5}
}
EOF
    cat >"$conf/janus.transport.http.jcfg" <<EOF
general: {
	json = "plain"
	base_path = "/janus"
	http = true
	ip = "$node_ip"
	port = 8088
	https = false
}
admin: {
	admin_base_path = "/admin"
	admin_http = true
	admin_ip = "$node_ip"
	admin_port = 7088
	admin_https = false
	admin_acl = "$host_ip,$node_ip"
}
cors: {
	allow_origin = "*"
}
EOF
    cat >"$conf/janus.plugin.videoroom.jcfg" <<EOF
general: {
	admin_key = "$admin_secret"
	lock_rtp_forward = true
	string_ids = false
}
EOF
    write_event_handler_config "$conf"
    cat >"$dir/turnserver.conf" <<EOF
listening-ip=$node_ip
relay-ip=$node_ip
listening-port=3478
min-port=49152
max-port=65535
use-auth-secret
static-auth-secret=$turn_secret
realm=chroom
fingerprint
no-tls
no-dtls
no-cli
no-multicast-peers
pidfile=$dir/turnserver.pid
log-file=$dir/turnserver.log
userdb=$dir/turndb
simple-log
EOF
  )
}

ingesting() {
  [[ -n "${CHROOM_INGEST_PORT:-}" ]]
}

# The node's credential for posting events: only Chroom and the operator can derive it.
ingest_credential() {
  printf '%s' chroom-ingest | openssl dgst -sha256 -hmac "$admin_secret" -r | cut -d' ' -f1
}

write_event_handler_config() {
  local conf="$1"
  if ! ingesting; then
    rm -f "$conf/janus.eventhandler.sampleevh.jcfg"
    return
  fi
  cat >"$conf/janus.eventhandler.sampleevh.jcfg" <<EOF
general: {
	enabled = true
	events = "sessions,handles,webrtc,media"
	grouping = true
	json = "compact"
	backend = "${CHROOM_INGEST_SCHEME:-http}://$host_ip:$CHROOM_INGEST_PORT/ingest/janus"
	backend_user = "$name"
	backend_pwd = "$(ingest_credential)"
	max_retransmissions = 5
	retransmissions_backoff = 200
}
EOF
}

write_node_env() {
  cat >"$dir/node.env.tmp" <<EOF
CHROOM_NODE_CONTROL_URL=http://$node_ip:7088/admin
CHROOM_NODE_MEDIA_URL=http://$node_ip:8088/janus
CHROOM_NODE_TURN_URL=turn:$node_ip:3478
CHROOM_NODE_ADMIN_SECRET=$admin_secret
CHROOM_NODE_TURN_SECRET=$turn_secret
EOF
  chmod 600 "$dir/node.env.tmp"
  mv "$dir/node.env.tmp" "$dir/node.env"
}

netns_exists() {
  ip netns list | awk '{print $1}' | grep -qx "$1"
}

admin_answers() {
  curl -s -m 1 -H 'Content-Type: application/json' \
    -d '{"janus":"info","transaction":"media-node-sh"}' "http://$node_ip:7088/admin" 2>/dev/null \
    | grep -q '"janus": *"server_info"'
}

remove_netns() {
  if netns_exists "$ns"; then
    local pid
    for pid in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$pid" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  fi
  ip link del "$veth_host" 2>/dev/null || true
  # Deleting a namespace finishes asynchronously; the veth goes with it.
  for _ in $(seq 1 50); do
    if ! netns_exists "$ns" && ! ip link show "$veth_host" >/dev/null 2>&1; then
      return
    fi
    sleep 0.1
  done
  die "namespace $ns or link $veth_host did not go away"
}

# A node's subnet exists only on its veth pair. Once the pair is gone (the node stopped), traffic
# that a server still sends to the node must not follow the default route off this machine: a
# blackhole route of lower priority than the veth's own route catches it, and stays.
guard_subnet() {
  ip route replace blackhole "$subnet.0/24" metric 4000
}

create_netns() {
  guard_subnet
  ip netns add "$ns"
  ip link add "$veth_host" type veth peer name "$veth_node"
  ip link set "$veth_node" netns "$ns"
  ip addr add "$host_ip/24" dev "$veth_host"
  ip link set "$veth_host" up
  ip -n "$ns" addr add "$node_ip/24" dev "$veth_node"
  ip -n "$ns" link set "$veth_node" up
  ip -n "$ns" link set lo up
}

start_coturn() {
  stop_process "$dir/turnserver.pid" turnserver
  : >"$dir/turnserver.log"
  setsid ip netns exec "$ns" turnserver -c "$dir/turnserver.conf" \
    >"$dir/turnserver.out" 2>&1 </dev/null &
  echo $! >"$dir/turnserver.pid"
}

start_janus_process() {
  stop_process "$dir/janus.pid" janus
  # ip netns exec replaces itself with janus, so $! is Janus's own pid.
  setsid ip netns exec "$ns" janus -C "$dir/janus/janus.jcfg" -F "$dir/janus" -o \
    >>"$dir/janus.log" 2>&1 </dev/null &
  echo $! >"$dir/janus.pid"
  for _ in $(seq 1 100); do
    if admin_answers; then return; fi
    # Until ip netns exec has exec'd Janus the process has another name; gone is gone.
    kill -0 "$(<"$dir/janus.pid")" 2>/dev/null || die "Janus exited; see $dir/janus.log"
    sleep 0.1
  done
  die "Janus Admin API on $node_ip:7088 did not answer in 10 s; see $dir/janus.log"
}

cmd_start() {
  require_root
  [[ $# -eq 2 ]] || die "usage: start NAME INDEX"
  node_vars "$1" "$2"
  command -v janus >/dev/null && command -v turnserver >/dev/null || die "run install first"

  mkdir -p "$dir"
  chmod 700 "$dir"
  stop_process "$dir/janus.pid" janus
  stop_process "$dir/turnserver.pid" turnserver
  remove_netns
  echo "$index" >"$dir/index"

  load_secrets
  write_janus_config
  create_netns
  start_coturn
  start_janus_process
  # setsid and ip netns exec become turnserver only once they exec it, which a busy machine may
  # take a while to get to: wait for that, or for the process to be gone.
  local waited=0
  until live_pid "$dir/turnserver.pid" turnserver >/dev/null; do
    kill -0 "$(<"$dir/turnserver.pid")" 2>/dev/null && ((waited < 50)) \
      || die "coturn exited; see $dir/turnserver.log"
    sleep 0.1
    waited=$((waited + 1))
  done

  write_node_env
  cat "$dir/node.env"
}

cmd_stop_janus() {
  require_root
  node_vars "$1"
  stop_process "$dir/janus.pid" janus
  echo "Janus of $name stopped"
}

cmd_start_janus() {
  require_root
  node_vars "$1"
  netns_exists "$ns" || die "namespace $ns is missing; use start"
  start_janus_process
  echo "Janus of $name started"
}

cmd_stop() {
  require_root
  node_vars "$1"
  stop_process "$dir/janus.pid" janus
  stop_process "$dir/turnserver.pid" turnserver
  guard_subnet
  remove_netns
  echo "node $name stopped"
}

cmd_stop_all() {
  require_root
  local ns_name
  for ns_name in $(ip netns list | awk '{print $1}' | grep '^chroom-' || true); do
    if [[ -f "$state_root/${ns_name#chroom-}/index" ]]; then
      cmd_stop "${ns_name#chroom-}"
    else
      for pid in $(ip netns pids "$ns_name" 2>/dev/null); do kill -KILL "$pid" || true; done
      ip netns del "$ns_name"
      echo "namespace $ns_name removed"
    fi
  done
}

cmd_status() {
  node_vars "$1"
  local janus_state=stopped coturn_state=stopped admin=silent netns=absent pid
  if netns_exists "$ns"; then netns=present; fi
  if pid="$(live_pid "$dir/janus.pid" janus)"; then janus_state="running (pid $pid)"; fi
  if pid="$(live_pid "$dir/turnserver.pid" turnserver)"; then
    coturn_state="running (pid $pid)"
  fi
  if admin_answers; then admin=answers; fi
  echo "node $name: netns $ns $netns, janus $janus_state, coturn $coturn_state," \
    "admin API http://$node_ip:7088/admin $admin"
  [[ "$admin" == answers ]]
}

case "${1:-}" in
  install) cmd_install ;;
  start) shift && cmd_start "$@" ;;
  stop-janus) [[ $# -eq 2 ]] || die "usage: stop-janus NAME"; cmd_stop_janus "$2" ;;
  start-janus) [[ $# -eq 2 ]] || die "usage: start-janus NAME"; cmd_start_janus "$2" ;;
  stop) [[ $# -eq 2 ]] || die "usage: stop NAME"; cmd_stop "$2" ;;
  stop-all) cmd_stop_all ;;
  status) [[ $# -eq 2 ]] || die "usage: status NAME"; cmd_status "$2" ;;
  *) sed -n '2,17p' "$0" >&2; exit 2 ;;
esac
