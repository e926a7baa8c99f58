#!/usr/bin/env python3
"""Calibration statistics from real DfE / Ofsted files for laeval's simulated demo dataset.

Reads the Explore Education Statistics (EES) tidy CSVs and the Ofsted LA inspection-outcomes
spreadsheet in ../shared/data/ees (relative to the repository root) and writes
Validation/calibration/calibration.json next to this script.

Run from the repository root:
    python3 Validation/calibration/calibrate_demo.py [--data-dir DIR] [--out FILE]

Needs Python 3 with pandas, numpy and odfpy (for the .ods file).
"""
from __future__ import annotations

import argparse
import json
import math
import re
import sys
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
REPO_ROOT = HERE.parents[1]
DEFAULT_DATA_DIR = (REPO_ROOT / ".." / "shared" / "data" / "ees").resolve()
DEFAULT_OUT = HERE / "calibration.json"

SYMBOLS = ["c", "x", "z", "low", "k", "u"]
MISSING_KEYS = SYMBOLS + ["blank", "absent", "other"]
EXCLUDED_LAS = {"201": "City of London", "420": "Isles of Scilly"}
NUM_RE = re.compile(r"^-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")

FILES = {
    "b1": "b1_children_in_need_2013_to_2025.csv",
    "c1": "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
    "d3": "d3_cpps_subsequent_plan_2013_to_2025.csv",
    "cla": "cla_number_and_rate_per_10k_children.csv",
    "stab": "la_cla_placement_stability.csv",
    "csww": "csww_indicators_2017_to_2025.csv",
    "ons": "ons_mid-year_population_estimates_2012_to_2024.csv",
    "ods": "LA_Inspection_Outcomes_as_at_31_March_2025.ods",
}


# ----------------------------------------------------------------------------- helpers

def rnd(v, nd=4):
    """Round to nd significant digits for compact JSON; None for NaN."""
    if v is None:
        return None
    if isinstance(v, (np.integer,)):
        return int(v)
    if isinstance(v, (int,)) and not isinstance(v, bool):
        return v
    try:
        f = float(v)
    except (TypeError, ValueError):
        return v
    if not math.isfinite(f):
        return None
    if f == 0:
        return 0.0
    return float(f"{f:.{nd}g}")


def status_of(raw: str) -> str:
    s = raw.strip()
    if s == "":
        return "blank"
    if NUM_RE.match(s.replace(",", "")):
        return "value"
    if s.lower() in SYMBOLS:
        return s.lower()
    return "other"


def to_num(raw: pd.Series) -> pd.Series:
    return pd.to_numeric(raw.str.strip().str.replace(",", "", regex=False), errors="coerce")


def read_ees(name: str, data_dir: Path, log: dict) -> pd.DataFrame:
    """Read an EES tidy CSV as strings (BOM-safe), keep LA rows, drop combined LA rows."""
    path = data_dir / FILES[name]
    df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    df.columns = [c.strip().lstrip("\ufeff") for c in df.columns]
    df = df[df["geographic_level"].str.strip() == "Local authority"].copy()
    df["old_la_code"] = df["old_la_code"].str.strip()
    combined = df["old_la_code"].str.contains(" / ", regex=False)
    log[name] = {
        "file": FILES[name],
        "la_rows": int(len(df)),
        "combined_rows_skipped": int(combined.sum()),
        "combined_codes_skipped": sorted(df.loc[combined, "old_la_code"].unique().tolist()),
    }
    # component LA-years hidden inside combined rows (reported as 'absent' for those LAs)
    comb = df[combined]
    df = df[~combined].copy()
    df["year"] = df["time_period"].str.strip().astype(int)
    df.attrs["combined_cells"] = sorted(
        {(code.strip(), int(y)) for cc, y in zip(comb["old_la_code"], comb["time_period"]) for code in cc.split(" / ")}
    )
    return df


