"""Synthetic-control fixtures from pysyncon (Synth + PlaceboTest) on the Basque data.

Writes Tests/LAEvalEstimatorsTests/Fixtures/synth/basque.json: the prepared matrices (unscaled
predictors X, outcomes Z for every year), pysyncon's V, W, loss_V, loss_W, gaps, and the full
placebo-in-space table (every control treated in turn, V re-optimised, the Basque Country left
out of every placebo's donor pool: PlaceboTest's pairs). The placebo fits are run here rather
than through PlaceboTest.fit because PlaceboTest keeps only the gaps, not V and W; each is
exactly PlaceboTest._single_placebo's fit. The p-value is PlaceboTest.pvalue on these gaps, and
the Abadie et al. (2010) rank p-value computed here (see the fixture README).

Settings (tighter than pysyncon's defaults): outer Nelder-Mead from pysyncon's "equal" start,
maxiter 3000, xatol 1e-6, fatol 1e-10 (with maxiter 20000 and xatol 1e-8 the run had not finished after 24 CPU minutes on each of two workers); the inner SLSQP with ftol 1e-14, maxiter 1000 (pysyncon's
default 1e-6 leaves W inexact at the ~1e-4 level). The spec is pysyncon's own Basque example
(Abadie & Gardeazabal 2003, as in Synth's documentation).

Run: python3 Validation/synth/make_fixtures.py   (data from ../shared/data/synth or $SYNTH_DATA;
WORKERS processes, default 2; about 17 × 20 s of CPU)
"""
import json
import os
from concurrent import futures
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pysyncon
from pysyncon import Dataprep, Synth
from pysyncon.utils import PlaceboTest

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("SYNTH_DATA", ROOT.parent / "shared" / "data" / "synth"))
OUT = ROOT / "Tests" / "LAEvalEstimatorsTests" / "Fixtures" / "synth"

OUTER = {"maxiter": 3000, "xatol": 1e-6, "fatol": 1e-10}
INNER = {"maxiter": 1000, "ftol": 1e-14}


class TightSynth(Synth):
    """pysyncon's Synth with a tight inner SLSQP tolerance (its default ftol is 1e-6)."""

    @staticmethod
    def w_optimize(V_mat, X0, X1, qp_method="SLSQP", qp_options=INNER):
        return Synth.w_optimize(V_mat, X0, X1, qp_method=qp_method, qp_options=qp_options)


TREATED = "Basque Country (Pais Vasco)"
SPEC = {
    "predictors": ["school.illit", "school.prim", "school.med", "school.high", "school.post.high", "invest"],
    "predictors_periods": list(range(1964, 1970)),
    "special": [
        ("gdpcap", list(range(1960, 1970)), "mean"),
        ("sec.agriculture", list(range(1961, 1970, 2)), "mean"),
        ("sec.energy", list(range(1961, 1970, 2)), "mean"),
        ("sec.industry", list(range(1961, 1970, 2)), "mean"),
        ("sec.construction", list(range(1961, 1970, 2)), "mean"),
        ("sec.services.venta", list(range(1961, 1970, 2)), "mean"),
        ("sec.services.nonventa", list(range(1961, 1970, 2)), "mean"),
        ("popdens", [1969], "mean"),
    ],
    "fit_periods": list(range(1960, 1970)),
    "start": 1975,
}


def basque_dataprep(df, treated, controls):
    return Dataprep(
        foo=df, predictors=SPEC["predictors"], predictors_op="mean",
        time_predictors_prior=SPEC["predictors_periods"], special_predictors=SPEC["special"],
        dependent="gdpcap", unit_variable="regionname", time_variable="year",
        treatment_identifier=treated, controls_identifier=controls,
        time_optimize_ssr=SPEC["fit_periods"])


def ratio_table(gaps, start):
    """Pre (t < start) and post (t >= start) RMSPE of each gap series and their ratio."""
    pre = gaps[gaps.index < start]
    post = gaps[gaps.index >= start]
    pre_rmspe = np.sqrt((pre ** 2).mean(axis=0))
    post_rmspe = np.sqrt((post ** 2).mean(axis=0))
    return pre_rmspe, post_rmspe, post_rmspe / pre_rmspe


