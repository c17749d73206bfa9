#!/usr/bin/env bash
# Renders the HTML report in a real headless browser and checks the screenshot
# is not blank. Registered with CTest (tests/CMakeLists.txt); exits 77, CTest's
# skip code here, when Chromium is not installed.
#
# usage: render_html.sh WRITE_REPORT RULES DATA AS_OF [LANGUAGE]
#   WRITE_REPORT  the planrules_write_report test program
# Set PLANRULES_KEEP_SCREENSHOT=DIR to keep report.html and report.png there.
set -euo pipefail

writer=$1 rules=$2 data=$3 as_of=$4 language=${5:-zh}
here=$(cd "$(dirname "$0")" && pwd)

browser=""
for candidate in chromium chromium-browser google-chrome; do
  if command -v "$candidate" >/dev/null 2>&1; then
    browser=$(command -v "$candidate")
    break
  fi
done
if [[ -z $browser ]]; then
  echo "SKIPPED: chromium not installed"
  exit 77
fi
if ! command -v fc-list >/dev/null 2>&1 || [[ -z $(fc-list :lang=zh 2>/dev/null) ]]; then
  echo "note: no CJK font installed (fonts-noto-cjk or fonts-wqy-microhei): Chinese text renders as boxes"
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s%N)

"$writer" "$rules" "$data" "$as_of" html "$language" "$work/report.html"

# No network, no first-run or background work; a profile of its own, thrown away.
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
  --force-device-scale-factor=1 --user-data-dir="$work/profile" --window-size=1280,2000 \
  --screenshot="$work/report.png" "file://$work/report.html" >"$work/browser.log" 2>&1 || {
  echo "FAIL: $browser exited with $?"
  cat "$work/browser.log"
  exit 1
}
if [[ ! -s $work/report.png ]]; then
  echo "FAIL: no screenshot written"
  cat "$work/browser.log"
  exit 1
fi

status=0
/usr/bin/python3 "$here/check_png.py" "$work/report.png" || status=$?
if [[ -n ${PLANRULES_KEEP_SCREENSHOT:-} ]]; then
  mkdir -p "$PLANRULES_KEEP_SCREENSHOT"
  cp "$work/report.html" "$work/report.png" "$PLANRULES_KEEP_SCREENSHOT/"
fi
echo "browser test: $(( ($(date +%s%N) - start) / 1000000 )) ms"
exit $status
