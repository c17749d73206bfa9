#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test.
set -euo pipefail
cd "$(dirname "$0")/.."
PLANRULES_DEPS="browser ${PLANRULES_DEPS:-}" scripts/install-deps.sh
start=$(date +%s)
scripts/build.sh
echo "build: $(( $(date +%s) - start )) s"
ctest --test-dir build --output-on-failure
