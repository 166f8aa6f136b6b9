#!/usr/bin/env bash
# Makes sure PostgreSQL answers on CHROOM_DB_HOST:CHROOM_DB_PORT and that the database exists.
#   database.sh [--fresh] NAME
# With --fresh the database is dropped and created empty (the integration tests use this).
# Where no server answers on this machine, PostgreSQL 15 is installed from Debian and started.
# The schema itself is migrated by the application (Flyway) when it starts.
set -euo pipefail

fresh=false
if [[ "${1:-}" == "--fresh" ]]; then
  fresh=true
  shift
fi
name="${1:?database name}"
host="${CHROOM_DB_HOST:-127.0.0.1}"
port="${CHROOM_DB_PORT:-5432}"
owner="${CHROOM_DB_USER:-chroom}"
admin="${CHROOM_DB_ADMIN_USER:-postgres}"

answers() { pg_isready -q -h "$host" -p "$port" 2>/dev/null; }

if ! answers; then
  if [[ "$host" != "127.0.0.1" && "$host" != "localhost" ]]; then
    echo "PostgreSQL at $host:$port does not answer" >&2
    exit 1
  fi
  if ! command -v pg_ctlcluster >/dev/null || [[ ! -d /etc/postgresql ]]; then
    echo "Installing PostgreSQL 15 ..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql-15 >/dev/null
  fi
  version="$(ls /etc/postgresql | sort -V | tail -n 1)"
  pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  for _ in $(seq 1 30); do answers && break; sleep 1; done
  answers || { echo "PostgreSQL did not start" >&2; exit 1; }
  # A fresh Debian cluster only trusts local sockets; allow local TCP for the application.
  hba="/etc/postgresql/$version/main/pg_hba.conf"
  if ! grep -q "chroom-local-trust" "$hba"; then
    sed -i '1i host all all 127.0.0.1/32 trust # chroom-local-trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
fi

psql_admin() { psql -v ON_ERROR_STOP=1 -qAt -h "$host" -p "$port" -U "$admin" -d postgres "$@"; }

if [[ "$(psql_admin -c "select 1 from pg_roles where rolname = '$owner'")" != "1" ]]; then
  psql_admin -c "create role \"$owner\" login"
fi
if [[ -n "${CHROOM_DB_PASSWORD:-}" ]]; then
  psql_admin -c "alter role \"$owner\" password '${CHROOM_DB_PASSWORD//\'/\'\'}'"
fi

if $fresh; then
  psql_admin -c "drop database if exists \"$name\" with (force)"
fi
if [[ "$(psql_admin -c "select 1 from pg_database where datname = '$name'")" != "1" ]]; then
  psql_admin -c "create database \"$name\" owner \"$owner\""
  echo "Created database $name on $host:$port"
fi
