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
with open(out, "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["la", "year", "y", "first_treat"])
    for code in las:
        g = first.get(code, 0)
        g = g if g <= LAST else 0
        for year in range(FIRST, LAST + 1):
            if (code, year) in values:
                w.writerow([code, year, values[(code, year)], g])