def lifespans(df: pd.DataFrame, value_cols: list[str]) -> dict:
    """Per LA code, the first and last year with any numeric value in any value column of the
    file. Years outside that span are 'LA did not exist' (reorganisations), not missing data."""
    num = np.zeros(len(df), dtype=bool)
    for c in value_cols:
        num |= df[c].map(status_of).eq("value").to_numpy()
    sub = df.loc[num, ["old_la_code", "year"]]
    g = sub.groupby("old_la_code")["year"]
    spans = {k: (int(a), int(b)) for k, a, b in zip(g.min().index, g.min().values, g.max().values)}
    rows = df.groupby("old_la_code")["year"]
    for code in df["old_la_code"].unique():  # LAs with no numeric value at all: years with rows
        spans.setdefault(code, (int(rows.min()[code]), int(rows.max()[code])))
    for code, y in df.attrs.get("combined_cells", []):  # LAs reported only inside combined rows
        lo, hi = spans.get(code, (y, y))
        spans[code] = (min(lo, y), max(hi, y))
    return spans


def indicator_frame(df: pd.DataFrame, col: str, spans: dict, names: dict) -> pd.DataFrame:
    """LA x year long frame with status and numeric value; adds 'absent' cells inside each
    LA's lifespan and marks cells outside it as 'not_applicable'."""
    d = df[["old_la_code", "year", col]].copy()
    if d.duplicated(["old_la_code", "year"]).any():
        raise ValueError(f"duplicate LA-year rows for {col}")
    d["status"] = d[col].map(status_of)
    d["value"] = np.where(d["status"] == "value", to_num(d[col]), np.nan)
    years = sorted(df["year"].unique())
    grid = pd.MultiIndex.from_product([sorted(spans), years], names=["old_la_code", "year"])
    d = d.set_index(["old_la_code", "year"]).reindex(grid).reset_index()
    d["status"] = d["status"].fillna("absent")
    lo = d["old_la_code"].map(lambda c: spans[c][0])
    hi = d["old_la_code"].map(lambda c: spans[c][1])
    outside = (d["year"] < lo) | (d["year"] > hi)
    d.loc[outside, "status"] = "not_applicable"
    d.loc[outside, "value"] = np.nan
    d["la_name"] = d["old_la_code"].map(names)
    comb = set(df.attrs.get("combined_cells", []))
    d["in_combined_row"] = [(c, y) in comb and st == "absent" for c, y, st in zip(d["old_la_code"], d["year"], d["status"])]
    return d[["old_la_code", "la_name", "year", "status", "value", "in_combined_row"]]


def two_way_demean(d: pd.DataFrame, tol=1e-10, max_iter=1000) -> pd.Series:
    """Residuals of value on LA and year fixed effects (alternating projections; exact for
    unbalanced panels at convergence)."""
    e = d["value"] - d["value"].mean()
    for _ in range(max_iter):
        e_old = e
        e = e - e.groupby(d["old_la_code"]).transform("mean")
        e = e - e.groupby(d["year"]).transform("mean")
        if np.max(np.abs(e - e_old)) < tol:
            break
    return e


def missingness(d: pd.DataFrame) -> dict:
    inside = d[d["status"] != "not_applicable"]
    n = int(len(inside))
    counts = {k: int((inside["status"] == k).sum()) for k in MISSING_KEYS}
    n_miss = sum(counts.values())
    out = {
        "n_cells": n,
        "n_observed": int((inside["status"] == "value").sum()),
        "n_missing": n_miss,
        "missing_share": rnd(n_miss / n if n else None),
        "counts": counts,
        "shares": {k: rnd(v / n if n else None) for k, v in counts.items()},
        "absent_because_only_in_combined_row": int(inside.get("in_combined_row", pd.Series(False, index=inside.index)).fillna(False).astype(bool).sum()),
        "not_applicable_la_not_in_existence": int((d["status"] == "not_applicable").sum()),
    }
    return out


