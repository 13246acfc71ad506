#!/usr/bin/env bash
# Installs everything the tests need, builds, and runs every test: the Swift suites of every
# layer (they need promtool and ../shared/parquet-testing), then the deployment checks when
# deploy/check-deployment.sh is present.
set -euo pipefail
cd "$(dirname "$0")/.."
bash deploy/install-deps.sh test checks
swift build --build-tests
swift test --skip-build
# The ONNX Runtime leak check measures process RSS, so it runs alone in a process of its own.
RANKD_LEAK_CHECK=1 swift test --skip-build --filter errorPathsDoNotLeak
if [ -f deploy/check-deployment.sh ]; then
  bash deploy/check-deployment.sh
fi
