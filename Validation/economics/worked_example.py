#!/usr/bin/env python3
"""An independent worked example of laeval's economic-evaluation numerics.

Plain Python (standard library only, no laeval code): every figure is computed here from the
formulas in HM Treasury's Green Book (2022, Annex A6), Drummond et al. "Methods for the Economic
Evaluation of Health Care Programmes" (4th ed.), Briggs, Claxton & Sculpher "Decision Modelling
for Health Economic Evaluation" (2006) and Fenwick, Claxton & Sculpher (2001), mostly in exact
rational arithmetic (fractions.Fraction), and only converted to floats when written out.

Writes Tests/LAEvalStatsTests/Fixtures/economics/worked_example.json. Run from the repository root:
    python3 Validation/economics/worked_example.py
"""
import json
import random
from fractions import Fraction as F
from pathlib import Path

OUT = Path("Tests/LAEvalStatsTests/Fixtures/economics/worked_example.json")

# --- Discounting (Green Book 2022, Annex A6, Table 8) --------------------------------------
# Year bands (first year, last year) and rates; the rate of a band applies to the years in it.
BANDS = [(0, 30), (31, 75), (76, 125), (126, 200), (201, 300), (301, 10**9)]
STANDARD = [F("0.035"), F("0.03"), F("0.025"), F("0.02"), F("0.015"), F("0.01")]
HEALTH = [F("0.015"), F("0.0129"), F("0.0107"), F("0.0086"), F("0.0064"), F("0.0043")]


def rate_in_year(rates, year):
    for (first, last), rate in zip(BANDS, rates):
        if first <= year <= last:
            return rate
    raise ValueError(year)


def factors(rate_of_year, last_year):
    """D(0) = 1, D(t) = D(t-1) / (1 + r(t)): year t discounted at the rate of its own band."""
    out = [F(1)]
    for year in range(1, last_year + 1):
        out.append(out[-1] / (1 + rate_of_year(year)))
    return out


HORIZON = 80
standard = factors(lambda t: rate_in_year(STANDARD, t), HORIZON)
health = factors(lambda t: rate_in_year(HEALTH, t), HORIZON)
constant = factors(lambda t: F("0.035"), HORIZON)

# A cash-flow series over years 0..80: an outlay in year 0, then a slowly growing stream.
flows = [F(-25000)] + [F(400) + F(15) * t for t in range(1, HORIZON + 1)]


def present_value(discount, series):
    return sum(d * x for d, x in zip(discount, series))


# --- Price base (GDP deflator; financial years keyed by their first calendar year) ---------
deflator = {"2018-19": "88.123", "2019-20": "90.004", "2020-21": "95.271", "2021-22": "95.523", "2022-23": "100"}
deflator_by_year = {int(k[:4]): F(v) for k, v in deflator.items()}
rebase_cases = [
    {"amount": "1000", "year": "2018-19", "base": "2022-23"},
    {"amount": "2500.5", "year": "2020-21", "base": "2022-23"},
    {"amount": "1200", "year": "2022-23", "base": "2019-20"},
    {"amount": "333.33", "year": "2021-22", "base": "2021-22"},
]
for case in rebase_cases:
    year, base = int(case["year"][:4]), int(case["base"][:4])
    case["expected"] = float(F(case["amount"]) * deflator_by_year[base] / deflator_by_year[year])

# --- Cost-effectiveness of group means (Drummond et al., ch. 4) ----------------------------
# Case-level costs (pounds) and effects (e.g. months a child stays safely at home), 4 groups.
cases = {
    "usual": [(1200, "0.50"), (1500, "0.62"), (900, "0.41"), (1350, "0.55"), (1100, "0.47"), (1400, "0.58")],
    "coaching": [(2100, "0.70"), (2600, "0.81"), (1900, "0.66"), (2400, "0.77"), (2300, "0.74")],
    "mentoring": [(1000, "0.60"), (1150, "0.66"), (950, "0.52"), (1250, "0.70"), (1080, "0.61"), (990, "0.58"), (1120, "0.63")],
    "leaflet": [(1500, "0.40"), (1700, "0.45"), (1600, "0.38"), (1550, "0.44")],
}
REFERENCE = "usual"
THRESHOLDS = [0, 1000, 5000, 20000, 30000]


