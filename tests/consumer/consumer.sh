#!/usr/bin/env bash
# Builds tests/consumer against planrules one way and runs what it built on the
# Xigang plan (the consumer_* tests, tests/embedding.cmake). $CC, $CXX, $JOBS
# come from the test's environment.
#
#   consumer.sh install          BUILD_DIR PREFIX
#   consumer.sh find_package     PREFIX WORK RULES DATA...
#   consumer.sh header_only      PREFIX WORK RULES DATA...
#   consumer.sh add_subdirectory SOURCE_DIR WORK RULES DATA...
#   consumer.sh pkg_config       PREFIX LIBDIR WORK RULES DATA...
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
mode=$1
shift
jobs=${JOBS:-2}

configure_and_build() { # WORK cmake-options...
  local work=$1
  shift
  cmake -S "$here" -B "$work" -DCMAKE_BUILD_TYPE=Release ${CC:+-DCMAKE_C_COMPILER=$CC} ${CXX:+-DCMAKE_CXX_COMPILER=$CXX} "$@" >"$work.configure.log" 2>&1 ||
    { cat "$work.configure.log"; exit 1; }
  cmake --build "$work" --parallel "$jobs"
}

run_and_check() { # PROGRAM RULES DATA...: exit 0 and one line per outcome
  local out
  out=$("$@")
  local lines
  lines=$(printf '%s\n' "$out" | grep -c ',' || true)
  if [ "$lines" -lt 100 ]; then
    echo "consumer: $1 printed $lines outcome lines" >&2
    exit 1
  fi
  echo "$1: $lines outcomes"
}

case "$mode" in
install)
  build=$1 prefix=$2
  rm -rf "$prefix"
  cmake --install "$build" --prefix "$prefix" >/dev/null
  test -f "$prefix/include/planrules/planrules.h"
  test -f "$prefix/include/planrules/planrules.hpp"
  test -f "$prefix/include/planrules/detail/standard_catalogue.inc"
  echo "installed into $prefix"
  ;;
find_package)
  prefix=$1 work=$2
  shift 2
  mkdir -p "$work"
  configure_and_build "$work" -DPLANRULES_CONSUME=find_package -DCMAKE_PREFIX_PATH="$prefix"
  run_and_check "$work/evaluate_xigang_cpp" "$@"
  run_and_check "$work/evaluate_xigang_c" "$@"
  ;;
header_only)
  prefix=$1 work=$2
  shift 2
  mkdir -p "$work"
  configure_and_build "$work" -DPLANRULES_CONSUME=header_only -DCMAKE_PREFIX_PATH="$prefix"
  run_and_check "$work/evaluate_xigang_header_only" "$@"
  ;;
add_subdirectory)
  source=$1 work=$2
  shift 2
  mkdir -p "$work"
  configure_and_build "$work" -DPLANRULES_CONSUME=add_subdirectory -DPLANRULES_SOURCE_DIR="$source"
  run_and_check "$work/evaluate_xigang_cpp" "$@"
  run_and_check "$work/evaluate_xigang_c" "$@"
  ;;
pkg_config)
  prefix=$1 libdir=$2 work=$3
  shift 3
  mkdir -p "$work"
  export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
  pkg-config --exists planrules planrules-c
  # shellcheck disable=SC2046
  ${CXX:-c++} -O1 -o "$work/evaluate_xigang_cpp" "$here/evaluate_xigang.cpp" $(pkg-config --cflags --libs planrules)
  # shellcheck disable=SC2046
  ${CC:-cc} -std=c11 -Wall -Wextra -pedantic -o "$work/evaluate_xigang_c" "$here/evaluate_xigang.c" \
    $(pkg-config --cflags --libs planrules-c) -lm -Wl,-rpath,"$(pkg-config --variable=libdir planrules-c)"
  run_and_check "$work/evaluate_xigang_cpp" "$@"
  run_and_check "$work/evaluate_xigang_c" "$@"
  cmp <("$work/evaluate_xigang_cpp" "$@") <("$work/evaluate_xigang_c" "$@")
  echo "the C and C++ programs agree"
  ;;
*)
  echo "consumer.sh: unknown mode '$mode'" >&2
  exit 2
  ;;
esac
