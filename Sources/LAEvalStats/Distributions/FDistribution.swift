import Foundation

/// Fisher's F distribution with d1 > 0 and d2 > 0 degrees of freedom. Invalid parameters give
/// NaN from every function.
public struct FDistribution: UnivariateDistribution, Hashable {
    public let d1: Double
    public let d2: Double

    public init(d1: Double, d2: Double) {
        self.d1 = d1
        self.d2 = d2
    }

    var isValid: Bool { d1 > 0 && d2 > 0 && d1.isFinite && d2.isFinite }

    /// (x, y) = (d1 f/(d1 f + d2), d2/(d1 f + d2)), each formed without subtraction.
    func betaArguments(_ f: Double) -> (x: Double, y: Double) {
        let r = (d2 / d1) / f
        if r > 1 {
            let s = 1 / r
            return (s / (1 + s), 1 / (1 + s))
        }
        return (1 / (1 + r), r / (1 + r))
    }

    /// log f(x) = log[xᵃ yᵇ / B(a, b)] − log f with a = d1/2, b = d2/2 and (x, y) as in
    /// ``cdf(_:)`` (A&S 26.6.1 rewritten), the beta term in Loader's saddle-point form.
    public func logPDF(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x < 0 || x.isInfinite { return -.infinity }
        if x == 0 {
            if d1 < 2 { return .infinity }
            return d1 == 2 ? 0 : -.infinity
        }
        let (bx, by) = betaArguments(x)
        return SpecialFunctions.logBetaPrefactor(d1 / 2, d2 / 2, x: bx, y: by) - log(x)
    }

    /// P(F ≤ f) = I_x(d1/2, d2/2), x = d1 f/(d1 f + d2) (A&S 26.6.2).
    public func cdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x <= 0 { return 0 }
        if x.isInfinite { return 1 }
        let (bx, by) = betaArguments(x)
        return SpecialFunctions.regularizedBeta(d1 / 2, d2 / 2, x: bx, y: by).lower
    }

    /// P(F > f) = I_y(d2/2, d1/2), y = d2/(d1 f + d2), computed directly.
    public func sf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x <= 0 { return 1 }
        if x.isInfinite { return 0 }
        let (bx, by) = betaArguments(x)
        return SpecialFunctions.regularizedBeta(d1 / 2, d2 / 2, x: bx, y: by).upper
    }

    /// The lower quantile (safeguarded Newton on log f; see ``upperQuantile(_:)``).
    public func quantile(_ p: Double) -> Double {
        guard isValid, isProbability(p) else { return .nan }
        if p > 0.5 { return solve(target: 1 - p, upper: true) }
        return solve(target: p, upper: false)
    }

    /// The f with P(F > f) = q, without forming 1 − q.
    ///
    /// Safeguarded Newton (`QuantileSolver`) on u = log f with g(u) = log tail − log target,
    /// g′ = ±f·density/tail, started from the median approximation 1 and the power-law tail
    /// asymptotes (P(F ≤ f) ∝ f^(d1/2) near 0, P(F > f) ∝ f^(−d2/2) for large f).
    public func upperQuantile(_ q: Double) -> Double {
        guard isValid, isProbability(q) else { return .nan }
        if q > 0.5 { return solve(target: 1 - q, upper: false) }
        return solve(target: q, upper: true)
    }

    func solve(target: Double, upper: Bool) -> Double {
        if target == 0 { return upper ? .infinity : 0 }
        let logTarget = log(target)
        func g(_ u: Double) -> (value: Double, slope: Double) {
            let f = exp(u)
            let (bx, by) = betaArguments(f)
            let (lower, upperTail) = SpecialFunctions.regularizedBeta(d1 / 2, d2 / 2, x: bx, y: by)
            let tail = upper ? upperTail : lower
            let density = f * exp(logPDF(f))
            return (log(tail) - logTarget, upper ? -density / tail : density / tail)
        }
        // Tail asymptotes: log P(F ≤ f) ≈ (d1/2) log f + c near 0, log P(F > f) ≈ −(d2/2) log f + c.
        let g0 = g(0)
        var start = 0.0
        if g0.value.isFinite && g0.slope.isFinite && g0.slope != 0 {
            let power = upper ? -d2 / 2 : d1 / 2
            let guess = -g0.value / power
            if (upper && g0.value > 0) || (!upper && g0.value < 0) {
                start = guess
            }
        }
        let f = exp(QuantileSolver.solve(start: start, increasing: !upper, evaluate: g))
        // A quantile beyond the double range (F(1, 1) at 1e-300 is ~1e600) comes back as the
        // largest finite value; report it as +∞.
        return f >= 0x1.fffffffffff00p1023 ? .infinity : f
    }
}