def fit_one(args):
    """One pysyncon fit (the treated unit or a placebo) and its gaps over every year: what
    PlaceboTest._single_placebo computes, plus V, W and the losses, which it does not return."""
    df, treated, controls = args
    dp = basque_dataprep(df, treated, controls)
    synth = TightSynth()
    synth.fit(dataprep=dp, optim_method="Nelder-Mead", optim_initial="equal", optim_options=OUTER)
    Z0, Z1 = dp.make_outcome_mats(time_period=sorted(df["year"].unique()))
    gaps = synth._gaps(Z0=Z0, Z1=Z1).rename(treated)
    return {"unit": treated, "donors": list(controls), "V": list(map(float, synth.V)), "W": list(map(float, synth.W)),
            "loss_V": synth.loss_V, "loss_W": synth.loss_W, "gaps_series": gaps}


def main():
    df = pd.read_csv(DATA / "basque.csv")
    df["year"] = df["year"].astype(int)
    units = sorted(df["regionname"].unique())
    controls = [u for u in units if u not in (TREATED, "Spain (Espana)")]
    dp = basque_dataprep(df, TREATED, controls)
    X0, X1 = dp.make_covariate_mats()
    Z0, Z1 = dp.make_outcome_mats(time_period=sorted(df["year"].unique()))

    # the treated fit and every placebo (PlaceboTest.placebo_iter's pairs: each control treated,
    # the other controls its pool, the treated unit left out), in a process pool
    jobs = [(df, TREATED, controls)] + [(df, unit, others) for unit, others in PlaceboTest.placebo_iter(controls)]
    with futures.ProcessPoolExecutor(max_workers=int(os.environ.get("WORKERS", "2"))) as pool:
        fits = list(pool.map(fit_one, jobs))
    main_fit, placebo_fits = fits[0], fits[1:]

    # pysyncon's own p-value code on these gaps (PlaceboTest.pvalue)
    placebo = PlaceboTest()
    placebo.gaps = pd.concat([f["gaps_series"] for f in placebo_fits], axis=1)
    placebo.treated_gap = main_fit["gaps_series"]
    p_pysyncon = float(placebo.pvalue(treatment_time=SPEC["start"]))
    all_gaps = pd.concat([placebo.gaps, placebo.treated_gap], axis=1)
    pre, post, ratio = ratio_table(all_gaps, SPEC["start"])
    treated_ratio = ratio[TREATED]
    # Abadie et al. (2010): share of all units (treated included) with ratio >= the treated one's
    p_abadie = float((ratio >= treated_ratio).sum() / len(ratio))

    def record(f):
        gaps = f.pop("gaps_series")
        unit = f["unit"]
        f.update({"gaps": list(map(float, gaps.reindex(Z0.index))), "pre_rmspe": float(pre[unit]),
                  "post_rmspe": float(post[unit]), "ratio": float(ratio[unit])})
        return f

    main_fit, placebo_fits = record(main_fit), [record(f) for f in placebo_fits]
    years = [int(y) for y in Z0.index]
    fixture = {
        "reference": f"pysyncon {pysyncon.__version__} Synth (Nelder-Mead outer from 'equal', options {OUTER}; "
                     f"SLSQP inner {INNER}); placebo pairs and p-value code from PlaceboTest",
        "treated": TREATED, "controls": controls, "years": years,
        "start": SPEC["start"], "fit_periods": SPEC["fit_periods"],
        "predictor_names": list(X0.index),
        "predictor_specs": [{"variable": v, "periods": SPEC["predictors_periods"], "op": "mean"} for v in SPEC["predictors"]]
        + [{"variable": v, "periods": p, "op": op} for v, p, op in SPEC["special"]],
        # unscaled predictors, K rows, columns: treated then controls
        "X": [[float(X1[name])] + [float(X0.loc[name, c]) for c in controls] for name in X0.index],
        # outcomes, one row per year, columns: treated then controls
        "Z": [[float(Z1[y])] + [float(Z0.loc[y, c]) for c in controls] for y in Z0.index],
        "V": main_fit["V"], "W": main_fit["W"], "loss_V": main_fit["loss_V"], "loss_W": main_fit["loss_W"],
        "gaps": main_fit["gaps"], "pre_rmspe": main_fit["pre_rmspe"], "post_rmspe": main_fit["post_rmspe"],
        "ratio": main_fit["ratio"], "p_value": p_abadie, "p_value_pysyncon": p_pysyncon,
        "placebos": placebo_fits,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "basque.json").write_text(json.dumps(fixture, indent=1))
    print("loss_V", main_fit["loss_V"], "W", dict(zip(controls, np.round(main_fit["W"], 4))), "p", p_abadie, p_pysyncon)


if __name__ == "__main__":
    sys.exit(main())
