#!/usr/bin/env bash
# Runs every test of Chroom: unit tests, contract tests, and the integration tests that start a
# real Liberty server on PostgreSQL (and the media nodes, dev chain and browser they need).
# Installs whatever is missing on a fresh machine first.
set -euo pipefail
cd "$(dirname "$0")/../.."

for tool in java mvn; do
  command -v "$tool" >/dev/null || { echo "$tool is required" >&2; exit 1; }
done

bash liberty/scripts/database.sh chroom_test
# Media nodes (Janus and coturn) run in network namespaces the tests create; that needs root.
bash liberty/scripts/media-node.sh install
# The dev chain (anvil) comes from npm into liberty/chain; the build starts it for the tests.
bash liberty/scripts/chain.sh install
# The browser tests drive Debian's Chromium; Playwright downloads no browser of its own.
if [[ ! -x /usr/bin/chromium ]]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# TlsIT scans the HTTPS listener with sslscan.
if ! command -v sslscan >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends sslscan >/dev/null
fi
mvn -B verify "$@"
