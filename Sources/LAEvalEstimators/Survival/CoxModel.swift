import Foundation
import LAEvalStats

/// How the partial likelihood treats deaths tied at one time.
public enum CoxTies: String, Sendable, CaseIterable {
    /// Efron (1977, JASA 72:557): the tied deaths leave the risk set in equal fractions (coxph's default).
    case efron
    /// Breslow (1974, Biometrics 30:89): every tied death faces the full risk set.
    case breslow
}

/// Data for a Cox model: counting-process intervals (start, stop] (Andersen & Gill 1982) or, with
/// `start` nil, right-censored times; covariates constant over each interval, so time-varying
/// covariates are split into several rows.
public struct CoxData: Sendable {
    public let start: [Double]?
    public let stop: [Double]
    public let event: [Bool]
    /// n × p.
    public let covariates: Matrix
    public let names: [String]
    /// Separate baseline hazards per stratum (coxph's `strata()`).
    public let strata: [String]?
    /// Rows sharing a label are one independent unit for the robust variance (coxph's `cluster()`).
    public let cluster: [String]?

    /// Checks lengths, that times are finite and not negative, that stop > start, and that
    /// covariates are finite; errors name the first bad row (1-based).
    public init(start: [Double]? = nil, stop: [Double], event: [Bool], covariates: Matrix, names: [String],
                strata: [String]? = nil, cluster: [String]? = nil) throws {
        let rows = stop.count
        guard rows > 0 else { throw SurvivalDataError.empty }
        for (field, count) in [("event", event.count), ("covariates", covariates.rows), ("start", start?.count ?? rows),
                               ("strata", strata?.count ?? rows), ("cluster", cluster?.count ?? rows)] {
            try SurvivalData.checkLength(field, count, rows: rows)
        }
        guard names.count == covariates.columns else {
            throw SurvivalDataError.covariateNamesMismatch(names: names.count, columns: covariates.columns)
        }
        try SurvivalData.checkTimes("stop", stop)
        if let start {
            try SurvivalData.checkTimes("start", start)
            if let row = stop.indices.first(where: { stop[$0] <= start[$0] }) {
                throw SurvivalDataError.stopNotAfterStart(row: row + 1, start: start[row], stop: stop[row])
            }
        }
        for j in 0..<covariates.columns {
            if let row = (0..<rows).first(where: { !covariates[$0, j].isFinite }) {
                throw SurvivalDataError.nonFiniteCovariate(name: names[j], row: row + 1)
            }
        }
        guard event.contains(true) else { throw SurvivalDataError.noEvents }
        (self.start, self.stop, self.event, self.covariates, self.names, self.strata, self.cluster) =
            (start, stop, event, covariates, names, strata, cluster)
    }
}

/// exp(β) with its Wald confidence limits exp(β ∓ z se).
public struct HazardRatio: Sendable, Equatable {
    public let name: String
    public let estimate: Double
    public let lower: Double
    public let upper: Double
}

/// A fitted Cox proportional-hazards model, reported as R's `summary.coxph`.
public struct CoxFit: Sendable {
    public let names: [String]
    public let ties: CoxTies
    public let coefficients: [Double]
    /// Model-based: √diag I(β̂)⁻¹.
    public let standardErrors: [Double]
    /// Lin & Wei (1989) sandwich, clustered when the data have `cluster`; nil unless robust.
    public let robustStandardErrors: [Double]?
    /// I(β̂)⁻¹.
    public let naiveCovariance: Matrix
    /// The robust covariance when robust, otherwise I(β̂)⁻¹ (coxph's `var`).
    public let covariance: Matrix
    public let logLikelihoodNull: Double
    public let logLikelihood: Double
    /// β̂ᵀ covariance⁻¹ β̂ (robust when robust, as coxph).
    public let waldTest: ChiSquareTest
    /// 2 (ℓ(β̂) − ℓ(0)).
    public let likelihoodRatioTest: ChiSquareTest
    /// The score (log-rank) test U(0)ᵀ I(0)⁻¹ U(0).
    public let scoreTest: ChiSquareTest
    /// U(0)ᵀ (L₀ᵀL₀)⁻¹ U(0) from the (clustered) score residuals L₀ at β = 0; nil unless robust.
    public let robustScoreTest: ChiSquareTest?
    public let concordance: Concordance
    public let iterations: Int
    public let converged: Bool
    /// xᵢᵀβ̂ with covariates centred at their means, as coxph's `linear.predictors`.
    public let linearPredictors: [Double]
    let riskData: CoxRiskData
    let eventTimes: [CoxEventTime]

    /// exp(β̂) with 95% (or `level`) limits from the robust SE when robust, as summary.coxph.
    public func hazardRatios(level: Double = 0.95) -> [HazardRatio] {
        let z = Normal.standardQuantile(1 - (1 - level) / 2)
        let se = robustStandardErrors ?? standardErrors
        return names.indices.map { j in
            HazardRatio(name: names[j], estimate: exp(coefficients[j]), lower: exp(coefficients[j] - z * se[j]),
                        upper: exp(coefficients[j] + z * se[j]))
        }
    }
}