def indicator_stats(d: pd.DataFrame, source: str, definition: str) -> tuple[dict, pd.Series, pd.Series]:
    main = d[~d["old_la_code"].isin(EXCLUDED_LAS)]
    excl = d[d["old_la_code"].isin(EXCLUDED_LAS)]
    obs = main[main["status"] == "value"].copy()
    years = sorted(d["year"].unique())

    by_year = {}
    for y, g in obs.groupby("year"):
        by_year[str(y)] = {"mean": rnd(g["value"].mean()), "sd": rnd(g["value"].std(ddof=1)),
                           "n": int(len(g))}

    la_means = obs.groupby("old_la_code")["value"].mean()
    t_i = obs.groupby("old_la_code").size()

    obs["resid"] = two_way_demean(obs)
    n, n_la, n_yr = len(obs), obs["old_la_code"].nunique(), obs["year"].nunique()
    ssr = float((obs["resid"] ** 2).sum())
    within_sd_raw = math.sqrt(ssr / (n - 1))
    dof = n - n_la - n_yr + 1
    within_sd = math.sqrt(ssr / dof) if dof > 0 else float("nan")

    # lag-1 autocorrelation of residuals within LA (consecutive years only)
    r = obs.sort_values(["old_la_code", "year"])
    prev = r.groupby("old_la_code")["resid"].shift(1)
    prev_year = r.groupby("old_la_code")["year"].shift(1)
    ok = prev.notna() & (r["year"] - prev_year == 1)
    ar1 = float(np.corrcoef(r.loc[ok, "resid"], prev[ok])[0, 1]) if ok.sum() > 2 else float("nan")
    t_bar = float(t_i.mean())
    k = 1.0 / (t_bar - 1) if t_bar > 2 else float("nan")
    ar1_adj = min(1.0, max(-1.0, (ar1 + k) / (1 - k))) if math.isfinite(k) else float("nan")

    between_sd = float(la_means.std(ddof=1))
    noise_var = within_sd ** 2 * float((1.0 / t_i).mean())
    between_sd_adj = math.sqrt(max(0.0, between_sd ** 2 - noise_var))

    imin, imax = obs["value"].idxmin(), obs["value"].idxmax()
    latest = max(int(y) for y in by_year)
    stats = {
        "source": source,
        "definition": definition,
        "years": [int(years[0]), int(years[-1])],
        "years_with_data": sorted(int(y) for y in by_year),
        "n_las": int(n_la),
        "n_obs": int(n),
        "mean_by_year": by_year,
        "latest_year": latest,
        "latest_year_mean": by_year[str(latest)]["mean"],
        "grand_mean": rnd(obs["value"].mean()),
        "between_la_sd": rnd(between_sd),
        "between_la_sd_noise_adjusted": rnd(between_sd_adj),
        "within_sd": rnd(within_sd),
        "within_sd_no_dof_adjustment": rnd(within_sd_raw),
        "ar1": rnd(ar1),
        "ar1_n_pairs": int(ok.sum()),
        "ar1_nickell_adjusted": rnd(ar1_adj),
        "mean_years_per_la": rnd(t_bar),
        "min": {"value": rnd(obs.at[imin, "value"]), "old_la_code": obs.at[imin, "old_la_code"],
                "la_name": obs.at[imin, "la_name"], "year": int(obs.at[imin, "year"])},
        "max": {"value": rnd(obs.at[imax, "value"]), "old_la_code": obs.at[imax, "old_la_code"],
                "la_name": obs.at[imax, "la_name"], "year": int(obs.at[imax, "year"])},
        "missing": missingness(main),
        "missing_excluded_las": {
            code: {**missingness(excl[excl["old_la_code"] == code]), "la_name": name}
            for code, name in EXCLUDED_LAS.items() if (excl["old_la_code"] == code).any()
        },
    }
    resid = obs.set_index(["old_la_code", "year"])["resid"]
    return stats, la_means, resid


# ----------------------------------------------------------------------------- indicators

