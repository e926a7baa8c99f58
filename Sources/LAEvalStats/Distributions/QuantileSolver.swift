import Foundation

/// Root finding for quantiles: a Newton iteration safeguarded by a bracket (bisection, or
/// doubling the distance to the known side while the bracket is still open).
///
/// The caller chooses the variable u (x, log x or logit x) and supplies
/// g(u) = log tail(x(u)) − log target and its derivative; working with the logarithm of the
/// tail makes g nearly linear in u in the far tails (for a power or exponential tail it is
/// exactly linear in the right variable), so Newton converges in a few steps from a rough start
/// even for targets like 1e-300. A value of g of ±∞ (the tail under- or overflowing at a trial
/// point) is used only for its sign.
enum QuantileSolver {
    /// Solves g(u) = 0 for g monotone in u (`increasing` tells which way).
    ///
    /// Stops when the Newton step is below 2⁻⁵¹ · max(|u|, `scale`) or the bracket closes to
    /// that width, and after 300 evaluations at the latest (returning the best point seen).
    static func solve(
        start: Double,
        lower: Double = -.infinity,
        upper: Double = .infinity,
        increasing: Bool,
        scale: Double = 1,
        evaluate: (Double) -> (value: Double, slope: Double)
    ) -> Double {
        var lo = lower
        var hi = upper
        var u = start
        if !(u > lo && u < hi) {
            u = lo.isFinite && hi.isFinite ? (lo + hi) / 2 : (lo.isFinite ? lo + 1 : hi - 1)
        }
        var best = u
        var bestValue = Double.infinity
        for _ in 0..<300 {
            let (g, slope) = evaluate(u)
            if g == 0 { return u }
            if g.isNaN { return .nan }
            if abs(g) < bestValue {
                bestValue = abs(g)
                best = u
            }
            if (g > 0) == increasing { hi = u } else { lo = u }
            let tolerance = 0x1p-51 * max(abs(u), scale)
            var next = u - g / slope
            // A Newton step below the tolerance has converged (it may even round to u itself).
            if next.isFinite && abs(next - u) <= tolerance { return next }
            if !next.isFinite || !(next > lo && next < hi) {
                if lo.isFinite && hi.isFinite {
                    next = lo + (hi - lo) / 2
                } else if lo.isFinite {
                    next = lo + max(1, abs(lo))
                } else {
                    next = hi - max(1, abs(hi))
                }
            }
            if abs(next - u) <= tolerance { return next }
            if lo.isFinite && hi.isFinite && hi - lo <= tolerance { return next }
            u = next
        }
        return best
    }

    /// The smallest integer k in `lowest...highest` with `satisfied(k)`, for a predicate that is
    /// false below some point and true from it on; exponential search from `guess`, then
    /// bisection. Returns `highest` if the predicate never holds below it.
    static func smallestInteger(
        from guess: Double, lowest: Double, highest: Double, satisfied: (Double) -> Bool
    ) -> Double {
        var k = min(max(guess.rounded(.down), lowest), highest)
        var good: Double  // satisfied
        var bad: Double  // not satisfied (or lowest - 1)
        if satisfied(k) {
            good = k
            var step = 1.0
            while true {
                let trial = good - step
                if trial < lowest {
                    bad = lowest - 1
                    break
                }
                if satisfied(trial) {
                    good = trial
                    step *= 2
                } else {
                    bad = trial
                    break
                }
            }
        } else {
            bad = k
            var step = 1.0
            while true {
                let trial = bad + step
                if trial >= highest {
                    good = highest
                    break
                }
                if satisfied(trial) {
                    good = trial
                    break
                }
                bad = trial
                step *= 2
            }
        }
        while good - bad > 1 {
            k = (bad + (good - bad) / 2).rounded(.down)
            if satisfied(k) { good = k } else { bad = k }
        }
        return good
    }
}

/// The common interface of the univariate distributions.
///
/// Conventions (as in R): `cdf(x)` = P(X ≤ x); `sf(x)` = P(X > x), computed directly rather
/// than as 1 − cdf so that upper tails keep full relative accuracy; `quantile(p)` is the lower
/// quantile, inf{x : cdf(x) ≥ p}; `upperQuantile(q)` is the upper quantile,
/// inf{x : sf(x) ≤ q}, equal to `quantile(1 − q)` without rounding 1 − q. Invalid parameters or
/// probabilities outside [0, 1] give NaN from every function.
public protocol UnivariateDistribution: Sendable {
    /// Density (probability mass for discrete distributions).
    func pdf(_ x: Double) -> Double
    /// Natural log of ``pdf(_:)``, accurate where the density itself underflows.
    func logPDF(_ x: Double) -> Double
    /// P(X ≤ x).
    func cdf(_ x: Double) -> Double
    /// P(X > x), the upper tail.
    func sf(_ x: Double) -> Double
    /// The lower-tail quantile: the smallest x with cdf(x) ≥ p.
    func quantile(_ p: Double) -> Double
    /// The upper-tail quantile: the smallest x with sf(x) ≤ q.
    func upperQuantile(_ q: Double) -> Double
}

extension UnivariateDistribution {
    public func pdf(_ x: Double) -> Double { exp(logPDF(x)) }
}

/// Validity of a probability argument.
@inline(__always) func isProbability(_ p: Double) -> Bool { p >= 0 && p <= 1 }
