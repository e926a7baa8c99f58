#!/usr/bin/env python3
"""Generate reference fixtures for laeval's difference-in-differences suite.

Writes into Tests/LAEvalEstimatorsTests/Fixtures/did/ (relative to the repo root):

  mpdta.csv                              the county panel (first.treat -> first_treat)
  cs_<control>_<est>_<covs>.json         csdid ATT(g,t) + aggregations, analytic SEs
  cs_never_dr_nocov_universal.json       same, base_period="universal"
  cs_never_dr_nocov_anticip1.json        same, anticipation=1
  cs_bootstrap_never_dr_nocov.json       multiplier bootstrap, 999 reps, 3 seeds
  twfe_mpdta.json                        static TWFE (pyfixest), CRV1 + iid
  event_study_mpdta.json                 dynamic TWFE, i(rel_year, ref=-1)
  sun_abraham_mpdta.json                 Sun & Abraham (2021) IW estimator (by hand,
                                         cohort x rel-time interactions via pyfixest)
  bacon_mpdta.json                       Goodman-Bacon (2021) decomposition (by hand,
                                         cross-checked against pybacondecomp)

See Validation/did/README.md for the environment, the formulas and the traps.
Run:  /tmp/didenv/bin/python Validation/did/make_fixtures.py
"""
from __future__ import annotations

import contextlib
import importlib.metadata as im
import io
import json
import math
import os
import platform
import sys
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
OUT = ROOT / "Tests" / "LAEvalEstimatorsTests" / "Fixtures" / "did"

Y, T, I, G = "lemp", "year", "countyreal", "first_treat"
BOOT_SEEDS = [20240917, 12345, 987654321]
BITERS = 999

PKGS = ["csdid", "drdid", "pyfixest", "pandas", "numpy", "scipy", "moderndid",
        "pybacondecomp", "polars", "formulaic", "statsmodels"]


def versions() -> dict:
    v = {"python": platform.python_version()}
    for p in PKGS:
        try:
            v[p] = im.version(p)
        except im.PackageNotFoundError:
            v[p] = None
    return v


def num(x):
    """JSON-safe float: NaN/inf -> None; numpy scalars -> python."""
    if x is None:
        return None
    if isinstance(x, (np.integer,)):
        return int(x)
    x = float(x)
    return x if math.isfinite(x) else None


def numlist(xs):
    return [num(x) for x in np.asarray(xs, dtype=float).ravel()]


def dump(name: str, obj: dict) -> None:
    path = OUT / name
    with open(path, "w") as f:
        # repr of a python float is the shortest string that round-trips (<=17 sig digits)
        json.dump(obj, f, indent=1, allow_nan=False)
        f.write("\n")
    json.loads(path.read_text())  # parse check
    print("wrote", path.relative_to(ROOT))


@contextlib.contextmanager
def quiet():
    """csdid's aggte prints summary tables; swallow stdout, keep warnings listed."""
    buf = io.StringIO()
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        with contextlib.redirect_stdout(buf):
            yield w


# --------------------------------------------------------------------------- data
def load_mpdta() -> pd.DataFrame:
    import moderndid as md  # ships mpdta as moderndid/core/datasets/mpdta_long.pkl.gz

    df = md.load_mpdta().to_pandas()
    df = df.rename(columns={"first.treat": G})
    df = df[["year", "countyreal", "lpop", "lemp", G, "treat"]]
    df = df.sort_values([I, T]).reset_index(drop=True)
    for c in ["year", "countyreal", G, "treat"]:
        df[c] = df[c].astype(np.int64)
    assert df.shape == (2500, 6)
    assert df.groupby(I).size().eq(5).all(), "mpdta should be balanced"
    return df


def write_csv(df: pd.DataFrame) -> None:
    path = OUT / "mpdta.csv"
    df.to_csv(path, index=False, float_format="%.17g", lineterminator="\n")
    back = pd.read_csv(path)
    assert np.array_equal(back["lemp"].to_numpy(), df["lemp"].to_numpy())
    assert np.array_equal(back["lpop"].to_numpy(), df["lpop"].to_numpy())
    print("wrote", path.relative_to(ROOT))