def build_indicators(data_dir: Path, log: dict) -> dict:
    """Return {key: (frame, source, definition)}."""
    out = {}

    # --- ONS child population (denominator and an indicator of its own)
    ons = read_ees("ons", data_dir, log)
    ons = ons[ons["age_group"].str.strip() == "Children aged 0 to 17 years"]
    names = dict(zip(ons["old_la_code"], ons["la_name"]))
    ons_spans = lifespans(ons, ["population_estimate"])
    pop = indicator_frame(ons, "population_estimate", ons_spans, names)

    # --- b1: CIN at 31 March / population aged 0-17 (mid-year Y-1) x 10000
    b1 = read_ees("b1", data_dir, log)
    names.update(dict(zip(b1["old_la_code"], b1["la_name"])))
    b1_spans = lifespans(b1, [c for c in b1.columns if c.endswith(("_episodes", "_child"))])
    num = indicator_frame(b1, "At31_episodes", b1_spans, names)
    den = pop[["old_la_code", "year", "status", "value"]].copy()
    den["year"] = den["year"] + 1  # mid-year estimate Y-1 for reporting year Y (31 March Y)
    m = num.merge(den, on=["old_la_code", "year"], how="left", suffixes=("", "_pop"))
    m["status_pop"] = m["status_pop"].fillna("absent")
    m.loc[m["status_pop"] == "not_applicable", "status_pop"] = "absent"
    rate = m.copy()
    # status: numerator's if not numeric, else the denominator's
    bad_den = (rate["status"] == "value") & (rate["status_pop"] != "value")
    rate.loc[bad_den, "status"] = rate.loc[bad_den, "status_pop"]
    rate["value"] = np.where(rate["status"] == "value", rate["value"] / rate["value_pop"] * 10000, np.nan)
    log["cin_rate_denominator"] = {
        "population_year_used": "Y-1 (ONS mid-year estimate of the previous calendar year, e.g. mid-2024 for 31 March 2025)",
        "check": "DfE's own cla file uses the same convention: its population_estimate equals ONS mid-year Y-1 for every LA-year",
        "cells_missing_because_population_missing": int(bad_den.sum()),
    }
    out["cin_rate_per_10000"] = (rate[["old_la_code", "la_name", "year", "status", "value"]], FILES["b1"] + " + " + FILES["ons"],
                                 "At31_episodes / ONS children aged 0-17 (mid-year Y-1) x 10000")

    # --- c1 re-referrals
    c1 = read_ees("c1", data_dir, log)
    names.update(dict(zip(c1["old_la_code"], c1["la_name"])))
    sp = lifespans(c1, ["referral_count", "rereferral_count", "referral_child_count"])
    out["rereferral_percent"] = (indicator_frame(c1, "rereferral_percent", sp, names), FILES["c1"],
                                 "rereferral_percent: referrals within 12 months of a previous referral, %")

    # --- d3 repeat child protection plans
    d3 = read_ees("d3", data_dir, log)
    names.update(dict(zip(d3["old_la_code"], d3["la_name"])))
    sp = lifespans(d3, ["CPP_start", "CPP_subsequent"])
    out["cpp_subsequent_percent"] = (indicator_frame(d3, "CPP_subsequent_percent", sp, names), FILES["d3"],
                                     "CPP_subsequent_percent: CPPs starting in year that are a second or subsequent plan, %")

    # --- cla rate at 31 March
    cla = read_ees("cla", data_dir, log)
    names.update(dict(zip(cla["old_la_code"], cla["la_name"])))
    sp = lifespans(cla, ["children_count"])
    cla31 = cla[cla["population_type"].str.strip() == "Children looked after on 31 March each year"]
    out["cla_rate_per_10000"] = (indicator_frame(cla31, "rate_per_10000", sp, names), FILES["cla"],
                                 "rate_per_10000, population_type 'Children looked after on 31 March each year'")

    # --- placement stability
    st = read_ees("stab", data_dir, log)
    names.update(dict(zip(st["old_la_code"], st["la_name"])))
    st["cla_group"] = st["cla_group"].str.strip()
    st["placement_stability"] = st["placement_stability"].str.strip()
    log["placement_stability_values"] = {
        "cla_group": sorted(st["cla_group"].unique().tolist()),
        "placement_stability": sorted(st["placement_stability"].unique().tolist()),
        "combinations": sorted(map(list, st[["cla_group", "placement_stability"]].drop_duplicates().itertuples(index=False))),
    }
    sp = lifespans(st, ["children_count"])
    lt_group = next(g for g in st["cla_group"].unique() if "2.5 years" in g)
    lt = st[(st["cla_group"] == lt_group) & (st["placement_stability"] == "Living with the same carer for at least 2 years")]
    out["placement_stability_long_term_percent"] = (
        indicator_frame(lt, "children_percent", sp, names), FILES["stab"],
        f"children_percent, cla_group '{lt_group}', placement_stability 'Living with the same carer for at least 2 years'")
    stt = st[(st["cla_group"] == "CLA on 31 March") & (st["placement_stability"] == "With 3 or more placements during the year")]
    if len(stt):
        out["placement_stability_short_term_percent"] = (
            indicator_frame(stt, "children_percent", sp, names), FILES["stab"],
            "children_percent, cla_group 'CLA on 31 March', placement_stability 'With 3 or more placements during the year'")

    # --- workforce
    cs = read_ees("csww", data_dir, log)
    names.update(dict(zip(cs["old_la_code"], cs["la_name"])))
    sp = lifespans(cs, ["inpost_fte", "starters_fte", "leavers_fte", "agency_fte", "vacancy_fte", "cases"])
    for col, desc in [("turnover_rate_fte", "leavers / average in post, FTE, %"),
                      ("agency_rate_fte", "agency workers / (agency + in post), FTE, %"),
                      ("vacancy_rate_fte", "vacancies / (vacancies + in post), FTE, %"),
                      ("caseload_fte", "cases per case-holding FTE social worker")]:
        out[col] = (indicator_frame(cs, col, sp, names), FILES["csww"], f"{col}: {desc} (snapshot at 30 September)")

    # --- log child population (panel stats on the log scale)
    lp = pop.copy()
    lp["value"] = np.log(lp["value"])
    out["log_child_population_0_17"] = (lp, FILES["ons"], "natural log of ONS mid-year population aged 0-17")
    return out, pop


