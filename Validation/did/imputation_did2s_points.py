#!/usr/bin/env python3
"""Gardner (2022) two-stage DiD point estimates on mpdta via pyfixest's did2s.

Called by make_imputation_fixtures.R; prints one JSON object on stdout.
Gardner's two-stage estimator (first stage: unit + year FE on untreated rows;
second stage: residualised outcome on treatment dummies, no intercept, all rows)
gives the same point estimates as the BJS imputation estimator, so these serve as
a cross-check of didimputation's points. Its SEs are Gardner's GMM SEs, which are
a different estimator of the variance than BJS's; they are reported for
information only.

Trap: pyfixest's feols drops singleton fixed effects by default
(fixef_rm="singleton"). In the untreated sample the 20 counties of cohort 2004
have a single row (2003), so their unit effects are dropped, their imputed Y(0)
are NaN, and pf.did2s fails on mpdta (second stage has 2,400 rows, vcov expects
2,500). We therefore run pf.did2s with the module's feols wrapped to use
fixef_rm="none" (nothing else in did2s is changed); R's fixest keeps singletons
by default, as didimputation needs. The unpatched failure is recorded in the
output ("unpatched_error").

Run: /tmp/didenv/bin/python Validation/did/imputation_did2s_points.py [path/to/mpdta.csv]
"""
from __future__ import annotations

import contextlib
import importlib.metadata as im
import io
import json
import sys
import warnings
from pathlib import Path

import functools

import numpy as np
import pandas as pd
import pyfixest as pf
import pyfixest.did.did2s  # noqa: F401  (module; the package attribute is a function)

_did2s_mod = sys.modules["pyfixest.did.did2s"]

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
CSV = ROOT / "Tests" / "LAEvalEstimatorsTests" / "Fixtures" / "did" / "mpdta.csv"
HORIZONS = [0, 1, 2, 3]


def run(df: pd.DataFrame):
    fit_s = pf.did2s(df.copy(), yname="lemp", first_stage="~ 0 | countyreal + year",
                     second_stage="~ is_treated", treatment="is_treated",
                     cluster="countyreal")
    fit_h = pf.did2s(df.copy(), yname="lemp", first_stage="~ 0 | countyreal + year",
                     second_stage="~ " + " + ".join(f"h{h}" for h in HORIZONS),
                     treatment="is_treated", cluster="countyreal")
    return fit_s, fit_h


def main() -> None:
    csv = Path(sys.argv[1]) if len(sys.argv) > 1 else CSV
    df = pd.read_csv(csv)
    g = df["first_treat"].to_numpy()
    t = df["year"].to_numpy()
    treated = (g > 0) & (t >= g)
    df["is_treated"] = treated.astype(int)
    for h in HORIZONS:
        df[f"h{h}"] = (treated & (t - g == h)).astype(float)

    out = {"pyfixest": im.version("pyfixest")}
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        try:
            pf.did2s(df.copy(), yname="lemp", first_stage="~ 0 | countyreal + year",
                     second_stage="~ is_treated", treatment="is_treated",
                     cluster="countyreal")
            out["unpatched_error"] = None
        except Exception as e:  # expected on mpdta, see module docstring
            out["unpatched_error"] = f"{type(e).__name__}: {e}"
        orig = _did2s_mod.feols
        _did2s_mod.feols = functools.partial(orig, fixef_rm="none")
        try:
            fit_s, fit_h = run(df)
        finally:
            _did2s_mod.feols = orig
    out["patch"] = "pyfixest.did.did2s.feols wrapped with fixef_rm='none'"
    cs, ss = fit_s.coef(), fit_s.se()
    ch, sh = fit_h.coef(), fit_h.se()
    key = [k for k in cs.index if "is_treated" in k]
    assert len(key) == 1, cs.index
    out["static"] = {"term": key[0], "estimate": float(cs[key[0]]),
                     "gardner_gmm_se": float(ss[key[0]])}
    out["horizons"] = [{"horizon": h, "estimate": float(ch[f"h{h}"]),
                        "gardner_gmm_se": float(sh[f"h{h}"])} for h in HORIZONS]
    assert all(np.isfinite(r["estimate"]) for r in out["horizons"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
