import Foundation
import LAEvalStats

/// Why a cumulative link model could not be fitted. Rows are 1-based, as a person counts them.
public enum CumulativeLinkError: Error, Equatable, CustomStringConvertible {
    case tooFewCategories(count: Int)
    case outcomeLength(outcome: Int, rows: Int)
    case weightsLength(weights: Int, rows: Int)
    case namesLength(names: Int, columns: Int)
    case outcomeOutOfRange(row: Int, value: Int, categories: Int)
    case invalidWeight(row: Int, value: Double)
    case nonFiniteCovariate(row: Int, term: String)
    case emptyCategory(category: String)
    case constantCovariate(term: String)
    case rankDeficient(terms: [String])
    case singularInformation

    public var description: String {
        switch self {
        case .tooFewCategories(let count):
            "the outcome has \(count) categor\(count == 1 ? "y" : "ies"): an ordinal model needs at least 2"
        case .outcomeLength(let outcome, let rows):
            "the outcome has \(outcome) values but the design has \(rows) rows"
        case .weightsLength(let weights, let rows):
            "the weights have \(weights) values but the design has \(rows) rows"
        case .namesLength(let names, let columns):
            "\(names) term names were given for a design with \(columns) columns"
        case .outcomeOutOfRange(let row, let value, let categories):
            "row \(row): outcome category index \(value) is not one of 0..<\(categories)"
        case .invalidWeight(let row, let value):
            "row \(row): weight \(value) is negative or not finite: weights must be finite and 0 or more"
        case .nonFiniteCovariate(let row, let term):
            "row \(row): covariate '\(term)' is missing or infinite: drop or impute that row first"
        case .emptyCategory(let category):
            "outcome category '\(category)' has no observations: merge it with a neighbouring category or drop it"
        case .constantCovariate(let term):
            "covariate '\(term)' is constant: the thresholds play the intercept's role, so drop it"
        case .rankDeficient(let terms):
            "the design is rank deficient: \(terms.map { "'\($0)'" }.joined(separator: ", ")) "
                + "\(terms.count == 1 ? "is a linear combination" : "are linear combinations") of the earlier columns and a constant: drop \(terms.count == 1 ? "it" : "them")"
        case .singularInformation:
            "the observed information is singular at the estimate (a covariate may separate the outcome categories): no standard errors"
        }
    }
}

/// The cumulative link model of McCullagh (1980, "Regression models for ordinal data", JRSS B
/// 42:109–142) for an outcome in J ordered categories,
///
///   P(Y ≤ j | x) = F(θ_j − xᵀβ),  j = 1, …, J − 1,  θ₁ < … < θ_{J−1},
///
/// in the parameterisation of Christensen's R package `ordinal` (`clm`, default
/// `sign.location = "negative"`: a positive β shifts the outcome to higher categories), with F
/// the logistic (proportional odds) or the standard normal distribution function. The
/// thresholds θ take the place of an intercept, so the design has none.
///
/// Fitted as `clm` fits it: Newton–Raphson on the (weighted) log-likelihood with its analytic
/// gradient and Hessian, with step halving when ℓ falls and a ridge added to the information
/// when it is not positive definite. Start: β = 0 and θ_j = F⁻¹(share of the outcome ≤ j).
/// Stop when max |∂ℓ/∂φ| < `gradientTolerance` and the Newton step is below
/// `relativeTolerance` relative to each parameter (to max(|φ_k|, 1)), then take that last
/// step; clm's defaults (gradTol = relTol = 1e-6) are much looser. Starting values and the
/// handling of an indefinite Hessian differ from clm's, the optimum does not (see
/// Tests/LAEvalEstimatorsTests/Fixtures/ordinal/README.md). Standard errors come from the
/// inverse observed information at the estimate (clm's `vcov`); Wald z and p as `summary(clm)`.
public enum CumulativeLinkModel {
    public struct Options: Sendable {
        public var gradientTolerance: Double
        public var relativeTolerance: Double
        public var maxIterations: Int
        public var maxStepHalvings: Int

