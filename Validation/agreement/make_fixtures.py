"""Reference numbers for laeval's agreement statistics (issue 12): percent agreement, Cohen's
kappa (scikit-learn's cohen_kappa_score) and Krippendorff's alpha for nominal codes (the
`krippendorff` package from PyPI), on two public datasets:

1. Krippendorff's reliability data example: 3 coders x 15 units with missing codes, as in
   Krippendorff (2011) "Computing Krippendorff's alpha-reliability" and in the krippendorff
   package's documentation.
2. psych's `bfi` (R package psych, Debian's r-cran-psych): the first 300 respondents' answers to
   the five Agreeableness items A1-A5, read as five "coders" giving nominal codes 1-6 to the
   same 300 "units" (with the data's own missing answers). Exported with Rscript.

Cohen's kappa uses the units both coders coded, as scikit-learn needs complete pairs.
Run from the repository root:  python3 Validation/agreement/make_fixtures.py
Writes Tests/LAEvalStatsTests/Fixtures/agreement/agreement.json (the data included).
"""
import json, subprocess
from importlib.metadata import version

import krippendorff
import numpy as np
import sklearn
from sklearn.metrics import cohen_kappa_score

example = [
    "*    *    *    *    *    3    4    1    2    1    1    3    3    *    3",
    "1    *    2    1    3    3    4    3    *    *    *    *    *    *    *",
    "*    *    2    1    3    4    4    *    2    1    1    3    3    *    4",
]
example = [[None if v == "*" else v for v in row.split()] for row in example]

csv = subprocess.run(["Rscript", "-e", "library(psych); write.csv(bfi[1:300, c('A1','A2','A3','A4','A5')], stdout(), row.names=FALSE, na='')"],
                     capture_output=True, text=True, check=True).stdout
lines = csv.strip().splitlines()[1:]
bfi = [[None if cell == "" else cell for cell in line.split(",")] for line in lines]
bfi_coders = [list(column) for column in zip(*bfi)]  # coders x units


def statistics(coders):
    numeric = np.array([[np.nan if v is None else float(v) for v in row] for row in coders])
    alpha = krippendorff.alpha(reliability_data=numeric, level_of_measurement="nominal")
    pairs = []
    for i in range(len(coders)):
        for j in range(i + 1, len(coders)):
            both = [(a, b) for a, b in zip(coders[i], coders[j]) if a is not None and b is not None]
            a, b = [p[0] for p in both], [p[1] for p in both]
            pairs.append({"first": i, "second": j, "units": len(both),
                          "percent_agreement": float(np.mean([x == y for x, y in both])),
                          "cohens_kappa": float(cohen_kappa_score(a, b))})
    return {"krippendorff_alpha_nominal": float(alpha), "pairs": pairs}


out = {
    "meta": {"script": "Validation/agreement/make_fixtures.py", "krippendorff": version("krippendorff"),
             "scikit_learn": sklearn.__version__, "note": "coders x units; null = not coded"},
    "datasets": [
        {"name": "Krippendorff (2011) reliability data example", "coders": example, **statistics(example)},
        {"name": "psych bfi A1-A5, first 300 rows, as five coders", "coders": bfi_coders, **statistics(bfi_coders)},
    ],
}
with open("Tests/LAEvalStatsTests/Fixtures/agreement/agreement.json", "w") as f:
    json.dump(out, f, indent=1)
for d in out["datasets"]:
    print(d["name"], d["krippendorff_alpha_nominal"], d["pairs"][0])
