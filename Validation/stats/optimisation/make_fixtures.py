"""Reference fixtures for laeval's optimisers (Sources/LAEvalStats/Optimisation/).

Every number here comes from SciPy, numdifftools, closed forms, or R's optim (for the
comparison of default stopping rules) -- never from laeval.

Usage (from the repository root):

    python3 -m venv --system-site-packages /tmp/optvenv
    /tmp/optvenv/bin/pip install numdifftools   # optional (0.11.2 used): Hessian cross-check
    /tmp/optvenv/bin/python Validation/stats/optimisation/make_fixtures.py

Writes Tests/LAEvalStatsTests/Fixtures/optimisation/*.json. If Rscript is on the PATH,
R's optim() with its default tolerances is run on Rosenbrock so the tests can show that
laeval's defaults reach a tighter optimum; without R those entries are left out.

The script stops with an error if an independent cross-check disagrees:
  * Weibull MLE: closed-form profile (Brent root of the shape score equation, to machine
    precision) vs scipy BFGS with gtol 1e-12: relative 1e-7;
  * Weibull Hessian: analytic formula vs numdifftools (if installed): relative 1e-7;
  * simplex least squares: scipy SLSQP (ftol 1e-15) vs an exact KKT refinement (the
    equality-constrained least-squares problem solved exactly on SLSQP's support, then
    every KKT condition checked): weights 1e-7 absolute, KKT residuals 1e-10.
"""

import json
import math
import os
import shutil
import subprocess
import sys

import numpy as np
import scipy
from scipy import optimize

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "..", "Tests", "LAEvalStatsTests",
                   "Fixtures", "optimisation")


def num(x):
    x = float(x)
    if not math.isfinite(x):
        raise ValueError("non-finite number")
    return x


def vec(v):
    return [num(x) for x in np.asarray(v, dtype=float).ravel()]


def mat(m):
    return [vec(row) for row in np.asarray(m, dtype=float)]


def write(name, obj):
    os.makedirs(OUT, exist_ok=True)
    path = os.path.join(OUT, name)
    with open(path, "w") as fh:
        json.dump(obj, fh, indent=1)
        fh.write("\n")
    # round-trip check: every float must read back exactly
    with open(path) as fh:
        back = json.load(fh)
    assert back == obj, name
    print("wrote", path)


def versions():
    v = {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__}
    try:
        import numdifftools
        v["numdifftools"] = numdifftools.__version__
    except ImportError:
        pass
    return v


# --------------------------------------------------------------------------------------------
# Rosenbrock (2-D and chained 10-D)

def rosen(x):
    return float(optimize.rosen(np.asarray(x, dtype=float)))


def rosen_grad(x):
    return optimize.rosen_der(np.asarray(x, dtype=float))


def run_r(code):
    if shutil.which("Rscript") is None:
        return None
    out = subprocess.run(["Rscript", "-e", code], check=True, capture_output=True, text=True).stdout
    return json.loads(out)


R_ROSEN = r"""
fr <- function(x) 100 * (x[2] - x[1]^2)^2 + (1 - x[1])^2
grr <- function(x) c(-400 * x[1] * (x[2] - x[1]^2) - 2 * (1 - x[1]), 200 * (x[2] - x[1]^2))
b <- optim(c(-1.2, 1), fr, grr, method = "BFGS")
n <- optim(c(-1.2, 1), fr)
bn <- optim(c(-1.2, 1), fr, method = "BFGS")
g <- function(o) max(abs(grr(o$par)))
cat(sprintf('{"bfgs": {"par": [%.17g, %.17g], "value": %.17g, "gradMax": %.17g, "counts": [%d, %d], "convergence": %d},
 "nelderMead": {"par": [%.17g, %.17g], "value": %.17g, "gradMax": %.17g, "counts": [%d], "convergence": %d},
 "bfgsNumericalGradient": {"par": [%.17g, %.17g], "value": %.17g, "gradMax": %.17g, "counts": [%d, %d], "convergence": %d},
 "version": "%s"}\n',
 b$par[1], b$par[2], b$value, g(b), b$counts[1], b$counts[2], b$convergence,
 n$par[1], n$par[2], n$value, g(n), n$counts[1], n$convergence,
 bn$par[1], bn$par[2], bn$value, g(bn), bn$counts[1], bn$counts[2], bn$convergence, R.version.string))
"""