        public init(gradientTolerance: Double = 1e-8, relativeTolerance: Double = 1e-10, maxIterations: Int = 100,
                    maxStepHalvings: Int = 30) {
            self.gradientTolerance = gradientTolerance
            self.relativeTolerance = relativeTolerance
            self.maxIterations = maxIterations
            self.maxStepHalvings = maxStepHalvings
        }
    }

    /// Fits the model. `outcome[i]` is the 0-based index of observation i's category in
    /// `categories` (ordered lowest first); `design` is n × p with no intercept column, its
    /// columns named by `names`; `weights` are case weights (default 1; rows of weight 0 are
    /// left out, as they add nothing to the likelihood).
    public static func fit(outcome: [Int], design: Matrix, names: [String], categories: [String],
                           link: CumulativeLink = .logit, weights: [Double]? = nil,
                           options: Options = Options()) throws -> CumulativeLinkFit {
        let likelihood = try validatedLikelihood(outcome: outcome, design: design, names: names, categories: categories,
                                                 link: link, weights: weights)
        let newton = newtonRaphson(likelihood, start: startingValues(likelihood), options: options)
        guard let evaluation = likelihood.evaluate(newton.parameters),
              let information = try? Cholesky(-1 * evaluation.hessian)
        else { throw CumulativeLinkError.singularInformation }
        let covariance = information.inverse
        let standardErrors = covariance.diagonalValues.map { $0.squareRoot() }
        let thresholdNames = (1..<categories.count).map { "\(categories[$0 - 1])|\(categories[$0])" }
        let estimates = zip(thresholdNames + names, zip(newton.parameters, standardErrors)).map {
            CumulativeLinkFit.Estimate(term: $0.0, estimate: $0.1.0, standardError: $0.1.1)
        }
        let j = likelihood.thresholdCount
        return CumulativeLinkFit(link: link, categories: categories, thresholds: Array(estimates[..<j]),
                                 coefficients: Array(estimates[j...]), covariance: covariance,
                                 logLikelihood: evaluation.logLikelihood, iterations: newton.iterations,
                                 converged: newton.converged, maxGradient: evaluation.gradient.map(abs).max() ?? 0,
                                 observations: likelihood.outcome.count)
    }

    // MARK: - Newton–Raphson

    struct NewtonResult {
        var parameters: [Double]
        var iterations: Int
        var converged: Bool
    }

    static func newtonRaphson(_ likelihood: CumulativeLinkLikelihood, start: [Double], options: Options) -> NewtonResult {
        var parameters = start
        var iterations = 0
        while iterations < options.maxIterations, let current = likelihood.evaluate(parameters) {
            guard let step = newtonStep(current) else { break }
            let maxGradient = current.gradient.map(abs).max() ?? 0
            let relativeStep = zip(step, parameters).map { abs($0) / max(abs($1), 1) }.max() ?? 0
            if maxGradient < options.gradientTolerance, relativeStep < options.relativeTolerance {
                // the last, tiny, Newton step takes the estimate to rounding error
                let final = halvedStep(likelihood, from: parameters, step: step, current: current.logLikelihood, maxHalvings: 0)
                return NewtonResult(parameters: final ?? parameters, iterations: iterations, converged: true)
            }
            iterations += 1
            guard let next = halvedStep(likelihood, from: parameters, step: step, current: current.logLikelihood,
                                        maxHalvings: options.maxStepHalvings)
            else { break }
            parameters = next
        }
        return NewtonResult(parameters: parameters, iterations: iterations, converged: false)
    }

    /// s = (−H)⁻¹ g by Cholesky; when −H is not positive definite, a ridge λI is added,
    /// λ growing tenfold from 1e-8 × max|diag H| until it is.
    static func newtonStep(_ evaluation: CumulativeLinkLikelihood.Evaluation) -> [Double]? {
        let information = -1 * evaluation.hessian
        let scale = max(information.diagonalValues.map(abs).max() ?? 1, 1e-300)
        var ridge = 0.0
        for _ in 0..<30 {
            var shifted = information
            for k in 0..<shifted.rows { shifted[k, k] += ridge }
            if let factor = try? Cholesky(shifted) { return factor.solve(evaluation.gradient) }
            ridge = ridge == 0 ? 1e-8 * scale : ridge * 10
        }
        return nil
    }

