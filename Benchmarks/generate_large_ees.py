#!/usr/bin/env python3
"""Generate a large, valid EES tidy data file (and its .meta.csv) for benchmarking laeval.

Usage (from the repository root):
    python3 Benchmarks/generate_large_ees.py                 # about 200 MB
    python3 Benchmarks/generate_large_ees.py --size-mb 5     # small, for a quick check

Writes Benchmarks/data/large_ees.csv and Benchmarks/data/large_ees.meta.csv (or --out-dir/--name).

The file follows the Explore Education Statistics open-data standard as laeval reads it:
- geography/time columns time_period (2011-2025), time_identifier "Reporting year",
  geographic_level National / Regional / Local authority, country, region and LA codes and names;
- four filter columns: age_group (5 values), sex (3), ethnicity (8), need_code (10), each with a
  "Total" value; some ethnicity values contain commas, as do some LA names, and are quoted
  (RFC 4180, minimal quoting);
- ten indicator columns: counts (integers), rates and percentages (one decimal place);
  about 1% of indicator cells are EES symbols c, x, z, low, u;
- every (time_period, geography, filter combination) occurs once; LF line endings, UTF-8.

The size is reached by choosing how many filter combinations each (year, geography) gets, so
every year and every geography is always complete; the actual size is within a few per cent of
the request (closer for large requests). Output is deterministic for a given --size-mb and --seed.

LAs: the LAs live on 31 March 2025 in DfE's dated lookup ../shared/data/la_lookup.csv (relative
to the repository root), i.e. data on harmonised (current) boundaries; with --as-published each
reporting year instead lists the LAs live in that year. Without the lookup a synthetic list of
150 LAs (E06000001.., DfE codes 800..) is used.
"""
import argparse
import csv
import io
import itertools
import os
import sys
import time

import numpy as np

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_LOOKUP = os.path.join(os.path.dirname(REPO_ROOT), "shared", "data", "la_lookup.csv")
DEFAULT_OUT_DIR = os.path.join(REPO_ROOT, "Benchmarks", "data")

YEARS = list(range(2011, 2026))
AS_AT = "2025-03-31"

GEO_COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
               "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]

# Filter columns: (name, label, hint, values with share of the total). "Total" comes first.
FILTERS = [
    ("age_group", "Age group", "Filter by age group", [
        ("Total", 1.0), ("Under 5", 0.22), ("5 to 9", 0.24), ("10 to 15", 0.36), ("16 and over", 0.18)]),
    ("sex", "Sex", "Filter by sex", [
        ("Total", 1.0), ("Female", 0.48), ("Male", 0.52)]),
    ("ethnicity", "Ethnicity", "Filter by ethnicity", [
        ("Total", 1.0), ("White", 0.70), ("Mixed or Multiple ethnic groups", 0.09),
        ("Asian, Asian British or Asian Welsh", 0.09),
        ("Black, Black British, Black Welsh, Caribbean or African", 0.07),
        ("Other ethnic group", 0.03), ("Refused", 0.01), ("Information not yet obtained", 0.01)]),
    ("need_code", "Category of need", "Filter by primary need at assessment", [
        ("Total", 1.0), ("N1 Abuse or neglect", 0.57), ("N2 Child's disability or illness", 0.09),
        ("N3 Parental disability or illness", 0.03), ("N4 Family in acute stress", 0.08),
        ("N5 Family dysfunction", 0.15), ("N6 Socially unacceptable behaviour", 0.02),
        ("N7 Low income", 0.005), ("N8 Absent parenting", 0.02), ("N9 Cases other than children in need", 0.015)]),
]