# --------------------------------------------------------------------------- csdid
CONTROLS = {"never": "nevertreated", "notyet": "notyettreated"}
COVS = {"nocov": "~1", "lpop": "~lpop"}
AGG_TYPES = ["simple", "dynamic", "group", "calendar"]
AGG_KEY = {"dynamic": "event_time", "group": "group", "calendar": "time"}


def cs_fit(df, control, est, xformla, base_period="varying", anticipation=0,
           bstrap=False, cband=False, biters=1000, clustervar=None):
    from csdid.att_gt import ATTgt

    with quiet() as w:
        m = ATTgt(yname=Y, tname=T, idname=I, gname=G, data=df, xformla=xformla,
                  control_group=control, anticipation=anticipation,
                  cband=cband, biters=biters, clustervar=clustervar)
        m.fit(est_method=est, base_period=base_period, bstrap=bstrap)
    return m, [str(x.message) for x in w]


def cs_attgt_rows(m):
    r = m.results
    return [
        {"group": int(g), "time": int(t), "att": num(a), "se": num(s), "post": int(p)}
        for g, t, a, s, p in zip(r["group"], r["year"], r["att"], r["se"], r["post"])
    ]


def cs_aggregate(m, typ, bstrap=False, cband=False):
    with quiet() as w:
        m.aggte(typec=typ, bstrap=bstrap, cband=cband)
    a = m.atte
    out = {"overall_att": num(a["overall_att"]), "overall_se": num(np.ravel(a["overall_se"])[0])}
    if typ != "simple":
        se = np.ravel(np.asarray(a["se_egt"], dtype=float))
        out["rows"] = [
            {AGG_KEY[typ]: int(e), "att": num(x), "se": num(s)}
            for e, x, s in zip(a["egt"], a["att_egt"], se)
        ]
        out["crit_val"] = num(a["crit_val_egt"]) if a.get("crit_val_egt") is not None else None
    if w:
        out["warnings"] = sorted({str(x.message) for x in w})
    return out


def md_crosscheck(df, control, est, xformla, base_period="varying", anticipation=0):
    """Independent port of R did (moderndid): max |diff| vs csdid, analytic SEs."""
    import moderndid as md
    import polars as pl

    with quiet():
        r = md.att_gt(data=pl.from_pandas(df), yname=Y, tname=T, idname=I, gname=G,
                      xformla=xformla, control_group=control, est_method=est,
                      base_period=base_period, anticipation=anticipation,
                      boot=False, cband=False)
        aggs = {t: md.aggte(r, type=t, boot=False, cband=False) for t in AGG_TYPES}
    return r, aggs


def compare_md(fx, r, aggs):
    cs_att = np.array([c["att"] for c in fx["attgt"]], dtype=float)
    cs_se = np.array([np.nan if c["se"] is None else c["se"] for c in fx["attgt"]])
    md_att, md_se = np.asarray(r.att_gt, float), np.asarray(r.se_gt, float)
    out = {"n_cells_csdid": len(cs_att), "n_cells_moderndid": len(md_att)}
    if len(md_att) == len(cs_att):
        both = np.isfinite(cs_se) & np.isfinite(md_se)
        out["max_abs_diff_att"] = num(np.max(np.abs(md_att - cs_att)))
        out["max_abs_diff_se"] = num(np.max(np.abs(md_se[both] - cs_se[both]))) if both.any() else None
        out["se_nan_pattern_equal"] = bool(np.array_equal(np.isfinite(cs_se), np.isfinite(md_se)))
    agg = {}
    for t, a in aggs.items():
        d = {"overall_att": abs(float(a.overall_att) - fx["aggregations"][t]["overall_att"]),
             "overall_se": abs(float(a.overall_se) - fx["aggregations"][t]["overall_se"])}
        if t != "simple":
            rows = fx["aggregations"][t]["rows"]
            mat = np.asarray(a.att_by_event, float)
            mse = np.asarray(a.se_by_event, float)
            if len(mat) == len(rows):
                d["rows_att"] = float(np.max(np.abs(mat - np.array([x["att"] for x in rows]))))
                d["rows_se"] = float(np.nanmax(np.abs(mse - np.array([np.nan if x["se"] is None else x["se"] for x in rows]))))
        agg[t] = {k: num(v) for k, v in d.items()}
    out["aggregations_max_abs_diff"] = agg
    return out