def mean(values):
    return sum(values, F(0)) / len(values)


group_means = {
    g: (mean([F(c) for c, _ in rows]), mean([F(e) for _, e in rows])) for g, rows in cases.items()
}


def dominance(dc, de):
    if dc <= 0 and de >= 0 and (dc < 0 or de > 0):
        return "dominant"
    if dc >= 0 and de <= 0 and (dc > 0 or de < 0):
        return "dominated"
    return None


ref_cost, ref_effect = group_means[REFERENCE]
comparisons = []
for g in sorted(cases):
    if g == REFERENCE:
        continue
    c, e = group_means[g]
    dc, de = c - ref_cost, e - ref_effect
    comparisons.append({
        "group": g, "reference": REFERENCE, "delta_cost": float(dc), "delta_effect": float(de),
        "icer": None if de == 0 else float(dc / de), "dominance": dominance(dc, de),
        "incremental_nmb": [float(F(t) * de - dc) for t in THRESHOLDS],
    })
nmb = [{"threshold": t, "group": g, "nmb": float(F(t) * group_means[g][1] - group_means[g][0])}
       for t in THRESHOLDS for g in sorted(cases)]

# --- Full incremental analysis: strict then extended dominance (Drummond et al., §4.3) -----
options = [("none", "0", "0"), ("A", "1000", "0.10"), ("B", "1500", "0.08"), ("C", "4000", "0.20"),
           ("D", "5000", "0.28"), ("E", "9000", "0.30"), ("F", "9000", "0.25")]
opts = sorted(((n, F(c), F(e)) for n, c, e in options), key=lambda o: (o[1], -o[2], o[0]))
status, comparator, icers = {}, {}, {}
for j, (name, cost, effect) in enumerate(opts):
    for other, oc, oe in opts:
        if other != name and oc <= cost and oe >= effect and (oc < cost or oe > effect):
            status[name], comparator[name] = "dominated", other
            break
frontier = [o for o in opts if o[0] not in status]
changed = True
while changed:
    changed = False
    for k in range(1, len(frontier) - 1):
        (_, c0, e0), (n1, c1, e1), (_, c2, e2) = frontier[k - 1], frontier[k], frontier[k + 1]
        if (c1 - c0) / (e1 - e0) > (c2 - c1) / (e2 - e1):
            status[n1] = "extendedly_dominated"
            frontier.pop(k)
            changed = True
            break
for k, (name, cost, effect) in enumerate(frontier):
    if k == 0:
        status[name] = "reference"
    else:
        prev = frontier[k - 1]
        status[name], comparator[name] = "efficient", prev[0]
        icers[name] = float((cost - prev[1]) / (effect - prev[2]))
incremental = [{"option": n, "cost": float(c), "effect": float(e), "status": status[n],
                "comparator": comparator.get(n), "icer": icers.get(n)} for n, c, e in opts]

# --- CEAC from fixed replicate draws (Fenwick, Claxton & Sculpher 2001) --------------------
# Costs whole pounds and effects multiples of 1/64, so every NMB at a whole-pound threshold is
# exact in binary floating point and ties (split equally between the tied groups) are real ties.
rng = random.Random(20240601)
ceac_groups = ["usual", "coaching", "mentoring"]
centres = {"usual": (1250, 35), "coaching": (2300, 47), "mentoring": (1100, 38)}
rep_costs, rep_effects = [], []
for b in range(200):
    if b % 25 == 0:  # a replicate where coaching and mentoring coincide exactly: a tie at every threshold
        row_c = [1300, 1800, 1800]
        row_e = [F(36, 64), F(40, 64), F(40, 64)]
    else:
        row_c = [centres[g][0] + rng.randint(-400, 400) for g in ceac_groups]
        row_e = [F(centres[g][1] + rng.randint(-8, 8), 64) for g in ceac_groups]
    rep_costs.append(row_c)
    rep_effects.append(row_e)
