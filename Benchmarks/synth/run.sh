#!/usr/bin/env bash
# Synthetic control with full placebo-in-space inference on the Basque data, laeval beside
# pysyncon in the same run. Appends a section to Benchmarks/RESULTS.md.
#   bash Benchmarks/synth/run.sh     (REPEATS=3; SKIP_BUILD=1 reuses the release binary;
#                                     BUILD_PATH=.build-release; SYNTH_DATA=folder with basque.csv)
# laeval: whole-process wall time of `laeval estimate synth --spec basque.yaml --placebo`.
# pysyncon: Synth.fit + PlaceboTest.fit inside one Python process (after import), defaults.
# Checks: laeval's nested loss_V ≤ pysyncon's, and laeval's W at pysyncon's V (--predictor-weights)
# equals pysyncon's W within 1e-3.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
REPEATS=${REPEATS:-3}
BUILD_PATH=${BUILD_PATH:-.build-release}
LAEVAL=${LAEVAL:-$BUILD_PATH/release/laeval}
RESULTS=${RESULTS:-Benchmarks/RESULTS.md}
SYNTH_DATA=${SYNTH_DATA:-../shared/data/synth}
DATA=Benchmarks/data/synth
mkdir -p "$DATA"

if [ -z "${SKIP_BUILD:-}" ]; then nice swift build -c release --product laeval --build-path "$BUILD_PATH"; fi
cp "$SYNTH_DATA/basque.csv" "$DATA/basque.csv"
cat > "$DATA/basque.yaml" <<'YAML'
data: basque.csv
unit: regionname
time: year
outcome: gdpcap
treated: "Basque Country (Pais Vasco)"
controls: [Andalucia, Aragon, "Baleares (Islas)", Canarias, Cantabria, Castilla-La Mancha, Castilla Y Leon, Cataluna,
           Comunidad Valenciana, Extremadura, Galicia, "Madrid (Comunidad De)", "Murcia (Region de)",
           "Navarra (Comunidad Foral De)", "Principado De Asturias", "Rioja (La)"]
predictors:
  - {variable: school.illit, periods: 1964-1969, op: mean}
  - {variable: school.prim, periods: 1964-1969, op: mean}
  - {variable: school.med, periods: 1964-1969, op: mean}
  - {variable: school.high, periods: 1964-1969, op: mean}
  - {variable: school.post.high, periods: 1964-1969, op: mean}
  - {variable: invest, periods: 1964-1969, op: mean}
  - {variable: gdpcap, periods: 1960-1969, op: mean}
  - {variable: sec.agriculture, periods: [1961, 1963, 1965, 1967, 1969], op: mean}
  - {variable: sec.energy, periods: [1961, 1963, 1965, 1967, 1969], op: mean}
  - {variable: sec.industry, periods: [1961, 1963, 1965, 1967, 1969], op: mean}
  - {variable: sec.construction, periods: [1961, 1963, 1965, 1967, 1969], op: mean}
  - {variable: sec.services.venta, periods: [1961, 1963, 1965, 1967, 1969], op: mean}
  - {variable: sec.services.nonventa, periods: [1961, 1963, 1965, 1967, 1969], op: mean}
  - {variable: popdens, periods: 1969, op: mean}
fit_periods: 1960-1969
start: 1975
placebo: true
YAML

median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)

echo "== pysyncon (fit + placebo in space, $REPEATS runs)"
PY=$(python3 Benchmarks/synth/time_pysyncon.py "$DATA/basque.csv" "$REPEATS" "$DATA/pysyncon.json")
echo "$PY"

echo "== laeval"
"$LAEVAL" estimate synth --spec "$DATA/basque.yaml" --placebo --format json > "$DATA/laeval.json"
LAEVAL_TIMES=$(for _ in $(seq "$REPEATS"); do
    start=$(date +%s.%N); "$LAEVAL" estimate synth --spec "$DATA/basque.yaml" --placebo --format json > /dev/null; end=$(date +%s.%N)
    echo "$end - $start" | bc -l
done)
LAEVAL_MEDIAN=$(echo "$LAEVAL_TIMES" | median)
LAEVAL_MIN=$(echo "$LAEVAL_TIMES" | sort -g | head -1)
echo "$LAEVAL_MEDIAN $LAEVAL_MIN"
V=$(python3 -c 'import json,sys; print(",".join(repr(v) for v in json.load(open(sys.argv[1]))["V"]))' "$DATA/pysyncon.json")
"$LAEVAL" estimate synth --spec "$DATA/basque.yaml" --predictor-weights "$V" --format json > "$DATA/laeval_at_pysyncon_v.json"
LOAD_AFTER=$(cut -d' ' -f1-3 /proc/loadavg)

