#!/usr/bin/env python3
"""Reference values for laeval's probability distributions (LAEvalStats/Distributions).

Writes Tests/LAEvalStatsTests/Fixtures/distributions/grid.csv with columns

    distribution,function,p1,p2,x,value

distribution: normal (p1 mean, p2 sd), t (p1 df), chisq (p1 df), f (p1 d1, p2 d2),
              beta (p1 a, p2 b), gamma (p1 shape, p2 scale), binom (p1 n, p2 p), pois (p1 lambda)
function:     pdf (pmf for binom/pois), cdf (P[X <= x]), sf (P[X > x], the upper tail),
              quantile (x is the lower-tail probability p), isf (x is the upper-tail probability q)

Discrete quantiles follow R: quantile(p) is the smallest k with cdf(k) >= p, isf(q) the smallest
k with sf(k) <= q. Points whose probability lies within 1e-12 (relative) of a cdf/sf value are
dropped, since the answer there is decided by rounding.

Reference: mpmath at 50 significant digits, evaluated at the exact binary value of every
double in the grid (parameters and x are Python floats, converted exactly to mpf). Values are
rounded once to the nearest double and written with 17 significant digits. Points whose true
value is below 1e-300 (near or past the double underflow threshold) are left out. SciPy is used
only as an independent cross-check; the largest SciPy/mpmath disagreement per distribution and
function is printed (SciPy is itself only accurate to ~1e-14 in the body and worse in some
far tails, so the printout is a sanity check, not a test).

Run:  python3 Validation/stats/distributions/make_fixtures.py
"""

import csv
import math
import os
import sys

import mpmath
from mpmath import mp, mpf

mp.dps = 50

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "Tests", "LAEvalStatsTests", "Fixtures", "distributions", "grid.csv")

TINY = mpf("1e-300")

# Probabilities for quantile/isf rows: far tails, body, and near 1 (as doubles; 1 - 1e-10 is
# the double nearest to it, and the reference inverts at that exact double).
PROBS = [1e-300, 1e-200, 1e-100, 1e-50, 1e-20, 1e-10, 1e-5, 1e-3, 0.01, 0.025, 0.05, 0.1, 0.25,
         0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99, 0.999, 1 - 1e-5, 1 - 1e-10]
PROBS_SHORT = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.05, 0.25, 0.5, 0.75, 0.95, 0.999,
               1 - 1e-5, 1 - 1e-10]


def fmt(v):
    return "%.17g" % v


# ---------------------------------------------------------------- continuous distributions
class Continuous:
    """pdf/cdf/sf at 50 digits; the quantile solves log F(x) = log p by safeguarded Newton."""

    positive = False   # support (0, inf): solve in log x
    unit = False       # support (0, 1): solve in logit x

    def to_x(self, u):
        if self.unit:
            return 1 / (1 + mp.exp(-u))
        return mp.exp(u) if self.positive else u

    def dx_du(self, u, x):
        if self.unit:
            return x * (1 - x)
        return x if self.positive else mpf(1)

    def to_u(self, x):
        if self.unit:
            return mp.log(x / (1 - x))
        return mp.log(x) if self.positive else x

    def solve(self, target, upper, guess):
        """x with cdf(x) = target (or sf(x) = target when upper), to ~1e-30 relative."""
        target = mpf(target)
        lt = mp.log(target)
        tail = self.sf if upper else self.cdf

        def g(u):
            x = self.to_x(u)
            t = tail(x)
            if t <= 0:
                return mpf("-inf"), x, t
            return mp.log(t) - lt, x, t

        lo, hi = mpf("-inf"), mpf("inf")
        if self.unit:
            guess = min(max(guess, 1e-300), 1 - 1e-16)
        elif self.positive:
            guess = max(guess, 1e-300)
        u = self.to_u(mpf(guess))
        for _ in range(400):
            gv, x, t = g(u)
            # g is increasing in u for the lower tail and decreasing for the upper tail.
            above = (gv > 0) if not upper else (gv < 0)
            if gv == 0:
                return x
            if above:
                hi = u
            else:
                lo = u
            if mp.isinf(gv):
                un = None
            else:
                slope = self.pdf(x) / t * self.dx_du(u, x)
                if upper:
                    slope = -slope
                un = u - gv / slope if slope != 0 else None
            if un is None or not (lo < un < hi):
                if mp.isinf(lo):
                    un = hi - max(1, abs(hi))
                elif mp.isinf(hi):
                    un = lo + max(1, abs(lo))
                else:
                    un = (lo + hi) / 2
            if abs(un - u) <= mpf("1e-35") * max(abs(u), mpf("1e-300")) or (
                    not mp.isinf(lo) and not mp.isinf(hi) and hi - lo <= mpf("1e-35") * max(abs(u), 1)):
                return self.to_x(un)
            u = un
        raise RuntimeError("no convergence %s %s %s" % (self, target, upper))


