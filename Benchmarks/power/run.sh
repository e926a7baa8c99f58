#!/usr/bin/env bash
# Simulation power of Callaway–Sant'Anna: laeval (1,000 simulations) beside csdid (20 simulations,
# extrapolated linearly to 1,000 and stated as such) on the same panel, in one run; appends to
# Benchmarks/RESULTS.md. Run: bash Benchmarks/power/run.sh   (SKIP_BUILD=1 reuses .build-release)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
BIN=.build-release/release/laeval
[ -n "${SKIP_BUILD:-}" ] || swift build -c release --scratch-path .build-release --product laeval
PY=${PYTHON:-python3}
"$PY" -c "import csdid" 2>/dev/null || "$PY" -m pip install -q csdid==0.4.3 drdid==1.1.7 pandas numpy
mkdir -p Benchmarks/data
[ -d Benchmarks/data/demo/study ] || "$BIN" demo --out Benchmarks/data/demo > /dev/null
"$PY" Benchmarks/power/make_panel.py Benchmarks/data/demo/study Benchmarks/data/power_panel.csv
REPS=${REPS:-1000}; CSDID_REPS=${CSDID_REPS:-20}
start=$(date +%s.%N)
ours=$("$BIN" power simulate --data Benchmarks/data/power_panel.csv --unit la --time year --group first_treat --outcome y \
    --control notyet --replicates "$REPS" --seed 1 --format json 2>/dev/null)
laeval_wall=$(echo "$(date +%s.%N) - $start" | bc)
theirs=$("$PY" Benchmarks/power/csdid_power.py Benchmarks/data/power_panel.csv "$CSDID_REPS" 1)
summary=$("$PY" - "$ours" "$theirs" "$laeval_wall" "$REPS" <<'PYEOF'
import json, sys
ours, theirs, wall, reps = json.loads(sys.argv[1]), json.loads(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
extrapolated = theirs["seconds_per_replicate"] * reps
print(json.dumps({
    "panel": f"{ours['n']} LAs x 12 years, {ours['n_treated']} treated (demo, intervention, re-referrals)",
    "laeval_replicates": reps, "laeval_process_seconds": round(wall, 3), "laeval_simulation_seconds": round(ours["seconds"], 3),
    "csdid_replicates": theirs["replicates"], "csdid_seconds": round(theirs["seconds"], 3),
    "csdid_seconds_extrapolated_to_laeval_replicates": round(extrapolated, 1),
    "ratio_csdid_over_laeval": round(extrapolated / wall, 1),
    "laeval_size_at_zero": ours["curve"][0]["power"], "csdid_size_at_zero_of_its_few": theirs["size_at_zero"],
    "mean_se_over_simulations_laeval_csdid": [ours["mean_se"], theirs["mean_se"]],
    "laeval_mde": ours["effect_size"]}, indent=1))
PYEOF
)
echo "$summary"
{
    echo
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC') — simulation power of Callaway–Sant'Anna beside csdid"
    echo
    echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg);"
    echo "$(swift --version 2>&1 | head -1); csdid $("$PY" -c 'import importlib.metadata as m; print(m.version("csdid"))'); commit $(git rev-parse --short HEAD)."
    echo "The same procedure in both (docs/methods/scoping.md, real timings): each simulation redraws whole residual series of"
    echo "never-treated LAs, fits ATT(g,t) with not-yet-treated controls (doubly robust, analytic SEs) and the simple ATT. The panel: the demo"
    echo "study's re-referral rate for 153 LAs x 2014-2025, cohorts = first intervention year (about 2% of cells filled from the nearest year)."
    echo "laeval: $REPS simulations, timed as a whole process (start-up, CSV, simulations, JSON). csdid: $CSDID_REPS simulations in a"
    echo "started Python process after a warm-up, **extrapolated linearly** to $REPS. Goal: laeval under 20 s on this machine."
    echo
    echo '```json'
    echo "$summary"
    echo '```'
} >> Benchmarks/RESULTS.md