/// The Cox (1972, JRSS B 34:187) proportional-hazards model λ(t | x) = λ₀(t) exp(xᵀβ), fitted by
/// Newton–Raphson on the partial likelihood exactly as R's `coxph` (Therneau & Grambsch 2000):
/// from β = 0, step β ← β + I⁻¹U, halving a step that lowers the log-likelihood, stopping when
/// |1 − ℓ_old/ℓ_new| ≤ `tolerance` (coxph's eps, default 1e-9) or after `maxIterations` (iter.max 20).
/// `robust` (implied by `cluster`) adds the sandwich variance, used by the Wald test and the
/// hazard-ratio limits as coxph does.
public enum CoxModel {
    public static func fit(_ data: CoxData, ties: CoxTies = .efron, robust: Bool = false,
                           tolerance: Double = 1e-9, maxIterations: Int = 20) throws -> CoxFit {
        let risk = CoxRiskData(data)
        let p = risk.p, isRobust = robust || data.cluster != nil
        let null = risk.partialLikelihood(beta: Array(repeating: 0, count: p), ties: ties, keepEventTimes: isRobust)
        let (beta, iterations, converged) = try newtonRaphson(risk, ties: ties, start: null, tolerance: tolerance,
                                                              maxIterations: maxIterations)
        let final = risk.partialLikelihood(beta: beta, ties: ties, keepEventTimes: true)
        let naive = try information(final.information, p: p, iteration: iterations).inverse
        let nullInformation = try information(null.information, p: p, iteration: 0)
        let scoreStatistic = zip(null.score, nullInformation.solve(null.score)).reduce(0) { $0 + $1.0 * $1.1 }
        var covariance = naive, robustScore: ChiSquareTest?
        if isRobust {
            (covariance, robustScore) = robustVariance(risk, beta: beta, naive: naive, final: final, null: null, cluster: data.cluster)
        }
        let eta = risk.linearPredictor(beta)
        let concordance = Concordance.compute(risk: eta, start: risk.start, stop: risk.stop, event: risk.event,
                                              stratum: risk.stratum, cluster: data.cluster)
        let robustSE = isRobust ? covariance.diagonalValues.map { $0.squareRoot() } : nil
        return CoxFit(names: data.names, ties: ties, coefficients: beta, standardErrors: naive.diagonalValues.map { $0.squareRoot() },
                      robustStandardErrors: robustSE, naiveCovariance: naive, covariance: covariance,
                      logLikelihoodNull: null.logLikelihood, logLikelihood: final.logLikelihood,
                      waldTest: ChiSquareTest(statistic: SurvivalAlgebra.quadraticForm(beta, inverseOf: covariance), degreesOfFreedom: p),
                      likelihoodRatioTest: ChiSquareTest(statistic: 2 * (final.logLikelihood - null.logLikelihood), degreesOfFreedom: p),
                      scoreTest: ChiSquareTest(statistic: scoreStatistic, degreesOfFreedom: p), robustScoreTest: robustScore,
                      concordance: concordance, iterations: iterations, converged: converged, linearPredictors: eta,
                      riskData: risk, eventTimes: final.eventTimes)
    }

    /// Lin & Wei (1989, JASA 84:1074): V = DᵀD with D the dfbeta residuals L I(β̂)⁻¹ summed within
    /// clusters; and the robust score test U(0)ᵀ(L₀ᵀL₀)⁻¹U(0) with L₀ the clustered score residuals
    /// at β = 0 (coxph's `rscore`).
    static func robustVariance(_ risk: CoxRiskData, beta: [Double], naive: Matrix, final: CoxPartialLikelihood,
                               null: CoxPartialLikelihood, cluster: [String]?) -> (Matrix, ChiSquareTest) {
        let p = risk.p
        let dfbeta = risk.scoreResiduals(beta: beta, eventTimes: final.eventTimes).map { naive * $0 }
        let covariance = SurvivalAlgebra.crossProduct(SurvivalAlgebra.clusterSums(dfbeta, cluster: cluster), p: p)
        let atZero = risk.scoreResiduals(beta: Array(repeating: 0, count: p), eventTimes: null.eventTimes)
        let meat = SurvivalAlgebra.crossProduct(SurvivalAlgebra.clusterSums(atZero, cluster: cluster), p: p)
        return (covariance, ChiSquareTest(statistic: SurvivalAlgebra.quadraticForm(null.score, inverseOf: meat), degreesOfFreedom: p))
    }

    /// coxph's iteration (survival's coxfit6/agfit4): the returned β is the last point evaluated.
    static func newtonRaphson(_ risk: CoxRiskData, ties: CoxTies, start: CoxPartialLikelihood, tolerance: Double,
                              maxIterations: Int) throws -> (beta: [Double], iterations: Int, converged: Bool) {
        let p = risk.p
        var beta = [Double](repeating: 0, count: p), current = start
        var candidate = zip(beta, try information(current.information, p: p, iteration: 0).solve(current.score)).map(+)
        var halving = false
        for iteration in 1...max(1, maxIterations) {
            let trial = risk.partialLikelihood(beta: candidate, ties: ties, keepEventTimes: false)
            if !halving, abs(1 - current.logLikelihood / trial.logLikelihood) <= tolerance { return (candidate, iteration, true) }
            if iteration == maxIterations { break }
            if trial.logLikelihood < current.logLikelihood {
                halving = true
                candidate = zip(candidate, beta).map { ($0 + $1) / 2 }
            } else {
                halving = false
                current = trial
                beta = candidate
                candidate = zip(beta, try information(trial.information, p: p, iteration: iteration).solve(trial.score)).map(+)
            }
        }
        return (candidate, maxIterations, false)
    }

    static func information(_ values: [Double], p: Int, iteration: Int) throws -> Cholesky {
        do { return try Cholesky(Matrix(rows: p, columns: p, columnMajor: values)) } catch {
            throw SurvivalDataError.singularInformation(iteration: iteration)
        }
    }
}