class Normal(Continuous):
    name = "normal"

    def __init__(self, mean, sd):
        self.params = (mean, sd)
        self.m, self.s = mpf(mean), mpf(sd)

    def pdf(self, x):
        z = (mpf(x) - self.m) / self.s
        return mp.exp(-z * z / 2) / (self.s * mp.sqrt(2 * mp.pi))

    def cdf(self, x):
        return mp.erfc(-(mpf(x) - self.m) / (self.s * mp.sqrt(2))) / 2

    def sf(self, x):
        return mp.erfc((mpf(x) - self.m) / (self.s * mp.sqrt(2))) / 2

    def scipy(self):
        from scipy import stats
        return stats.norm(self.params[0], self.params[1])


class StudentT(Continuous):
    name = "t"

    def __init__(self, df):
        self.params = (df,)
        self.nu = mpf(df)

    def pdf(self, x):
        nu, x = self.nu, mpf(x)
        lc = mp.loggamma((nu + 1) / 2) - mp.loggamma(nu / 2) - mp.log(nu * mp.pi) / 2
        return mp.exp(lc - (nu + 1) / 2 * mp.log1p(x * x / nu))

    def _neg_tail(self, x):  # P(T <= -|x|)
        nu, x = self.nu, mpf(x)
        z = nu / (nu + x * x)
        return mp.betainc(nu / 2, mpf(1) / 2, 0, z, regularized=True) / 2

    def cdf(self, x):
        return self._neg_tail(x) if x <= 0 else 1 - self._neg_tail(x)

    def sf(self, x):
        return self._neg_tail(x) if x >= 0 else 1 - self._neg_tail(x)

    def scipy(self):
        from scipy import stats
        return stats.t(self.params[0])


class Gamma(Continuous):
    name = "gamma"
    positive = True

    def __init__(self, shape, scale):
        self.params = (shape, scale)
        self.a, self.th = mpf(shape), mpf(scale)

    def pdf(self, x):
        y = mpf(x) / self.th
        return mp.exp((self.a - 1) * mp.log(y) - y - mp.loggamma(self.a)) / self.th

    def cdf(self, x):
        return mp.gammainc(self.a, 0, mpf(x) / self.th, regularized=True)

    def sf(self, x):
        return mp.gammainc(self.a, mpf(x) / self.th, mp.inf, regularized=True)

    def scipy(self):
        from scipy import stats
        return stats.gamma(self.params[0], scale=self.params[1])


class ChiSq(Gamma):
    name = "chisq"

    def __init__(self, df):
        Gamma.__init__(self, df / 2, 2.0)
        self.params = (df,)

    def scipy(self):
        from scipy import stats
        return stats.chi2(self.params[0])


class Beta(Continuous):
    name = "beta"
    unit = True

    def __init__(self, a, b):
        self.params = (a, b)
        self.a, self.b = mpf(a), mpf(b)

    def pdf(self, x):
        x = mpf(x)
        return mp.exp((self.a - 1) * mp.log(x) + (self.b - 1) * mp.log1p(-x)
                      - mp.log(mp.beta(self.a, self.b)))

    def cdf(self, x):
        return mp.betainc(self.a, self.b, 0, mpf(x), regularized=True)

    def sf(self, x):
        # I_{1-x}(b, a): integrating from 0 keeps relative accuracy for tiny upper tails
        # (betainc(a, b, x, 1) is formed as a difference and is useless below ~1e-50). Below
        # the mean, where the upper tail is at least ~1/2, 1 - I_x(a, b) is used instead, since
        # 1 - x would round to 1 at 50 digits for x < 1e-50.
        x = mpf(x)
        if x < self.a / (self.a + self.b):
            return 1 - self.cdf(x)
        return mp.betainc(self.b, self.a, 0, 1 - x, regularized=True)

    def scipy(self):
        from scipy import stats
        return stats.beta(self.params[0], self.params[1])