SECTION=$(python3 - "$DATA" "$PY" "$LAEVAL_MEDIAN" "$LAEVAL_MIN" "$REPEATS" "$LOAD_BEFORE" "$LOAD_AFTER" <<'PYEOF'
import json, platform, subprocess, sys, datetime
import numpy, pandas, pysyncon
data, py, lmed, lmin, repeats, before, after = sys.argv[1:]
pmed, pmin = map(float, py.split())
lmed, lmin = float(lmed), float(lmin)
ref = json.load(open(f"{data}/pysyncon.json"))
nested = json.load(open(f"{data}/laeval.json"))
at_v = json.load(open(f"{data}/laeval_at_pysyncon_v.json"))
w_ref = dict(zip(ref["controls"], ref["W"]))
dw = max(abs(w["weight"] - w_ref[w["unit"]]) for w in at_v["weights"])
loss_ok = nested["loss_v"] <= ref["loss_V"] * (1 + 1e-6)
def top(weights): return ", ".join(f"{u} {w:.3f}" for u, w in sorted(weights.items(), key=lambda x: -x[1]) if w > 1e-3)
cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
mem = next((int(l.split()[1]) / 1024 / 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
swift = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout.splitlines()[0] if True else ""
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
dirty = subprocess.run(["git", "status", "--porcelain"], capture_output=True, text=True).stdout.strip()
ratio = pmed / lmed
print(f"""## {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC — synthetic control: laeval estimate synth beside pysyncon

| | |
|---|---|
| machine | {platform.system()} {platform.machine()} |
| nproc | {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} |
| cpu | {cpu} |
| memory | {mem:.1f} GB |
| load | load average {before} before, {after} after |
| swift | {swift} |
| python | Python {platform.python_version()}, pysyncon {pysyncon.__version__}, pandas {pandas.__version__}, numpy {numpy.__version__} |
| commit | {commit}{' (with uncommitted changes)' if dirty else ''} |
| repeats | median of {repeats} timed runs per tool |

Basque Country (Abadie & Gardeazabal 2003; pysyncon's example spec, 14 predictors, 16 donors): the fit plus
placebo in space (16 placebo fits, V re-optimised each time). laeval: whole process (`laeval estimate synth
--spec basque.yaml --placebo`-equivalent spec, release build: read CSV, 17 nested fits on 2 threads, JSON).
pysyncon: `Synth.fit` + `PlaceboTest.fit` (which refits the treated unit too) in one Python process after
import, its defaults (outer Nelder–Mead from equal weights, maxiter 1000; inner SLSQP; a process pool on every core).

| case | laeval median s (min) | pysyncon median s (min) | speed-up pysyncon/laeval |
|---|---|---|---|
| fit + placebo in space, Basque | {lmed:.3f} ({lmin:.3f}) | {pmed:.3f} ({pmin:.3f}) | {ratio:.1f}x |

Goal: at least 10x faster: **{'met' if ratio >= 10 else 'not met'}** ({ratio:.1f}x).
Same weights: at pysyncon's V (`--predictor-weights`), laeval's W differs from pysyncon's by at most {dw:.2e}
(tolerance 1e-3: **{'met' if dw <= 1e-3 else 'not met'}**). Nested fits: laeval loss_V {nested['loss_v']:.6g} vs pysyncon
{ref['loss_V']:.6g} (laeval ≤ pysyncon: **{'yes' if loss_ok else 'no'}**); weights laeval {top({w['unit']: w['weight'] for w in nested['weights']})};
pysyncon {top(w_ref)}. The nested problem has many local optima (Fixtures/synth/README.md), so the nested
weights of two optimisers need not agree; p-values: laeval {nested['p_value']:.4f}, pysyncon (same rank rule) {ref['p_value']:.4f}.
""")
PYEOF
)
echo "$SECTION"
{ echo; echo "$SECTION"; } >> "$RESULTS"