def cs_fixture(df, control_key, est, cov_key, base_period="varying", anticipation=0):
    control, xformla = CONTROLS[control_key], COVS[cov_key]
    m, warns = cs_fit(df, control, est, xformla, base_period, anticipation)
    dp = m.dp
    fx = {
        "source": "csdid ATTgt(...).fit(bstrap=False) then .aggte(typec=..., bstrap=False)",
        "call": {"yname": Y, "tname": T, "idname": I, "gname": G, "xformla": xformla,
                 "control_group": control, "est_method": est, "base_period": base_period,
                 "anticipation": anticipation, "bstrap": False, "panel": True,
                 "clustervar": None, "alp": 0.05},
        "n_units": int(dp["n"]),
        "n_obs": int(len(dp["data"])),
        "se_type": "analytic: se = sqrt(mean(IF_i^2))/sqrt(n), IF is the n-vector of unit "
                   "influence functions (att_hat - att = mean(IF) + o_p); 1/n not 1/(n-1), "
                   "IF not centred; se of a base cell (universal) = null",
        "crit_val_pointwise": num(m.results["c"]),
        "wald_pretest": {"W": num(m.MP["W"]), "pvalue": num(m.MP["Wpval"])},
        "attgt": cs_attgt_rows(m),
        "aggregations": {t: cs_aggregate(m, t) for t in AGG_TYPES},
    }
    if warns:
        fx["warnings"] = sorted(set(warns))
    try:
        r, aggs = md_crosscheck(df, control, est, xformla, base_period, anticipation)
        fx["crosscheck_moderndid"] = compare_md(fx, r, aggs)
    except Exception as e:  # pragma: no cover - cross-check is informative only
        fx["crosscheck_moderndid"] = {"error": f"{type(e).__name__}: {e}"}
    return fx


