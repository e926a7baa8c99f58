import Foundation

/// The binomial distribution: successes in n ≥ 0 independent trials with success probability
/// 0 ≤ p ≤ 1. Functions of x treat it as a count: the mass is zero off the integers and
/// cdf/sf use ⌊x⌋. Invalid parameters (n < 0, p outside [0, 1]) give NaN from every function.
public struct Binomial: UnivariateDistribution, Hashable {
    public let n: Int
    public let p: Double

    public init(n: Int, p: Double) {
        self.n = n
        self.p = p
    }

    var isValid: Bool { n >= 0 && p >= 0 && p <= 1 }

    /// P(X = k).
    public func pmf(_ k: Int) -> Double { exp(logPMF(k)) }

    /// log P(X = k) by Loader's saddle-point form (Loader 2000, "Fast and accurate computation
    /// of binomial probabilities"):
    /// δ(n) − δ(k) − δ(n − k) − bd0(k, np) − bd0(n − k, nq) + ½ log(n/(2πk(n − k))),
    /// with the Stirling error δ and the deviance bd0 (`SpecialFunctions.deviance`), which keeps
    /// full relative accuracy for large n; k = 0 and k = n are n log1p(−p) and n log p.
    public func logPMF(_ k: Int) -> Double {
        guard isValid else { return .nan }
        if k < 0 || k > n { return -.infinity }
        let q = 1 - p
        if p == 0 { return k == 0 ? 0 : -.infinity }
        if p == 1 { return k == n ? 0 : -.infinity }
        if k == 0 { return Double(n) * log1p(-p) }
        if k == n { return Double(n) * log(p) }
        let nn = Double(n)
        let kk = Double(k)
        let rest = nn - kk
        return SpecialFunctions.stirlingError(nn) - SpecialFunctions.stirlingError(kk)
            - SpecialFunctions.stirlingError(rest) - SpecialFunctions.deviance(kk, nn * p)
            - SpecialFunctions.deviance(rest, nn * q)
            + 0.5 * log(nn / (2 * Double.pi * kk * rest))
    }

    /// The mass at x: ``logPMF(_:)`` at integer x, −∞ elsewhere.
    public func logPDF(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        guard x == x.rounded(), abs(x) < 1e18 else { return -.infinity }
        return logPMF(Int(x))
    }

    /// P(X ≤ x) = I_(1−p)(n − k, k + 1), k = ⌊x⌋ (A&S 26.5.24), by the regularised incomplete
    /// beta function.
    public func cdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        let k = x.rounded(.down)
        if k < 0 { return 0 }
        if k >= Double(n) { return 1 }
        return tails(k).lower
    }

    /// P(X > x) = I_p(k + 1, n − k), k = ⌊x⌋, computed directly.
    public func sf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        let k = x.rounded(.down)
        if k < 0 { return 1 }
        if k >= Double(n) { return 0 }
        return tails(k).upper
    }

    func tails(_ k: Double) -> (lower: Double, upper: Double) {
        if p == 0 { return (1, 0) }
        if p == 1 { return (0, 1) }
        return SpecialFunctions.regularizedBeta(Double(n) - k, k + 1, x: 1 - p, y: p)
    }

    /// The smallest k with P(X ≤ k) ≥ p (as R's `qbinom`, without its fuzz: ties are decided
    /// by the computed cdf). Found by exponential search and bisection over k from the
    /// Cornish–Fisher start μ + σ(z + γ(z² − 1)/6); for p > ½ the equivalent test
    /// P(X > k) ≤ 1 − p is used, 1 − p being exact there.
    public func quantile(_ p: Double) -> Double {
        guard isValid, isProbability(p) else { return .nan }
        if p > 0.5 { return search(upperTarget: 1 - p) }
        return search(lowerTarget: p)
    }

    /// The smallest k with P(X > k) ≤ q, i.e. ``quantile(_:)`` of 1 − q without forming it.
    public func upperQuantile(_ q: Double) -> Double {
        guard isValid, isProbability(q) else { return .nan }
        if q > 0.5 { return search(lowerTarget: 1 - q) }
        return search(upperTarget: q)
    }

    func start(lowerProbability: Double) -> Double {
        let mean = Double(n) * p
        let sd = (mean * (1 - p)).squareRoot()
        if sd == 0 { return mean }
        let z = Normal.standardQuantile(lowerProbability)
        let skew = (1 - 2 * p) / sd
        let guess = mean + sd * (z + skew * (z * z - 1) / 6)
        return guess.isFinite ? guess : mean
    }

    func search(lowerTarget target: Double) -> Double {
        if target == 0 { return 0 }
        return QuantileSolver.smallestInteger(
            from: start(lowerProbability: target), lowest: 0, highest: Double(n)
        ) { cdf($0) >= target }
    }

    func search(upperTarget target: Double) -> Double {
        if target == 0 { return Double(n) }
        let guess = start(lowerProbability: 1 - target)
        return QuantileSolver.smallestInteger(from: guess, lowest: 0, highest: Double(n)) {
            sf($0) <= target
        }
    }
}
