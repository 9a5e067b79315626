#!/usr/bin/env bash
# Runs eksauth's whole test suite on a fresh machine: installs the outside programs the end-to-end
# tests talk to (the AWS CLI, botocore, boto3 and moto's server, kubectl), builds, and runs `swift test`.
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf '==> %s\n' "$*"; }

python_has() { python3 -c "import $1" >/dev/null 2>&1; }

log "checking Python peers (awscli, botocore, boto3, moto server)"
missing=()
python3 -c 'import awscli, sys; sys.exit(0 if awscli.__version__ == "1.45.11" else 1)' >/dev/null 2>&1 || missing+=("awscli==1.45.11")
python_has boto3 || missing+=("boto3")
python_has moto.server || missing+=("moto[server]")
python_has flask_cors || missing+=("flask-cors")
python_has cryptography || missing+=("cryptography")
if [ ${#missing[@]} -gt 0 ]; then
  log "pip install ${missing[*]}"
  python3 -m pip install --quiet "${missing[@]}"
fi

if ! command -v kubectl >/dev/null 2>&1; then
  log "installing kubectl"
  apt-get update -qq && (apt-get install -y -qq kubectl || apt-get install -y -qq kubernetes-client)
fi
command -v openssl >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq openssl; }

log "building"
swift build --build-tests

log "testing"
swift test --skip-build "$@"
