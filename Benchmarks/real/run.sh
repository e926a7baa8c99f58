#!/usr/bin/env bash
# Times reading every real DfE and Ofsted file in ../shared/data/ees/ with one `laeval validate`
# process (release build): the seven EES tidy CSVs (parsed, symbols kept, column types inferred,
# LA codes checked against DfE's lookup) and both Ofsted .ods spreadsheets (unzipped, XML parsed,
# ILACS history and latest judgements turned into inspections). Appends the median and min of
# REPEATS runs (after one warm-up) to Benchmarks/RESULTS.md.
#
#   bash Benchmarks/real/run.sh [REPEATS]      (default 10)
set -euo pipefail
REPEATS=${1:-10}
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
DATA=$(cd "$ROOT/../shared/data/ees" && pwd)
export PATH=/opt/swift/usr/bin:$PATH
cd "$ROOT"
swift build -c release --product laeval >/dev/null
FILES=("$DATA"/b1_*.csv "$DATA"/c1_*.csv "$DATA"/cla_*.csv "$DATA"/csww_*.csv "$DATA"/d3_*.csv "$DATA"/la_cla_*.csv "$DATA"/ons_*.csv "$DATA"/*.ods)
BYTES=$(cat "${FILES[@]}" | wc -c)
.build/release/laeval validate "${FILES[@]}" >/dev/null 2>&1 || true
times=()
for i in $(seq 1 "$REPEATS"); do
  start=$(date +%s.%N)
  .build/release/laeval validate "${FILES[@]}" >/dev/null 2>&1 || true
  end=$(date +%s.%N)
  times+=("$(echo "$end - $start" | bc -l)")
done
read -r median min < <(printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {m = (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2; printf "%.3f %.3f\n", m, a[1]}')
{
  echo
  echo "## Reading every real file, release build: $(date -u '+%Y-%m-%d %H:%M') UTC"
  echo
  echo "| | |"
  echo "|---|---|"
  echo "| machine | $(uname -sm), $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg) |"
  echo "| commit | $(git rev-parse --short HEAD) |"
  echo "| files | ${#FILES[@]} ($(echo "scale=2; $BYTES / 1048576" | bc) MB): 7 EES CSVs and 2 Ofsted .ods from ../shared/data/ees |"
  echo "| repeats | $REPEATS (after one warm-up) |"
  echo
  echo "One \`laeval validate\` process over all of them (whole-process wall time, start-up included): **median ${median} s** (min ${min} s). Goal under 1 s: $(awk -v m="$median" 'BEGIN { print (m < 1) ? "**met**" : "**not met**" }'). There is no reference tool that reads both formats in one run; for the EES CSVs alone see the pandas comparison above."
} >> Benchmarks/RESULTS.md
tail -3 Benchmarks/RESULTS.md
