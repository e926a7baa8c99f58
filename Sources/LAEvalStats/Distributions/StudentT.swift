import Foundation

/// Student's t distribution with df > 0 degrees of freedom (df = +∞ is the standard normal).
/// Invalid parameters give NaN from every function.
public struct StudentT: UnivariateDistribution, Hashable {
    public let df: Double

    public init(df: Double) { self.df = df }

    var isValid: Bool { df > 0 }

    /// log f(t) = log[Γ((ν+1)/2)/Γ(ν/2)] − ½ log(νπ) − ((ν+1)/2) log(1 + t²/ν).
    ///
    /// The gamma ratio, with a = ν/2, is a·log1p(1/(2a)) − ½ + ½ log a + δ(a + ½) − δ(a) from
    /// Stirling's formula with the Stirling error δ, so it does not cancel for large ν (a plain
    /// difference of log-gammas loses ~1e-10 at ν = 10⁶). For |t| beyond 10¹⁵⁰, log(1 + t²/ν)
    /// is 2 log|t| − log ν + log1p(ν/t²) to avoid overflow.
    public func logPDF(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if df.isInfinite { return Normal().logPDF(x) }
        if x.isInfinite { return -.infinity }
        let a = df / 2
        let ratio = a * log1p(1 / (2 * a)) - 0.5 + 0.5 * log(a)
            + SpecialFunctions.stirlingError(a + 0.5) - SpecialFunctions.stirlingError(a)
        let t = abs(x)
        let logTerm: Double
        if t > 1e150 {
            let r = (df / t) / t
            logTerm = 2 * log(t) - log(df) + log1p(r)
        } else {
            logTerm = log1p(t * t / df)
        }
        return ratio - 0.5 * log(df * Double.pi) - (df + 1) / 2 * logTerm
    }

    /// P(T ≤ t). With x = ν/(ν + t²) and y = t²/(ν + t²) (both formed without subtraction),
    /// P(T > |t|) = ½ I_x(ν/2, ½) (A&S 26.7.1 via 26.5.27); the regularised incomplete beta
    /// returns both I_x and its complement, so either tail is computed directly.
    public func cdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if df.isInfinite { return Normal.standardCDF(x) }
        let (tail, centre) = tails(abs(x))
        return x < 0 ? tail : centre
    }

    /// P(T > t), computed directly (see ``cdf(_:)``).
    public func sf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if df.isInfinite { return Normal.standardCDF(-x) }
        let (tail, centre) = tails(abs(x))
        return x > 0 ? tail : centre
    }

    /// (P(T > t), P(T ≤ t)) for t ≥ 0.
    func tails(_ t: Double) -> (Double, Double) {
        if t == 0 { return (0.5, 0.5) }
        if t.isInfinite { return (0, 1) }
        let x: Double
        let y: Double
        if t * t < df {
            let s = t * t / df
            x = 1 / (1 + s)
            y = s / (1 + s)
        } else {
            let r = (df / t) / t
            if r < 1e-200 {
                // Far tail where x = ν/(ν + t²) may underflow: Iₓ(a, ½) = xᵃ/(a B(a, ½)) ·
                // (1 + O(x)) (A&S 26.5.4), with log x = log ν − 2 log t to within 1e-200.
                let a = df / 2
                let logX = log(df) - 2 * log(t)
                let lower = exp(a * logX - log(a) - SpecialFunctions.logBeta(a, 0.5))
                return (lower / 2, 1 - lower / 2)
            }
            x = r / (1 + r)
            y = 1 / (1 + r)
        }
        let (lower, upper) = SpecialFunctions.regularizedBeta(df / 2, 0.5, x: x, y: y)
        return (lower / 2, 0.5 + upper / 2)
    }

    /// The lower quantile; by symmetry −``upperQuantile(_:)``(p) for p < ½.
    public func quantile(_ p: Double) -> Double {
        guard isValid, isProbability(p) else { return .nan }
        if p == 0.5 { return 0 }
        if p < 0.5 { return -upperTailQuantile(p) }
        return upperTailQuantile(1 - p)
    }

    /// The t with P(T > t) = q, without forming 1 − q.
    public func upperQuantile(_ q: Double) -> Double {
        guard isValid, isProbability(q) else { return .nan }
        if q == 0.5 { return 0 }
        if q < 0.5 { return upperTailQuantile(q) }
        return -upperTailQuantile(1 - q)
    }

    /// The t > 0 with P(T > t) = q, 0 ≤ q < ½.
    ///
    /// Safeguarded Newton (`QuantileSolver`) on u = log t with g(u) = log P(T > t) − log q,
    /// g′ = −t f(t)/P(T > t). Two starting values are tried and the better kept: the normal
    /// quantile with the first Cornish–Fisher correction, t ≈ z + (z³ + z)/(4ν) (A&S 26.7.5),
    /// and the power-tail asymptote P(T > t) ≈ C ν^((ν−1)/2) t^(−ν), C = Γ((ν+1)/2)/(Γ(ν/2)√(νπ)).
    func upperTailQuantile(_ q: Double) -> Double {
        if q == 0 { return .infinity }
        if df.isInfinite { return -Normal.standardQuantile(q) }
        let logQ = log(q)
        func g(_ u: Double) -> (value: Double, slope: Double) {
            let t = exp(u)
            let (tail, _) = tails(t)
            let slope = -t * exp(logPDF(t)) / tail
            return (log(tail) - logQ, slope)
        }
        let z = -Normal.standardQuantile(q)
        let normalStart = log(max(z + (z * z * z + z) / (4 * df), 1e-300))
        let logC = logPDF(0)
        let tailStart = (logC + (df - 1) / 2 * log(df) - logQ) / df
        let start: Double
        if tailStart.isFinite, abs(g(tailStart).value) < abs(g(normalStart).value) {
            start = tailStart
        } else {
            start = normalStart
        }
        let t = exp(QuantileSolver.solve(start: start, increasing: false, evaluate: g))
        // Beyond the double range (df < 1 far tails) the solver stops at the largest finite value.
        return t >= 0x1.fffffffffff00p1023 ? .infinity : t
    }
}
