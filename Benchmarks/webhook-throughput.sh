#!/usr/bin/env bash
# TokenReviews per second at POST /authenticate over HTTPS keep-alive on loopback, with wrk replaying
# one TokenReview: first with the verified-identity cache (every request after the first is a cache
# hit), then with the cache off (every request verifies the signature in process). Each is run flat
# out, then paced (each connection waits DELAY ms between requests) near half the goal rate —
# 10,000/s cached, 2,500/s uncached — to read the latency at that load; wrk reports the rate reached.
# Usage: Benchmarks/webhook-throughput.sh [SECONDS] [CONNECTIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-10}"
connections="${2:-32}"
. Benchmarks/common.sh
work="$(mktemp -d)"
port="$(free_port)"
health="$(free_port)"
.build/release/eksauth init --cluster-id demo --state-dir "$work/state" --port "$port" --health-port "$health" >/dev/null
cp "$work/state/server.yaml" "$work/base.yaml"
pid=""
trap 'kill $pid 2>/dev/null; rm -rf "$work"' EXIT

start() {  # cache size
  cat "$work/base.yaml" >"$work/state/server.yaml"
  printf 'tokenCacheSize: %s\nmapUsers:\n  - userarn: arn:aws:iam::123456789012:root\n    username: admin\n    groups: [system:masters]\n' "$1" >>"$work/state/server.yaml"
  .build/release/eksauth server --state-dir "$work/state" 2>"$work/server.log" &
  pid=$!
  python3 Tests/EndToEndTests/Support/wait_http.py "http://127.0.0.1:$health/healthz" 60 >/dev/null
}

start 100000
key="$(awk -F' = ' '/aws_access_key_id/ {print $2}' "$work/state/credentials")"
secret="$(awk -F' = ' '/aws_secret_access_key/ {print $2}' "$work/state/credentials")"
token="$(env -i PATH="$PATH" HOME="$work" AWS_ACCESS_KEY_ID="$key" AWS_SECRET_ACCESS_KEY="$secret" AWS_DEFAULT_REGION=us-east-1 \
  .build/release/eksauth token --cluster-name demo --token-only)"
cat >"$work/review.lua" <<LUA
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"apiVersion":"authentication.k8s.io/v1","kind":"TokenReview","spec":{"token":"$token"}}'
LUA

run() {  # name [connections delay-ms]
  script="$work/review.lua"
  if [ -n "${3:-}" ]; then
    script="$work/paced-$3.lua"
    { cat "$work/review.lua"; echo "function delay() return $3 end"; } >"$script"
  fi
  wrk -t2 -c"${2:-$connections}" -d"${seconds}s" --latency -s "$script" "https://127.0.0.1:$port/authenticate" >"$work/$1.out"
  if grep -q "Non-2xx" "$work/$1.out"; then echo "$1 answered errors:"; cat "$work/$1.out"; exit 1; fi
  printf '| %s | %s | %s | %s | %s |\n' "$1" "$(awk '/Requests\/sec/ {print $2}' "$work/$1.out")" \
    "$(awk '$1 == "50%" {print $2}' "$work/$1.out")" "$(awk '$1 == "90%" {print $2}' "$work/$1.out")" "$(awk '$1 == "99%" {print $2}' "$work/$1.out")"
}
echo "POST /authenticate over HTTPS, ${seconds}s, $connections keep-alive connections, 2 wrk threads"
echo "| tokens | TokenReviews/s | p50 | p90 | p99 |"
echo "| --- | ---: | ---: | ---: | ---: |"
run cached
run "cached, paced" 32 2
kill $pid; wait $pid 2>/dev/null || true
start 0
run uncached
run "uncached, paced" 10 3
