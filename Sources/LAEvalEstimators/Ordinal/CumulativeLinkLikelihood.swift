import Foundation
import LAEvalStats

/// The log-likelihood of a cumulative link model with its analytic gradient and Hessian, in
/// the parameters φ = (θ₁, …, θ_{J−1}, β₁, …, β_p) (clm's order: thresholds first).
///
/// Observation i in category k has probability πᵢ = F(η_u) − F(η_l), with η_u = θ_k − xᵢᵀβ
/// (+∞ for the last category) and η_l = θ_{k−1} − xᵢᵀβ (−∞ for the first). Writing
/// η_u = a_uᵀφ and η_l = a_lᵀφ, with a_u = (e_k, −xᵢ) and a_l = (e_{k−1}, −xᵢ),
///
///   ∂πᵢ/∂φ = f(η_u) a_u − f(η_l) a_l,   ∂²πᵢ/∂φ∂φᵀ = f′(η_u) a_u a_uᵀ − f′(η_l) a_l a_lᵀ,
///
/// and ℓ = Σ wᵢ log πᵢ has gradient Σ wᵢ ∂πᵢ/πᵢ and Hessian
/// Σ wᵢ [∂²πᵢ/πᵢ − ∂πᵢ ∂πᵢᵀ/πᵢ²] (McCullagh 1980, §6; Christensen's `ordinal`, clm.fit).
struct CumulativeLinkLikelihood: Sendable {
    /// Observations with positive weight only.
    let outcome: [Int]
    let design: Matrix
    let weights: [Double]
    let categoryCount: Int
    let link: CumulativeLink

    var thresholdCount: Int { categoryCount - 1 }
    var parameterCount: Int { thresholdCount + design.columns }

    struct Evaluation {
        var logLikelihood: Double
        var gradient: [Double]
        /// ∂²ℓ/∂φ∂φᵀ (negative definite at a maximum).
        var hessian: Matrix
    }

    /// Σ wᵢ log πᵢ; −∞ when some πᵢ is not positive (thresholds out of order).
    func logLikelihood(_ parameters: [Double]) -> Double {
        let eta = linearPredictor(parameters)
        var total = 0.0
        for i in outcome.indices {
            let (lower, upper) = bounds(parameters, category: outcome[i], eta: eta[i])
            let probability = link.probability(lower: lower, upper: upper)
            guard probability > 0 else { return -.infinity }
            total += weights[i] * log(probability)
        }
        return total
    }

    /// ℓ, its gradient and its Hessian at `parameters`; nil when some πᵢ is not positive.
    func evaluate(_ parameters: [Double]) -> Evaluation? {
        let m = parameterCount
        let eta = linearPredictor(parameters)
        var result = Evaluation(logLikelihood: 0, gradient: Array(repeating: 0, count: m), hessian: Matrix(rows: m, columns: m))
        for i in outcome.indices {
            guard accumulate(observation: i, parameters: parameters, eta: eta[i], into: &result) else { return nil }
        }
        return result
    }

    /// Adds observation i's terms to ℓ, the gradient and the Hessian; false when πᵢ ≤ 0.
    private func accumulate(observation i: Int, parameters: [Double], eta: Double, into result: inout Evaluation) -> Bool {
        let k = outcome[i], w = weights[i]
        let (lower, upper) = bounds(parameters, category: k, eta: eta)
        let probability = link.probability(lower: lower, upper: upper)
        guard probability > 0 else { return false }
        result.logLikelihood += w * log(probability)
        let x = design.row(i)
        var derivative = [Double](repeating: 0, count: parameterCount)
        if upper.isFinite {
            let a = direction(threshold: k, x: x)
            addScaled(&derivative, a, link.density(upper))
            addOuter(&result.hessian, a, w * link.densityDerivative(upper) / probability)
        }
        if lower.isFinite {
            let a = direction(threshold: k - 1, x: x)
            addScaled(&derivative, a, -link.density(lower))
            addOuter(&result.hessian, a, -w * link.densityDerivative(lower) / probability)
        }
        addScaled(&result.gradient, derivative, w / probability)
        addOuter(&result.hessian, derivative, -w / (probability * probability))
        return true
    }

    /// xᵢᵀβ for every observation.
    func linearPredictor(_ parameters: [Double]) -> [Double] {
        design * Array(parameters[thresholdCount...])
    }

    /// (η_l, η_u) = (θ_{k−1} − xᵀβ, θ_k − xᵀβ), infinite beyond the first and last thresholds.
    private func bounds(_ parameters: [Double], category k: Int, eta: Double) -> (Double, Double) {
        let lower = k == 0 ? -Double.infinity : parameters[k - 1] - eta
        let upper = k == thresholdCount ? Double.infinity : parameters[k] - eta
        return (lower, upper)
    }

    /// a = ∂η/∂φ for η = θ_j − xᵀβ: the unit vector at threshold j followed by −x.
    private func direction(threshold j: Int, x: [Double]) -> [Double] {
        var a = [Double](repeating: 0, count: thresholdCount)
        a[j] = 1
        return a + x.map { -$0 }
    }

    private func addScaled(_ target: inout [Double], _ v: [Double], _ scale: Double) {
        for j in v.indices where v[j] != 0 { target[j] += scale * v[j] }
    }

    /// H += scale · v vᵀ.
    private func addOuter(_ h: inout Matrix, _ v: [Double], _ scale: Double) {
        let m = v.count
        for c in 0..<m where v[c] != 0 {
            let factor = scale * v[c]
            for r in 0..<m where v[r] != 0 { h.storage[c * m + r] += factor * v[r] }
        }
    }
}
