#!/usr/bin/env python3
"""Timing harness for Benchmarks/run.sh: laeval validate beside pandas.read_csv of the same files.

    python3 Benchmarks/bench.py --laeval .build/release/laeval \
        --demo-study Benchmarks/data/demo/study --large Benchmarks/data/large_ees.csv \
        --demo-repeats 10 --large-repeats 5 --results Benchmarks/RESULTS.md

laeval is timed as whole-process wall time (fork/exec to exit, so it includes process start-up,
which is conservative for laeval), with its output sent to /dev/null. pandas is timed inside one
fresh Python process per case (`--pandas-child`), after `import pandas` and excluding interpreter
start-up: each repetition is the wall time of `pandas.read_csv` of every file of the case. Each
side gets one untimed warm-up run first, so both read from the page cache.
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

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- pandas side (child process)

def pandas_child(files, repeats):
    import resource
    import pandas as pd

    def once():
        rows = 0
        started = time.perf_counter()
        for path in files:
            rows += len(pd.read_csv(path))
        return time.perf_counter() - started, rows

    once()  # warm-up (page cache, lazy imports inside pandas)
    times = []
    rows = 0
    for _ in range(repeats):
        elapsed, rows = once()
        times.append(elapsed)
    try:
        import pyarrow  # noqa: F401  (pandas uses it for strings when present)
        pyarrow_version = pyarrow.__version__
    except ImportError:
        pyarrow_version = None
    json.dump({"times": times, "rows": rows, "pandas": pd.__version__, "numpy": __import__("numpy").__version__,
               "pyarrow": pyarrow_version, "python": platform.python_version(),
               "maxrss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0}, sys.stdout)


def time_pandas(files, repeats):
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--pandas-child", "--repeats", str(repeats)] + files,
                         check=True, stdout=subprocess.PIPE, text=True)
    return json.loads(out.stdout)


# ---------------------------------------------------------------- laeval side

def run_laeval_once(argv, capture=False):
    """Runs laeval; returns (wall seconds, exit code, peak RSS MB, output or None)."""
    stdout = subprocess.PIPE if capture else subprocess.DEVNULL
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=stdout, stderr=subprocess.STDOUT if capture else subprocess.DEVNULL)
    output = proc.stdout.read().decode("utf-8", "replace") if capture else None
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    return elapsed, proc.returncode, usage.ru_maxrss / 1024.0, output


def time_laeval(argv, repeats):
    _, code, _, output = run_laeval_once(argv, capture=True)  # warm-up, and keep what it says
    times, rss, codes = [], [], set()
    for _ in range(repeats):
        elapsed, run_code, peak, _ = run_laeval_once(argv)
        times.append(elapsed)
        rss.append(peak)
        codes.add(run_code)
    return {"times": times, "exit_code": code, "exit_codes_timed": sorted(codes), "maxrss_mb": max(rss),
            "output": output}


# ---------------------------------------------------------------- facts and report

def command_output(argv):
    try:
        return subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=120).stdout.strip()
    except (OSError, subprocess.SubprocessError) as error:
        return "unavailable (%s)" % error


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def study_csvs(folder):
    found = []
    for root, _, names in os.walk(folder):
        for name in names:
            if name.endswith(".csv"):
                found.append(os.path.join(root, name))
    return sorted(found)


def summary(times):
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "n": len(times)}


def last_line(text):
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return lines[-1] if lines else "(no output)"


def mb(nbytes):
    return nbytes / 1e6


def write_report(path, facts, cases):
    new_file = not os.path.exists(path)
    lines = []
    if new_file:
        lines += [
            "# Benchmark results",
            "",
            "Appended by `bash Benchmarks/run.sh` (see Benchmarks/README.md). Each section is one run.",
            "laeval times are whole-process wall time of `laeval validate PATH` (release build), so they",
            "include process start-up — conservative for laeval. pandas times are `pandas.read_csv` of the",
            "same files inside one Python process per case, after `import pandas`, excluding interpreter",
            "start-up. Ratio = laeval median / pandas median (below 1 means laeval is faster).",
            "",
        ]
    lines += [
        "## %s" % facts["date"],
        "",
        "| | |",
        "|---|---|",
    ]
    for key in ["machine", "nproc", "cpu", "memory", "load", "swift", "python", "laeval", "commit", "repeats"]:
        lines.append("| %s | %s |" % (key, facts[key]))
    lines += [
        "",
        "| case | files | laeval median s (min) | pandas median s (min) | ratio laeval/pandas |",
        "|---|---|---|---|---|",
    ]
    for case in cases:
        la, pdx = case["laeval_summary"], case["pandas_summary"]
        code = case["laeval"]["exit_code"]
        lines.append("| %s | %s | %.3f (%.3f)%s | %.3f (%.3f) | %.2f |" % (
            case["name"], case["files_text"], la["median"], la["min"], " exit %d" % code if code else "",
            pdx["median"], pdx["min"], la["median"] / pdx["median"]))
    lines += [""]
    demo = next(c for c in cases if c["key"] == "demo")
    large = next(c for c in cases if c["key"] == "large")
    demo_ok = demo["laeval_summary"]["median"] < 0.5
    large_ok = large["laeval_summary"]["median"] <= large["pandas_summary"]["median"]
    lines += [
        "Goals: demo study read and validated in under 0.5 s: **%s** (median %.3f s); "
        "laeval at least as fast as pandas on the large file: **%s** (ratio %.2f)." % (
            "met" if demo_ok else "not met", demo["laeval_summary"]["median"],
            "met" if large_ok else "not met", large["laeval_summary"]["median"] / large["pandas_summary"]["median"]),
        "",
    ]
    for case in cases:
        la = case["laeval"]
        lines.append("- %s: laeval exit code %d%s, peak RSS %.0f MB, last line of output: `%s`; pandas read %d rows, "
                     "peak RSS of the Python process %.0f MB." % (
                         case["name"], la["exit_code"],
                         "" if la["exit_codes_timed"] == [la["exit_code"]] else " (timed runs: %s)" % la["exit_codes_timed"],
                         la["maxrss_mb"], last_line(la["output"]).replace("`", "'")[:200],
                         case["pandas"]["rows"], case["pandas"]["maxrss_mb"]))
    lines += [""]
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--pandas-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--repeats", type=int, default=5, help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", help=argparse.SUPPRESS)
    parser.add_argument("--laeval", default=".build/release/laeval")
    parser.add_argument("--demo-study", default="Benchmarks/data/demo/study")
    parser.add_argument("--large", default="Benchmarks/data/large_ees.csv")
    parser.add_argument("--demo-repeats", type=int, default=10)
    parser.add_argument("--large-repeats", type=int, default=5)
    parser.add_argument("--results", default="Benchmarks/RESULTS.md")
    parser.add_argument("--json", default="Benchmarks/data/last_run.json", help="raw timings (git-ignored)")
    args = parser.parse_args()

    if args.pandas_child:
        pandas_child(args.files, args.repeats)
        return

    laeval = os.path.abspath(args.laeval)
    demo_files = study_csvs(args.demo_study)
    if not demo_files:
        sys.exit("no CSV files in %s: run `laeval demo --out Benchmarks/data/demo` first" % args.demo_study)
    large_files = [args.large]
    load_before = load_average()

    cases = []
    for key, name, target, files, repeats in [
        ("demo", "demo study (validate folder)", args.demo_study, demo_files, args.demo_repeats),
        ("large", "large EES file (validate file)", args.large, large_files, args.large_repeats),
    ]:
        size = sum(os.path.getsize(p) for p in files)
        print("== %s: %d file(s), %.1f MB, %d repeats" % (name, len(files), mb(size), repeats), flush=True)
        la = time_laeval([laeval, "validate", target], repeats)
        la_summary = summary(la["times"])
        print("   laeval validate: median %.3f s, min %.3f s, exit code %d" % (
            la_summary["median"], la_summary["min"], la["exit_code"]), flush=True)
        if la["exit_code"] != 0:
            print("   laeval said:\n" + "\n".join("     " + l for l in (la["output"] or "").splitlines()[:20]), flush=True)
        pdx = time_pandas(files, repeats)
        pd_summary = summary(pdx["times"])
        print("   pandas.read_csv: median %.3f s, min %.3f s, %d rows" % (
            pd_summary["median"], pd_summary["min"], pdx["rows"]), flush=True)
        print("   ratio laeval/pandas: %.2f" % (la_summary["median"] / pd_summary["median"]), flush=True)
        if key == "demo":
            files_text = "%d CSVs, %.2f MB (+ study.yaml for laeval)" % (len(files), mb(size))
        else:
            meta = os.path.splitext(args.large)[0] + ".meta.csv"
            files_text = "%.1f MB, %d rows%s" % (mb(size), pdx["rows"],
                                                 " (+ .meta.csv for laeval)" if os.path.exists(meta) else "")
        cases.append({"key": key, "name": name, "files_text": files_text, "bytes": size, "files": files,
                      "laeval": la, "laeval_summary": la_summary, "pandas": pdx, "pandas_summary": pd_summary})

    versions = cases[0]["pandas"]
    try:
        with open("/proc/meminfo") as f:
            memory = "%.1f GB" % (int(f.readline().split()[1]) / 1024 / 1024)
    except OSError:
        memory = "unknown"
    commit = command_output(["git", "rev-parse", "--short", "HEAD"])
    if command_output(["git", "status", "--porcelain", "--untracked-files=no"]):
        commit += " (with uncommitted changes)"
    facts = {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "machine": "%s %s" % (platform.system(), platform.machine()),
        "nproc": command_output(["nproc"]),
        "cpu": cpu_model(),
        "memory": memory,
        "load": "load average %s before, %s after" % (load_before, load_average()),
        "swift": (command_output(["swift", "--version"]).splitlines() or ["unknown"])[0],
        "python": "Python %s, pandas %s, numpy %s, pyarrow %s" % (
            versions["python"], versions["pandas"], versions["numpy"], versions["pyarrow"] or "not installed"),
        "laeval": "%s (%s)" % (os.path.relpath(laeval), command_output([laeval, "--version"])),
        "commit": commit,
        "repeats": "demo %d, large %d (median of timed runs after one warm-up each)" % (args.demo_repeats, args.large_repeats),
    }
    write_report(args.results, facts, cases)
    os.makedirs(os.path.dirname(os.path.abspath(args.json)), exist_ok=True)
    with open(args.json, "w") as f:
        json.dump({"facts": facts, "cases": cases}, f, indent=2)
    print("appended to %s; raw timings in %s" % (args.results, args.json))


if __name__ == "__main__":
    main()