# --------------------------------------------------------------------------- bootstrap
def cs_bootstrap(df):
    runs = []
    for seed in BOOT_SEEDS:
        np.random.seed(seed)  # csdid draws Rademacher weights from the global np.random
        m, warns = cs_fit(df, "nevertreated", "dr", "~1", bstrap=True, cband=True,
                          biters=BITERS, clustervar=I)
        run = {"seed": seed,
               "attgt": cs_attgt_rows(m),
               "attgt_uniform_crit_val": num(m.results["c"]),
               "aggregations": {t: cs_aggregate(m, t, bstrap=True, cband=True)
                                for t in AGG_TYPES}}
        runs.append(run)

    # analytic reference, same estimator
    ma, _ = cs_fit(df, "nevertreated", "dr", "~1")
    analytic = {"attgt": cs_attgt_rows(ma),
                "aggregations": {t: cs_aggregate(ma, t) for t in AGG_TYPES}}

    def spread(vals):
        v = np.array([np.nan if x is None else x for x in vals], float)
        mean = np.nanmean(v)
        return {"values": numlist(v), "mean": num(mean), "sd": num(np.nanstd(v, ddof=1)),
                "min": num(np.nanmin(v)), "max": num(np.nanmax(v)),
                "max_rel_dev_from_mean": num(np.nanmax(np.abs(v - mean)) / mean)}

    sp_cells = []
    for k, cell in enumerate(runs[0]["attgt"]):
        sp_cells.append({"group": cell["group"], "time": cell["time"],
                         "se": spread([r["attgt"][k]["se"] for r in runs]),
                         "analytic_se": analytic["attgt"][k]["se"]})
    sp_agg = {}
    for t in AGG_TYPES:
        sp_agg[t] = {"overall_se": spread([r["aggregations"][t]["overall_se"] for r in runs]),
                     "analytic_overall_se": analytic["aggregations"][t]["overall_se"]}
        if t != "simple":
            key = AGG_KEY[t]
            sp_agg[t]["rows"] = [
                {key: row[key], "se": spread([r["aggregations"][t]["rows"][j]["se"] for r in runs]),
                 "analytic_se": analytic["aggregations"][t]["rows"][j]["se"]}
                for j, row in enumerate(runs[0]["aggregations"][t]["rows"])]
            sp_agg[t]["crit_val"] = spread([r["aggregations"][t]["crit_val"] for r in runs])
    return {
        "source": "csdid multiplier bootstrap (utils/mboot.py)",
        "call": {"yname": Y, "tname": T, "idname": I, "gname": G, "xformla": "~1",
                 "control_group": "nevertreated", "est_method": "dr",
                 "base_period": "varying", "bstrap": True, "cband": True,
                 "biters": BITERS, "clustervar": I, "alp": 0.05},
        "procedure": (
            "np.random.seed(seed); ATTgt(...).fit(bstrap=True) draws B Rademacher vectors "
            "V_b in {-1,+1}^n (np.random.randint(0,2,(B,n))*-2+1) and forms "
            "bres_b = sqrt(n) * V_b @ IF / n (n x K influence matrix). "
            "se_k = (q75(bres_k) - q25(bres_k)) / (qnorm(.75) - qnorm(.25)) / sqrt(n) "
            "(quantiles type 'inverted_cdf' = R type 1). Uniform crit value = "
            "q_{1-alp}(max_k |bres_bk| / bSigma_k) (inverted_cdf). Then aggte for "
            "simple, dynamic, group, calendar in that order, each drawing a new B x n "
            "matrix from the same global stream (so per-seed numbers depend on the order). "
            "clustervar=countyreal equals idname, so this is the unit-level bootstrap "
            "(R did's default clustering)."),
        "seeds": BOOT_SEEDS,
        "runs": runs,
        "analytic": analytic,
        "spread_across_seeds": {"attgt": sp_cells, "aggregations": sp_agg},
        "expected_relative_noise": {
            "note": ("The bootstrap SE is an IQR-based scale estimate from B draws; for normal "
                     "draws its relative sd is sqrt(2*.75*.25 - 2*.25*.25)/(phi(z)*2z)/sqrt(B) "
                     "= 1.1664/sqrt(B), z = qnorm(.75) (asymptotic order-statistic variance). "
                     "At B=999 that is ~3.7%. Tests should compare a bootstrap SE with the "
                     "fixture (or analytic) SE using a relative tolerance of ~4-5 of these sds "
                     "(~15-20%), never 1e-6; the observed spread across seeds is in "
                     "spread_across_seeds."),
            "B": BITERS,
            "rel_sd_of_bootstrap_se": num(iqr_rel_sd(BITERS)),
            "rel_sd_of_uniform_crit_val_note": "crit value noise is larger in the tail; use the observed spread",
        },
    }


def iqr_rel_sd(B):
    from scipy.stats import norm

    z = norm.ppf(0.75)
    # var(q_p) ~ p(1-p)/(B f^2); IQR = q75 - q25 with cov(q25,q75) = .25*.25/(B f^2)
    f = norm.pdf(z)
    var_iqr = (2 * 0.75 * 0.25 - 2 * 0.25 * 0.25) / (B * f * f)
    return math.sqrt(var_iqr) / (2 * z)


# --------------------------------------------------------------------------- TWFE
def fx_model(fit, names=None):
    tid = fit.tidy()
    rows = []
    for name, r in tid.iterrows():
        if names is not None and name not in names:
            continue
        rows.append({"name": name, "coef": num(r["Estimate"]), "se": num(r["Std. Error"]),
                     "t": num(r["t value"]), "p": num(r["Pr(>|t|)"]),
                     "ci_low": num(r["2.5%"]), "ci_high": num(r["97.5%"])})
    return rows


