import Foundation

/// The Poisson distribution with mean λ ≥ 0 (λ = 0 is the point mass at 0). Functions of x
/// treat it as a count: the mass is zero off the integers and cdf/sf use ⌊x⌋. Invalid
/// parameters (λ < 0 or non-finite) give NaN from every function.
public struct Poisson: UnivariateDistribution, Hashable {
    public let lambda: Double

    public init(lambda: Double) { self.lambda = lambda }

    var isValid: Bool { lambda >= 0 && lambda.isFinite }

    /// P(X = k).
    public func pmf(_ k: Int) -> Double { exp(logPMF(k)) }

    /// log P(X = k) = −δ(k) − bd0(k, λ) − ½ log(2πk) (Loader 2000), which avoids the
    /// cancellation in k log λ − λ − log k! for large k and λ; −λ at k = 0.
    public func logPMF(_ k: Int) -> Double {
        guard isValid else { return .nan }
        if k < 0 { return -.infinity }
        return SpecialFunctions.logPoissonTerm(Double(k), lambda)
    }

    /// The mass at x: ``logPMF(_:)`` at integer x, −∞ elsewhere.
    public func logPDF(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        guard x == x.rounded(), abs(x) < 1e18 else { return -.infinity }
        return logPMF(Int(x))
    }

    /// P(X ≤ x) = Q(k + 1, λ), k = ⌊x⌋ (A&S 26.4.21), the regularised upper incomplete gamma.
    public func cdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        let k = x.rounded(.down)
        if k < 0 { return 0 }
        if lambda == 0 || k.isInfinite { return 1 }
        return SpecialFunctions.regularizedGamma(k + 1, lambda).q
    }

    /// P(X > x) = P(k + 1, λ), computed directly.
    public func sf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        let k = x.rounded(.down)
        if k < 0 { return 1 }
        if lambda == 0 || k.isInfinite { return 0 }
        return SpecialFunctions.regularizedGamma(k + 1, lambda).p
    }

    /// The smallest k with P(X ≤ k) ≥ p (R's `qpois` without its fuzz), by exponential search
    /// and bisection from the Cornish–Fisher start λ + √λ(z + (z² − 1)/(6√λ)); for p > ½ the
    /// equivalent test P(X > k) ≤ 1 − p. p = 1 gives +∞.
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
        if lambda == 0 { return 0 }
        let sd = lambda.squareRoot()
        let z = Normal.standardQuantile(lowerProbability)
        let guess = lambda + sd * (z + (z * z - 1) / (6 * sd))
        return guess.isFinite ? max(guess, 0) : lambda
    }

    func search(lowerTarget target: Double) -> Double {
        if target == 0 || lambda == 0 { return 0 }
        return QuantileSolver.smallestInteger(
            from: start(lowerProbability: target), lowest: 0, highest: 0x1p62
        ) { cdf($0) >= target }
    }

    func search(upperTarget target: Double) -> Double {
        if lambda == 0 { return 0 }
        if target == 0 { return .infinity }
        return QuantileSolver.smallestInteger(
            from: start(lowerProbability: 1 - target), lowest: 0, highest: 0x1p62
        ) { sf($0) <= target }
    }
}