class FDist(Continuous):
    name = "f"
    positive = True

    def __init__(self, d1, d2):
        self.params = (d1, d2)
        self.d1, self.d2 = mpf(d1), mpf(d2)

    def pdf(self, x):
        x = mpf(x)
        d1, d2 = self.d1, self.d2
        lp = (d1 / 2 * mp.log(d1 * x) + d2 / 2 * mp.log(d2) - (d1 + d2) / 2 * mp.log(d1 * x + d2)
              - mp.log(x) - mp.log(mp.beta(d1 / 2, d2 / 2)))
        return mp.exp(lp)

    def cdf(self, x):
        x = mpf(x)
        return mp.betainc(self.d1 / 2, self.d2 / 2, 0, self.d1 * x / (self.d1 * x + self.d2),
                          regularized=True)

    def sf(self, x):
        x = mpf(x)
        # I_{1-z}(d2/2, d1/2) with 1 - z = d2 / (d1 x + d2), formed without cancellation
        return mp.betainc(self.d2 / 2, self.d1 / 2, 0, self.d2 / (self.d1 * x + self.d2),
                          regularized=True)

    def scipy(self):
        from scipy import stats
        return stats.f(self.params[0], self.params[1])


# ---------------------------------------------------------------- discrete distributions
class Discrete:
    def cdf(self, k):
        """P(X <= k) by summing the pmf downwards from k (or 1 - upper sum above the mean)."""
        if k < self.lo:
            return mpf(0)
        if k >= self.mean():
            return 1 - self.sf(k)
        return self._sum_down(k)

    def sf(self, k):
        """P(X > k)."""
        if k < self.lo:
            return mpf(1)
        if k < self.mean():
            return 1 - self._sum_down(k)
        return self._sum_up(k + 1)

    def _sum_down(self, k):
        term = self.pmf(k)
        total = term
        j = k
        while j > self.lo:
            term = term * self.ratio_down(j)
            j -= 1
            total += term
            if term < total * mpf("1e-60"):
                break
        return total

    def _sum_up(self, k):
        if self.hi is not None and k > self.hi:
            return mpf(0)
        term = self.pmf(k)
        total = term
        j = k
        while self.hi is None or j < self.hi:
            term = term * self.ratio_up(j)
            j += 1
            total += term
            if term < total * mpf("1e-60") and j > self.mean():
                break
        return total


class Binom(Discrete):
    name = "binom"

    def __init__(self, n, p):
        self.params = (n, p)
        self.n, self.p = n, mpf(p)
        self.q = 1 - self.p
        self.lo, self.hi = 0, n

    def mean(self):
        return self.n * self.p

    def pmf(self, k):
        return mp.binomial(self.n, k) * self.p ** k * self.q ** (self.n - k)

    def ratio_down(self, j):  # pmf(j-1)/pmf(j)
        return mpf(j) / (self.n - j + 1) * self.q / self.p

    def ratio_up(self, j):  # pmf(j+1)/pmf(j)
        return mpf(self.n - j) / (j + 1) * self.p / self.q

    def scipy(self):
        from scipy import stats
        return stats.binom(self.params[0], self.params[1])


class Pois(Discrete):
    name = "pois"

    def __init__(self, lam):
        self.params = (lam,)
        self.lam = mpf(lam)
        self.lo, self.hi = 0, None

    def mean(self):
        return self.lam

    def pmf(self, k):
        return mp.exp(-self.lam + k * mp.log(self.lam) - mp.loggamma(k + 1))

    def ratio_down(self, j):
        return mpf(j) / self.lam

    def ratio_up(self, j):
        return self.lam / (j + 1)

    def scipy(self):
        from scipy import stats
        return stats.poisson(self.params[0])