def rosenbrock_fixture():
    cases = []
    for name, x0 in [("rosenbrock2", [-1.2, 1.0]),
                     ("rosenbrock10", [0.0] * 10)]:
        tight = optimize.minimize(rosen, x0, jac=rosen_grad, method="BFGS",
                                  options={"gtol": 1e-13, "maxiter": 10000})
        default = optimize.minimize(rosen, x0, jac=rosen_grad, method="BFGS")
        # The chained Rosenbrock minimum is all ones (f = 0); check scipy found that one.
        assert np.max(np.abs(tight.x - 1)) < 1e-8, (name, tight.x)
        cases.append({
            "name": name,
            "start": vec(x0),
            "optimum": vec(np.ones(len(x0))),
            "scipyTight": {"point": vec(tight.x), "value": num(tight.fun),
                           "gradMax": num(np.max(np.abs(rosen_grad(tight.x))))},
            "scipyDefaultBFGS": {"point": vec(default.x), "value": num(default.fun),
                                 "gradMax": num(np.max(np.abs(rosen_grad(default.x)))),
                                 "note": "scipy.optimize.minimize(method='BFGS') defaults: gtol 1e-5 on the max-norm"},
        })
    r = run_r(R_ROSEN)
    obj = {"source": "closed form optimum (all ones); scipy BFGS for comparison", "versions": versions(),
           "cases": cases}
    if r is not None:
        obj["rOptimDefault2"] = r
        obj["rOptimDefault2"]["note"] = ("R optim(c(-1.2,1), fr, grr, method='BFGS') and optim(c(-1.2,1), fr) "
                                         "with default control (reltol 1e-8)")
    write("rosenbrock.json", obj)


# --------------------------------------------------------------------------------------------
# Powell's singular function (More, Garbow & Hillstrom 1981, problem 13)

def powell_fixture():
    def f(x):
        return ((x[0] + 10 * x[1]) ** 2 + 5 * (x[2] - x[3]) ** 2 + (x[1] - 2 * x[2]) ** 4
                + 10 * (x[0] - x[3]) ** 4)
    x0 = [3.0, -1.0, 0.0, 1.0]
    res = optimize.minimize(f, x0, method="BFGS", options={"gtol": 1e-12, "maxiter": 10000})
    write("powell.json", {
        "source": "More, Garbow & Hillstrom (1981) problem 13; minimum 0 at the origin (singular Hessian)",
        "versions": versions(),
        "start": vec(x0), "optimum": [0.0, 0.0, 0.0, 0.0], "value": 0.0,
        "scipyBFGS": {"point": vec(res.x), "value": num(res.fun)},
    })


# --------------------------------------------------------------------------------------------
# Box constraints

def flb(x):
    # the 25-dimensional example of R's ?optim ("flb"), bounds [2, 4]
    p = len(x)
    prev = np.concatenate([[1.0], x[:-1]])
    return float(np.sum(np.concatenate([[1.0], np.full(p - 1, 4.0)]) * (x - prev ** 2) ** 2))


def flb_grad(x):
    p = len(x)
    c = np.concatenate([[1.0], np.full(p - 1, 4.0)])
    prev = np.concatenate([[1.0], x[:-1]])
    r = x - prev ** 2
    g = 2 * c * r
    g[:-1] += 2 * c[1:] * r[1:] * (-2 * x[:-1])
    return g


def projected_gradient(x, g, lo, hi):
    return np.clip(x - g, lo, hi) - x


