#!/usr/bin/env bash
# Runs the test suites under the sanitizers, built with clang-19 (docs/reliability.md):
#   build-asan/  AddressSanitizer + UndefinedBehaviorSanitizer: planrules_tests,
#                planrules_plan_tests, the C API test compiled as C, and the Python
#                tests when the module builds
#   build-tsan/  ThreadSanitizer: the concurrency suite (planrules_concurrency_tests)
# Any report stops the run (-fno-sanitize-recover=all, halt_on_error) and fails the script.
#
#   scripts/sanitize.sh          # both
#   scripts/sanitize.sh asan     # one of them: asan, tsan
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${PLANRULES_JOBS:-$(nproc 2>/dev/null || echo 2)}
which=("$@")
[ ${#which[@]} -eq 0 ] && which=(asan tsan)

PLANRULES_DEPS="fuzz" scripts/install-deps.sh

# Configures build-$1 with clang-19 and the sanitizer flags $2; the rest are cmake arguments.
configure() {
  local dir=$1 flags=$2
  shift 2
  cmake -S . -B "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
    -DCMAKE_C_FLAGS="$flags" -DCMAKE_CXX_FLAGS="$flags -Wno-deprecated-declarations" \
    -DPLANRULES_BUILD_CLI=OFF -DPLANRULES_INSTALL=OFF -DPLANRULES_BUILD_BENCHMARKS=OFF "$@" >/dev/null
}

# The targets of `want` that the tree defines (the C API and the Python module may be absent).
existing_targets() {
  local dir=$1 t
  shift
  for t in "$@"; do
    cmake --build "$dir" --target help 2>/dev/null | grep -qE "^\.\.\. $t( |$)" && echo "$t"
  done
  return 0
}

run() { # run NAME COMMAND...: one suite, with a header
  echo "-- sanitize: $1"
  shift
  "$@"
}

asan() {
  local flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
  local python=OFF
  [ -f bindings/python/CMakeLists.txt ] && python=ON
  echo "== sanitize: AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/)"
  # A C program linking the C++ library needs the C++ parts of the UBSan runtime and libstdc++.
  # (As standard libraries, so that CMake's check of the bare C compiler does not see them.)
  configure build-asan "$flags" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DCMAKE_SHARED_LINKER_FLAGS="-fsanitize=address,undefined" \
    -DCMAKE_C_STANDARD_LIBRARIES="-fsanitize-link-c++-runtime -lstdc++" \
    -DPLANRULES_BUILD_PYTHON=$python -DPython3_EXECUTABLE=/usr/bin/python3
  mapfile -t targets < <(existing_targets build-asan planrules_tests planrules_plan_tests planrules_c_api_test \
                                                    planrules_c_api_misuse_test planrules_python _planrules)
  local build_args=()
  for t in "${targets[@]}"; do build_args+=(--target "$t"); done
  cmake --build build-asan -j"$jobs" "${build_args[@]}"

  export ASAN_OPTIONS="detect_leaks=1:detect_stack_use_after_return=1:strict_string_checks=1:check_initialization_order=1"
  export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1"
  run "planrules_tests" build-asan/tests/planrules_tests --report_level=short
  run "planrules_plan_tests" build-asan/tests/planrules_plan_tests --report_level=short
  if [ -x build-asan/tests/planrules_c_api_test ]; then
    run "planrules_c_api_test (C)" bash -c 'cd build-asan/tests && ./planrules_c_api_test'
    run "planrules_c_api_misuse_test (C)" build-asan/tests/planrules_c_api_misuse_test
  else
    echo "-- sanitize: no C API in this tree"
  fi
  # Python: the interpreter is not instrumented, so the runtime is preloaded; CPython's
  # own allocations are not leaks of ours, so leak checking is off there.
  local module
  module=$(find build-asan -name '_planrules*.so' -print -quit 2>/dev/null || true)
  if [ -n "$module" ] && [ -d tests/python ]; then
    local runtime
    runtime=$(clang-19 -print-file-name=libclang_rt.asan-x86_64.so)
    run "pytest tests/python" env LD_PRELOAD="$runtime" ASAN_OPTIONS="detect_leaks=0" \
      PYTHONPATH="$(dirname "$module"):bindings/python${PYTHONPATH:+:$PYTHONPATH}" \
      python3 -m pytest -q -p no:cacheprovider tests/python
  else
    echo "-- sanitize: no Python module or tests in this tree"
  fi
}

tsan() {
  echo "== sanitize: ThreadSanitizer (build-tsan/)"
  configure build-tsan "-fsanitize=thread -fno-omit-frame-pointer" \
    -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=thread" -DPLANRULES_BUILD_PYTHON=OFF -DPLANRULES_BUILD_C_API=OFF
  cmake --build build-tsan -j"$jobs" --target planrules_concurrency_tests
  export TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1"
  run "planrules_concurrency_tests" build-tsan/tests/planrules_concurrency_tests --report_level=short
}

for w in "${which[@]}"; do
  case "$w" in
    asan) asan ;;
    tsan) tsan ;;
    *) echo "sanitize: unknown build '$w' (asan, tsan)" >&2; exit 2 ;;
  esac
done
echo "== sanitize: no reports"