    /// φ + t s for the first t in 1, ½, ¼, … at which ℓ does not fall (to rounding).
    static func halvedStep(_ likelihood: CumulativeLinkLikelihood, from parameters: [Double], step: [Double],
                           current: Double, maxHalvings: Int) -> [Double]? {
        let slack = 1e-13 * (1 + abs(current))
        var factor = 1.0
        for _ in 0...maxHalvings {
            let candidate = zip(parameters, step).map { $0 + factor * $1 }
            if likelihood.logLikelihood(candidate) >= current - slack { return candidate }
            factor /= 2
        }
        return nil
    }

    /// β = 0 and θ_j = F⁻¹(weighted share of observations in categories ≤ j).
    static func startingValues(_ likelihood: CumulativeLinkLikelihood) -> [Double] {
        var totals = [Double](repeating: 0, count: likelihood.categoryCount)
        for (k, w) in zip(likelihood.outcome, likelihood.weights) { totals[k] += w }
        let all = totals.reduce(0, +)
        var cumulative = 0.0
        let thresholds = totals.dropLast().map { total -> Double in
            cumulative += total
            return likelihood.link.quantile(cumulative / all)
        }
        return thresholds + Array(repeating: 0, count: likelihood.design.columns)
    }

    // MARK: - Checks

    static func validatedLikelihood(outcome: [Int], design: Matrix, names: [String], categories: [String],
                                    link: CumulativeLink, weights: [Double]?) throws -> CumulativeLinkLikelihood {
        let n = design.rows
        guard categories.count >= 2 else { throw CumulativeLinkError.tooFewCategories(count: categories.count) }
        guard outcome.count == n else { throw CumulativeLinkError.outcomeLength(outcome: outcome.count, rows: n) }
        guard names.count == design.columns else { throw CumulativeLinkError.namesLength(names: names.count, columns: design.columns) }
        let weights = weights ?? Array(repeating: 1, count: n)
        guard weights.count == n else { throw CumulativeLinkError.weightsLength(weights: weights.count, rows: n) }
        for i in 0..<n {
            guard categories.indices.contains(outcome[i]) else {
                throw CumulativeLinkError.outcomeOutOfRange(row: i + 1, value: outcome[i], categories: categories.count)
            }
            guard weights[i].isFinite, weights[i] >= 0 else { throw CumulativeLinkError.invalidWeight(row: i + 1, value: weights[i]) }
            if let j = (0..<design.columns).first(where: { !design[i, $0].isFinite }) {
                throw CumulativeLinkError.nonFiniteCovariate(row: i + 1, term: names[j])
            }
        }
        let kept = (0..<n).filter { weights[$0] > 0 }
        let keptOutcome = kept.map { outcome[$0] }
        if let empty = categories.indices.first(where: { !keptOutcome.contains($0) }) {
            throw CumulativeLinkError.emptyCategory(category: categories[empty])
        }
        let keptDesign = design.selectingRows(kept)
        try checkFullRank(keptDesign, names: names)
        return CumulativeLinkLikelihood(outcome: keptOutcome, design: keptDesign, weights: kept.map { weights[$0] },
                                        categoryCount: categories.count, link: link)
    }

    /// No constant column, and [1 X] of full column rank (pivoted QR as R's lm: of collinear
    /// columns the later ones are named).
    static func checkFullRank(_ design: Matrix, names: [String]) throws {
        for j in 0..<design.columns {
            let column = design.column(j)
            if let first = column.first, column.allSatisfy({ $0 == first }) {
                throw CumulativeLinkError.constantCovariate(term: names[j])
            }
        }
        let withConstant = Matrix(columns: [Array(repeating: 1, count: design.rows)] + (0..<design.columns).map(design.column))
        let qr = QRDecomposition(withConstant)
        guard qr.rank == withConstant.columns else {
            throw CumulativeLinkError.rankDeficient(terms: qr.aliasedColumns.map { names[$0 - 1] })
        }
    }
}