CEAC_THRESHOLDS = [0, 1000, 5000, 8000, 20000, 50000]
ceac = []
for t in CEAC_THRESHOLDS:
    wins = [F(0)] * len(ceac_groups)
    for row_c, row_e in zip(rep_costs, rep_effects):
        values = [F(t) * e - c for c, e in zip(row_c, row_e)]
        best = max(values)
        winners = [i for i, v in enumerate(values) if v == best]
        for i in winners:
            wins[i] += F(1, len(winners))
    for i, g in enumerate(ceac_groups):
        ceac.append({"threshold": t, "group": g, "probability": float(wins[i] / len(rep_costs))})

# --- Cost-benefit, optimism bias and a switching value (Green Book §5, Annex A6) -----------
cb_costs = [F(50000), F(20000), F(20000), F(10000)] + [F(5000)] * 7     # years 0..10
cb_benefits = [F(0)] + [F(14000)] * 10
pv_b = present_value(standard, cb_benefits)
pv_c = present_value(standard, cb_costs)
OB_PERCENT = F(24)
pv_c_ob = present_value(standard, [c * (1 + OB_PERCENT / 100) for c in cb_costs])
annuity = sum(standard[1:11])
# The annual benefit (years 1..10) at which NPV = 0, costs as they are: B* = PV(costs) / sum D(1..10).
switching_benefit = pv_c / annuity
# The threshold at which coaching's NMB equals usual care's: lambda* = dC / dE.
c_coach, e_coach = group_means["coaching"]
switching_threshold = (c_coach - ref_cost) / (e_coach - ref_effect)

fixture = {
    "source": "Validation/economics/worked_example.py (independent Python, exact fractions)",
    "discounting": {
        "years": list(range(HORIZON + 1)),
        "standard": [float(d) for d in standard],
        "health": [float(d) for d in health],
        "constant_3_5": [float(d) for d in constant],
        "flows": [float(x) for x in flows],
        "pv_standard": float(present_value(standard, flows)),
        "pv_health": float(present_value(health, flows)),
        "pv_constant_3_5": float(present_value(constant, flows)),
    },
    "price_base": {"deflator": {k: float(F(v)) for k, v in deflator.items()},
                   "cases": [{**c, "amount": float(F(c["amount"]))} for c in rebase_cases]},
    "cost_effectiveness": {
        "cases": {g: {"costs": [float(c) for c, _ in rows], "effects": [float(F(e)) for _, e in rows]}
                  for g, rows in cases.items()},
        "reference": REFERENCE,
        "thresholds": THRESHOLDS,
        "groups": [{"group": g, "n": len(cases[g]), "mean_cost": float(group_means[g][0]),
                    "mean_effect": float(group_means[g][1])} for g in sorted(cases)],
        "comparisons": comparisons,
        "nmb": nmb,
    },
    "incremental_analysis": {"options": [{"option": n, "cost": float(F(c)), "effect": float(F(e))} for n, c, e in options],
                             "rows": incremental},
    "ceac": {"groups": ceac_groups, "thresholds": CEAC_THRESHOLDS,
             "mean_costs": [[float(c) for c in row] for row in rep_costs],
             "mean_effects": [[float(e) for e in row] for row in rep_effects],
             "points": ceac},
    "cost_benefit": {
        "costs": [float(c) for c in cb_costs], "benefits": [float(b) for b in cb_benefits],
        "pv_benefits": float(pv_b), "pv_costs": float(pv_c), "npv": float(pv_b - pv_c), "bcr": float(pv_b / pv_c),
        "optimism_bias_percent": float(OB_PERCENT), "pv_costs_uplifted": float(pv_c_ob),
        "npv_uplifted": float(pv_b - pv_c_ob), "bcr_uplifted": float(pv_b / pv_c_ob),
        "switching_annual_benefit": float(switching_benefit),
        "switching_threshold_coaching_vs_usual": float(switching_threshold),
    },
}
OUT.parent.mkdir(parents=True, exist_ok=True)
OUT.write_text(json.dumps(fixture, indent=1) + "\n")
print(f"wrote {OUT}")
