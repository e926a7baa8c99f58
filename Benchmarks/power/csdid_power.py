"""Simulation power of Callaway-Sant'Anna with csdid, the procedure of laeval's
`PanelPowerSimulation` (real timings): each replicate keeps every LA's pre-support level and the
year effects of the never-treated LAs, adds the whole residual series of a never-treated LA drawn
with replacement, fits ATT(g,t) (not-yet-treated controls, doubly robust, analytic SEs) and the
simple aggregate. Usage: csdid_power.py PANEL.csv REPLICATES SEED -> JSON on stdout."""
import contextlib, io, json, sys, time, warnings

import numpy as np
import pandas as pd
from csdid.att_gt import ATTgt

warnings.filterwarnings("ignore")
panel, replicates, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
df = pd.read_csv(panel)
years = sorted(df.year.unique())
wide = df.pivot(index="la", columns="year", values="y").dropna()
g = df.groupby("la").first_treat.first().loc[wide.index].to_numpy()
Y = wide.to_numpy()
controls = np.where(g == 0)[0]
lam = Y[controls].mean(axis=0)
resid = Y[controls] - Y[controls].mean(axis=1, keepdims=True) - lam + lam.mean()
alpha = np.array([(Y[i] - lam)[(np.array(years) < g[i]) if g[i] > 0 else slice(None)].mean() for i in range(len(g))])
rng = np.random.default_rng(seed)

def replicate():
    donors = rng.integers(0, len(controls), size=len(g))
    sim = alpha[:, None] + lam[None, :] + resid[donors]
    long = pd.DataFrame({"la": np.repeat(np.arange(len(g)), len(years)), "year": np.tile(years, len(g)),
                         "y": sim.ravel(), "first_treat": np.repeat(g, len(years))})
    att = ATTgt(yname="y", tname="year", idname="la", gname="first_treat", data=long, control_group="notyettreated", xformla="~1")
    with contextlib.redirect_stdout(io.StringIO()):  # aggte prints a summary table
        att.fit(est_method="dr", bstrap=False)
        att.aggte(typec="simple", bstrap=False)
    return float(att.atte["overall_att"]), float(att.atte["overall_se"])

replicate()  # warm-up (imports, first-call overheads)
start = time.perf_counter()
draws = [replicate() for _ in range(replicates)]
elapsed = time.perf_counter() - start
z = 1.959963984540054
print(json.dumps({"replicates": replicates, "seconds": elapsed, "seconds_per_replicate": elapsed / replicates,
                  "size_at_zero": float(np.mean([abs(a) > z * s for a, s in draws])),
                  "mean_se": float(np.mean([s for _, s in draws]))}))
