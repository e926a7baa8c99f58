#!/usr/bin/env bash
# Benchmark `laeval estimate ols` (release build) beside pyfixest and numpy in the same run, and
# append the results to Benchmarks/RESULTS.md. Run from anywhere: bash Benchmarks/regression/run.sh
#
# Environment:
#   SKIP_BUILD=1      use the existing release binary instead of running swift build
#   LAEVAL=path       laeval binary to time (default .build/release/laeval)
#   PYTHON=path       Python with pyfixest, pandas and numpy (default /tmp/pyfx/bin/python,
#                     created with `python3 -m venv /tmp/pyfx && pip install pyfixest` if missing)
#   REPEATS=3         timed repeats per tool and case (after one untimed warm-up)
#   ROWS=1000000      rows of each generated file (generated only if missing)
#   REGENERATE=1      rewrite the data files even if present
#   RESULTS=path      where to append results (default Benchmarks/RESULTS.md)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/../.."
LAEVAL=${LAEVAL:-.build/release/laeval}
REPEATS=${REPEATS:-3}
ROWS=${ROWS:-1000000}
RESULTS=${RESULTS:-Benchmarks/RESULTS.md}
DATA=Benchmarks/data
mkdir -p "$DATA"

# (1) release build
if [ -z "${SKIP_BUILD:-}" ]; then
    echo "== swift build -c release --product laeval"
    swift build -c release --product laeval
fi
if [ ! -x "$LAEVAL" ]; then
    echo "no laeval binary at $LAEVAL: build it with swift build -c release --product laeval" >&2
    exit 1
fi
if ! "$LAEVAL" estimate ols --help > /dev/null 2>&1; then
    echo "$LAEVAL has no 'estimate ols' subcommand: rebuild it (unset SKIP_BUILD)" >&2
    exit 1
fi

# (2) Python with pyfixest (the only network use: creating the venv if it is missing)
if [ -z "${PYTHON:-}" ]; then
    PYTHON=/tmp/pyfx/bin/python
    if [ ! -x "$PYTHON" ]; then
        echo "== creating /tmp/pyfx with pyfixest"
        python3 -m venv /tmp/pyfx
        /tmp/pyfx/bin/pip install pyfixest
    fi
fi
"$PYTHON" -c 'import pyfixest, pandas, numpy' || { echo "$PYTHON cannot import pyfixest, pandas and numpy" >&2; exit 1; }

# (3) data
suffix=$([ "$ROWS" = 1000000 ] && echo 1m || echo "$ROWS")
"$PYTHON" Benchmarks/regression/generate.py --rows "$ROWS" --out "$DATA" ${REGENERATE:+--force}

# (4) time all three tools on both cases and append to RESULTS.md
"$PYTHON" Benchmarks/regression/bench.py \
    --laeval "$LAEVAL" \
    --ols "$DATA/ols_$suffix.csv" \
    --fe "$DATA/fe_$suffix.csv" \
    --repeats "$REPEATS" \
    --results "$RESULTS" \
    --json "$DATA/regression_last_run.json"
echo "== appended to $RESULTS; raw timings in $DATA/regression_last_run.json"
