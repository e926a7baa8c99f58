#!/usr/bin/env python3
"""Writes the two regression benchmark files (seeded, so the same bytes every time).

    python3 Benchmarks/regression/generate.py [--rows 1000000] [--seed 20261129] [--out Benchmarks/data] [--force]

- ols_1m.csv: y, x1..x20, g. g is a cluster id 1..1000 (every cluster has rows/1000 rows, in a
  shuffled order). The x's share a cluster component (so clustering matters), and
  y = 1 + Xβ + u_g + e with β_j = (-1)^j · j/10, u_g ~ N(0, 0.5²), e ~ N(0, 1).
- fe_1m.csv: y, x1, x2, f1, f2. f1 has 10,000 levels and f2 100 levels (ids drawn uniformly, so
  every level is present); x1 is correlated with the f1 effect and x2 with the f2 effect, and
  y = 1.0·x1 − 0.5·x2 + α_f1 + γ_f2 + e.

Floats are written with %.10g; both tools read the same file. A file that already exists is left
alone unless --force is given.
"""
import argparse
import os
import sys
import time

import numpy as np
import pandas as pd

CHUNK = 100_000


def write_csv(path, frame):
    tmp = path + ".tmp"
    started = time.perf_counter()
    with open(tmp, "w", newline="") as handle:
        for start in range(0, len(frame), CHUNK):
            part = frame.iloc[start:start + CHUNK]
            part.to_csv(handle, index=False, header=(start == 0), float_format="%.10g", lineterminator="\n")
    os.replace(tmp, path)
    print(f"wrote {path}: {len(frame)} rows, {os.path.getsize(path) / 1e6:.1f} MB "
          f"in {time.perf_counter() - started:.1f} s", file=sys.stderr)


def ols_frame(rows, seed, covariates=20, clusters=1000):
    rng = np.random.default_rng([seed, 1])
    g = rng.permutation(np.arange(rows) % clusters) + 1
    shared = rng.normal(size=(clusters, covariates))[g - 1]          # cluster component of each x
    x = 0.6 * rng.normal(size=(rows, covariates)) + 0.8 * shared
    beta = np.array([(-1) ** j * j / 10 for j in range(1, covariates + 1)])
    u = rng.normal(scale=0.5, size=clusters)[g - 1]
    y = 1.0 + x @ beta + u + rng.normal(size=rows)
    frame = pd.DataFrame({"y": y})
    for j in range(covariates):
        frame[f"x{j + 1}"] = x[:, j]
    frame["g"] = g
    return frame


def fe_frame(rows, seed, levels1=10_000, levels2=100):
    rng = np.random.default_rng([seed, 2])
    f1 = rng.integers(levels1, size=rows)
    f2 = rng.integers(levels2, size=rows)
    alpha = rng.normal(size=levels1)
    gamma = rng.normal(scale=2.0, size=levels2)
    x1 = 0.5 * alpha[f1] + rng.normal(size=rows)
    x2 = 0.3 * gamma[f2] + rng.normal(size=rows)
    y = 1.0 * x1 - 0.5 * x2 + alpha[f1] + gamma[f2] + rng.normal(size=rows)
    return pd.DataFrame({"y": y, "x1": x1, "x2": x2, "f1": f1 + 1, "f2": f2 + 1})


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data"))
    parser.add_argument("--force", action="store_true", help="rewrite files that already exist")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    suffix = "1m" if args.rows == 1_000_000 else str(args.rows)
    for name, build in (("ols", ols_frame), ("fe", fe_frame)):
        path = os.path.normpath(os.path.join(args.out, f"{name}_{suffix}.csv"))
        if os.path.exists(path) and not args.force:
            print(f"using existing {path} ({os.path.getsize(path)} bytes; --force to rewrite)", file=sys.stderr)
            continue
        frame = build(args.rows, args.seed)
        write_csv(path, frame)


if __name__ == "__main__":
    main()
