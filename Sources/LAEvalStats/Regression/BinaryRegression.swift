import Foundation

/// The link between the linear predictor η and the probability μ of a binary response.
public enum BinaryLink: String, Sendable, CaseIterable {
    /// μ = 1 / (1 + e^{−η})
    case logit
    /// μ = Φ(η)
    case probit

    /// Below this |η| the probit and logit inverses are not yet 0 or 1 in double precision
    /// (R's binomial family clamps the probit η at −Φ⁻¹(ε) ≈ 8.125 and the logit derivative at 30).
    static let probitThreshold = 8.125890664701906
    static let logitThreshold = 30.0

    func mean(_ eta: Double) -> Double {
        switch self {
        case .logit:
            return 1 / (1 + exp(-eta))
        case .probit:
            let clamped = min(max(eta, -Self.probitThreshold), Self.probitThreshold)
            return 0.5 * erfc(-clamped / 2.0.squareRoot())
        }
    }

    /// dμ/dη, never below machine epsilon (as R's binomial family).
    func derivative(_ eta: Double) -> Double {
        switch self {
        case .logit:
            guard abs(eta) <= Self.logitThreshold else { return .ulpOfOne }
            let e = exp(-abs(eta))
            return e / ((1 + e) * (1 + e))
        case .probit:
            return max(exp(-0.5 * eta * eta) / (2 * Double.pi).squareRoot(), .ulpOfOne)
        }
    }

    func linear(_ mu: Double) -> Double {
        switch self {
        case .logit: return log(mu / (1 - mu))
        case .probit: return -2.0.squareRoot() * Self.inverseErfc(2 * mu)
        }
    }

    /// erfc⁻¹ by Newton's method from a rough start (used only for the starting values).
    static func inverseErfc(_ y: Double) -> Double {
        var x = 0.0
        for _ in 0..<100 {
            let step = (erfc(x) - y) / (-2 / Double.pi.squareRoot() * exp(-x * x))
            x -= step
            if abs(step) < 1e-15 * max(1, abs(x)) { break }
        }
        return x
    }
}

/// A fitted logistic or probit regression.
public struct BinaryFit: Sendable {
    public let terms: [String]
    /// NaN for aliased terms.
    public let coefficients: [Double]
    public let estimable: [Int]
    /// (XᵀWX)⁻¹ at the solution, for the estimable terms: the model-based variance.
    public let variance: Matrix
    public let deviance: Double
    public let nullDeviance: Double
    public let logLikelihood: Double
    public let iterations: Int
    public let converged: Bool
    public let observations: Int

    public var aic: Double { -2 * logLikelihood + 2 * Double(estimable.count) }
    public var standardErrors: [Double] { variance.diagonalValues.map { $0.squareRoot() } }
}