def discrete_quantile(d, target, upper):
    """Smallest k with cdf(k) >= p (upper=False) or sf(k) <= q (upper=True); None near a tie."""
    target = mpf(target)
    if upper:
        ok = lambda k: d.sf(k) <= target
        val = d.sf
    else:
        ok = lambda k: d.cdf(k) >= target
        val = d.cdf
    # Bisection over k: ok(k) is false below the answer and true from it on.
    lo = d.lo - 1  # not ok (conceptually)
    hi = d.hi if d.hi is not None else int(d.mean()) + 10
    while not ok(hi):
        hi = 2 * hi + 10
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    k = hi
    for j in (k - 1, k):
        if j >= 0:
            v = val(j)
            if abs(v - target) <= mpf("1e-12") * target:
                return None
    return k


# ---------------------------------------------------------------- the grid
def progress(d):
    print("  %s %s" % (d.name, d.params), file=sys.stderr, flush=True)


def cont_rows(d, xs, probs=PROBS_SHORT, functions=("pdf", "cdf", "sf")):
    progress(d)
    rows = []
    for fn in functions:
        for x in xs:
            v = getattr(d, fn)(mpf(x))
            if v < TINY:
                continue
            rows.append((d, fn, x, v))
    sp = d.scipy()
    for p in probs:
        for fn, upper in (("quantile", False), ("isf", True)):
            guess = sp.isf(p) if upper else sp.ppf(p)
            if not math.isfinite(guess) or guess == 0:
                guess = 1.0 if (d.positive or d.unit) else 0.0
            if d.unit and guess >= 1:
                guess = 1 - 1e-16
            x = d.solve(p, upper, guess)
            if x > mpf("1.7e308"):
                continue  # beyond the double range (e.g. F(1, 1) upper 1e-300 quantile ~ 1e600)
            rows.append((d, fn, p, x))
    return rows


def disc_rows(d, ks, probs=PROBS_SHORT):
    progress(d)
    rows = []
    for fn in ("pdf", "cdf", "sf"):
        for k in ks:
            v = d.pmf(k) if fn == "pdf" else getattr(d, fn)(k)
            if v < TINY:
                continue
            rows.append((d, fn, float(k), v))
    for p in probs:
        for fn, upper in (("quantile", False), ("isf", True)):
            k = discrete_quantile(d, p, upper)
            if k is not None:
                rows.append((d, fn, p, mpf(k)))
    return rows


def sym(values):
    return sorted(set([-v for v in values] + list(values)))


