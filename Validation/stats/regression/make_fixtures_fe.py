"""Fixed-effects reference fixtures for laeval, computed with pyfixest.

Debian (bookworm) ships no r-cran-fixest, so the fixest cases are computed with
pyfixest, which reimplements fixest's estimator and small-sample corrections.
Every vcov is also cross-checked here against an independent computation from
R's lm() with dummy variables + sandwich (passed in by make_fixtures.R), using
fixest's documented ssc arithmetic.

Usage (normally run by make_fixtures.R):
    python3 make_fixtures_fe.py <lm_reference.json> <out_dir>
"""

import json
import math
import os
import sys

import warnings

import numpy as np
import pandas as pd
import pyfixest as pf
from scipy import stats

warnings.filterwarnings("ignore", category=DeprecationWarning)

FIXEF_TOL = 1e-13  # demeaning tolerance (pyfixest default 1e-08; 1e-14 does not converge)
CROSSCHECK_RTOL = 1e-9


def num(x):
    """Finite float; json.dumps prints it with repr (shortest exact round trip)."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("non-finite number")
    return float(repr(x))  # repr is shortest round-trip; json.dumps uses repr


def mat_entry(terms, m, note=None):
    m = np.asarray(m, dtype=float)
    e = {"terms": list(terms), "matrix": [[num(v) for v in row] for row in m]}
    if note:
        e["note"] = note
    return e


def from_entry(e):
    return np.array(e["matrix"], dtype=float)


def rel_diff(a, b):
    a = np.asarray(a, float)
    b = np.asarray(b, float)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), 1e-300)))


def coeftable(fit):
    t = fit.tidy()
    df = int(fit._df_t)
    tv = np.asarray(t["t value"], dtype=float)
    return {
        "terms": list(t.index),
        "estimate": [num(v) for v in t["Estimate"]],
        "std_error": [num(v) for v in t["Std. Error"]],
        "statistic": [num(v) for v in tv],
        # 2 * P(T_df > |t|), as fixest's 2 * pt(-abs(t), df); pyfixest's own
        # column is 2 * (1 - cdf) and loses all precision below ~1e-15.
        "p_value": [num(2.0 * stats.t.sf(abs(v), df)) for v in tv],
        "p_value_pyfixest": [num(v) for v in t["Pr(>|t|)"]],
        "distribution": "t",
        "df": df,
    }


def fit_vcov(fml, data, vcov, ssc=None):
    kw = {"fixef_tol": FIXEF_TOL}
    if ssc is not None:
        kw["ssc"] = ssc
    fit = pf.feols(fml, data=data, vcov=vcov, **kw)
    return fit


def ssc_record(fit):
    ssc = np.ravel(np.asarray(fit._ssc, dtype=float))
    return {
        "ssc_factors": [num(v) for v in ssc],
        "dof_K": int(fit._df_k),
        "df_t": int(fit._df_t),
    }


def write(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, indent=2, allow_nan=False)
        f.write("\n")
    with open(path) as f:
        back = json.load(f)
    assert back == obj
    print("wrote", path)


def main():
    ref_path, out_dir = sys.argv[1], sys.argv[2]
    with open(ref_path) as f:
        ref = json.load(f)
    versions = dict(ref["versions"])
    versions.update(
        {
            "python": sys.version.split()[0],
            "pyfixest": pf.__version__,
            "numpy": np.__version__,
            "pandas": pd.__version__,
        }
    )
    fe_note = (
        "Fixed-effects estimates computed with pyfixest (Python port of R's fixest; "
        "r-cran-fixest is not packaged in Debian bookworm). pyfixest's ssc(k_adj=True, "
        "k_fixef='nonnested', G_adj=True, G_df='min') is fixest's default "
        "ssc(adj=TRUE, fixef.K='nested', cluster.adj=TRUE, cluster.df='min', t.df='min'); "
        "pyfixest calls fixest's 'nested' 'nonnested'."
    )

    # ------------------------------------------------------------ Grunfeld two-way FE
    g = pd.read_csv(os.path.join(out_dir, "grunfeld.csv"))
    fml = "inv ~ value + capital | firm + year"
    vc_specs = {
        "iid": "iid",
        "hetero": "hetero",
        "cluster_firm": {"CRV1": "firm"},
        "twoway": {"CRV1": "firm+year"},
    }
    fits = {k: fit_vcov(fml, g, v) for k, v in vc_specs.items()}
    raw = {
        k: fit_vcov(fml, g, v, ssc=pf.ssc(k_adj=False, G_adj=False))
        for k, v in vc_specs.items()
    }
    f0 = fits["iid"]
    terms = list(f0._coefnames)
    N = int(f0._N)
    lm = ref["grunfeld"]

    # independent check against R lm() with dummies + sandwich
    K_full = 2 + 10 + 20 - 1
    expect = {
        "iid": from_entry(lm["vcov_iid"]),
        "hetero": from_entry(lm["HC0_slopes"]) * N / (N - K_full),
        # firm FE nested in firm clusters: K = 31 - (10 - 1) = 22
        "cluster_firm": from_entry(lm["CR0_firm_slopes"]) * (10 / 9) * (N - 1) / (N - 22),
        # both FEs nested: K = 31 - (30 - 2) ... fixest: all nested -> K = 2 + 1 = 3;
        # cluster.df = "min": every term gets Gmin/(Gmin-1) = 10/9
        "twoway": (
            from_entry(lm["CR0_firm_slopes"])
            + from_entry(lm["CR0_year_slopes"])
            - from_entry(lm["CR0_firm_x_year_slopes"])
        )
        * (10 / 9)
        * (N - 1)
        / (N - 3),
    }
    crosscheck = {}
    for k, fit in fits.items():
        d = rel_diff(fit._vcov, expect[k])
        crosscheck[k] = num(d)
        if d > CROSSCHECK_RTOL:
            raise SystemExit(f"pyfixest {k} vcov disagrees with lm-dummy reference: {d}")
    bdiff = rel_diff(f0._beta_hat, [lm["coefficients"][t] for t in terms])
    if bdiff > CROSSCHECK_RTOL:
        raise SystemExit(f"pyfixest coefficients disagree with lm-dummy reference: {bdiff}")

    vcov = {}
    notes = {
        "iid": "sigma^2 (Xw'Xw)^-1 with sigma^2 = RSS/(N - K), K = 2 + 10 + 20 - 1 = 31 (all FE counted); equals lm-with-dummies vcov",
        "hetero": "fixest 'hetero' (= HC1): HC0 * (N-1)/(N-K) * N/(N-1) = HC0 * N/(N-K), K = 31",
        "cluster_firm": "fixest cluster = ~firm: CR0 * G/(G-1) * (N-1)/(N-K), G = 10, K = 31 - (10 - 1) = 22 (firm FE nested in the cluster, fixef.K = 'nested')",
        "twoway": "fixest cluster = ~firm + year: (CR0_firm + CR0_year - CR0_firm^year) * Gmin/(Gmin-1) * (N-1)/(N-K), Gmin = 10 (cluster.df = 'min'), K = 2 + 1 = 3 (all FEs nested in a cluster: FE removed, 1 added back for the intercept)",
    }
    for k, fit in fits.items():
        vcov[k] = mat_entry(terms, fit._vcov, notes[k])
    vcov_unadjusted = {
        k: mat_entry(terms, fit._vcov, "same vcov with ssc(k_adj=False, G_adj=False) (fixest ssc(adj=FALSE, cluster.adj=FALSE))")
        for k, fit in raw.items()
    }
    # iid with no adjustment in fixest is RSS/(N-1): document
    vcov_unadjusted["iid"]["note"] = "ssc(adj=FALSE): sigma^2 = RSS/(N-1) (fixest's convention), not RSS/N"

    resid = np.asarray(f0._u_hat).ravel()
    rss = float(np.sum(resid**2))
    fe_g = {
        "dataset": "grunfeld.csv",
        "r_call": "fixest::feols(inv ~ value + capital | firm + year, data = Grunfeld, vcov = <iid | 'hetero' | ~firm | ~firm + year>)",
        "python_call": "pyfixest.feols('inv ~ value + capital | firm + year', data=grunfeld, vcov=<'iid' | 'hetero' | {'CRV1': 'firm'} | {'CRV1': 'firm+year'}>, fixef_tol=1e-13)",
        "fe_tool": "pyfixest",
        "generated_by": "Validation/stats/regression/make_fixtures_fe.py (run by make_fixtures.R)",
        "versions": versions,
        "estimator": "OLS with two-way fixed effects (within transformation)",
        "note": fe_note,
        "outcome": "inv",
        "covariates": terms,
        "weights": None,
        "fixed_effects": ["firm", "year"],
        "cluster": ["firm", "year"],
        "n_obs": N,
        "df_residual": int(N - K_full),
        "df_t": {k: int(fit._df_t) for k, fit in fits.items()},
        "coefficients": {t: num(b) for t, b in zip(terms, f0._beta_hat)},
        "aliased": [],
        "r2": num(f0._r2),
        "adj_r2": num(f0._adj_r2),
        "r2_within": num(f0._r2_within),
        "wr2": num(f0._r2_within),
        "adj_r2_within": num(f0._adj_r2_within),
        "sigma": num(math.sqrt(rss / (N - K_full))),
        "rss": num(rss),
        "fixef_sizes": {"firm": 10, "year": 20},
        "ssc": {
            "fixest": {"adj": True, "fixef.K": "nested", "cluster.adj": True, "cluster.df": "min", "t.df": "min", "fixef.force_exact": False},
            "pyfixest": {"k_adj": True, "k_fixef": "nonnested", "G_adj": True, "G_df": "min"},
            "per_vcov": {k: ssc_record(fit) for k, fit in fits.items()},
        },
        "vcov": vcov,
        "vcov_unadjusted": vcov_unadjusted,
        "coeftable": {k: coeftable(fit) for k, fit in fits.items()},
        "lm_dummies": {
            "r_call": lm["r_call"],
            "n_obs": lm["n_obs"],
            "rank": lm["rank"],
            "df_residual": lm["df_residual"],
            "coefficients": lm["coefficients"],
            "r2": lm["r2"],
            "adj_r2": lm["adj_r2"],
            "sigma": lm["sigma"],
            "vcov_iid": lm["vcov_iid"],
            "note": "lm with factor dummies counts every FE parameter (rank 31, df 169), exactly as fixest's iid vcov and t.df do, so iid vcovs agree; a naive within regression on demeaned data would use df = N - 2 = 198 and understate the variance by 169/198.",
            "iid_naive_within_df": mat_entry(terms, from_entry(lm["vcov_iid"]) * (N - K_full) / (N - 2), "WRONG on purpose: RSS/(N-2) (Xw'Xw)^-1, ignoring the absorbed FE parameters"),
        },
        "crosscheck_max_rel_diff_vs_lm_sandwich": crosscheck,
        "crosscheck_coefficients_max_rel_diff": num(bdiff),
    }
    write(os.path.join(out_dir, "fe_grunfeld.json"), fe_g)

    # ------------------------------------------------------------ Petersen one-way FE
    p = pd.read_csv(os.path.join(out_dir, "petersen.csv"))
    fml1 = "y ~ x | firm"
    fits1 = {"cluster_firm": fit_vcov(fml1, p, {"CRV1": "firm"}), "iid": fit_vcov(fml1, p, "iid")}
    raw1 = {
        "cluster_firm": fit_vcov(fml1, p, {"CRV1": "firm"}, ssc=pf.ssc(k_adj=False, G_adj=False)),
    }
    lm1 = ref["petersen"]
    N1 = int(fits1["iid"]._N)
    G1 = int(p["firm"].nunique())
    K1_full = 1 + G1
    expect1 = {
        "iid": from_entry(lm1["vcov_iid"]),
        # firm FE nested in firm cluster: K = 501 - (500 - 1) = 2
        "cluster_firm": from_entry(lm1["CR0_firm_slopes"]) * G1 / (G1 - 1) * (N1 - 1) / (N1 - 2),
    }
    cc1 = {}
    for k, fit in fits1.items():
        d = rel_diff(fit._vcov, expect1[k])
        cc1[k] = num(d)
        if d > CROSSCHECK_RTOL:
            raise SystemExit(f"pyfixest petersen {k} disagrees with lm-dummy reference: {d}")
    f1 = fits1["iid"]
    terms1 = list(f1._coefnames)
    b1diff = rel_diff(f1._beta_hat, [lm1["coefficients"][t] for t in terms1])
    if b1diff > CROSSCHECK_RTOL:
        raise SystemExit(f"petersen FE coefficients disagree: {b1diff}")
    rss1 = float(np.sum(np.asarray(f1._u_hat).ravel() ** 2))
    fe_p = {
        "dataset": "petersen.csv",
        "r_call": "fixest::feols(y ~ x | firm, data = PetersenCL, cluster = ~firm)  # and vcov = \"iid\"",
        "python_call": "pyfixest.feols('y ~ x | firm', data=petersen, vcov={'CRV1': 'firm'} | 'iid', fixef_tol=1e-13)",
        "fe_tool": "pyfixest",
        "generated_by": "Validation/stats/regression/make_fixtures_fe.py (run by make_fixtures.R)",
        "versions": versions,
        "estimator": "OLS with one-way fixed effects (within transformation)",
        "note": fe_note,
        "outcome": "y",
        "covariates": terms1,
        "weights": None,
        "fixed_effects": ["firm"],
        "cluster": ["firm"],
        "n_obs": N1,
        "df_residual": int(N1 - K1_full),
        "df_t": {k: int(fit._df_t) for k, fit in fits1.items()},
        "coefficients": {t: num(b) for t, b in zip(terms1, f1._beta_hat)},
        "aliased": [],
        "r2": num(f1._r2),
        "adj_r2": num(f1._adj_r2),
        "r2_within": num(f1._r2_within),
        "wr2": num(f1._r2_within),
        "adj_r2_within": num(f1._adj_r2_within),
        "sigma": num(math.sqrt(rss1 / (N1 - K1_full))),
        "rss": num(rss1),
        "fixef_sizes": {"firm": G1},
        "ssc": {
            "fixest": {"adj": True, "fixef.K": "nested", "cluster.adj": True, "cluster.df": "min", "t.df": "min", "fixef.force_exact": False},
            "pyfixest": {"k_adj": True, "k_fixef": "nonnested", "G_adj": True, "G_df": "min"},
            "per_vcov": {k: ssc_record(fit) for k, fit in fits1.items()},
        },
        "vcov": {
            "cluster_firm": mat_entry(terms1, fits1["cluster_firm"]._vcov, "CR0 * G/(G-1) * (N-1)/(N-K), G = 500, K = 1 + 500 - (500 - 1) = 2 (firm FE nested in cluster); t df = G - 1 = 499"),
            "iid": mat_entry(terms1, fits1["iid"]._vcov, "RSS/(N-K) (Xw'Xw)^-1, K = 1 + 500 = 501; t df = N - K = 4499"),
        },
        "vcov_unadjusted": {
            "cluster_firm": mat_entry(terms1, raw1["cluster_firm"]._vcov, "CR0 (ssc(adj=FALSE, cluster.adj=FALSE))"),
        },
        "coeftable": {k: coeftable(fit) for k, fit in fits1.items()},
        "lm_dummies": {
            "r_call": lm1["r_call"],
            "n_obs": lm1["n_obs"],
            "rank": lm1["rank"],
            "df_residual": lm1["df_residual"],
            "coefficients": lm1["coefficients"],
            "vcov_iid": lm1["vcov_iid"],
        },
        "crosscheck_max_rel_diff_vs_lm_sandwich": cc1,
        "crosscheck_coefficients_max_rel_diff": num(b1diff),
    }
    write(os.path.join(out_dir, "fe1_petersen.json"), fe_p)


if __name__ == "__main__":
    main()
