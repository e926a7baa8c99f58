"""Reference numbers for ImputationDiD.interaction (a treatment x covariate slope in the
imputation design of Borusyak, Jaravel & Spiess 2024) on mpdta.

The slope is the pooled within-cell least-squares slope of the imputed effects
tau_it = lemp_it - alpha_i - lambda_t (county and year effects fitted on untreated observations
only) on lpop, cells being cohort x event time (e >= 0). Two references for the point:

  * pyfixest's feols for both stages (Gardner's did2s steps: the first on untreated observations
    with singletons kept, the second the imputed effects on the cell dummies and D x lpop);
  * the two steps written out with dense numpy least squares.

Its standard error is BJS's conservative one (their section 4.3), which no package computes for
a heterogeneity slope. It is written out here with numpy, independently of laeval, from BJS's
explicit imputation weights: v = w on the treated observations (w = within-cell centred lpop
over its sum of squares) and v = -F0 (F0'F0)^+ F1' w on the untreated ones (F0, F1 the unit and
year dummies of untreated and treated observations); residuals are the untreated fit's, and for
treated observations tau - (mean tau at the same event time) - slope * centred lpop; clustered by
county, no small-sample factor.

Run from the repository root:  python3 Validation/did/make_interaction_fixture.py
Writes Tests/LAEvalEstimatorsTests/Fixtures/did/imputation_interaction_mpdta.json.
"""
import json

import numpy as np
import pandas as pd
import pyfixest as pf

df = pd.read_csv("Tests/LAEvalEstimatorsTests/Fixtures/did/mpdta.csv")
treated = (df.first_treat > 0) & (df.year >= df.first_treat)
df["e"] = df.year - df.first_treat
cells = sorted({(int(g), int(e)) for g, e in zip(df.first_treat[treated], df.e[treated])})
names = []
for g, e in cells:
    name = f"d_{g}_{e}"
    df[name] = ((df.first_treat == g) & (df.e == e) & treated).astype(float)
    names.append(name)
xbar = df.loc[treated, "lpop"].mean()
df["inter"] = np.where(treated, df.lpop - xbar, 0.0)

# 1. pyfixest: the two stages of the imputation (Gardner's did2s steps) with its feols.
#    (pyfixest's did2s itself drops the 2004 cohort's counties as first-stage singletons and then
#    fails, so its stages are run by hand with singletons kept, as BJS keep them.)
first = pf.feols("lemp ~ 1 | countyreal + year", data=df[~treated], fixef_rm="none", fixef_tol=1e-14)
df["tau_pf"] = df.lemp - first.predict(newdata=df)
second = pf.feols("tau_pf ~ 0 + " + " + ".join(names) + " + inter", data=df[treated])
slope_pyfixest = float(second.coef()["inter"])

# 2. The two steps, dense least squares.
units = sorted(df.countyreal.unique())
years = sorted(df.year.unique())
U = (df.countyreal.values[:, None] == np.array(units)[None, :]).astype(float)
Y = (df.year.values[:, None] == np.array(years)[None, 1:]).astype(float)
FE = np.hstack([U, Y])
untreated = ~treated.values
coef_fe, *_ = np.linalg.lstsq(FE[untreated], df.lemp.values[untreated], rcond=None)
tau = df.lemp.values - FE @ coef_fe
t_idx = np.where(treated.values)[0]
cell_of = {c: i for i, c in enumerate(cells)}
cell_id = np.array([cell_of[(int(df.first_treat[i]), int(df.e[i]))] for i in t_idx])
x = df.lpop.values[t_idx]
x_within = x.copy()
for c in range(len(cells)):
    m = cell_id == c
    x_within[m] -= x[m].mean()
w = x_within / (x_within @ x_within)
slope_two_step = float(w @ tau[t_idx])

# 3. BJS conservative SE from the explicit imputation weights.
F0, F1 = FE[untreated], FE[t_idx]
v = np.zeros(len(df))
v[t_idx] = w
v[np.where(untreated)[0]] = -F0 @ (np.linalg.pinv(F0.T @ F0) @ (F1.T @ w))
resid = np.zeros(len(df))
resid[untreated] = tau[untreated]
events = np.array([cells[c][1] for c in cell_id])
for e in np.unique(events):
    m = events == e
    resid[t_idx[m]] = tau[t_idx[m]] - tau[t_idx[m]].mean() - slope_two_step * x_within[m]
scores = pd.Series(v * resid).groupby(df.countyreal.values).sum().values
se = float(np.sqrt(np.sum(scores ** 2)))
check = float(v @ df.lemp.values)

out = {
    "meta": {
        "description": "Treatment x lpop interaction in the BJS imputation design on mpdta: pooled within-cell slope of the imputed effects; point from pyfixest feols (both imputation stages) and from the two steps in numpy; BJS conservative SE (auxiliary: mean imputed effect at the event time plus the slope) written out in numpy from the explicit imputation weights.",
        "script": "Validation/did/make_interaction_fixture.py",
        "pyfixest": pf.__version__,
        "numpy": np.__version__,
    },
    "slope_pyfixest": slope_pyfixest,
    "slope_two_step": slope_two_step,
    "slope_from_weights": check,
    "se_conservative": se,
    "treated_observations": int(treated.sum()),
}
with open("Tests/LAEvalEstimatorsTests/Fixtures/did/imputation_interaction_mpdta.json", "w") as f:
    json.dump(out, f, indent=2)
print(json.dumps(out, indent=2))