def population_latest(pop: pd.DataFrame) -> dict:
    latest = int(pop.loc[pop["status"] == "value", "year"].max())
    p = pop[(pop["year"] == latest) & (pop["status"] == "value") & ~pop["old_la_code"].isin(EXCLUDED_LAS)]
    lg = np.log(p["value"])
    imin, imax = p["value"].idxmin(), p["value"].idxmax()
    exc = pop[(pop["year"] == latest) & pop["old_la_code"].isin(EXCLUDED_LAS)]
    return {
        "year": latest,
        "n_las": int(len(p)),
        "log_mean": rnd(lg.mean(), 6),
        "log_sd": rnd(lg.std(ddof=1), 6),
        "log_min": rnd(lg.min(), 6),
        "log_max": rnd(lg.max(), 6),
        "min": {"population": int(p.at[imin, "value"]), "old_la_code": p.at[imin, "old_la_code"], "la_name": p.at[imin, "la_name"]},
        "max": {"population": int(p.at[imax, "value"]), "old_la_code": p.at[imax, "old_la_code"], "la_name": p.at[imax, "la_name"]},
        "median": int(p["value"].median()),
        "total": int(p["value"].sum()),
        "excluded_las": {r.old_la_code: {"la_name": r.la_name, "population": None if pd.isna(r.value) else int(r.value),
                                         "status": r.status} for r in exc.itertuples()},
    }


# ----------------------------------------------------------------------------- inspections

GRADE_MAP = {
    "outstanding": "Outstanding",
    "good": "Good",
    "requires improvement to be good": "Requires improvement",
    "requires improvement": "Requires improvement",
    "inadequate": "Inadequate",
}
GRADES = ["Inadequate", "Requires improvement", "Good", "Outstanding"]


def read_ods_table(path: Path, sheet: str, must_have: str) -> tuple[pd.DataFrame, int]:
    raw = pd.read_excel(path, engine="odf", sheet_name=sheet, header=None)
    hdr = next(i for i in range(min(20, len(raw)))
               if raw.iloc[i].astype(str).str.strip().str.lower().eq(must_have.lower()).any())
    df = raw.iloc[hdr + 1:].copy()
    df.columns = [str(c).strip() for c in raw.iloc[hdr]]
    return df.reset_index(drop=True), hdr + 1  # header row, 1-based


def norm_grade(v):
    if pd.isna(v):
        return None
    return GRADE_MAP.get(str(v).strip().lower(), str(v).strip())


def quantiles(s: pd.Series) -> dict:
    if len(s) == 0:
        return {"n": 0}
    return {"n": int(len(s)), "median": rnd(s.median()), "q1": rnd(s.quantile(0.25)), "q3": rnd(s.quantile(0.75)),
            "iqr": rnd(s.quantile(0.75) - s.quantile(0.25)), "mean": rnd(s.mean()), "min": rnd(s.min()), "max": rnd(s.max())}


def crosstab_dict(a: pd.Series, b: pd.Series, cols_order=None) -> dict:
    t = pd.crosstab(a, b)
    if cols_order:
        t = t.reindex(columns=[c for c in cols_order if c in t.columns] + [c for c in t.columns if c not in cols_order], fill_value=0)
    return {str(i): {str(c): int(t.at[i, c]) for c in t.columns} for i in t.index}


