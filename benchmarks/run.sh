#!/bin/sh
# Runs every benchmark (docs/performance.md): builds the benchmark targets in
# build-bench (Release, at most two jobs), then hands over to run.py, which
# generates the workload, times planrules, the hand-written limit, pandas and
# SQLite on the same data, and checks that they all agree.
#   benchmarks/run.sh [--build DIR] [--repetitions N] [--scales county,township] [--wait-load L] …
set -e
here=$(cd "$(dirname "$0")" && pwd)
build="$here/../build-bench"
prev=""
for arg in "$@"; do
  [ "$prev" = "--build" ] && build="$arg"
  case "$arg" in --build=*) build="${arg#--build=}" ;; esac
  prev="$arg"
done
PLANRULES_DEPS="bench" "$here/../scripts/install-deps.sh"
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$here/.." -B "$build" -DCMAKE_BUILD_TYPE=Release -DPLANRULES_BUILD_BENCHMARKS=ON -DPLANRULES_BUILD_PYTHON=OFF
fi
cmake --build "$build" -j2 --target planrules_cli planrules_benchmarks planrules_bench_generate \
  planrules_bench_limit planrules_bench_counts
# pandas comes from Debian (python3-pandas): the python3 first on PATH may not have it.
exec /usr/bin/python3 "$here/run.py" --build "$build" "$@"