# Indicator columns: (name, label, grouping, unit, dp).
INDICATORS = [
    ("children_in_need", "Children in need at 31 March", "Children in need", "", 0),
    ("cin_rate_per_10000", "Children in need rate per 10,000 children", "Children in need", "", 1),
    ("referrals", "Referrals in the year", "Referrals", "", 0),
    ("re_referrals_pct", "Percentage of referrals within 12 months of a previous referral", "Referrals", "%", 1),
    ("assessments_completed", "Assessments completed in the year", "Assessments", "", 0),
    ("assessment_median_days", "Median working days to complete an assessment", "Assessments", "", 0),
    ("cpp_starts", "Child protection plans starting in the year", "Child protection", "", 0),
    ("cpp_second_or_later_pct", "Percentage of plans that were a second or later plan", "Child protection", "%", 1),
    ("cla_starts", "Children starting to be looked after in the year", "Children looked after", "", 0),
    ("cla_rate_per_10000", "Children looked after rate per 10,000 children", "Children looked after", "", 1),
]
SYMBOLS = np.array(["c", "x", "z", "low", "u"])
SYMBOL_WEIGHTS = np.array([0.45, 0.25, 0.15, 0.10, 0.05])
SYMBOL_SHARE = 0.01


def quote(field):
    """RFC 4180 minimal quoting, as csv.writer does."""
    if any(ch in field for ch in ',"\n\r'):
        return '"' + field.replace('"', '""') + '"'
    return field


def load_las(lookup_path, as_published):
    """Returns (regions, las_by_year): regions as [(code, name)], LAs per year as
    [(new_code, old_code, name, region_code, region_name)]."""
    if lookup_path and os.path.exists(lookup_path):
        with open(lookup_path, encoding="utf-8-sig", newline="") as f:
            rows = list(csv.DictReader(f))

        def live_on(r, day):
            return r["valid_from"] <= day and (r["valid_to"] == "" or r["valid_to"] >= day)

        def live_in_year(r, year):  # any day of the reporting year ending 31 March `year`
            first, last = "%d-04-01" % (year - 1), "%d-03-31" % year
            return r["valid_from"] <= last and (r["valid_to"] == "" or r["valid_to"] >= first)

        def as_tuple(r):
            return (r["new_la_code"], r["old_la_code"], r["la_name"], r["region_code"], r["region_name"])

        if as_published:
            las_by_year = {y: [as_tuple(r) for r in rows if live_in_year(r, y)] for y in YEARS}
        else:
            current = [as_tuple(r) for r in rows if live_on(r, AS_AT)]
            las_by_year = {y: current for y in YEARS}
        source = lookup_path
    else:
        region_list = [("E12000001", "North East"), ("E12000002", "North West"),
                       ("E12000003", "Yorkshire and The Humber"), ("E12000004", "East Midlands"),
                       ("E12000005", "West Midlands"), ("E12000006", "East of England"),
                       ("E12000007", "London"), ("E12000008", "South East"), ("E12000009", "South West")]
        current = []
        for i in range(150):
            rc, rn = region_list[i % 9]
            current.append(("E06%06d" % (i + 1), "%03d" % (800 + i), "Synthetic LA %d" % (i + 1), rc, rn))
        las_by_year = {y: current for y in YEARS}
        source = "synthetic list (no lookup at %s)" % lookup_path
    regions = sorted({(la[3], la[4]) for las in las_by_year.values() for la in las})
    return regions, las_by_year, source


def geography_prefixes(year, regions, las):
    """The quoted geography/time part of each row for one year, with each geography's key
    for the random scale: [(prefix, scale_key)]."""
    head = "%d,Reporting year," % year
    out = [(head + "National,E92000001,England,,,,,", "national")]
    for rc, rn in regions:
        out.append((head + "Regional,E92000001,England,%s,%s,,," % (quote(rc), quote(rn)), "region:" + rc))
    for new, old, name, rc, rn in sorted(las, key=lambda la: (la[3], la[0])):
        out.append((head + "Local authority,E92000001,England,%s,%s,%s,%s,%s" % (
            quote(rc), quote(rn), quote(old), quote(new), quote(name)), "la:" + new))
    return out


def filter_combinations(count):
    """The first `count` filter combinations (need_code slowest, age_group fastest), each as
    (quoted csv fragment, share of the total)."""
    value_lists = [f[3] for f in FILTERS]
    combos = []
    for need, eth, sex, age in itertools.product(value_lists[3], value_lists[2], value_lists[1], value_lists[0]):
        if len(combos) == count:
            break
        parts = (age, sex, eth, need)
        combos.append((",".join(quote(p[0]) for p in parts), float(np.prod([p[1] for p in parts]))))
    return combos


