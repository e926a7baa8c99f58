"""Writes the benchmark's panel from the demo study: one outcome for every LA and reporting year
2014-2025 (153 LAs x 12 years), with each LA's first year of intervention support (0 if none in
the panel's years). EES symbols (x, c, ...) are missing values; LAs missing a year are dropped by
both estimators. Usage: make_panel.py STUDY_DIR OUT.csv"""
import csv, sys

study, out = sys.argv[1], sys.argv[2]
FIRST, LAST = 2014, 2025

def reporting_year(date):
    year, month = int(date[:4]), int(date[5:7])
    return year if month <= 3 else year + 1

first = {}
with open(f"{study}/support.csv") as f:
    for row in csv.DictReader(f):
        if row["programme"] == "intervention":
            y = reporting_year(row["start_date"])
            first[row["new_la_code"]] = min(first.get(row["new_la_code"], 9999), y)

values = {}
with open(f"{study}/indicators/c1_referrals.csv") as f:
    for row in csv.DictReader(f):
        if row["geographic_level"] != "Local authority":
            continue
        year = int(row["time_period"][:4])
        if FIRST <= year <= LAST and row["rereferral_percent"] not in ("x", "c", "z", "u", "low", "k", ":"):
            values[(row["new_la_code"], year)] = float(row["rereferral_percent"])

las = sorted({code for code, _ in values})
# A timing benchmark needs the full 153 x 12 panel: the few missing cells (about 2%) take the
# LA's value in the nearest year with one (earlier first). This is benchmark input, not analysis.
filled = 0
for code in las:
    for year in range(FIRST, LAST + 1):
        if (code, year) not in values:
            for gap in range(1, LAST - FIRST + 1):
                near = [y for y in (year - gap, year + gap) if (code, y) in values]
                if near:
                    values[(code, year)] = values[(code, near[0])]
                    filled += 1
                    break
print(f"{len(las)} LAs, {filled} missing cells filled from the nearest year", file=sys.stderr)
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["la", "year", "y", "first_treat"])
    for code in las:
        g = first.get(code, 0)
        g = g if g <= LAST else 0
        for year in range(FIRST, LAST + 1):
            if (code, year) in values:
                w.writerow([code, year, values[(code, year)], g])
