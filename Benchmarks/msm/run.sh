#!/usr/bin/env bash
# laeval's multi-state Markov model beside R's msm, in one run, on the same CSV files:
# msm's cav data and a simulated panel ten times larger (make_panel.R), each without and
# with a sex covariate. Appends the table to Benchmarks/RESULTS.md.
#   bash Benchmarks/msm/run.sh            (REPEATS=3, SKIP_BUILD=1 to reuse the release binary)
# Needs R with msm (Debian: apt-get install -y r-base-core r-cran-msm).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPEATS=${REPEATS:-3}
LAEVAL=${LAEVAL:-.build/release/laeval}
RESULTS=${RESULTS:-Benchmarks/RESULTS.md}
DATA=Benchmarks/msm/data
mkdir -p "$DATA"

if [ -z "${SKIP_BUILD:-}" ]; then swift build -c release --product laeval; fi
[ -f "$DATA/cav.csv" ] || Rscript -e 'suppressMessages(library(msm)); write.csv(cav[, c("PTNUM","years","state","sex")], "'"$DATA"'/cav.csv", row.names = FALSE)'
[ -f "$DATA/sim_panel_10x.csv" ] || Rscript Benchmarks/msm/make_panel.R "$DATA/sim_panel_10x.csv"

echo "== R msm"
R_OUT=$(Rscript Benchmarks/msm/time_msm.R "$DATA/sim_panel_10x.csv" "$REPEATS")
echo "$R_OUT"

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
TRANSITIONS=1-2,1-4,2-1,2-3,2-4,3-2,3-4
LAEVAL_ROWS=""
for data in cav sim_panel_10x; do
    for cov in none sex; do
        args=(estimate msm --data "$DATA/$data.csv" --subject PTNUM --time years --state state
              --transitions "$TRANSITIONS" --exact-death 4 --format json)
        [ "$cov" = sex ] && args+=(--covariates sex)
        "$LAEVAL" "${args[@]}" > "$DATA/laeval_${data}_${cov}.json"
        times=$(for _ in $(seq "$REPEATS"); do
            start=$(date +%s.%N); "$LAEVAL" "${args[@]}" > /dev/null; end=$(date +%s.%N)
            echo "$end - $start" | bc -l
        done | median)
        m2ll=$(python3 -c 'import json,sys; print("%.6f" % json.load(open(sys.argv[1]))["minus2loglik"])' "$DATA/laeval_${data}_${cov}.json")
        LAEVAL_ROWS+="$data $cov $times $m2ll"$'\n'
    done
done
echo "== laeval"
echo "$LAEVAL_ROWS"

TABLE=$(python3 - "$R_OUT" "$LAEVAL_ROWS" <<'EOF'
import sys
r_lines = [l.split() for l in sys.argv[1].splitlines() if l.split() and l.split()[0] in ("cav", "sim10x")]
def value(text): return float("nan") if text == "NA" else float(text)
r = {(l[0], l[2], l[3]): (value(l[4]), value(l[5])) for l in r_lines}
rows = ["| data | covariates | laeval s | −2 log L (laeval) | msm default s | −2 log L (default) | ratio | msm tight s | −2 log L (tight) | ratio |",
        "|---|---|---|---|---|---|---|---|---|---|"]
for line in sys.argv[2].strip().splitlines():
    data, cov, seconds, m2ll = line.split()
    key = "cav" if data == "cav" else "sim10x"
    d, t = r[(key, cov, "default")], r[(key, cov, "tight")]
    s = float(seconds)
    def cells(x):  # msm failed: NA
        return f"{x[0]:.3f} | {x[1]:.4f} | {s / x[0]:.2f}" if x[0] == x[0] else "failed | NA | NA"
    rows.append(f"| {data} | {cov} | {s:.3f} | {float(m2ll):.4f} | {cells(d)} | {cells(t)} |")
print("\n".join(rows))
EOF
)
echo "$TABLE"
{
    echo
    echo "## Multi-state Markov model: laeval vs R msm ($(date -u +%Y-%m-%d), $(nproc) cores, median of $REPEATS)"
    echo
    echo "The msm manual's 4-state model with exact death; laeval's time is the whole command (read CSV, fit, covariance, P(t), JSON)."
    echo "Ratio: laeval seconds / msm seconds (below 1: laeval faster)."
    echo
    echo "$TABLE"
} >> "$RESULTS"
