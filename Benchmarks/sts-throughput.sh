#!/usr/bin/env bash
# GetCallerIdentity with SigV4 verification over HTTP on loopback: eksauth's embedded STS against
# moto's server, side by side, with wrk replaying one botocore-signed request (keep-alive).
# Usage: Benchmarks/sts-throughput.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
. Benchmarks/common.sh
work="$(mktemp -d)"
eksauth_port="$(free_port)"
moto_port="$(free_port)"
.build/release/eksauth server --port "$eksauth_port" --state-dir "$work/state" 2>"$work/eksauth.log" &
eksauth_pid=$!
python3 Tests/EndToEndTests/Support/moto_server.py "$moto_port" >"$work/moto.log" 2>&1 &
moto_pid=$!
trap 'kill $eksauth_pid $moto_pid 2>/dev/null; rm -rf "$work"' EXIT
python3 Tests/EndToEndTests/Support/wait_http.py "http://127.0.0.1:$eksauth_port/healthz" 60 >/dev/null
python3 Tests/EndToEndTests/Support/wait_http.py "http://127.0.0.1:$moto_port/moto-api/" 60 >/dev/null

AWS_CONFIG_FILE="$work/state/aws-config" AWS_SHARED_CREDENTIALS_FILE="$work/state/credentials" AWS_PROFILE=eksauth \
  python3 Benchmarks/sts_request.py "http://127.0.0.1:$eksauth_port" "$work/eksauth.lua"
python3 Benchmarks/sts_request.py "http://127.0.0.1:$moto_port" "$work/moto.lua" AKIAIOSFODNN7EXAMPLE wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY

run() {  # name port script
  wrk -t2 -c"$connections" -d"${seconds}s" --latency -s "$3" "http://127.0.0.1:$2/" >"$work/$1.out"
  if grep -q "Non-2xx" "$work/$1.out"; then echo "$1 answered errors:"; cat "$work/$1.out"; exit 1; fi
  rps="$(awk '/Requests\/sec/ {print $2}' "$work/$1.out")"
  p50="$(awk '$1 == "50%" {print $2}' "$work/$1.out")"
  p99="$(awk '$1 == "99%" {print $2}' "$work/$1.out")"
  printf '| %s | %s | %s | %s |\n' "$1" "$rps" "$p50" "$p99"
  echo "$rps" >"$work/$1.rps"
}
echo "GetCallerIdentity, ${seconds}s, $connections keep-alive connections, 2 wrk threads"
echo "| server | requests/s | p50 | p99 |"
echo "| --- | ---: | ---: | ---: |"
run eksauth "$eksauth_port" "$work/eksauth.lua"
run moto "$moto_port" "$work/moto.lua"
python3 -c "import sys; print(f'eksauth/moto: {float(sys.argv[1]) / float(sys.argv[2]):.1f}x')" "$(cat "$work/eksauth.rps")" "$(cat "$work/moto.rps")"
