#!/usr/bin/env bash
# The main job: installs what is missing, builds, and evaluates the national
# targets against the national statistics as of 2024 (the latest year the NBS
# monitoring reports cover), printing the report.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh planrules_cli >/dev/null
build/planrules eval rules/cn/national_children_targets.rules \
  data/cn/cn_national_children_statistics.csv data/cn/national_plan_baselines.csv \
  --as-of 2024 "$@"
