#!/usr/bin/env bash
# laeval's Callaway–Sant'Anna beside csdid on mpdta (999 bootstrap repetitions, four
# aggregations), timed in one run; appends to Benchmarks/RESULTS.md. Run: bash Benchmarks/did/run.sh
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --product laeval
PY=${PYTHON:-/tmp/didenv/bin/python}
if [ ! -x "$PY" ]; then
    python3 -m venv /tmp/didenv && /tmp/didenv/bin/pip install -q csdid==0.4.3 drdid==1.1.7 pandas numpy
    PY=/tmp/didenv/bin/python
fi
DATA=Tests/LAEvalEstimatorsTests/Fixtures/did/mpdta.csv
result=$("$PY" Benchmarks/did/bench.py .build/release/laeval "$DATA" "${REPEATS:-5}")
echo "$result"
{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — Callaway–Sant'Anna on mpdta beside csdid"
    echo
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "$(swift --version 2>&1 | head -1); csdid $("$PY" -c 'import importlib.metadata as m; print(m.version("csdid"))'). Median of ${REPEATS:-5} after a warm-up."
    echo "The analysis: ATT(g,t) of lemp (never-treated controls, doubly robust), multiplier bootstrap with 999"
    echo "repetitions, and the simple, dynamic, group and calendar aggregations. laeval is timed as a whole process"
    echo "(start-up, CSV, estimation, bootstrap, JSON) and in process (estimation, bootstrap and aggregation, median of 21);"
    echo "csdid inside a started Python process with the data read. Goal: 20x faster than csdid."
    echo
    echo '```json'
    echo "$result"
    echo '```'
} >> Benchmarks/RESULTS.md