def total_combinations():
    return int(np.prod([len(f[3]) for f in FILTERS]))


def format_indicators(rng, base, rows):
    """Indicator cells for `rows` rows with children-in-need counts around `base` (an array):
    returns a list of `rows` strings 'v1,v2,...,v10'."""
    n = rows
    cin = rng.poisson(np.maximum(base, 0.0))
    pop = np.maximum(base * rng.uniform(28.0, 40.0, n), 1.0)  # children in the group
    cin_rate = np.round(cin / pop * 10000.0, 1)
    referrals = rng.poisson(np.maximum(cin * 1.6, 0.0))
    rereferral_pct = np.round(np.clip(rng.normal(21.5, 4.0, n), 0.0, 100.0), 1)
    assessments = rng.poisson(np.maximum(referrals * 0.95, 0.0))
    median_days = np.clip(np.round(rng.normal(28.0, 7.0, n)), 1, 45).astype(np.int64)
    cpp_starts = rng.poisson(np.maximum(cin * 0.17, 0.0))
    cpp_second_pct = np.round(np.clip(rng.normal(23.0, 5.0, n), 0.0, 100.0), 1)
    cla_starts = rng.poisson(np.maximum(cin * 0.08, 0.0))
    cla_rate = np.round(np.clip(rng.normal(70.0, 18.0, n), 0.0, None), 1)
    columns = [
        cin.astype(np.int64).astype(str),
        np.char.mod("%.1f", cin_rate),
        referrals.astype(np.int64).astype(str),
        np.char.mod("%.1f", rereferral_pct),
        assessments.astype(np.int64).astype(str),
        median_days.astype(str),
        cpp_starts.astype(np.int64).astype(str),
        np.char.mod("%.1f", cpp_second_pct),
        cla_starts.astype(np.int64).astype(str),
        np.char.mod("%.1f", cla_rate),
    ]
    matrix = np.stack(columns, axis=1).astype(object)
    mask = rng.random(matrix.shape) < SYMBOL_SHARE
    hits = int(mask.sum())
    if hits:
        matrix[mask] = rng.choice(SYMBOLS, size=hits, p=SYMBOL_WEIGHTS)
    return [",".join(row) for row in matrix.tolist()]


def header_line():
    return ",".join(GEO_COLUMNS + [f[0] for f in FILTERS] + [i[0] for i in INDICATORS]) + "\n"


def write_meta(path):
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["col_name", "col_type", "label", "indicator_grouping", "indicator_unit", "indicator_dp",
                    "filter_hint", "filter_grouping_column"])
        for name, label, hint, _ in FILTERS:
            w.writerow([name, "Filter", label, "", "", "", hint, ""])
        for name, label, grouping, unit, dp in INDICATORS:
            w.writerow([name, "Indicator", label, grouping, unit, dp, "", ""])


def write_data(path, regions, las_by_year, combos, seed):
    """Writes the whole file, one (year, geography) block of rows at a time; returns (bytes, rows)."""
    rng = np.random.default_rng(seed)
    scale_rng = np.random.default_rng(seed + 1)
    # Children in need per LA (around 2,600 on average), regions and England as sums.
    all_las = sorted({la for las in las_by_year.values() for la in las})
    la_scale = {la[0]: float(scale_rng.lognormal(np.log(2600.0), 0.55)) for la in all_las}
    shares = np.array([c[1] for c in combos])
    frags = [c[0] for c in combos]
    written = 0
    rows = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        text = header_line()
        f.write(text)
        written += len(text.encode("utf-8"))
        for year in YEARS:
            las = las_by_year[year]
            region_scale = {}
            for la in las:
                region_scale[la[3]] = region_scale.get(la[3], 0.0) + la_scale[la[0]]
            national = sum(region_scale.values())
            year_factor = 1.0 + 0.012 * (year - 2011)
            buf = io.StringIO()
            for prefix, key in geography_prefixes(year, regions, las):
                if key == "national":
                    scale = national
                elif key.startswith("region:"):
                    scale = region_scale.get(key[7:], 0.0)
                else:
                    scale = la_scale[key[3:]]
                base = scale * year_factor * shares * rng.uniform(0.85, 1.15, len(shares))
                cells = format_indicators(rng, base, len(shares))
                lead = prefix + ","
                for frag, cell in zip(frags, cells):
                    buf.write(lead)
                    buf.write(frag)
                    buf.write(",")
                    buf.write(cell)
                    buf.write("\n")
                rows += len(shares)
                if buf.tell() > (8 << 20):
                    text = buf.getvalue()
                    f.write(text)
                    written += len(text.encode("utf-8"))
                    buf = io.StringIO()
            text = buf.getvalue()
            f.write(text)
            written += len(text.encode("utf-8"))
    return written, rows