def twfe(df):
    import pyfixest as pf

    d = df.copy()
    d["treated"] = ((d[G] > 0) & (d[T] >= d[G])).astype(np.int64)
    out = {"source": "pyfixest feols", "formula": "lemp ~ treated | countyreal + year",
           "treated_definition": "treated = 1 if first_treat > 0 and year >= first_treat",
           "n": int(len(d)), "n_clusters": int(d[I].nunique())}
    for key, vc in [("CRV1", {"CRV1": I}), ("iid", "iid"), ("hetero", "hetero")]:
        f = pf.feols("lemp ~ treated | countyreal + year", data=d, vcov=vc)
        res = fx_model(f)[0]
        res.update({"vcov": vc if isinstance(vc, str) else "CRV1 by countyreal",
                    "ssc": {k: (v if isinstance(v, (bool, str)) else num(v)) for k, v in f._ssc_dict.items()},
                    "ssc_factor": num(np.ravel(f._ssc)[0]), "df_k": int(f._df_k),
                    "df_t": num(f._df_t), "nobs": int(f._N)})
        out[key] = res
    out["ssc_notes"] = (
        "pyfixest default ssc(k_adj=True, k_fixef='nonnested', G_adj=True, G_df='min'). "
        "CRV1: V = ssc * (X~'X~)^-1 (sum_g s_g s_g') (X~'X~)^-1 with X~ the two-way demeaned "
        "regressor, s_g = sum_{i in g} X~_i e_i; ssc = (N-1)/(N-K) * G/(G-1) with K = df_k "
        "as recorded (countyreal FE are nested in the countyreal cluster and are not counted); "
        "K = 6 here (treated + 4 year effects + 1; fixest's fixef.K='nested' convention); "
        "t-test df = G-1 (df_t); ssc = 2499/2494 * 500/499. iid: V = SSR/(N-K) (X~'X~)^-1 with "
        "K = df_k = 505 = 1 + 500 + 4 (all FE levels counted), p from t(N-K); the recorded "
        "ssc_factor is (N-1)/(N-K). hetero: HC1, V = N/(N-K) * sandwich, same K.")
    # independent check: FWL by alternating projections
    x = d["treated"].to_numpy(float)
    y = d[Y].to_numpy(float)
    xt, yt = twoway_demean(x, d), twoway_demean(y, d)
    b = (xt @ yt) / (xt @ xt)
    out["fwl_check_coef_abs_diff"] = num(abs(b - out["CRV1"]["coef"]))
    return out


def twoway_demean(v, d, tol=1e-15, maxit=100000):
    """Exact for a balanced panel after one pass; iterate anyway."""
    s = pd.Series(v, dtype=float)
    gi, gt = d[I].to_numpy(), d[T].to_numpy()
    for _ in range(maxit):
        s0 = s
        s = s - s.groupby(gi).transform("mean")
        s = s - s.groupby(gt).transform("mean")
        if np.max(np.abs(s - s0)) < tol:
            break
    return s.to_numpy()


def event_study(df):
    import pyfixest as pf

    d = df.copy()
    # never-treated get rel_year = -1 == the reference level -> all dummies zero
    d["rel_year"] = np.where(d[G] > 0, d[T] - d[G], -1).astype(np.int64)
    f = pf.feols("lemp ~ i(rel_year, ref=-1) | countyreal + year", data=d, vcov={"CRV1": I})
    rows = fx_model(f)
    for r in rows:
        r["rel_year"] = int(r["name"].split("::")[1].split("]")[0].replace("T.", ""))
    return {"source": "pyfixest feols",
            "formula": "lemp ~ i(rel_year, ref=-1) | countyreal + year",
            "rel_year_definition": ("rel_year = year - first_treat for first_treat > 0; "
                                    "never-treated units (first_treat == 0) are given rel_year = -1, "
                                    "the reference level, so all their relative-time dummies are 0. "
                                    "No binning: dummies for every observed rel_year except -1 "
                                    "(-4,-3,-2,0,1,2,3)."),
            "vcov": "CRV1 by countyreal (pyfixest default ssc)",
            "n": int(f._N), "df_k": int(f._df_k), "ssc_factor": num(np.ravel(f._ssc)[0]),
            "coefficients": sorted(rows, key=lambda r: r["rel_year"])}


