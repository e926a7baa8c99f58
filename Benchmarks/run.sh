#!/usr/bin/env bash
# Benchmark laeval (release build) beside pandas.read_csv of the same files, and append the
# results to Benchmarks/RESULTS.md. Run from anywhere: bash Benchmarks/run.sh
#
# Environment:
#   SIZE_MB=200        size of the generated large EES file (generated only if missing)
#   REGENERATE=1       regenerate the large file even if present
#   DEMO_REPEATS=10    timed repeats for the demo study (after one warm-up)
#   LARGE_REPEATS=5    timed repeats for the large file (after one warm-up)
#   SKIP_BUILD=1       use the existing release binary instead of running swift build
#   LAEVAL=path        laeval binary to time (default .build/release/laeval)
#   PYTHON=python3     Python with pandas and numpy
#   RESULTS=path       where to append results (default Benchmarks/RESULTS.md)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
SIZE_MB=${SIZE_MB:-200}
DEMO_REPEATS=${DEMO_REPEATS:-10}
LARGE_REPEATS=${LARGE_REPEATS:-5}
PYTHON=${PYTHON:-python3}
LAEVAL=${LAEVAL:-.build/release/laeval}
RESULTS=${RESULTS:-Benchmarks/RESULTS.md}
DATA=Benchmarks/data
mkdir -p "$DATA"

# (a) release build
if [ -z "${SKIP_BUILD:-}" ]; then
    echo "== swift build -c release --product laeval"
    swift build -c release --product laeval
fi
if [ ! -x "$LAEVAL" ]; then
    echo "no laeval binary at $LAEVAL: build it with swift build -c release --product laeval" >&2
    exit 1
fi

# Python dependencies (the only network use: pip install if missing)
if ! "$PYTHON" -c 'import pandas, numpy' 2>/dev/null; then
    echo "== installing pandas (and numpy) with pip"
    "$PYTHON" -m pip install pandas numpy
fi

# (b) the large EES file
if [ -n "${REGENERATE:-}" ] || [ ! -f "$DATA/large_ees.csv" ] || [ ! -f "$DATA/large_ees.meta.csv" ]; then
    echo "== generating $DATA/large_ees.csv (${SIZE_MB} MB)"
    "$PYTHON" Benchmarks/generate_large_ees.py --size-mb "$SIZE_MB"
else
    echo "== using existing $DATA/large_ees.csv ($(wc -c < "$DATA/large_ees.csv") bytes; REGENERATE=1 to rebuild)"
fi

# (c) the demo study, created once per run
echo "== $LAEVAL demo --out $DATA/demo"
rm -rf "$DATA/demo"
demo_status=0
"$LAEVAL" demo --out "$DATA/demo" > "$DATA/demo.log" 2>&1 || demo_status=$?
if [ ! -d "$DATA/demo/study" ]; then
    echo "laeval demo did not create $DATA/demo/study (exit $demo_status); its output:" >&2
    cat "$DATA/demo.log" >&2
    exit 1
fi
[ "$demo_status" -eq 0 ] || echo "warning: laeval demo exited $demo_status (see $DATA/demo.log); timing anyway"

# (d), (e), (f): time both sides in this run and append to RESULTS.md
"$PYTHON" Benchmarks/bench.py \
    --laeval "$LAEVAL" \
    --demo-study "$DATA/demo/study" \
    --large "$DATA/large_ees.csv" \
    --demo-repeats "$DEMO_REPEATS" \
    --large-repeats "$LARGE_REPEATS" \
    --results "$RESULTS" \
    --json "$DATA/last_run.json"
