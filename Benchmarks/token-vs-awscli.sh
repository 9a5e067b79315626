#!/usr/bin/env bash
# Builds eksauth in release mode and times `eksauth token` against `aws eks get-token`, per invocation.
# Usage: Benchmarks/token-vs-awscli.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq time; }
swift build -c release --product eksauth >&2
swift build -c release --product eksauth-cli >&2
python3 Benchmarks/token_benchmark.py "$(swift build -c release --show-bin-path)/eksauth" "${1:-30}"
