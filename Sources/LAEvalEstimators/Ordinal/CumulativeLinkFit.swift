import Foundation
import LAEvalStats

/// A fitted cumulative link model P(Y ≤ j | x) = F(θ_j − xᵀβ), j = 1, …, J − 1
/// (McCullagh 1980; the parameterisation of Christensen's R package `ordinal`, `clm`).
public struct CumulativeLinkFit: Sendable {
    /// One parameter with its Wald test: z = estimate / SE, p = 2Φ(−|z|), as `summary(clm)`.
    public struct Estimate: Sendable, Codable, Equatable {
        public var term: String
        public var estimate: Double
        public var standardError: Double
        public var z: Double
        public var p: Double

        public init(term: String, estimate: Double, standardError: Double) {
            self.term = term
            self.estimate = estimate
            self.standardError = standardError
            z = estimate / standardError
            p = 2 * Normal.standardCDF(-abs(z))
        }
    }

    public let link: CumulativeLink
    public let categories: [String]
    /// θ₁ < … < θ_{J−1}, named "c₁|c₂" after the categories they separate (as clm names them).
    public let thresholds: [Estimate]
    /// β, one per design column.
    public let coefficients: [Estimate]
    /// The inverse of the observed information −∂²ℓ/∂φ∂φᵀ at the estimate, φ = (θ, β) in that
    /// order (clm's `vcov`).
    public let covariance: Matrix
    public let logLikelihood: Double
    /// Newton–Raphson iterations taken.
    public let iterations: Int
    /// Whether the stopping rule (small gradient and small Newton step) was met.
    public let converged: Bool
    /// max |∂ℓ/∂φ| at the estimate (clm's `maxGradient`).
    public let maxGradient: Double
    /// Observations with positive weight.
    public let observations: Int

    /// −2ℓ + 2(J − 1 + p).
    public var aic: Double { -2 * logLikelihood + 2 * Double(thresholds.count + coefficients.count) }

    /// P(Y ≤ j | x) = F(θ_j − xᵀβ) for j = 1, …, J − 1; `x` has one value per design column.
    public func cumulativeProbabilities(x: [Double]) -> [Double] {
        let eta = linearPredictor(x: x)
        return thresholds.map { link.cdf($0.estimate - eta) }
    }

    /// P(Y = j | x) = F(θ_j − xᵀβ) − F(θ_{j−1} − xᵀβ) for j = 1, …, J (θ₀ = −∞, θ_J = +∞).
    public func categoryProbabilities(x: [Double]) -> [Double] {
        let eta = linearPredictor(x: x)
        let cuts = [-Double.infinity] + thresholds.map { $0.estimate - eta } + [Double.infinity]
        return (0..<categories.count).map { link.probability(lower: cuts[$0], upper: cuts[$0 + 1]) }
    }

    /// xᵀβ.
    public func linearPredictor(x: [Double]) -> Double {
        precondition(x.count == coefficients.count, "x has \(x.count) values for \(coefficients.count) coefficients")
        return zip(x, coefficients).reduce(0) { $0 + $1.0 * $1.1.estimate }
    }
}
