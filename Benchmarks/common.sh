# Shared by the benchmark scripts: wrk installed on demand, a release build of eksauth, free ports.
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
swift build -c release --product eksauth >/dev/null
swift build -c release --product eksauth-cli >/dev/null
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
