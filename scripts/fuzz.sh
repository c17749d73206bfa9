#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/) with clang-19 into build-fuzz/ and runs each
# for a bounded time, printing executions/s and total executions per target.
#
#   scripts/fuzz.sh                  # every target, 60 s each
#   scripts/fuzz.sh fuzz_rules       # some targets
#   PLANRULES_FUZZ_SECONDS=600 scripts/fuzz.sh
#
# The corpus grows in build-fuzz/corpus/<target>/ (seeded from tests/fuzz/corpus/ and the
# rules, data and plan texts of the tree); crashes are written to build-fuzz/artifacts/<target>/
# and make the script exit 1. docs/reliability.md says what each target checks.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
seconds=${PLANRULES_FUZZ_SECONDS:-60}
jobs=${PLANRULES_JOBS:-$(nproc 2>/dev/null || echo 2)}
build=build-fuzz

PLANRULES_DEPS="fuzz" scripts/install-deps.sh

echo "== fuzz: building the targets (clang-19, ASan + UBSan + libFuzzer) into $build/"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
  -DPLANRULES_BUILD_FUZZERS=ON -DPLANRULES_BUILD_TESTS=OFF -DPLANRULES_BUILD_CLI=OFF \
  -DPLANRULES_BUILD_PYTHON=OFF -DPLANRULES_INSTALL=OFF -DPLANRULES_C_SHARED=OFF >/dev/null
available=(fuzz_rules fuzz_csv)
[ -f include/planrules/extract.hpp ] && available+=(fuzz_extract)
[ -f src/c_api.cpp ] && available+=(fuzz_c_api)
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=("${available[@]}")
build_args=()
for t in "${targets[@]}"; do build_args+=(--target "$t"); done
cmake --build "$build" -j"$jobs" "${build_args[@]}"

# Seeds: the committed ones, plus the tree's own rules, data and plan texts. Large
# files are cut into pieces of 40 lines so that mutations stay fast.
seeds="$build/seeds"
rm -rf "$seeds"
mkdir -p "$seeds"/{rules,csv,extract,c_api}
piece() { # piece DIR FILE...: whole small files, 40-line pieces of large ones
  local dir=$1 f
  shift
  for f in "$@"; do
    [ -f "$f" ] || continue
    local name
    name=$(echo "${f#"$root"/}" | tr '/' '_')
    if [ "$(wc -c <"$f")" -le 4096 ]; then cp "$f" "$dir/$name"
    else split -l 40 -d -a 3 "$f" "$dir/$name."; fi
  done
}
piece "$seeds/rules" rules/*.rules rules/cn/*.rules tests/data/*.rules tests/data/extract/*.rules
piece "$seeds/csv" data/cn/*.csv data/illustrative/*.csv tests/data/*.csv ../shared/data/*.csv
cp tests/data/extract/*.txt "$seeds/extract/" 2>/dev/null || true
for f in ../shared/seeds/*.txt; do [ -f "$f" ] && cp "$f" "$seeds/extract/$(basename "$f")"; done
# C API inputs: rules, a NUL byte, CSV.
for pair in "rules/cn/national_children_targets.rules data/cn/cn_national_children_statistics.csv" \
            "tests/data/report_city.rules tests/data/report_city.csv" \
            "tests/fuzz/corpus/rules/kitchen_sink.rules tests/fuzz/corpus/csv/long.csv"; do
  set -- $pair
  [ -f "$1" ] && [ -f "$2" ] && { cat "$1"; printf '\0'; head -c 8000 "$2"; } >"$seeds/c_api/$(basename "$1").bin"
done

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
failed=()
summary=()
for t in "${targets[@]}"; do
  kind=${t#fuzz_}
  corpus="$build/corpus/$kind"
  artifacts="$build/artifacts/$kind"
  log="$build/logs/$t.log"
  mkdir -p "$corpus" "$artifacts" "$build/logs"
  # A fixed seed, so that a CI run can be repeated (PLANRULES_FUZZ_SEED=0 picks one).
  options=(-seed="${PLANRULES_FUZZ_SEED:-1}" -max_total_time="$seconds" -timeout=25 -rss_limit_mb=2560 -print_final_stats=1
           -artifact_prefix="$artifacts/")
  case "$kind" in
    rules) options+=(-dict=tests/fuzz/rules.dict -max_len=8192) ;;
    csv) options+=(-dict=tests/fuzz/csv.dict -max_len=8192) ;;
    extract) options+=(-max_len=65536) ;;
    c_api) options+=(-dict=tests/fuzz/rules.dict -max_len=32768) ;;
  esac
  echo "== fuzz: $t for ${seconds} s (log: $log)"
  status=0
  "$build/tests/fuzz/$t" "${options[@]}" "$corpus" "tests/fuzz/corpus/$kind" "$seeds/$kind" >"$log" 2>&1 || status=$?
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$log" | tail -1)
  coverage=$(grep -o 'cov: [0-9]* ft: [0-9]*' "$log" | tail -1 || true)
  line=$(printf '%-14s %10s exec/s %12s executions  %s  peak RSS %s MB' "$t" "${speed:-?}" "${runs:-?}" \
         "${coverage:-}" "${rss:-?}")
  if [ "$status" -ne 0 ]; then
    line="$line  FAILED (exit $status)"
    failed+=("$t")
    grep -E 'ERROR: |invariant broken|SUMMARY|Test unit written to' "$log" | head -20 || true
  fi
  summary+=("$line")
  echo "$line"
done

echo "== fuzz: summary (${seconds} s per target)"
printf '%s\n' "${summary[@]}"
if [ ${#failed[@]} -gt 0 ]; then
  echo "fuzz: ${failed[*]} failed; crashing inputs are in $build/artifacts/" >&2
  exit 1
fi
