#!/usr/bin/env bash
# Installs what planrules needs from Debian 12's packages; does nothing when all are present.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libboost1.81-dev libboost-test1.81-dev libboost-json1.81-dev libboost-program-options1.81-dev
  libicu-dev libsqlite3-dev pybind11-dev libbenchmark-dev
  python3-dev python3-pytest python3-numpy python3-pandas
)
# Extra groups: PLANRULES_DEPS="fuzz browser bench" adds clang-19, chromium, and the
# sqlite3 shell that benchmarks/run.sh compares against.
for group in ${PLANRULES_DEPS:-}; do
  case "$group" in
    fuzz) packages+=(clang-19 libclang-rt-19-dev) ;;
    browser) packages+=(chromium fonts-wqy-microhei) ;;
    bench) packages+=(sqlite3) ;;
    *) echo "install-deps: unknown group '$group'" >&2; exit 2 ;;
  esac
done

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
