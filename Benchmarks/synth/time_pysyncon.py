"""Times pysyncon on the Basque data: Synth.fit plus PlaceboTest.fit (every control treated in
turn, V re-optimised), with pysyncon's defaults (outer Nelder-Mead from "equal", maxiter 1000;
inner SLSQP) and its default process pool (every core). The spec is pysyncon's Basque example,
the same as Benchmarks/synth/basque.yaml.

    python3 time_pysyncon.py DATA.csv REPEATS OUT.json

Prints the median and minimum wall time of REPEATS timed runs (after `import`, data read
included) and writes the last run's V, W, loss_V and placebo ratios to OUT.json.
"""
import json
import statistics
import sys
import time

import numpy as np
import pandas as pd
from pysyncon import Dataprep, Synth
from pysyncon.utils import PlaceboTest

TREATED = "Basque Country (Pais Vasco)"


def run(path):
    df = pd.read_csv(path)
    controls = [u for u in sorted(df["regionname"].unique()) if u not in (TREATED, "Spain (Espana)")]
    dataprep = Dataprep(
        foo=df,
        predictors=["school.illit", "school.prim", "school.med", "school.high", "school.post.high", "invest"],
        predictors_op="mean", time_predictors_prior=range(1964, 1970),
        special_predictors=[("gdpcap", range(1960, 1970), "mean")]
        + [(v, range(1961, 1970, 2), "mean") for v in ["sec.agriculture", "sec.energy", "sec.industry", "sec.construction",
                                                         "sec.services.venta", "sec.services.nonventa"]]
        + [("popdens", [1969], "mean")],
        dependent="gdpcap", unit_variable="regionname", time_variable="year",
        treatment_identifier=TREATED, controls_identifier=controls, time_optimize_ssr=range(1960, 1970))
    synth = Synth()
    synth.fit(dataprep=dataprep, optim_method="Nelder-Mead", optim_initial="equal")
    placebo = PlaceboTest()
    placebo.fit(dataprep=dataprep, scm=Synth(), scm_options={"optim_method": "Nelder-Mead", "optim_initial": "equal"},
                verbose=False)
    gaps = pd.concat([placebo.gaps, placebo.treated_gap], axis=1)
    pre, post = gaps[gaps.index < 1975], gaps[gaps.index >= 1975]
    ratio = np.sqrt((post ** 2).mean()) / np.sqrt((pre ** 2).mean())
    p = float((ratio >= ratio[TREATED]).sum() / len(ratio))
    return {"controls": controls, "V": list(map(float, synth.V)), "W": list(map(float, synth.W)), "loss_V": synth.loss_V,
            "ratios": {k: float(v) for k, v in ratio.items()}, "p_value": p}


def main():
    path, repeats, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = run(path)
        times.append(time.perf_counter() - start)
    json.dump(result, open(out, "w"), indent=1)
    print(f"{statistics.median(times):.3f} {min(times):.3f}")


if __name__ == "__main__":
    import contextlib, io
    with contextlib.redirect_stdout(io.StringIO()) as captured:  # PlaceboTest prints progress
        main()
    print(captured.getvalue().strip().splitlines()[-1])