/// Binary-response regression (logit or probit) by iteratively reweighted least squares
/// (McCullagh & Nelder, *Generalized Linear Models*, 2nd ed., §2.5), as R's `glm`, with weights
/// (prior weights, e.g. numbers of trials). Each step solves the weighted least-squares problem
/// by pivoted QR, so collinear columns are dropped as `glm` drops them. Convergence: the change
/// in deviance relative to (|deviance| + 0.1) below `tolerance` — glm's own criterion, with a
/// default of 1e-12 rather than glm's 1e-8, which stops a probit fit up to 7e-6 short — and, since
/// the deviance is flat at the optimum (a change of 1e-14 still leaves the coefficients about
/// 1e-7 from it), every coefficient's relative change below `coefficientTolerance`.
public enum BinaryRegression {
    public static func fit(y: [Double], design: Matrix, terms: [String], link: BinaryLink, weights: [Double]? = nil,
                           tolerance: Double = 1e-12, coefficientTolerance: Double = 1e-10,
                           maxIterations: Int = 100) throws -> BinaryFit {
        guard y.count == design.rows else { throw RegressionError.lengthMismatch("the outcome and the design") }
        guard y.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { throw RegressionError.nonFinite("the outcome (it must be 0 or 1, or a proportion)") }
        let prior = weights ?? Array(repeating: 1, count: y.count)
        var mu = zip(y, prior).map { ($1 * $0 + 0.5) / ($1 + 1) }
        var eta = mu.map(link.linear)
        var deviance = Self.deviance(y: y, mu: mu, weights: prior)
        var iterations = 0, converged = false
        var qr = QRDecomposition(design)
        var coefficients = [Double](repeating: .nan, count: design.columns)
        var working = prior
        while iterations < maxIterations {
            iterations += 1
            let derivatives = eta.map(link.derivative)
            var z = [Double](repeating: 0, count: y.count)
            for i in y.indices { z[i] = eta[i] + (y[i] - mu[i]) / derivatives[i] }
            working = Self.workingWeights(prior: prior, derivatives: derivatives, mu: mu)
            var weighted = design
            let root = working.map { $0.squareRoot() }
            for j in 0..<design.columns { for i in 0..<design.rows { weighted.storage[j * design.rows + i] *= root[i] } }
            qr = QRDecomposition(weighted)
            let previous = coefficients
            coefficients = qr.solve(zip(z, root).map(*))
            let estimable = Array(qr.pivot[0..<qr.rank])
            let step = estimable.map { abs(coefficients[$0] - previous[$0]) / (abs(coefficients[$0]) + 1e-8) }.max() ?? 0
            eta = design.selectingColumns(estimable) * estimable.map { coefficients[$0] }
            mu = eta.map(link.mean)
            let newDeviance = Self.deviance(y: y, mu: mu, weights: prior)
            if abs(newDeviance - deviance) / (abs(newDeviance) + 0.1) < tolerance, !(step > coefficientTolerance) {
                deviance = newDeviance
                converged = true
                break
            }
            deviance = newDeviance
        }
        // the variance uses the weights at the solution
        working = Self.workingWeights(prior: prior, derivatives: eta.map(link.derivative), mu: mu)
        var weighted = design
        let root = working.map { $0.squareRoot() }
        for j in 0..<design.columns { for i in 0..<design.rows { weighted.storage[j * design.rows + i] *= root[i] } }
        let finalQR = QRDecomposition(weighted)
        let rInverse = finalQR.rInverse
        let totalWeight = prior.reduce(0, +)
        let meanY = zip(y, prior).reduce(0) { $0 + $1.0 * $1.1 } / totalWeight
        let nullDeviance = Self.deviance(y: y, mu: Array(repeating: meanY, count: y.count), weights: prior)
        var logLikelihood = 0.0
        for i in y.indices {
            if y[i] > 0 { logLikelihood += prior[i] * y[i] * log(mu[i]) }
            if y[i] < 1 { logLikelihood += prior[i] * (1 - y[i]) * log(1 - mu[i]) }
        }
        return BinaryFit(terms: terms, coefficients: coefficients, estimable: Array(finalQR.pivot[0..<finalQR.rank]),
                         variance: rInverse * rInverse.transposed, deviance: deviance, nullDeviance: nullDeviance,
                         logLikelihood: logLikelihood, iterations: iterations, converged: converged,
                         observations: y.count)
    }

    /// IRLS weights wᵢ (dμ/dη)² / (μ(1 − μ)).
    static func workingWeights(prior: [Double], derivatives: [Double], mu: [Double]) -> [Double] {
        var result = [Double](repeating: 0, count: mu.count)
        for i in mu.indices {
            let d = derivatives[i]
            result[i] = prior[i] * d * d / (mu[i] * (1 - mu[i]))
        }
        return result
    }

    /// 2 Σ wᵢ [yᵢ log(yᵢ/μᵢ) + (1 − yᵢ) log((1 − yᵢ)/(1 − μᵢ))].
    static func deviance(y: [Double], mu: [Double], weights: [Double]) -> Double {
        var total = 0.0
        for i in y.indices {
            var term = 0.0
            if y[i] > 0 { term += y[i] * log(y[i] / mu[i]) }
            if y[i] < 1 { term += (1 - y[i]) * log((1 - y[i]) / (1 - mu[i])) }
            total += 2 * weights[i] * term
        }
        return total
    }
}
