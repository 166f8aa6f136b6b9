#!/usr/bin/env bash
# Developer loop: rebuild the EAR and restart the integration-test server on a fresh database.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q install -DskipTests -DskipITs
cd liberty
mvn -B -q liberty:stop >/dev/null 2>&1 || true
bash scripts/database.sh --fresh chroom_test
mvn -B -q liberty:create liberty:start
