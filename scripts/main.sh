#!/usr/bin/env bash
# The main job: installs what is missing, builds, and checks every plan in rules/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh planrules_cli >/dev/null
echo "Checking every plan in rules/:"
build/planrules check rules/catalogue.rules rules/cn/*.rules
