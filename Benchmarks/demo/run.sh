#!/usr/bin/env bash
# Times the main job, `laeval demo`, in a release build: simulate the demo study, validate it,
# audit it, estimate every impact and write every report. Appends a section to
# Benchmarks/RESULTS.md with the median and min wall time over REPEATS runs (after one warm-up)
# and the per-stage timings of the last run's manifest.json.
#
#   bash Benchmarks/demo/run.sh [REPEATS]      (default 5)
set -euo pipefail
REPEATS=${1:-5}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
export PATH=/opt/swift/usr/bin:$PATH
cd "$ROOT"
swift build -c release --product laeval >/dev/null
OUT=$(mktemp -d)
.build/release/laeval demo --out "$OUT/warm" >/dev/null 2>&1
times=()
for i in $(seq 1 "$REPEATS"); do
  start=$(date +%s.%N)
  .build/release/laeval demo --out "$OUT/run$i" >/dev/null 2>&1
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
done
read -r median min < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.2f %.2f\n", m, a[1]}')
stages=$(python3 -c "import json,sys; m=json.load(open('$OUT/run$REPEATS/manifest.json')); print(', '.join(f\"{t['stage']} {t['seconds']:.2f} s\" for t in m['timings']))")
reports=$(ls "$OUT/run$REPEATS/report" | tr '\n' ' ')
{
  echo
  echo "## laeval demo, release build: $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| machine | $(uname -sm), $(nproc) cores |"
  echo "| load | $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| swift | $(swift --version 2>&1 | head -1) |"
  echo "| commit | $(git rev-parse --short HEAD) |"
  echo "| repeats | $REPEATS (after one warm-up) |"
  echo
  echo "Whole command (simulate 153 LAs, write and validate the study, audit, impact estimates for 9 outcomes by Callaway–Sant'Anna for 10 comparisons and by the joint imputation for 7 support models, tables, five reports): **median ${median} s** (min ${min} s). Goal under 30 s: $(awk -v m="$median" 'BEGIN { print (m < 30) ? "**met**" : "**not met**" }')."
  echo
  echo "Stages of the evaluation in the last run (manifest.json): $stages. Reports written: $reports"
  echo
  echo "The study's impact stage uses analytic (influence-function and BJS) standard errors; it runs no bootstrap, so there are no bootstrap repetitions in this time."
} >> Benchmarks/RESULTS.md
rm -rf "$OUT"
tail -8 Benchmarks/RESULTS.md