def sun_abraham(df):
    import pyfixest as pf

    d = df.copy()
    cohorts = sorted(int(g) for g in d[G].unique() if g > 0)
    d["rel"] = np.where(d[G] > 0, d[T] - d[G], -1)
    cells = sorted({(int(g), int(e)) for g, e in zip(d[G], d["rel"]) if g > 0 and e != -1})
    names = []
    for g, e in cells:
        nm = f"D_g{g}_e{'m' if e < 0 else ''}{abs(e)}"
        d[nm] = ((d[G] == g) & (d["rel"] == e)).astype(float)
        names.append(nm)
    fml = "lemp ~ " + " + ".join(names) + " | countyreal + year"
    f = pf.feols(fml, data=d, vcov={"CRV1": I})
    coef = f.coef().reindex(names).to_numpy()
    V = f._vcov
    idx = {n: k for k, n in enumerate(f._coefnames)}
    order = [idx[n] for n in names]
    V = V[np.ix_(order, order)]
    cell_rows = []
    for k, (g, e) in enumerate(cells):
        cell_rows.append({"cohort": g, "rel_year": e, "coef": num(coef[k]),
                          "se": num(math.sqrt(V[k, k])),
                          "n_obs": int(((d[G] == g) & (d["rel"] == e)).sum())})
    # interaction weights: share of cohort g among treated-cohort obs at rel time e
    iw = []
    for e in sorted({e for _, e in cells}):
        R = np.zeros(len(cells))
        ks = [k for k, (g, ee) in enumerate(cells) if ee == e]
        tot = sum(cell_rows[k]["n_obs"] for k in ks)
        w = {}
        for k in ks:
            R[k] = cell_rows[k]["n_obs"] / tot
            w[str(cells[k][0])] = num(R[k])
        est = float(R @ coef)
        iw.append({"rel_year": e, "att": num(est), "se": num(math.sqrt(R @ V @ R)),
                   "weights": w})
    # overall post-treatment ATT (fixest summary(agg="ATT")): weights prop. to obs in post cells
    R = np.array([cr["n_obs"] if cr["rel_year"] >= 0 else 0 for cr in cell_rows], float)
    R /= R.sum()
    overall = {"att": num(R @ coef), "se": num(math.sqrt(R @ V @ R)),
               "weights": {f"{g}:{e}": num(R[k]) for k, (g, e) in enumerate(cells) if R[k] > 0}}
    return {
        "source": "hand-built Sun & Abraham (2021) IW estimator; regression via pyfixest feols "
                  "(pyfixest 0.60 has no sunab(); its beta SaturatedEventStudy is not used)",
        "formula": fml,
        "cohorts": cohorts,
        "control": "never-treated (first_treat == 0); reference rel_year -1 for every cohort; no binning",
        "vcov": "CRV1 by countyreal (pyfixest default ssc)",
        "n": int(f._N), "df_k": int(f._df_k), "ssc_factor": num(np.ravel(f._ssc)[0]),
        "cohort_rel_coefs": cell_rows,
        "iw_by_rel_year": iw,
        "overall_post_att": overall,
        "weights_definition": (
            "att(e) = sum_g w_{g,e} delta_{g,e}, w_{g,e} = N_{g,e} / sum_{g'} N_{g',e}, where "
            "N_{g,e} = number of observations of cohort g at relative time e (balanced panel: "
            "cohort size). Weights are treated as fixed: se(e) = sqrt(w' V w), V the CRV1 "
            "covariance of the delta's (what fixest's sunab aggregation does; Sun & Abraham's "
            "own variance adds a term for estimated weights, not included). Overall: weights "
            "proportional to N_{g,e} over all post cells (e >= 0)."),
    }


