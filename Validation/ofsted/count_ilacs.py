"""Counts facts in Ofsted's LA inspection outcome spreadsheets with pandas + odfpy.

The numbers printed here are the expected values in
Tests/LAEvalDataTests/OfstedODSTests.swift; they are produced independently of laeval's
own .ods reader. Usage (from the repository root):

    python Validation/ofsted/count_ilacs.py [folder]   # folder defaults to ../shared/data/ees
"""

import json
import sys
from collections import Counter
from pathlib import Path

import pandas as pd

FILE_2025 = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
FILE_2024 = "LA_Inspection_Outcomes_as_at_March_2024.ods"
NOT_YET = "Not yet inspected"


def read(path, sheet, header):
    return pd.read_excel(path, sheet_name=sheet, header=header, engine="odf", dtype=object)


def counts(series):
    return dict(sorted(Counter(series.dropna().astype(str).str.strip()).items()))


def day(value):
    return pd.Timestamp(value).strftime("%Y-%m-%d")


def history_2025(path):
    """The long ILACS history sheet: one row per standard or short inspection."""
    df = read(path, "ILACS_inspection_history", 2)
    dates = df["Inspection date"]
    return {
        "rows": len(df),
        "distinct_la_codes": int(df["Local authority area code"].nunique()),
        "overall": counts(df["Overall effectiveness"]),
        "inspection_type": counts(df["Inspection type"]),
        "rows_with_care_leavers": int(df["The experiences and progress of care leavers"].notna().sum()),
        "first_inspection_date": day(dates.min()),
        "last_inspection_date": day(dates.max()),
        "status": counts(df["Local authority status"]),
    }


def latest(path, sheet, date_column="Inspection date"):
    """A latest-judgement sheet: one row per LA."""
    df = read(path, sheet, 2)
    not_yet = df.apply(lambda row: row.astype(str).str.strip().eq(NOT_YET).any(), axis=1)
    return {
        "rows": len(df),
        "overall": counts(df["Overall effectiveness"]),
        "not_yet_inspected": int(not_yet.sum()),
        "has_area_code_column": "Local authority area code" in df.columns,
    }


def history_2024(path):
    """The 2024 file's wide ILACS sheet (two tables, no area codes): type cells by value."""
    df = read(path, "ILACS_inspections_2018-2024", None)
    cells = [str(v).strip() for v in df.iloc[4:].values.ravel() if isinstance(v, str)]
    values = Counter(v for v in cells if v.startswith("ILACS ") and v.endswith("Inspection"))
    return {
        "sheet_rows_with_text": int(df.notna().any(axis=1).sum()),
        "inspection_type_cells": dict(sorted(values.items())),
        "has_area_code_column": any(str(v).strip() == "Local authority area code" for v in df.values.ravel()),
    }


def main():
    folder = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared/data/ees")
    facts = {
        FILE_2025: {
            "ILACS_inspection_history": history_2025(folder / FILE_2025),
            "Inspections_as_at_31_March": latest(folder / FILE_2025, "Inspections_as_at_31_March"),
        },
        FILE_2024: {
            "ILACS_inspections_2018-2024": history_2024(folder / FILE_2024),
            "Inspections_31_March_2024": latest(folder / FILE_2024, "Inspections_31_March_2024"),
        },
        "versions": {"pandas": pd.__version__, "python": sys.version.split()[0]},
    }
    print(json.dumps(facts, indent=2))


if __name__ == "__main__":
    main()