def size_for_counts(regions, las_by_year, seed):
    """Estimated file size (bytes) for each number of filter combinations 1..all: exact for the
    geography and filter text, from a sample for the indicator cells."""
    rng = np.random.default_rng(seed + 2)
    combos = filter_combinations(total_combinations())
    prefix_bytes = 0
    geo_years = 0
    for year in YEARS:
        for prefix, _ in geography_prefixes(year, regions, las_by_year[year]):
            prefix_bytes += len(prefix.encode("utf-8"))
            geo_years += 1
    # Indicator text per row: a sample of LA-sized and national-sized rows.
    shares = np.array([c[1] for c in combos])
    cells = format_indicators(rng, 2600.0 * shares, len(combos)) + format_indicators(rng, 400000.0 * shares, len(combos))
    local = len(cells) // 2
    cell_bytes = [(19.0 * len(cells[i]) + 1.0 * len(cells[i + local])) / 20.0 for i in range(local)]
    sizes = []
    running = float(len(header_line()))
    for (frag, _), cells_len in zip(combos, cell_bytes):
        # each combination adds one row per (year, geography): prefix + "," + frag + "," + cells + "\n"
        running += prefix_bytes + geo_years * (len(frag.encode("utf-8")) + cells_len + 3)
        sizes.append(running)
    return sizes, geo_years


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, default=200.0, help="target size in MB (10^6 bytes), default 200")
    parser.add_argument("--out-dir", default=DEFAULT_OUT_DIR, help="output folder (default Benchmarks/data)")
    parser.add_argument("--name", default="large_ees", help="file stem (default large_ees)")
    parser.add_argument("--seed", type=int, default=20250331)
    parser.add_argument("--lookup", default=DEFAULT_LOOKUP, help="DfE LA lookup CSV (default ../shared/data/la_lookup.csv)")
    parser.add_argument("--as-published", action="store_true",
                        help="list the LAs live in each reporting year instead of those live on 31 March 2025")
    args = parser.parse_args()

    started = time.perf_counter()
    regions, las_by_year, source = load_las(args.lookup, args.as_published)
    sizes, geo_years = size_for_counts(regions, las_by_year, args.seed)
    target = args.size_mb * 1e6
    if target > sizes[-1] * 1.02:
        sys.exit("--size-mb %g is too large: with %d filter combinations the file is at most about %.0f MB"
                 % (args.size_mb, total_combinations(), sizes[-1] / 1e6))
    count = 1 + min(range(len(sizes)), key=lambda i: abs(sizes[i] - target))
    combos = filter_combinations(count)

    os.makedirs(args.out_dir, exist_ok=True)
    data_path = os.path.join(args.out_dir, args.name + ".csv")
    meta_path = os.path.join(args.out_dir, args.name + ".meta.csv")
    tmp_path = data_path + ".partial"
    written, rows = write_data(tmp_path, regions, las_by_year, combos, args.seed)
    os.replace(tmp_path, data_path)
    write_meta(meta_path)
    elapsed = time.perf_counter() - started
    print("LAs from %s: %d regions, %d-%d LAs a year" % (
        source, len(regions), min(len(v) for v in las_by_year.values()), max(len(v) for v in las_by_year.values())))
    print("%d filter combinations x %d (year, geography) pairs = %d rows" % (count, geo_years, rows))
    print("wrote %s: %d bytes (%.1f MB, target %.1f MB) in %.1f s" % (
        os.path.relpath(data_path), written, written / 1e6, args.size_mb, elapsed))
    print("wrote %s" % os.path.relpath(meta_path))


if __name__ == "__main__":
    main()
