#!/usr/bin/env python3
"""A second, independent reading of the survey fixture (Tests/LAEvalStatsTests/Fixtures/survey/reliability.json,
written by make_fixtures.R from R's psych): pingouin.cronbach_alpha (PyPI) must give the same alpha and the
same Feldt interval, which pingouin rounds to three decimals; scipy.stats.ttest_rel the same paired t test;
scipy.stats.chi2_contingency(correction=False) the same chi-square test. Needs pingouin (pip install pingouin).
Run from the repository root: python3 Validation/survey/check_with_python.py
"""
import json
import numpy as np
import pandas as pd
import pingouin as pg
from scipy import stats

fixture = json.load(open("Tests/LAEvalStatsTests/Fixtures/survey/reliability.json"))
worst = 0.0
for case in fixture["alpha"]:
    data = pd.DataFrame([[np.nan if v is None else v for v in row] for row in case["data"]], columns=case["items"]).dropna()
    alpha, ci = pg.cronbach_alpha(data, ci=case["level"])
    worst = max(worst, abs(alpha - case["alpha"]))
    assert len(data) == case["n"]
    assert abs(ci[0] - round(case["ci_lower"], 3)) < 1e-12 and abs(ci[1] - round(case["ci_upper"], 3)) < 1e-12, (case["name"], ci)
    print(f"alpha {case['name']}: pingouin {alpha:.15f} psych {case['alpha']:.15f}; pingouin CI {ci} = psych Feldt CI rounded")
for case in fixture["paired"]:
    result = stats.ttest_rel(case["after"], case["before"])
    ci = result.confidence_interval(confidence_level=case["level"])
    for mine, theirs in [(result.statistic, case["t"]), (result.pvalue, case["p"]), (ci.low, case["ci_lower"]), (ci.high, case["ci_upper"])]:
        worst = max(worst, abs(mine - theirs))
    print(f"paired {case['name']}: scipy t {result.statistic:.12f} p {result.pvalue:.12g}")
for case in fixture["chisq"]:
    statistic, p, df, expected = stats.chi2_contingency(np.array(case["table"]), correction=False)
    worst = max(worst, abs(statistic - case["statistic"]), abs(p - case["p"]))
    assert df == case["df"]
    print(f"chisq {case['name']}: scipy {statistic:.12f} p {p:.12g}")
print(f"largest difference from R: {worst:.3g}")
assert worst < 1e-9
