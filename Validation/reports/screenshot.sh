#!/usr/bin/env bash
# Screenshots every report page of the demo with headless Chromium, on screen and printed to A4.
#
#   Validation/reports/screenshot.sh [OUT]        (default OUT=/tmp/laeval-screens)
#
# Needs: apt-get install -y chromium poppler-utils. Writes OUT/demo/ (the demo run),
# OUT/screen/<page>.png (1280 px wide, the top of each page as a reader first sees it),
# OUT/print/<page>.pdf (A4, through the print stylesheet) and OUT/print/<page>-<n>.png (each
# printed page at 60 dpi) so that every page can be looked at.
set -euo pipefail
OUT=${1:-/tmp/laeval-screens}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH=/opt/swift/usr/bin:$PATH
cd "$ROOT"
swift build -c release --product laeval >/dev/null
rm -rf "$OUT" && mkdir -p "$OUT/screen" "$OUT/print"
.build/release/laeval demo --out "$OUT/demo" >/dev/null
CHROME="chromium --headless --no-sandbox --disable-gpu --hide-scrollbars"
for page in scoping interim final summary infographic; do
  file="$OUT/demo/report/$page.html"
  $CHROME --window-size=1280,2400 --screenshot="$OUT/screen/$page.png" "file://$file" 2>/dev/null
  $CHROME --no-pdf-header-footer --print-to-pdf="$OUT/print/$page.pdf" "file://$file" 2>/dev/null
  pdftoppm -png -r 60 "$OUT/print/$page.pdf" "$OUT/print/$page"
done
$CHROME --window-size=794,1123 --screenshot="$OUT/screen/infographic-svg.png" "file://$OUT/demo/report/infographic.svg" 2>/dev/null
ls "$OUT/screen" "$OUT/print" | head -100
echo "pages printed: $(ls "$OUT"/print/*.png | wc -l)"