def box_fixture():
    cases = []
    # (a) optim's flb in 25 dimensions, 2 <= x <= 4, start 3
    p = 25
    lo, hi = np.full(p, 2.0), np.full(p, 4.0)
    x0 = np.full(p, 3.0)
    res = optimize.minimize(flb, x0, jac=flb_grad, method="L-BFGS-B", bounds=list(zip(lo, hi)),
                            options={"ftol": 0.0, "gtol": 1e-14, "maxiter": 100000, "maxcor": 30})
    pg = projected_gradient(res.x, flb_grad(res.x), lo, hi)
    assert np.max(np.abs(pg)) < 1e-9, np.max(np.abs(pg))
    cases.append({"name": "flb25", "start": vec(x0), "lower": vec(lo), "upper": vec(hi),
                  "point": vec(res.x), "value": num(res.fun),
                  "projectedGradientMax": num(np.max(np.abs(pg))),
                  "note": "R ?optim example 'flb'; scipy L-BFGS-B ftol 0, gtol 1e-14"})
    # (b) Rosenbrock with bounds cutting off (1, 1): exact optimum (0.5, 0.25)
    lo, hi = np.array([-2.0, -1.0]), np.array([0.5, 2.0])
    x0 = np.array([-1.2, 1.0])
    res = optimize.minimize(rosen, x0, jac=rosen_grad, method="L-BFGS-B", bounds=list(zip(lo, hi)),
                            options={"ftol": 0.0, "gtol": 1e-14, "maxiter": 100000})
    assert np.max(np.abs(res.x - [0.5, 0.25])) < 1e-8, res.x
    cases.append({"name": "rosenbrockBox", "start": vec(x0), "lower": vec(lo), "upper": vec(hi),
                  "point": [0.5, 0.25], "value": 0.25,
                  "scipyPoint": vec(res.x),
                  "projectedGradientMax": num(np.max(np.abs(projected_gradient(res.x, rosen_grad(res.x), lo, hi)))),
                  "note": "closed form: on x = 0.5 the best y is x^2; scipy L-BFGS-B agrees"})
    write("box.json", {"source": "scipy.optimize L-BFGS-B", "versions": versions(), "cases": cases})


# --------------------------------------------------------------------------------------------
# Weibull maximum likelihood

WEIBULL_DATA = [0.62, 1.31, 2.05, 0.88, 3.47, 1.72, 0.45, 2.61, 1.18, 0.97, 4.12, 1.55, 2.28,
                0.73, 1.96, 3.05, 1.09, 0.51, 2.44, 1.37, 0.84, 5.02, 1.63, 2.87, 1.21]


def weibull_nll(shape, scale, x):
    z = np.log(x / scale)
    t = np.exp(shape * z)
    return float(-np.sum(np.log(shape) - np.log(scale) + (shape - 1) * z - t))


def weibull_grad(shape, scale, x):
    z = np.log(x / scale)
    t = np.exp(shape * z)
    dk = np.sum(1 / shape + z - t * z)
    dl = np.sum(shape / scale * (t - 1))
    return -np.array([dk, dl])


def weibull_hess(shape, scale, x):
    z = np.log(x / scale)
    t = np.exp(shape * z)
    k, lam = shape, scale
    hkk = np.sum(-1 / k ** 2 - t * z ** 2)
    hll = np.sum(-(k / lam ** 2) * (t - 1) - k ** 2 * t / lam ** 2)
    hkl = np.sum((t - 1) / lam + (k / lam) * t * z)
    return -np.array([[hkk, hkl], [hkl, hll]])


