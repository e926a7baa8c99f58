#!/usr/bin/env python3
"""Independent high-precision values of the noncentral t distribution on the grid of
Tests/LAEvalStatsTests/Fixtures/power/noncentral_t.csv (written by make_fixtures.R).

    python3 Validation/power/check_noncentral_t.py

R's pt(q, df, ncp) is accurate only in absolute terms (its AS 243 series stops at an error
bound of 1e-12 and forms one tail as 1 minus the other), so small tail probabilities are
checked against these values instead. They do not use the Poisson-beta series that laeval and
R share but the mixture definition: with T = (Z + δ)/√(V/ν), Z ~ N(0, 1), V ~ χ²_ν,

    P(T ≤ t) = ∫₀^∞ Φ(t √(v/ν) − δ) f_ν(v) dv,   P(T > t) = ∫₀^∞ Φ(δ − t √(v/ν)) f_ν(v) dv,

integrated at 40 digits over u = log v (the integrands are positive, so both tails keep their
relative accuracy) by the trapezoidal rule on the whole line, centred on the integrand's peak,
with the step halved until two steps agree to 1e-25 (see trapezoid()); a point where they never
do is reported and left out. (mpmath's quad, tanh-sinh or Gauss-Legendre, even split at the
peak, was off by up to 1e-10 relative on sharply peaked integrands far from the origin, such as
the upper tail at t = 100, ν = 30, while its two degrees agreed; the series summed in mpmath at
40 digits and this trapezoidal rule agree there to 20 digits.) Writes noncentral_t_mpmath.csv with columns df, ncp, q, cdf, sf.
"""
import csv
import os

import mpmath as mp

mp.mp.dps = 40
HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "..", "Tests", "LAEvalStatsTests", "Fixtures", "power")


def tails(df, ncp, q):
    nu = mp.mpf(df)
    delta = mp.mpf(ncp)
    t = mp.mpf(q)
    half = nu / 2
    log_norm = -half * mp.log(2) - mp.loggamma(half)

    def density_du(u):  # f_ν(v) dv with v = e^u
        return mp.exp(log_norm + half * u - mp.exp(u) / 2)

    def phi(x):  # Φ, taken as 0 or 1 beyond |x| = 10⁴ (e^(−5·10⁷) is nothing here)
        if x < -10**4:
            return mp.mpf(0)
        if x > 10**4:
            return mp.mpf(1)
        return mp.ncdf(x)

    def lower(u):
        if u > 10**4:
            return mp.mpf(0)
        return phi(t * mp.sqrt(mp.exp(u) / nu) - delta) * density_du(u)

    def upper(u):
        if u > 10**4:
            return mp.mpf(0)
        return phi(delta - t * mp.sqrt(mp.exp(u) / nu)) * density_du(u)

    def log_integrand(f):
        def log_f(u):
            value = f(u)
            return mp.log(value) if value > 0 else -mp.inf
        return log_f

    def trapezoid(f):
        """∫ f(u) du over the real line by the trapezoidal rule, which converges geometrically
        in 1/h for integrands analytic in a strip and decaying at both ends. f is log-concave in
        u, so it is centred on its peak (golden-section search), the step starts at an eighth
        of the curvature width and is halved until two steps agree to 1e-25 relative."""
        log_f = log_integrand(f)
        lo, hi = mp.log(nu) - 400, mp.log(nu) + 10
        golden = (mp.sqrt(5) - 1) / 2
        for _ in range(150):
            a = hi - golden * (hi - lo)
            b = lo + golden * (hi - lo)
            if log_f(a) < log_f(b):
                lo = a
            else:
                hi = b
        top = (lo + hi) / 2
        if log_f(top) == -mp.inf:
            return mp.mpf(0)
        step = mp.mpf(10) ** -8
        curvature = (log_f(top + step) - 2 * log_f(top) + log_f(top - step)) / step**2
        width = 1 / mp.sqrt(-curvature) if curvature < 0 else mp.mpf(1)
        h = width / 8
        values = {}

        def total(h_now, stride):
            # sum over the grid top + k·h_now; k on the finest grid is k·stride
            s = mp.mpf(0)
            for direction in (1, -1):
                k = 0 if direction == 1 else -1
                while True:
                    key = k * stride
                    if key not in values:
                        values[key] = f(top + key * h_fine)
                    term = values[key]
                    s += term
                    if term < mp.mpf(10) ** -50 * s:
                        break
                    k += direction
            return s * h_now

        h_fine = h / 64
        previous = total(h, 64)
        for level, stride in ((1, 32), (2, 16), (3, 8), (4, 4), (5, 2), (6, 1)):
            current = total(h / 2**level, stride)
            if abs(current - previous) <= mp.mpf(10) ** -25 * abs(current):
                return current
            previous = current
        return None

    results = []
    for f in (lower, upper):
        value = trapezoid(f)
        if value is None:
            return None
        results.append(value)
    return results


def main():
    rows = []
    with open(os.path.join(FIXTURES, "noncentral_t.csv")) as handle:
        for row in csv.DictReader(handle):
            rows.append(row)
    out = ["df,ncp,q,cdf,sf"]
    dropped = 0
    for row in rows:
        values = tails(row["df"], row["ncp"], row["q"])
        if values is None:
            dropped += 1
            print("quadrature did not settle:", row["df"], row["ncp"], row["q"])
            continue
        out.append(",".join([row["df"], row["ncp"], row["q"]] + [mp.nstr(v, 20, min_fixed=0, max_fixed=0) for v in values]))
    with open(os.path.join(FIXTURES, "noncentral_t_mpmath.csv"), "w") as handle:
        handle.write("\n".join(out) + "\n")
    print(len(out) - 1, "points written,", dropped, "dropped; mpmath", mp.__version__)


if __name__ == "__main__":
    main()
