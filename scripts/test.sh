#!/usr/bin/env bash
# Runs eksauth's whole test suite on a fresh machine: installs the outside programs the end-to-end
# tests talk to (the AWS CLI, botocore, boto3 and moto's server, kubectl, PostgreSQL), starts a
# throwaway PostgreSQL server for the storage tests (stopped on exit), builds, and runs `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }

python_has() { python3 -c "import $1" >/dev/null 2>&1; }

log "checking Python peers (awscli, botocore, boto3, moto server, PyJWT)"
missing=()
python3 -c 'import awscli, sys; sys.exit(0 if awscli.__version__ == "1.45.11" else 1)' >/dev/null 2>&1 || missing+=("awscli==1.45.11")
python_has boto3 || missing+=("boto3")
python_has moto.server || missing+=("moto[server]")
python_has flask_cors || missing+=("flask-cors")
python_has cryptography || missing+=("cryptography")
python_has jwt || missing+=("PyJWT")
if [ ${#missing[@]} -gt 0 ]; then
  log "pip install ${missing[*]}"
  python3 -m pip install --quiet "${missing[@]}"
fi

if ! command -v kubectl >/dev/null 2>&1; then
  log "installing kubectl"
  apt-get update -qq && (apt-get install -y -qq kubectl || apt-get install -y -qq kubernetes-client)
fi
command -v openssl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openssl; }
command -v sqlite3 >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq sqlite3; }
command -v psql >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq postgresql-client; }

pg_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
if [ -z "$(pg_bin)" ]; then
  log "installing PostgreSQL"
  apt-get update -qq && apt-get install -y -qq postgresql
fi

if [ -z "${EKSAUTH_TEST_POSTGRES_URL:-}" ]; then
  PG_BIN="$(pg_bin)"
  PG_DIR="$(mktemp -d /tmp/eksauth-postgres.XXXXXX)"
  as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR"
  PG_PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
  PG_PASSWORD="test-$(python3 -c 'import secrets; print(secrets.token_hex(8))')"
  printf '%s\n' "$PG_PASSWORD" > "$PG_DIR/password"
  [ "$(id -u)" = 0 ] && chown postgres "$PG_DIR/password"
  log "starting a throwaway PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PG_PORT in $PG_DIR"
  as_postgres "$PG_BIN/initdb" --pgdata "$PG_DIR/data" --username eksauth --pwfile "$PG_DIR/password" \
    --auth-local trust --auth-host scram-sha-256 --encoding UTF8 --no-sync >"$PG_DIR/initdb.log"
  stop_postgres() {
    as_postgres "$PG_BIN/pg_ctl" --pgdata "$PG_DIR/data" --mode immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  }
  trap stop_postgres EXIT
  as_postgres "$PG_BIN/pg_ctl" --pgdata "$PG_DIR/data" --log "$PG_DIR/server.log" --wait \
    -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $PG_DIR -c fsync=off -c max_connections=200" start >/dev/null
  export EKSAUTH_TEST_POSTGRES_URL="postgres://eksauth:$PG_PASSWORD@127.0.0.1:$PG_PORT/postgres?sslmode=disable"
fi

log "building"
swift build --build-tests

log "testing"
swift test --skip-build "$@"
