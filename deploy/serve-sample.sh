#!/usr/bin/env bash
# Quick start: installs what rankd needs, builds it in release mode and serves the bundled
# sample on port 8080 (extra arguments go to `rankd serve`, e.g. --port 9090).
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh
swift build -c release --product rankd
exec .build/release/rankd serve --config deploy/sample/config.json "$@"