def weibull_fixture():
    x = np.array(WEIBULL_DATA)
    lx = np.log(x)

    def score(k):
        xk = x ** k
        return np.sum(xk * lx) / np.sum(xk) - 1 / k - np.mean(lx)

    k_hat = optimize.brentq(score, 0.1, 20, xtol=1e-300, rtol=4 * np.finfo(float).eps, maxiter=500)
    lam_hat = np.mean(x ** k_hat) ** (1 / k_hat)
    theta_hat = np.log([k_hat, lam_hat])

    def nll_log(theta):
        return weibull_nll(math.exp(theta[0]), math.exp(theta[1]), x)

    start = [0.0, 0.0]
    res = optimize.minimize(nll_log, start, method="BFGS", options={"gtol": 1e-12})
    rel = np.max(np.abs(res.x - theta_hat) / np.abs(theta_hat))
    assert rel < 1e-7, rel

    hess = weibull_hess(k_hat, lam_hat, x)
    # Hessian in the log parametrisation at the optimum: J H J with J = diag(k, lambda)
    # (the gradient term vanishes at the optimum up to rounding, so it is included exactly).
    g = weibull_grad(k_hat, lam_hat, x)
    j = np.diag([k_hat, lam_hat])
    hess_log = j @ hess @ j + np.diag(g * [k_hat, lam_hat])
    other = (1.3, 1.8)   # a point away from the optimum, for gradient / Hessian checks
    entry = {
        "source": "Weibull negative log-likelihood; MLE by the closed-form profile (Brent root of the shape "
                  "score equation, scale = mean(x^k)^(1/k)); analytic gradient and Hessian",
        "versions": versions(),
        "data": vec(x),
        "start": start,
        "mleShapeScale": vec([k_hat, lam_hat]),
        "mleLog": vec(theta_hat),
        "minimum": num(weibull_nll(k_hat, lam_hat, x)),
        "scipyBFGSLog": {"point": vec(res.x), "maxRelativeDifferenceFromProfile": num(rel)},
        "hessianShapeScale": mat(hess),
        "hessianLog": mat(hess_log),
        "otherPoint": vec(other),
        "otherValue": num(weibull_nll(*other, x)),
        "otherGradient": vec(weibull_grad(*other, x)),
        "otherHessian": mat(weibull_hess(*other, x)),
    }
    try:
        import numdifftools as nd
        f = lambda p: weibull_nll(p[0], p[1], x)
        for point, analytic, key in [((k_hat, lam_hat), hess, "optimum"), (other, entry["otherHessian"], "other")]:
            numeric = nd.Hessian(f)(np.array(point))
            diff = np.max(np.abs(numeric - np.array(analytic)) / np.max(np.abs(analytic)))
            assert diff < 1e-7, (key, diff)
            entry.setdefault("numdifftoolsHessianMaxRelativeDifference", {})[key] = num(diff)
    except ImportError:
        entry["numdifftoolsHessianMaxRelativeDifference"] = "numdifftools not installed"
    write("weibull.json", entry)


# --------------------------------------------------------------------------------------------
# Least squares on the simplex (synthetic-control donor weights)

def kkt_refine(X0, x1, v, w_start, support_tol=1e-9):
    """Exact equality-constrained LS on SLSQP's support, then the KKT check."""
    sv = np.sqrt(v)
    A, b = X0 * sv[:, None], x1 * sv
    support = np.where(w_start > support_tol)[0]
    # solve min |A_S z - b|^2 s.t. sum z = 1 through the KKT system
    As = A[:, support]
    s = len(support)
    K = np.zeros((s + 1, s + 1))
    K[:s, :s] = As.T @ As
    K[:s, s] = 1
    K[s, :s] = 1
    rhs = np.concatenate([As.T @ b, [1.0]])
    sol = np.linalg.lstsq(K, rhs, rcond=None)[0]
    w = np.zeros(X0.shape[1])
    w[support] = sol[:s]
    r = A @ w - b
    grad = 2 * A.T @ r                       # gradient of the loss
    mu = -np.mean(grad[support])             # grad_j + mu = lambda_j >= 0, = 0 on the support
    lam = grad + mu
    scale = 2 * np.max(np.abs(A)) * (np.max(np.abs(b)) + np.max(np.abs(A)))
    kkt = {"minWeightOnSupport": num(np.min(w[support])),
           "sumMinusOne": num(abs(np.sum(w) - 1)),
           "supportGradientSpread": num(np.max(np.abs(lam[support])) / scale),
           "minMultiplierOffSupport": num(np.min(np.delete(lam, support)) / scale) if s < len(w) else 0.0}
    assert np.min(w[support]) > 0, kkt
    assert kkt["sumMinusOne"] < 1e-13 and kkt["supportGradientSpread"] < 1e-10, kkt
    assert kkt["minMultiplierOffSupport"] > -1e-10, kkt
    rank = np.linalg.matrix_rank(np.vstack([As, np.ones(s)]))
    return w, support, kkt, rank == s


