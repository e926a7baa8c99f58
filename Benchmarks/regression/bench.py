#!/usr/bin/env python3
"""Timing harness for Benchmarks/regression/run.sh: laeval estimate ols beside pyfixest and numpy.

    python Benchmarks/regression/bench.py --laeval .build/release/laeval \
        --ols Benchmarks/data/ols_1m.csv --fe Benchmarks/data/fe_1m.csv \
        --repeats 3 --results Benchmarks/RESULTS.md --json Benchmarks/data/regression_last_run.json

Two cases:
  ols  y ~ x1 + ... + x20, CR1 standard errors clustered by g (1,000 clusters);
  fe   y ~ x1 + x2 | f1 + f2 (10,000 and 100 levels), CR1 clustered by f1.

laeval: whole-process wall time of `laeval estimate ols ... --format json` (fork/exec to exit, so
it includes process start-up and reading the CSV), one untimed warm-up run (whose JSON is kept
for the comparison), then --repeats timed runs, median reported.

pyfixest: one fresh Python process per case (`--child pyfixest`), after `import pyfixest`. One
untimed warm-up (read_csv + feols on the same data: page cache, lazy imports, any JIT), then
--repeats repetitions, each timing `pd.read_csv` and `pf.feols` separately. Total = read + fit
of the same repetition; medians reported. pyfixest's defaults otherwise (ssc, demeaner, fixef_tol).

numpy: the same, in its own process (`--child numpy`): `pd.read_csv`, then a plain numpy fit:
  ols  np.linalg.lstsq on [1, X] and a hand-written CR1 sandwich, G/(G-1)·(N-1)/(N-K);
  fe   demeaning of y, x1, x2 by alternating projections (np.bincount group means, until the
       largest change in a sweep is below 1e-12 times the column scale), np.linalg.lstsq on the
       demeaned x's and the CR1 sandwich by f1 with fixest's default ssc: K = 2 slopes + 100
       (f2's levels − 1, plus 1 for f1, which is nested in the cluster), G/(G-1) with G = 10,000.

Agreement: the largest relative difference |a − b| / |b| over all coefficients, and separately
over all standard errors, between each pair of tools.
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

OLS_COVARIATES = [f"x{j}" for j in range(1, 21)]
CASES = {
    "ols": {
        "title": "OLS, 20 covariates, CR1 by g (1,000 clusters)",
        "outcome": "y", "covariates": OLS_COVARIATES, "fixed_effects": [], "cluster": "g",
        "fml": "y ~ " + " + ".join(OLS_COVARIATES),
    },
    "fe": {
        "title": "OLS, 2 covariates, FE f1 (10,000) + f2 (100), CR1 by f1",
        "outcome": "y", "covariates": ["x1", "x2"], "fixed_effects": ["f1", "f2"], "cluster": "f1",
        "fml": "y ~ x1 + x2 | f1 + f2",
    },
}
SAME_NUMBERS = 1e-6  # "the same numbers": coefficients and SEs agree to this relative difference


def canonical(term):
    return "Intercept" if term in ("(Intercept)", "Intercept") else term


def versions_and_rss():
    import resource
    import numpy
    import pandas
    return {"python": platform.python_version(), "pandas": pandas.__version__, "numpy": numpy.__version__,
            "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}


# ---------------------------------------------------------------- pyfixest (child process)

def pyfixest_child(case, path, repeats):
    import pandas as pd
    import pyfixest as pf
    spec = CASES[case]
    vcov = {"CRV1": spec["cluster"]}

    def once():
        started = time.perf_counter()
        data = pd.read_csv(path)
        read = time.perf_counter() - started
        started = time.perf_counter()
        fit = pf.feols(spec["fml"], data=data, vcov=vcov)
        return read, time.perf_counter() - started, fit

    once()  # warm-up: page cache, lazy imports, compilation on first use
    reads, fits = [], []
    for _ in range(repeats):
        read, elapsed, fit = once()
        reads.append(read)
        fits.append(elapsed)
    tidy = fit.tidy()
    result = {"reads": reads, "fits": fits, "pyfixest": pf.__version__, "n_obs": int(fit._N),
              "df_t": int(fit._df_t) if hasattr(fit, "_df_t") else None,
              "coefficients": {canonical(t): float(tidy.loc[t, "Estimate"]) for t in tidy.index},
              "se": {canonical(t): float(tidy.loc[t, "Std. Error"]) for t in tidy.index}}
    result.update(versions_and_rss())
    return result


# ---------------------------------------------------------------- numpy (child process)

def cr1_sandwich(X, e, codes, df_k):
    """CR1 cluster sandwich: bread (X'X)^-1, meat Σ_g s_g s_g', times G/(G-1)·(N-1)/(N-df_k)."""
    import numpy as np
    n, k = X.shape
    groups = int(codes.max()) + 1
    bread = np.linalg.inv(X.T @ X)
    scores = np.empty((groups, k))
    for j in range(k):
        scores[:, j] = np.bincount(codes, weights=X[:, j] * e, minlength=groups)
    adjust = groups / (groups - 1) * (n - 1) / (n - df_k)
    return adjust * bread @ (scores.T @ scores) @ bread


def demean(M, factors, tol=1e-12, max_sweeps=10_000):
    """Alternating projections: subtract group means of each factor in turn until a sweep moves
    no column by more than tol times its scale."""
    import numpy as np
    M = M.copy()
    counts = [np.bincount(codes) for codes in factors]
    scale = np.maximum(np.abs(M).max(axis=0), 1.0)
    for sweep in range(1, max_sweeps + 1):
        change = np.zeros(M.shape[1])
        for codes, count in zip(factors, counts):
            for j in range(M.shape[1]):
                means = np.bincount(codes, weights=M[:, j], minlength=len(count)) / count
                M[:, j] -= means[codes]
                change[j] = max(change[j], np.abs(means).max())
        if (change / scale).max() < tol:
            return M, sweep
    return M, max_sweeps


def numpy_fit(case, data):
    import numpy as np
    import pandas as pd
    spec = CASES[case]
    y = data[spec["outcome"]].to_numpy(dtype=float)
    cluster = pd.factorize(data[spec["cluster"]])[0]
    if case == "ols":
        X = np.column_stack([np.ones(len(y)), data[spec["covariates"]].to_numpy(dtype=float)])
        beta = np.linalg.lstsq(X, y, rcond=None)[0]
        V = cr1_sandwich(X, y - X @ beta, cluster, df_k=X.shape[1])
        return ["Intercept"] + spec["covariates"], beta, np.sqrt(np.diag(V)), {}
    factors = [pd.factorize(data[name])[0] for name in spec["fixed_effects"]]
    M = np.column_stack([y, data[spec["covariates"]].to_numpy(dtype=float)])
    M, sweeps = demean(M, factors)
    X = M[:, 1:]
    beta = np.linalg.lstsq(X, M[:, 0], rcond=None)[0]
    # fixest default ssc (k_fixef "nonnested"): f1 is nested in the cluster f1, so only f2's
    # levels count, less one for the redundancy between the two fixed effects, plus one for f1.
    df_k = X.shape[1] + (int(factors[1].max()) + 1 - 1) + 1
    V = cr1_sandwich(X, M[:, 0] - X @ beta, cluster, df_k=df_k)
    return spec["covariates"], beta, np.sqrt(np.diag(V)), {"demeaning_sweeps": sweeps}


def numpy_child(case, path, repeats):
    import pandas as pd

    def once():
        started = time.perf_counter()
        data = pd.read_csv(path)
        read = time.perf_counter() - started
        started = time.perf_counter()
        out = numpy_fit(case, data)
        return read, time.perf_counter() - started, out, len(data)

    once()  # warm-up
    reads, fits = [], []
    for _ in range(repeats):
        read, elapsed, (terms, beta, se, extra), rows = once()
        reads.append(read)
        fits.append(elapsed)
    result = {"reads": reads, "fits": fits, "n_obs": rows,
              "coefficients": dict(zip(terms, map(float, beta))), "se": dict(zip(terms, map(float, se)))}
    result.update(extra)
    result.update(versions_and_rss())
    return result


def run_child(kind, case, path, repeats):
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--child", kind, "--case", case,
                          "--data", path, "--repeats", str(repeats)],
                         check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout)


# ---------------------------------------------------------------- laeval

def laeval_argv(binary, case, path):
    spec = CASES[case]
    argv = [binary, "estimate", "ols", "--data", path, "--outcome", spec["outcome"],
            "--covariates", ",".join(spec["covariates"])]
    if spec["fixed_effects"]:
        argv += ["--fixed-effects", ",".join(spec["fixed_effects"])]
    return argv + ["--vcov", "cluster", "--cluster", spec["cluster"], "--format", "json"]


def run_laeval_once(argv, capture=False):
    """Returns (wall s, exit code, peak RSS MB, user+sys CPU s, stdout, stderr); the outputs are
    None unless capture (then they are read and RSS/CPU are not measured)."""
    started = time.perf_counter()
    if capture:
        proc = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        return (time.perf_counter() - started, proc.returncode, None, None,
                proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace"))
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return (elapsed, proc.returncode, usage.ru_maxrss / 1024.0, usage.ru_utime + usage.ru_stime, None, None)


def time_laeval(binary, case, path, repeats):
    argv = laeval_argv(binary, case, path)
    _, code, _, _, out, err = run_laeval_once(argv, capture=True)  # warm-up; keep its JSON
    if code != 0:
        raise SystemExit(f"laeval failed (exit {code}) on {case}: {' '.join(argv)}\n{err}")
    result = json.loads(out)
    times, rss, cpu, codes = [], [], [], set()
    for _ in range(repeats):
        elapsed, run_code, peak, used, _, _ = run_laeval_once(argv)
        times.append(elapsed)
        rss.append(peak)
        cpu.append(used)
        codes.add(run_code)
    return {"argv": argv, "times": times, "maxrss_mb": max(rss), "cpu": cpu, "exit_codes": sorted(codes),
            "stderr": err.strip(), "n_obs": result["n_obs"], "n_dropped": result["n_dropped"],
            "df_t": result.get("df_t"), "r2": result.get("r2"), "r2_within": result.get("r2_within"),
            "coefficients": {canonical(row["term"]): row["estimate"] for row in result["coefficients"]},
            "se": {canonical(row["term"]): row["se"] for row in result["coefficients"]}}


# ---------------------------------------------------------------- comparison and report

def max_relative(a, b):
    """Largest |a − b| / |b| over the terms of b (inf if a term is missing), and its term."""
    worst, where = 0.0, None
    for term, reference in b.items():
        if term not in a:
            return float("inf"), term
        gap = abs(a[term] - reference) / max(abs(reference), 1e-300)
        if gap >= worst:
            worst, where = gap, term
    if set(a) - set(b):
        return float("inf"), sorted(set(a) - set(b))[0]
    return worst, where


def compare(x, y):
    coef, coef_term = max_relative(x["coefficients"], y["coefficients"])
    se, se_term = max_relative(x["se"], y["se"])
    return {"coef": coef, "coef_term": coef_term, "se": se, "se_term": se_term}


def shell(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=60).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def machine_facts(binary):
    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as handle:
            cpu = next(line.split(":", 1)[1].strip() for line in handle if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    memory = "unknown"
    try:
        with open("/proc/meminfo") as handle:
            kb = int(next(line.split()[1] for line in handle if line.startswith("MemTotal")))
        memory = f"{kb / 1024 / 1024:.1f} GB"
    except (OSError, StopIteration, ValueError):
        pass
    commit = shell(["git", "rev-parse", "--short", "HEAD"])
    if shell(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " (with uncommitted changes to tracked files)"
    return {"machine": f"{platform.system()} {platform.machine()}", "nproc": os.cpu_count(), "cpu": cpu,
            "memory": memory, "swift": shell(["swift", "--version"]).splitlines()[0] if shell(["swift", "--version"]) else "unknown",
            "laeval": f"{binary} ({shell([binary, '--version'])})", "commit": commit}


def load_average():
    try:
        return " ".join(f"{value:.2f}" for value in os.getloadavg())
    except OSError:
        return "unknown"


def fmt(seconds):
    return f"{seconds:.2f}"


def fmt_gap(value):
    return "missing term" if value == float("inf") else f"{value:.1e}"


def markdown(run):
    facts, cases = run["facts"], run["cases"]
    any_case = next(iter(cases.values()))
    pyfx, nump = any_case["pyfixest"], any_case["numpy"]
    lines = [f"## {run['started']} — regression: laeval estimate ols beside pyfixest and numpy", "",
             "| | |", "|---|---|",
             f"| machine | {facts['machine']} |", f"| nproc | {facts['nproc']} |", f"| cpu | {facts['cpu']} |",
             f"| memory | {facts['memory']} |",
             f"| load | load average {run['load_before']} before, {run['load_after']} after |",
             f"| swift | {facts['swift']} |",
             f"| python | Python {pyfx['python']}, pandas {pyfx['pandas']}, numpy {pyfx['numpy']}, pyfixest {pyfx['pyfixest']} |",
             f"| laeval | {facts['laeval']} |", f"| commit | {facts['commit']} |",
             f"| repeats | median of {run['repeats']} timed runs after one untimed warm-up, per tool and case |", "",
             "| case | data | laeval total s | pyfixest read s | pyfixest fit s | pyfixest total s "
             "| numpy total s (read + fit) | laeval / pyfixest total |",
             "|---|---|---|---|---|---|---|---|"]
    for name, case in cases.items():
        la, pf, np_ = case["laeval"], case["pyfixest"], case["numpy"]
        lines.append(f"| {CASES[name]['title']} | {case['rows']:,} rows, {case['mb']:.0f} MB CSV "
                     f"| {fmt(case['laeval_total'])} | {fmt(case['pyfixest_read'])} | {fmt(case['pyfixest_fit'])} "
                     f"| {fmt(case['pyfixest_total'])} | {fmt(case['numpy_total'])} "
                     f"({fmt(case['numpy_read'])} + {fmt(case['numpy_fit'])}) | {case['ratio']:.2f} |")
    lines += ["", "Largest relative difference over all coefficients / over all standard errors:", "",
              "| case | laeval vs pyfixest | laeval vs numpy | pyfixest vs numpy | n_obs (laeval, pyfixest, numpy) |",
              "|---|---|---|---|---|"]
    for name, case in cases.items():
        d = case["differences"]
        cells = [f"{fmt_gap(d[k]['coef'])} / {fmt_gap(d[k]['se'])}" for k in ("laeval_pyfixest", "laeval_numpy", "pyfixest_numpy")]
        lines.append(f"| {name} | " + " | ".join(cells)
                     + f" | {case['laeval']['n_obs']:,}, {case['pyfixest']['n_obs']:,}, {case['numpy']['n_obs']:,} |")
    faster = all(case["ratio"] < 1 for case in cases.values())
    same = all(case["differences"]["laeval_pyfixest"][k] <= SAME_NUMBERS for case in cases.values() for k in ("coef", "se"))
    ratios = ", ".join(f"{name} {case['ratio']:.2f}" for name, case in cases.items())
    lines += ["", f"Goals: laeval faster than pyfixest (read + fit) on both cases: **{'met' if faster else 'not met'}** "
              f"(ratio {ratios}); the same numbers as pyfixest (coefficients and SEs within {SAME_NUMBERS:g} relative): "
              f"**{'met' if same else 'not met'}**.", ""]
    for name, case in cases.items():
        la, pf, np_ = case["laeval"], case["pyfixest"], case["numpy"]
        extra = f", numpy demeaning took {np_['demeaning_sweeps']} sweeps" if "demeaning_sweeps" in np_ else ""
        lines.append(f"- {name}: laeval runs {', '.join(fmt(t) for t in la['times'])} s (CPU user+sys "
                     f"{', '.join(fmt(t) for t in la['cpu'])} s), peak RSS {la['maxrss_mb']:.0f} MB, df_t {la['df_t']}; "
                     f"pyfixest reads {', '.join(fmt(t) for t in pf['reads'])} s, fits {', '.join(fmt(t) for t in pf['fits'])} s, "
                     f"df_t {pf['df_t']}, peak RSS of its process {pf['maxrss_mb']:.0f} MB; numpy peak RSS "
                     f"{np_['maxrss_mb']:.0f} MB{extra}.")
    lines += ["", "laeval's time is the whole process: start-up, reading and parsing the CSV, the fit and the JSON "
              "output; it prints no split of its own, so set it beside pyfixest's total (read + fit), not its fit. "
              "pyfixest and numpy are timed inside an already-started Python process after imports. Without fixed "
              "effects laeval tests on the residual degrees of freedom (R's convention) and pyfixest on G − 1, so "
              "p-values and intervals differ by design; the comparison covers estimates and SEs only.", "", ""]
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--child", choices=["pyfixest", "numpy"])
    parser.add_argument("--case", choices=list(CASES))
    parser.add_argument("--data")
    parser.add_argument("--laeval", default=".build/release/laeval")
    parser.add_argument("--ols", default="Benchmarks/data/ols_1m.csv")
    parser.add_argument("--fe", default="Benchmarks/data/fe_1m.csv")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--results", help="append a markdown section here")
    parser.add_argument("--json", help="write raw timings and estimates here")
    args = parser.parse_args()

    if args.child:
        child = pyfixest_child if args.child == "pyfixest" else numpy_child
        json.dump(child(args.case, args.data, args.repeats), sys.stdout)
        return

    run = {"started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
           "repeats": args.repeats, "load_before": load_average(), "facts": machine_facts(args.laeval), "cases": {}}
    for name, path in (("ols", args.ols), ("fe", args.fe)):
        print(f"== {name}: {path}", file=sys.stderr)
        with open(path, "rb") as handle:
            rows = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 24), b"")) - 1
        case = {"path": path, "rows": rows, "mb": os.path.getsize(path) / 1e6}
        print("   laeval ...", file=sys.stderr)
        case["laeval"] = time_laeval(args.laeval, name, path, args.repeats)
        print(f"   laeval {case['laeval']['times']}", file=sys.stderr)
        print("   pyfixest ...", file=sys.stderr)
        case["pyfixest"] = run_child("pyfixest", name, path, args.repeats)
        print(f"   pyfixest read {case['pyfixest']['reads']} fit {case['pyfixest']['fits']}", file=sys.stderr)
        print("   numpy ...", file=sys.stderr)
        case["numpy"] = run_child("numpy", name, path, args.repeats)
        print(f"   numpy read {case['numpy']['reads']} fit {case['numpy']['fits']}", file=sys.stderr)
        la, pf, np_ = case["laeval"], case["pyfixest"], case["numpy"]
        case["laeval_total"] = statistics.median(la["times"])
        case["pyfixest_read"] = statistics.median(pf["reads"])
        case["pyfixest_fit"] = statistics.median(pf["fits"])
        case["pyfixest_total"] = statistics.median(r + f for r, f in zip(pf["reads"], pf["fits"]))
        case["numpy_read"] = statistics.median(np_["reads"])
        case["numpy_fit"] = statistics.median(np_["fits"])
        case["numpy_total"] = statistics.median(r + f for r, f in zip(np_["reads"], np_["fits"]))
        case["ratio"] = case["laeval_total"] / case["pyfixest_total"]
        case["differences"] = {"laeval_pyfixest": compare(la, pf), "laeval_numpy": compare(la, np_),
                               "pyfixest_numpy": compare(pf, np_)}
        print(f"   differences {json.dumps(case['differences'])}", file=sys.stderr)
        run["cases"][name] = case
    run["load_after"] = load_average()

    text = markdown(run)
    print(text)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(run, handle, indent=1)
    if args.results:
        with open(args.results, "a") as handle:
            handle.write("\n" + text)


if __name__ == "__main__":
    main()
