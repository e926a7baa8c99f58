#!/usr/bin/env bash
# The value-for-money benchmark (issue 9): laeval's 2,000-replicate joint bootstrap (comparison
# stage) and 10,000-draw PSA (value for money) on the demo study, beside NumPy doing the same
# amount of work (reference.py). Goal: under 10 s on this machine. Appends to Benchmarks/RESULTS.md.
# Needs: python3 with numpy.
set -euo pipefail
cd "$(dirname "$0")/../.."
swift build -c release --scratch-path .build-release --product laeval >/dev/null
BIN=.build-release/release/laeval
WORK=$(mktemp -d)
$BIN demo --out "$WORK/demo" >/dev/null 2>&1
start=$(date +%s.%N)
$BIN vfm "$WORK/demo/study" --out "$WORK/vfm" --psa-draws 10000 --replicates 2000 >/dev/null 2>&1
end=$(date +%s.%N)
python3 - "$WORK" "$start" "$end" <<'PY' > "$WORK/laeval.json"
import json, sys
work, start, end = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
timings = {t["stage"]: t["seconds"] for t in json.load(open(f"{work}/vfm/manifest-vfm.json"))["timings"]}
vfm = json.load(open(f"{work}/vfm/vfm.json"))
print(json.dumps({"laeval_process_seconds": round(end - start, 3),
                  "laeval_compare_seconds": round(timings["compare"], 3),
                  "laeval_value_for_money_seconds": round(timings["value for money"], 3),
                  "laeval_bootstrap_plus_psa_seconds": round(timings["compare"] + timings["value for money"], 3),
                  "psa_draws": vfm["psa_draws"], "replicates": vfm["replicates"]}))
PY
python3 Benchmarks/vfm/reference.py 90 153 10 2000 10000 > "$WORK/reference.json"
python3 - "$WORK" <<'PY' | tee -a Benchmarks/RESULTS.md
import json, sys, platform, subprocess, os
work = sys.argv[1]
laeval = json.load(open(f"{work}/laeval.json")); reference = json.load(open(f"{work}/reference.json"))
commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
import datetime, numpy
print(f"\n## {datetime.datetime.utcnow():%Y-%m-%d %H:%M} UTC — value for money: joint bootstrap and PSA on the demo study\n")
print(f"Machine: {os.cpu_count()} cores, load {' '.join(f'{x:.2f}' for x in os.getloadavg())}; numpy {numpy.__version__}; commit {commit}.")
print("laeval vfm (release) on the demo study: 2,000-replicate joint multiplier bootstrap of the 90 Callaway-Sant'Anna estimates (comparison stage)")
print("and the value-for-money stage with its 10,000-draw PSA, from the stage timings in manifest-vfm.json; the process also fits the")
print("estimates and the Ofsted-grade models. NumPy reference (reference.py): the same amount of work on random inputs of the same sizes.")
print("Goal: laeval's bootstrap plus PSA under 10 s.\n")
print("```json")
print(json.dumps({**laeval, **{f"numpy_{k}": round(v, 3) for k, v in reference.items()},
                  "ratio_laeval_over_numpy": round(laeval["laeval_bootstrap_plus_psa_seconds"] / reference["total_seconds"], 2)}, indent=1))
print("```")
PY
rm -rf "$WORK"
