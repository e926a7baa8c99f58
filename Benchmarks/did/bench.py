"""Times the full mpdta analysis in laeval and in csdid in one run (Benchmarks/did/run.sh).

laeval is timed twice: as a whole process (start-up of about 19 ms, argument parsing, CSV,
estimation, bootstrap, JSON), and in process (estimation, bootstrap and aggregation repeated 21
times inside one run, median) — the like-for-like comparison with csdid, which is timed inside a
started Python process with the data already read.

Both: ATT(g,t) for lemp on the mpdta county panel (never-treated controls, doubly robust, no
covariates), the multiplier bootstrap with 999 repetitions, and all four aggregations. laeval is
timed as a whole process (start-up, reading the CSV, estimation, bootstrap, JSON output); csdid
inside a started Python process after imports and reading the data.
"""
import json, statistics, subprocess, sys, time

import numpy as np
import pandas as pd
from csdid.att_gt import ATTgt

laeval, data, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3])
cmd = [laeval, "estimate", "did", "--data", data, "--unit", "countyreal", "--time", "year", "--group", "first_treat",
       "--outcome", "lemp", "--se", "bootstrap", "--reps", "999", "--seed", "1", "--format", "json"]

subprocess.run(cmd, check=True, capture_output=True)  # warm-up
laeval_times = []
for _ in range(repeats):
    start = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True).stdout
    laeval_times.append(time.perf_counter() - start)
ours = json.loads(out)
inprocess = subprocess.run(cmd + ["--benchmark-repeats", "21"], check=True, capture_output=True, text=True).stderr
laeval_inprocess = float(inprocess.strip().split()[-1])

df = pd.read_csv(data)
def run_csdid():
    np.random.seed(1)
    att = ATTgt(yname="lemp", tname="year", idname="countyreal", gname="first_treat", data=df,
                control_group="nevertreated", xformla="~1", cband=True, biters=999, clustervar="countyreal")
    att.fit(est_method="dr", bstrap=True)
    gt = {"att": list(att.results["att"]), "se": list(att.results["se"])}
    results = {}
    for kind in ("simple", "dynamic", "group", "calendar"):
        att.aggte(typec=kind, bstrap=True, cband=True)
        results[kind] = att.atte
    return gt, results

run_csdid()  # warm-up
csdid_times = []
for _ in range(repeats):
    start = time.perf_counter()
    att, results = run_csdid()
    csdid_times.append(time.perf_counter() - start)

their_att = np.asarray(att["att"], dtype=float)
our_att = np.array([c["att"] for c in ours["att_gt"]])
max_att_diff = float(np.max(np.abs(our_att - their_att)))
their_se = np.asarray(att["se"], dtype=float)
our_se = np.array([c["se"] for c in ours["att_gt"]])
se_ratio = our_se / their_se
print(json.dumps({
    "laeval_median_s": statistics.median(laeval_times), "laeval_times": laeval_times,
    "csdid_median_s": statistics.median(csdid_times), "csdid_times": csdid_times,
    "speedup": statistics.median(csdid_times) / statistics.median(laeval_times),
    "laeval_in_process_median_s": laeval_inprocess,
    "speedup_in_process": statistics.median(csdid_times) / laeval_inprocess,
    "max_abs_att_diff": max_att_diff,
    "bootstrap_se_ratio_min": float(se_ratio.min()), "bootstrap_se_ratio_max": float(se_ratio.max()),
}, indent=2))