def simplex_case(name, X0, x1, v=None, note=""):
    k, j = X0.shape
    vv = np.ones(k) if v is None else np.asarray(v, dtype=float)

    def loss(w):
        r = x1 - X0 @ w
        return float(np.sum(vv * r * r))

    def loss_grad(w):
        r = x1 - X0 @ w
        return -2 * X0.T @ (vv * r)

    res = optimize.minimize(loss, np.full(j, 1.0 / j), jac=loss_grad, method="SLSQP",
                            bounds=[(0, 1)] * j,
                            constraints=[{"type": "eq", "fun": lambda w: np.sum(w) - 1,
                                          "jac": lambda w: np.ones(j)}],
                            options={"ftol": 1e-15, "maxiter": 10000})
    w_slsqp = res.x
    w_exact, support, kkt, unique = kkt_refine(X0, x1, vv, w_slsqp)
    diff = float(np.max(np.abs(w_exact - w_slsqp)))
    assert diff < 1e-7, (name, diff)
    case = {"name": name, "note": note,
            "X0": mat(X0), "x1": vec(x1),
            "weightsSLSQP": vec(w_slsqp), "lossSLSQP": num(loss(w_slsqp)),
            "weightsKKT": vec(w_exact), "lossKKT": num(loss(w_exact)),
            "support": [int(i) for i in support],
            "maxAbsDifferenceSLSQPvsKKT": num(diff),
            "kktCheck": kkt,
            "supportAffinelyIndependent": bool(unique)}
    if v is not None:
        case["v"] = vec(vv)
    return case


def simplex_fixture():
    rng = np.random.default_rng(20240611)
    cases = []
    # (a) 10 predictors, 5 donors, target outside the hull
    X0 = rng.normal(size=(10, 5))
    x1 = rng.normal(size=10) + 0.5
    cases.append(simplex_case("k10_j5", X0, x1))
    # (b) 8 predictors, 30 donors (more donors than predictors)
    X0 = rng.normal(size=(8, 30))
    x1 = rng.normal(size=8) * 1.5
    cases.append(simplex_case("k8_j30", X0, x1, note="J > K: sparse solution"))
    # (c) 50 x 50 with predictor weights v
    X0 = rng.normal(size=(50, 50))
    x1 = rng.normal(size=50)
    v = rng.uniform(0.1, 2.0, size=50)
    cases.append(simplex_case("k50_j50_v", X0, x1, v=v, note="with predictor weights v"))
    # (d) synthetic-control-like: positive predictors on different scales, treated unit at the edge
    K, J = 12, 20
    scales = np.array([1, 10, 100, 0.1, 1, 5, 50, 2, 0.5, 20, 3, 1000.0])
    X0 = np.abs(rng.normal(loc=1.0, scale=0.3, size=(K, J))) * scales[:, None]
    x1 = np.max(X0, axis=1) * 1.02
    v = 1 / scales ** 2
    cases.append(simplex_case("synthetic_control_like", X0, x1, v=v,
                              note="predictors on scales 0.1..1000, V = 1/scale^2, target beyond every donor"))
    # (e) one donor is best: the solution is a vertex
    X0 = rng.normal(size=(6, 4))
    x1 = X0[:, 2] + 3 * (X0[:, 2] - X0.mean(axis=1))
    cases.append(simplex_case("vertex_solution", X0, x1, note="solution at a vertex of the simplex"))
    write("simplex_least_squares.json", {
        "source": "scipy.optimize.minimize(method='SLSQP', ftol=1e-15) from uniform weights, cross-checked by "
                  "an exact KKT refinement (equality-constrained least squares on SLSQP's support); "
                  "loss = sum_k v_k (x1_k - (X0 w)_k)^2; X0 is predictors x donors",
        "versions": versions(), "cases": cases})


if __name__ == "__main__":
    rosenbrock_fixture()
    powell_fixture()
    box_fixture()
    weibull_fixture()
    simplex_fixture()