def inspections(data_dir: Path) -> dict:
    path = data_dir / FILES["ods"]
    h, hdr_row = read_ods_table(path, "ILACS_inspection_history", "Inspection type")
    h = h[h["Local authority area code"].notna() & h["Inspection date"].notna()].copy()
    h["date"] = pd.to_datetime(h["Inspection date"], errors="coerce")
    h = h[h["date"].notna()]
    h["grade"] = h["Overall effectiveness"].map(norm_grade)
    h["type"] = h["Inspection type"].astype(str).str.strip()
    h["code"] = h["Local authority area code"].astype(str).str.strip()
    h["cal_year"] = h["date"].dt.year
    h["fin_year_ending_march"] = h["date"].dt.year + (h["date"].dt.month >= 4).astype(int)

    graded = h[h["grade"].isin(GRADES)].sort_values(["code", "date"]).copy()
    graded["next_grade"] = graded.groupby("code")["grade"].shift(-1)
    graded["next_date"] = graded.groupby("code")["date"].shift(-1)
    graded["next_type"] = graded.groupby("code")["type"].shift(-1)
    pairs = graded[graded["next_date"].notna()].copy()
    pairs["gap_years"] = (pairs["next_date"] - pairs["date"]).dt.days / 365.25

    as_at = pd.Timestamp("2025-03-31")
    last = graded.groupby("code").tail(1).copy()
    last["years_since"] = (as_at - last["date"]).dt.days / 365.25

    n_per_la = graded.groupby("code").size()
    hist = {
        "sheet": "ILACS_inspection_history",
        "header_row": hdr_row,
        "n_inspections": int(len(h)),
        "n_graded": int(len(graded)),
        "n_las": int(h["code"].nunique()),
        "la_status": {str(k): int(v) for k, v in h["Local authority status"].value_counts().items()},
        "graded_inspections_per_la": {str(k): int(v) for k, v in n_per_la.value_counts().sort_index().items()},
        "date_range": [str(h["date"].min().date()), str(h["date"].max().date())],
        "overall_judgement_counts": {g: int((h["grade"] == g).sum()) for g in GRADES}
        | {"ungraded_or_other": int((~h["grade"].isin(GRADES)).sum())},
        "judgement_by_calendar_year": crosstab_dict(h["cal_year"], h["grade"], GRADES),
        "judgement_by_financial_year_ending_march": crosstab_dict(h["fin_year_ending_march"], h["grade"], GRADES),
        "inspection_type_counts": {str(k): int(v) for k, v in h["type"].value_counts().items()},
        "judgement_by_inspection_type": crosstab_dict(h["type"], h["grade"], GRADES),
        "inspection_type_by_calendar_year": crosstab_dict(h["cal_year"], h["type"]),
        "gap_years_between_consecutive_graded_inspections": {
            "definition": "days between inspection start dates / 365.25, LAs with >=2 graded ILACS inspections; only completed gaps (right-censored at 31 March 2025)",
            "n_las_with_2plus": int((n_per_la >= 2).sum()),
            "all": quantiles(pairs["gap_years"]),
            "by_earlier_grade": {g: quantiles(pairs.loc[pairs["grade"] == g, "gap_years"]) for g in GRADES},
            "next_inspection_type_by_earlier_grade": crosstab_dict(pairs["grade"], pairs["next_type"]),
        },
        "transition_counts_earlier_to_next": {
            g: {g2: int(((pairs["grade"] == g) & (pairs["next_grade"] == g2)).sum()) for g2 in GRADES} for g in GRADES
        },
        "right_censored_years_since_last_graded_inspection_by_grade": {
            "as_at": str(as_at.date()),
            **{g: quantiles(last.loc[last["grade"] == g, "years_since"]) for g in GRADES},
        },
    }

    lj, lj_hdr = read_ods_table(path, "Inspections_as_at_31_March", "Overall effectiveness")
    lj = lj[lj["Local authority area code"].notna()].copy()
    lj["grade"] = lj["Overall effectiveness"].map(norm_grade)
    lj["date"] = pd.to_datetime(lj["Inspection date"], errors="coerce")
    latest = {
        "sheet": "Inspections_as_at_31_March",
        "header_row": lj_hdr,
        "n_las": int(len(lj)),
        "overall_effectiveness_counts": {g: int((lj["grade"] == g).sum()) for g in GRADES}
        | {"ungraded_or_other": int((~lj["grade"].isin(GRADES)).sum())},
        "overall_effectiveness_shares": {g: rnd((lj["grade"] == g).mean()) for g in GRADES},
        "latest_inspection_calendar_year_counts": {str(k): int(v) for k, v in lj["date"].dt.year.value_counts().sort_index().items()},
    }
    return {"ilacs_history": hist, "latest_judgements_2025_03_31": latest}