# --------------------------------------------------------------------------- Bacon
def bacon(df):
    d = df.copy()
    d["treated"] = ((d[G] > 0) & (d[T] >= d[G])).astype(float)
    times = np.sort(d[T].unique())
    Tn = len(times)
    N = d[I].nunique()
    ybar = d.pivot_table(index=G, columns=T, values=Y, aggfunc="mean")  # group x year means
    sizes = d.groupby(G)[I].nunique()
    timing = sorted(int(g) for g in sizes.index if g > 0)
    never = 0 in sizes.index
    share = {int(g): sizes[g] / N for g in sizes.index}
    Dbar = {g: float(np.mean(times >= g)) for g in timing}

    # full-sample variance of the two-way demeaned treatment
    Dt = twoway_demean(d["treated"].to_numpy(float), d)
    VD = float(np.mean(Dt ** 2))

    def dd(treat_g, ctrl_g, pre, post):
        yt, yc = ybar.loc[treat_g], ybar.loc[ctrl_g]
        return float((yt[post].mean() - yt[pre].mean()) - (yc[post].mean() - yc[pre].mean()))

    rows = []
    for k in timing:
        if never:
            nk, nu = share[k], share[0]
            nku = nk / (nk + nu)
            s = (nk + nu) ** 2 * nku * (1 - nku) * Dbar[k] * (1 - Dbar[k]) / VD
            pre, post = times[times < k], times[times >= k]
            rows.append({"type": "Treated vs Never treated", "treated": k, "control": 0,
                         "window": [int(times[0]), int(times[-1])],
                         "estimate": dd(k, 0, pre, post), "weight": s})
    for a, k in enumerate(timing):
        for l in timing[a + 1:]:  # k early, l late
            nk, nl = share[k], share[l]
            nkl = nk / (nk + nl)
            Dk, Dl = Dbar[k], Dbar[l]
            # early k treated, late l as control, window [first, l-1]
            s_early = ((nk + nl) * (1 - Dl)) ** 2 * nkl * (1 - nkl) * \
                ((Dk - Dl) / (1 - Dl)) * ((1 - Dk) / (1 - Dl)) / VD
            win = times[times < l]
            rows.append({"type": "Earlier vs Later Treated", "treated": k, "control": l,
                         "window": [int(win[0]), int(win[-1])],
                         "estimate": dd(k, l, win[win < k], win[win >= k]), "weight": s_early})
            # late l treated, early k as (already-treated) control, window [k, last]
            s_late = ((nk + nl) * Dk) ** 2 * nkl * (1 - nkl) * \
                (Dl / Dk) * ((Dk - Dl) / Dk) / VD
            win = times[times >= k]
            rows.append({"type": "Later vs Earlier Treated", "treated": l, "control": k,
                         "window": [int(win[0]), int(win[-1])],
                         "estimate": dd(l, k, win[win < l], win[win >= l]), "weight": s_late})

    w = np.array([r["weight"] for r in rows])
    est = np.array([r["estimate"] for r in rows])
    xt, yt = Dt, twoway_demean(d[Y].to_numpy(float), d)
    beta = float(xt @ yt / (xt @ xt))
    sum_w, sum_wdd = float(w.sum()), float(w @ est)
    assert abs(sum_w - 1) < 1e-10, sum_w
    assert abs(sum_wdd - beta) < 1e-10, (sum_wdd, beta)
    for r in rows:
        r["estimate"], r["weight"] = num(r["estimate"]), num(r["weight"])
    by_type = {}
    for t in sorted({r["type"] for r in rows}):
        ws = np.array([r["weight"] for r in rows if r["type"] == t])
        es = np.array([r["estimate"] for r in rows if r["type"] == t])
        by_type[t] = {"weight": num(ws.sum()), "avg_estimate": num(ws @ es / ws.sum())}
    out = {
        "source": "hand-computed Goodman-Bacon (2021) decomposition (eqs. 10a-c weights, 2x2 DiDs "
                  "of group-by-year means), verified sum(w)=1 and sum(w*DD)=TWFE to 1e-10",
        "twfe_coef": num(beta),
        "V_D": num(VD),
        "group_shares": {str(g): num(v) for g, v in share.items()},
        "Dbar": {str(g): num(v) for g, v in Dbar.items()},
        "sum_weights": num(sum_w), "sum_weighted_dd": num(sum_wdd),
        "abs_err_sum_weights": num(abs(sum_w - 1)),
        "abs_err_sum_weighted_dd_vs_twfe": num(abs(sum_wdd - beta)),
        "components": rows,
        "by_type": by_type,
        "definitions": (
            "n_k = units in timing group k / N; Dbar_k = share of periods with year >= k; "
            "V_D = mean of the two-way demeaned treatment squared. "
            "s_kU = (n_k+n_U)^2 n_kU(1-n_kU) Dbar_k(1-Dbar_k) / V_D; "
            "s_kl^k = ((n_k+n_l)(1-Dbar_l))^2 n_kl(1-n_kl) (Dbar_k-Dbar_l)/(1-Dbar_l) (1-Dbar_k)/(1-Dbar_l) / V_D; "
            "s_kl^l = ((n_k+n_l)Dbar_k)^2 n_kl(1-n_kl) (Dbar_l/Dbar_k) (Dbar_k-Dbar_l)/Dbar_k / V_D; "
            "n_kU = n_k/(n_k+n_U), n_kl = n_k/(n_k+n_l). 2x2 DD = (post-pre mean change of treated) "
            "minus (same for control) within the window. No always-treated group in mpdta "
            "(earliest cohort 2004 > first year 2003)."),
    }
    # cross-check against the pybacondecomp package, if it runs
    try:
        from pybacondecomp import bacondecomp as pbd

        with quiet():
            res = pbd(d.assign(treated=d["treated"].astype(int)), y=Y, tr="treated",
                      unit=I, time=T, verbose=False)
        info = {"dd_estimate": num(res.dd_estimate), "beta": num(res.beta),
                "two_by_two": json.loads(res.two_by_two.to_json(orient="records", double_precision=15)),
                "summary": json.loads(res.summary.to_json(orient="records", double_precision=15))}
        # pybacondecomp (Stata bacondecomp style) pools the two directions of each
        # timing pair: weight = s_kl^k + s_kl^l, estimate = weight-averaged DD.
        pooled = {}
        for r in rows:
            key = (str(min(r["treated"], r["control"]) if r["control"] else r["treated"]),
                   "Never" if r["control"] == 0 else str(max(r["treated"], r["control"])))
            pw_, pe_ = pooled.get(key, (0.0, 0.0))
            pooled[key] = (pw_ + r["weight"], pe_ + r["weight"] * r["estimate"])
        dw, de = [], []
        for _, pr in res.two_by_two.iterrows():
            key = (str(pr["treated"]), str(pr["control"]))
            if key in pooled:
                wsum, wes = pooled[key]
                dw.append(abs(wsum - float(pr["weight"])))
                de.append(abs(wes / wsum - float(pr["estimate"])))
        info["pairs_matched"] = len(dw)
        info["max_abs_diff_pooled_weight"] = num(max(dw)) if dw else None
        info["max_abs_diff_pooled_estimate"] = num(max(de)) if de else None
        info["abs_diff_dd_estimate_vs_twfe"] = num(abs(float(res.dd_estimate) - beta))
        out["crosscheck_pybacondecomp"] = info
    except Exception as e:  # pragma: no cover
        out["crosscheck_pybacondecomp"] = {"error": f"{type(e).__name__}: {e}"}
    return out


