import Foundation

/// The distribution of an uncertain model parameter in a probabilistic sensitivity analysis,
/// given by the summaries an appraisal usually has (mean and standard deviation, or a range),
/// converted to the distribution's own parameters by the method of moments (Briggs, Claxton &
/// Sculpher, "Decision Modelling for Health Economic Evaluation", 2006, ch. 4).
public enum ParameterDistribution: Sendable, Codable, Hashable {
    /// N(mean, sd²): for parameters that may take any sign (e.g. an effect estimate and its SE).
    case normal(mean: Double, sd: Double)
    /// Log-normal with the given mean and sd on the natural scale: σ² = log(1 + sd²/mean²),
    /// μ = log(mean) − σ²/2 (for ratios and other positive, skewed parameters).
    case logNormal(mean: Double, sd: Double)
    /// Gamma with shape k = mean²/sd² and scale θ = sd²/mean (for costs: positive and skewed).
    case gamma(mean: Double, sd: Double)
    /// Beta with α = mean·(mean(1 − mean)/sd² − 1) and β = α(1 − mean)/mean (for
    /// probabilities and proportions); needs sd² < mean(1 − mean).
    case beta(mean: Double, sd: Double)
    /// Uniform on [low, high).
    case uniform(low: Double, high: Double)
    /// Triangular on [low, high] with the given mode, drawn by inverting its CDF.
    case triangular(low: Double, mode: Double, high: Double)
    /// A constant: the parameter is not varied.
    case fixed(Double)

    /// Throws `invalidDistribution` (naming `parameter`) if the summaries are impossible.
    public func validate(parameter: String) throws {
        func fail(_ reason: String) -> EconomicsError { .invalidDistribution(parameter: parameter, reason: reason) }
        let values: [Double]
        switch self {
        case .normal(let mean, let sd):
            values = [mean, sd]
            if sd < 0 { throw fail("a normal distribution needs sd ≥ 0") }
        case .logNormal(let mean, let sd), .gamma(let mean, let sd):
            values = [mean, sd]
            if !(mean > 0 && sd > 0) { throw fail("a log-normal or gamma distribution needs mean > 0 and sd > 0") }
        case .beta(let mean, let sd):
            values = [mean, sd]
            if !(mean > 0 && mean < 1 && sd > 0 && sd * sd < mean * (1 - mean)) {
                throw fail("a beta distribution needs 0 < mean < 1 and 0 < sd² < mean·(1 − mean)")
            }
        case .uniform(let low, let high):
            values = [low, high]
            if !(low <= high) { throw fail("a uniform distribution needs low ≤ high") }
        case .triangular(let low, let mode, let high):
            values = [low, mode, high]
            if !(low <= mode && mode <= high && low < high) { throw fail("a triangular distribution needs low ≤ mode ≤ high and low < high") }
        case .fixed(let value):
            values = [value]
        }
        if !values.allSatisfy(\.isFinite) { throw fail("the distribution's summaries must be finite numbers") }
    }

    /// The distribution's mean.
    public var mean: Double {
        switch self {
        case .normal(let mean, _), .logNormal(let mean, _), .gamma(let mean, _), .beta(let mean, _): mean
        case .uniform(let low, let high): (low + high) / 2
        case .triangular(let low, let mode, let high): (low + mode + high) / 3
        case .fixed(let value): value
        }
    }

    /// The distribution's standard deviation.
    public var standardDeviation: Double {
        switch self {
        case .normal(_, let sd), .logNormal(_, let sd), .gamma(_, let sd), .beta(_, let sd): sd
        case .uniform(let low, let high): (high - low) / 12.0.squareRoot()
        case .triangular(let a, let c, let b): ((a * a + b * b + c * c - a * b - a * c - b * c) / 18).squareRoot()
        case .fixed: 0
        }
    }

    /// One draw (the summaries are assumed valid: see ``validate(parameter:)``).
    public func draw(using generator: inout SeededGenerator) -> Double {
        switch self {
        case .normal(let mean, let sd):
            return generator.normal(mean: mean, sd: sd)
        case .logNormal(let mean, let sd):
            let variance = log1p(sd * sd / (mean * mean))
            return exp(log(mean) - variance / 2 + variance.squareRoot() * generator.normal())
        case .gamma(let mean, let sd):
            return Self.standardGamma(shape: mean * mean / (sd * sd), using: &generator) * sd * sd / mean
        case .beta(let mean, let sd):
            let common = mean * (1 - mean) / (sd * sd) - 1
            let x = Self.standardGamma(shape: mean * common, using: &generator)
            let y = Self.standardGamma(shape: (1 - mean) * common, using: &generator)
            return x / (x + y)
        case .uniform(let low, let high):
            return generator.uniform(low, high)
        case .triangular(let low, let mode, let high):
            let u = generator.uniform()
            let split = (mode - low) / (high - low)
            return u < split ? low + (u * (high - low) * (mode - low)).squareRoot()
                : high - ((1 - u) * (high - low) * (high - mode)).squareRoot()
        case .fixed(let value):
            return value
        }
    }

    /// A Gamma(shape, 1) draw by Marsaglia & Tsang (2000, "A simple method for generating gamma
    /// variables", ACM TOMS 26): for k ≥ 1, d = k − ⅓, c = 1/√(9d), accept v = (1 + cx)³ (x
    /// standard normal) when log u < x²/2 + d(1 − v + log v); for k < 1, a Gamma(k + 1) draw
    /// times u^(1/k).
    static func standardGamma(shape: Double, using generator: inout SeededGenerator) -> Double {
        if shape < 1 {
            let boost = pow(generator.uniform(), 1 / shape)
            return standardGamma(shape: shape + 1, using: &generator) * boost
        }
        let d = shape - 1.0 / 3, c = 1 / (9 * d).squareRoot()
        while true {
            let x = generator.normal()
            let base = 1 + c * x
            guard base > 0 else { continue }
            let v = base * base * base
            let u = generator.uniform()
            if u < 1 - 0.0331 * x * x * x * x || log(u) < x * x / 2 + d * (1 - v + log(v)) { return d * v }
        }
    }
}

/// A named uncertain parameter.
public struct UncertainParameter: Sendable, Codable, Hashable {
    public var name: String
    public var distribution: ParameterDistribution

    public init(_ name: String, _ distribution: ParameterDistribution) {
        self.name = name
        self.distribution = distribution
    }
}