# ----------------------------------------------------------------------------- main

def matrix_dict(m: pd.DataFrame, as_int=False) -> dict:
    return {r: {c: (int(m.at[r, c]) if as_int else rnd(m.at[r, c], 3)) for c in m.columns} for r in m.index}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    args = ap.parse_args()
    data_dir = args.data_dir.resolve()
    if not data_dir.is_dir():
        print(f"data folder not found: {data_dir}", file=sys.stderr)
        return 2

    log: dict = {}
    inds, pop = build_indicators(data_dir, log)
    stats, means, resids = {}, {}, {}
    for key, (frame, src, definition) in inds.items():
        stats[key], means[key], resids[key] = indicator_stats(frame, src, definition)

    mean_df = pd.DataFrame(means)
    res_df = pd.DataFrame(resids)
    corr = mean_df.corr(method="pearson", min_periods=10)
    nn = mean_df.notna().astype(int)
    rcorr = res_df.corr(method="pearson", min_periods=30)
    rn = res_df.notna().astype(int)

    result = {
        "meta": {
            "generated_by": "Validation/calibration/calibrate_demo.py",
            "data_dir": "../shared/data/ees (relative to repo root)",
            "rows_used": "geographic_level == 'Local authority'; combined rows (old_la_code containing ' / ') skipped",
            "excluded_from_distribution_stats": EXCLUDED_LAS,
            "missing_symbols": SYMBOLS,
            "cell_status": ("per LA-year cell: value, a symbol, blank, absent (no row within the LA's lifespan), other; "
                            "cells outside an LA's lifespan (first..last year with any numeric value in that file: "
                            "reorganisations 835-837->838/839, 928->940/941, 909->942/943) are not_applicable and not counted as missing; "
                            "LAs published only inside a combined row (csww: 314 / 318, 940 / 941) count as absent for those years"),
            "between_la_sd": "SD (ddof=1) across LAs of each LA's mean over its observed years",
            "between_la_sd_noise_adjusted": "sqrt(between_la_sd^2 - within_sd^2 * mean(1/T_i)); approximate (ignores AR1)",
            "within_sd": "SD of residuals after two-way (LA + year) demeaning, dof = N - n_la - n_year + 1",
            "ar1": "pooled lag-1 correlation of those residuals within LA over consecutive years (biased down by ~(1+rho)/(T-1), Nickell)",
            "ar1_nickell_adjusted": "(ar1 + 1/(T-1)) / (1 - 1/(T-1)), T = mean years per LA, clipped to [-1, 1]; approximate",
            "national_mean": "unweighted mean across LAs (201 and 420 excluded)",
            "sources": log,
        },
        "indicators": stats,
        "child_population_0_17_latest": population_latest(pop),
        "la_mean_correlation": {"method": "pearson, pairwise complete, LA means",
                                "r": matrix_dict(corr), "n": matrix_dict(nn.T @ nn, as_int=True)},
        "residual_correlation": {"method": "pearson, pairwise complete, two-way-demeaned LA-year residuals",
                                 "r": matrix_dict(rcorr), "n": matrix_dict(rn.T @ rn, as_int=True)},
        "inspections": inspections(data_dir),
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=1, ensure_ascii=False)
        f.write("\n")

    # compact summary table (markdown) to stdout
    print(f"wrote {args.out}")
    print("| indicator | years | latest-year mean | between-LA SD | within SD | AR1 (raw / adj) | missing share |")
    print("|---|---|---|---|---|---|---|")
    for k, s in stats.items():
        print(f"| {k} | {s['years_with_data'][0]}-{s['years_with_data'][-1]} | {s['latest_year_mean']} ({s['latest_year']}) | "
              f"{s['between_la_sd']} | {s['within_sd']} | {s['ar1']} / {s['ar1_nickell_adjusted']} | "
              f"{s['missing']['missing_share']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