# --------------------------------------------------------------------------- main
def main():
    OUT.mkdir(parents=True, exist_ok=True)
    df = load_mpdta()
    write_csv(df)
    meta_common = {"versions": versions(), "data": "mpdta.csv (2500 rows, 500 counties, 2003-2007)"}

    for ck in CONTROLS:
        for est in ["dr", "ipw", "reg"]:
            for cov in COVS:
                fx = cs_fixture(df, ck, est, cov)
                fx["meta"] = meta_common
                dump(f"cs_{ck}_{est}_{cov}.json", fx)

    fx = cs_fixture(df, "never", "dr", "nocov", base_period="universal")
    fx["meta"] = meta_common
    dump("cs_never_dr_nocov_universal.json", fx)

    fx = cs_fixture(df, "never", "dr", "nocov", anticipation=1)
    fx["meta"] = meta_common
    dump("cs_never_dr_nocov_anticip1.json", fx)

    fx = cs_bootstrap(df)
    fx["meta"] = meta_common
    dump("cs_bootstrap_never_dr_nocov.json", fx)

    for name, fn in [("twfe_mpdta.json", twfe), ("event_study_mpdta.json", event_study),
                     ("sun_abraham_mpdta.json", sun_abraham), ("bacon_mpdta.json", bacon)]:
        fx = fn(df)
        fx["meta"] = meta_common
        dump(name, fx)


if __name__ == "__main__":
    sys.exit(main())
