import Foundation

/// The gamma distribution with shape k > 0 and scale θ > 0 (mean kθ), density
/// x^(k−1) e^(−x/θ) / (Γ(k) θᵏ). Invalid parameters give NaN from every function.
public struct GammaDistribution: UnivariateDistribution, Hashable {
    public let shape: Double
    public let scale: Double

    public init(shape: Double, scale: Double = 1) {
        self.shape = shape
        self.scale = scale
    }

    var isValid: Bool { shape > 0 && shape.isFinite && scale > 0 && scale.isFinite }

    /// log density by Loader's saddle-point form (Loader 2000): with y = x/θ,
    /// f(x) = e^(−y) y^(k−1)/(Γ(k) θ) = poisson(k − 1; y)/θ for k ≥ 1 and
    /// (k/x) · poisson(k; y) for k < 1, where poisson(ν; y) = e^(−y) y^ν/Γ(ν + 1) is formed as
    /// −δ(ν) − bd0(ν, y) − ½ log(2πν), free of cancellation for large k.
    public func logPDF(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x < 0 || x.isInfinite { return -.infinity }
        if x == 0 {
            if shape < 1 { return .infinity }
            return shape == 1 ? -log(scale) : -.infinity
        }
        let y = x / scale
        if shape >= 1 { return SpecialFunctions.logPoissonTerm(shape - 1, y) - log(scale) }
        return log(shape / x) + SpecialFunctions.logPoissonTerm(shape, y)
    }

    /// P(k, x/θ), the regularised lower incomplete gamma function
    /// (`SpecialFunctions.regularizedGamma`).
    public func cdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x <= 0 { return 0 }
        return SpecialFunctions.regularizedGamma(shape, x / scale).p
    }

    /// Q(k, x/θ), the regularised upper incomplete gamma function, computed directly.
    public func sf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x <= 0 { return 1 }
        return SpecialFunctions.regularizedGamma(shape, x / scale).q
    }

    /// The x with P(k, x/θ) = p; see ``GammaDistribution/standardQuantile(shape:target:upper:)``.
    public func quantile(_ p: Double) -> Double {
        guard isValid, isProbability(p) else { return .nan }
        if p > 0.5 { return scale * GammaDistribution.standardQuantile(shape: shape, target: 1 - p, upper: true) }
        return scale * GammaDistribution.standardQuantile(shape: shape, target: p, upper: false)
    }

    /// The x with Q(k, x/θ) = q, without forming 1 − q.
    public func upperQuantile(_ q: Double) -> Double {
        guard isValid, isProbability(q) else { return .nan }
        if q > 0.5 { return scale * GammaDistribution.standardQuantile(shape: shape, target: 1 - q, upper: false) }
        return scale * GammaDistribution.standardQuantile(shape: shape, target: q, upper: true)
    }

    /// Quantile of the unit-scale gamma for a tail probability `target` ≤ ½ (lower tail P, or
    /// upper tail Q when `upper`).
    ///
    /// Safeguarded Newton (`QuantileSolver`) on u = log x with g(u) = log tail − log target,
    /// g′ = ±x f(x)/tail. Start: for small lower-tail targets P ≈ xᵏ/Γ(k + 1), so
    /// log x ≈ (log p + log Γ(k + 1))/k; otherwise the Wilson–Hilferty cube-root normal
    /// approximation x ≈ k(1 − 1/(9k) + z/(3√k))³ (Johnson, Kotz & Balakrishnan, ch. 17).
    static func standardQuantile(shape k: Double, target: Double, upper: Bool) -> Double {
        if target == 0 { return upper ? .infinity : 0 }
        if target == 1 { return upper ? 0 : .infinity }
        let z = upper ? -Normal.standardQuantile(target) : Normal.standardQuantile(target)
        let c = 1 / (9 * k)
        let cube = 1 - c + z * c.squareRoot()
        var start: Double
        if cube > 0.1 {
            start = log(k) + 3 * log(cube)
        } else {
            start = (log(target) + SpecialFunctions.logGamma(k + 1)) / k
        }
        if !upper {
            let small = (log(target) + SpecialFunctions.logGamma(k + 1)) / k
            if small < start { start = small }
        }
        let unit = GammaDistribution(shape: k, scale: 1)
        let logTarget = log(target)
        let u = QuantileSolver.solve(start: start, increasing: !upper) { u in
            let x = exp(u)
            let (p, q) = SpecialFunctions.regularizedGamma(k, x)
            let tail = upper ? q : p
            let density = x * exp(unit.logPDF(x))
            let slope = upper ? -density / tail : density / tail
            return (log(tail) - logTarget, slope)
        }
        return exp(u)
    }
}

/// The chi-square distribution with df > 0 degrees of freedom: Gamma(df/2, scale 2). Invalid
/// parameters give NaN from every function.
public struct ChiSquared: UnivariateDistribution, Hashable {
    public let df: Double

    public init(df: Double) { self.df = df }

    var gamma: GammaDistribution { GammaDistribution(shape: df / 2, scale: 2) }

    /// Gamma(df/2, 2) log density (Loader's saddle-point form).
    public func logPDF(_ x: Double) -> Double { gamma.logPDF(x) }
    /// Gamma(df/2, 2) density.
    public func pdf(_ x: Double) -> Double { gamma.pdf(x) }
    /// P(df/2, x/2).
    public func cdf(_ x: Double) -> Double { gamma.cdf(x) }
    /// Q(df/2, x/2), computed directly.
    public func sf(_ x: Double) -> Double { gamma.sf(x) }
    /// 2 × the Gamma(df/2) lower quantile.
    public func quantile(_ p: Double) -> Double { gamma.quantile(p) }
    /// 2 × the Gamma(df/2) upper quantile.
    public func upperQuantile(_ q: Double) -> Double { gamma.upperQuantile(q) }
}