def main():
    rows = []

    # Normal: x from -38 to 38 (cdf(-37.5) ~ 4.6e-308 is kept; cdf(-38) ~ 2.9e-316 is dropped)
    xs = [i / 2 for i in range(-76, 77)] + [-1e-10, 1e-10, -1e-3, 1e-3, -0.3, 0.3, 7.3, -12.7]
    rows += cont_rows(Normal(0.0, 1.0), sorted(set(xs)), probs=PROBS)
    rows += cont_rows(Normal(3.0, 2.0), [-70.0, -40.0, -10.0, 0.0, 2.0, 3.0, 4.0, 10.0, 40.0, 70.0])
    rows += cont_rows(Normal(-1000.0, 0.01), [-1000.3, -1000.05, -1000.0, -999.99, -999.7])

    # Student t: |x| up to 1e10 and beyond, tails to ~1e-300
    tx = sym([0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 30.0, 100.0, 1e3, 1e5, 1e10, 1e20, 1e50, 1e100,
              1e200, 1e300])
    for df in (1.0, 2.5, 10.0, 100.0):
        rows += cont_rows(StudentT(df), tx + [0.0])
    rows += cont_rows(StudentT(1e6), sym([0.1, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 37.0]) + [0.0])

    # Chi-square: far into the upper tail
    cx = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.1, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 20.0,
          50.0, 100.0, 200.0, 500.0, 1000.0, 1500.0, 2000.0, 3000.0, 4000.0]
    for df in (1.0, 3.0, 50.0, 1000.0):
        extra = [df * f for f in (0.5, 0.9, 1.1, 1.5, 2.0, 3.0)]
        rows += cont_rows(ChiSq(df), sorted(set(cx + extra)))

    # F
    fx = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 100.0, 1e5,
          1e10, 1e20, 1e50, 1e100, 1e200]
    for d1, d2 in ((1.0, 1.0), (2.0, 10.0), (5.0, 2.5), (10.0, 100.0), (50.0, 1000.0)):
        rows += cont_rows(FDist(d1, d2), fx)

    # Beta: small and large shapes
    bx = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.01, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9, 0.99,
          0.999, 1 - 1e-5, 1 - 1e-10]
    for a, b in ((0.5, 0.5), (0.1, 5.0), (2.0, 3.0), (50.0, 0.5)):
        rows += cont_rows(Beta(a, b), bx)
    rows += cont_rows(Beta(1000.0, 3000.0), sorted(set(bx + [0.2, 0.22, 0.24, 0.25, 0.26, 0.28, 0.3, 0.35, 0.4])))

    # Gamma: shape 0.1 to 1000
    gx = [1e-300, 1e-100, 1e-20, 1e-10, 1e-5, 1e-3, 0.01, 0.1, 0.5, 1.0, 2.0, 5.0, 10.0, 50.0,
          100.0, 300.0, 700.0]
    rows += cont_rows(Gamma(0.1, 1.0), gx)
    rows += cont_rows(Gamma(1.0, 2.0), gx + [1000.0, 1300.0])
    rows += cont_rows(Gamma(3.5, 0.5), gx)
    rows += cont_rows(Gamma(1000.0, 1.0), [100.0, 300.0, 500.0, 800.0, 900.0, 950.0, 990.0, 1000.0,
                                           1010.0, 1050.0, 1100.0, 1200.0, 1500.0, 2000.0, 3000.0])

    # Binomial
    def around(mean, sd, lo, hi, cs):
        ks = set()
        for c in cs:
            k = int(round(mean + c * sd))
            if lo <= k <= hi:
                ks.add(k)
        return sorted(ks)

    cs = [-60, -40, -20, -10, -5, -3, -2, -1, 0, 1, 2, 3, 5, 10, 20, 40, 60, 100]
    for n, p in ((20, 0.5), (100, 0.01), (1000, 0.75), (1000000, 0.3)):
        sd = math.sqrt(n * p * (1 - p))
        ks = sorted(set(around(n * p, sd, 0, n, cs) + [0, 1, n - 1, n]))
        rows += disc_rows(Binom(n, p), ks)

    # Poisson
    for lam in (1e-3, 3.5, 100.0, 1e4):
        sd = math.sqrt(lam)
        ks = sorted(set(around(lam, sd, 0, 10 ** 9, cs) + [0, 1, 2, 5, 10, 20, 50, 100]))
        rows += disc_rows(Pois(lam), ks)

    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["distribution", "function", "p1", "p2", "x", "value"])
        for d, fn, x, v in rows:
            p = list(d.params) + [""] * (2 - len(d.params))
            ps = [fmt(float(q)) if q != "" else "" for q in p]
            w.writerow([d.name, fn, ps[0], ps[1], fmt(x), fmt(float(v))])
    print("wrote %d rows to %s" % (len(rows), os.path.relpath(OUT, ROOT)))

    cross_check(rows)


def cross_check(rows):
    """Largest relative difference between SciPy and the mpmath reference, per distribution/function."""
    worst = {}
    for d, fn, x, v in rows:
        sp = d.scipy()
        try:
            if fn == "pdf":
                s = sp.pmf(x) if isinstance(d, Discrete) else sp.pdf(x)
            elif fn == "cdf":
                s = sp.cdf(x)
            elif fn == "sf":
                s = sp.sf(x)
            elif fn == "quantile":
                s = sp.ppf(x)
            else:
                s = sp.isf(x)
        except Exception:  # noqa: BLE001
            continue
        ref = float(v)
        if ref == 0:
            err = abs(s)
        else:
            err = abs(s - ref) / abs(ref)
        key = (d.name, fn)
        if key not in worst or err > worst[key][0]:
            worst[key] = (err, d.params, x, ref, s)
    print("SciPy vs mpmath, largest relative difference:")
    for key in sorted(worst):
        err, params, x, ref, s = worst[key]
        print("  %-7s %-9s %.2e  at params=%s x=%r (mpmath %r, scipy %r)" % (key + (err, params, x, ref, s)))


if __name__ == "__main__":
    sys.exit(main())
