import Foundation
import LAEvalStats

/// Balance of one covariate between treated and control units, before and after matching or
/// weighting.
public struct BalanceRow: Sendable, Equatable {
    public let covariate: String
    public let meanTreatedBefore: Double
    public let meanControlBefore: Double
    public let meanTreatedAfter: Double
    public let meanControlAfter: Double
    /// Standardised mean differences; nil when a group has fewer than two units with weight.
    public let smdBefore: Double?
    public let smdAfter: Double?
    /// Var(treated) / Var(control); nil for a binary (0/1) covariate, as MatchIt reports none.
    public let varianceRatioBefore: Double?
    public let varianceRatioAfter: Double?
}

/// Covariate balance diagnostics with MatchIt's `summary.matchit(standardize = TRUE)`
/// conventions (Stuart 2010, "Matching methods for causal inference", Stat Sci 25:1–21;
/// Austin 2009, Stat Med 28:3083–3107 for the standardised difference and variance ratio):
///
/// - means are weighted means Σwx/Σw (unweighted before);
/// - SMD = (x̄₁ − x̄₀)/s, with s from the *unweighted* sample so that before and after share one
///   denominator: the treated group's SD for the ATT, √((s₁² + s₀²)/2) for the ATE; a binary
///   covariate's variance is p(1 − p), a continuous one's the (weighted) sample variance
///   Σŵ(x − x̄)²/(1 − Σŵ²) with ŵ = w/Σw; a difference below √ε is reported unstandardised;
/// - variance ratio = weighted variance of the treated / of the controls (continuous only).
public enum BalanceTable {
    public static func compute(treatment: [Bool], covariates: Matrix, names: [String], weights: [Double],
                               estimand: Estimand = .att) throws -> [BalanceRow] {
        guard covariates.rows == treatment.count, weights.count == treatment.count else {
            throw MatchingError.lengthMismatch("the covariates, weights and treatment")
        }
        guard names.count == covariates.columns else { throw MatchingError.lengthMismatch("the covariate names and columns") }
        let ones = [Double](repeating: 1, count: treatment.count)
        return (0..<covariates.columns).map { j in
            let x = covariates.column(j)
            let binary = x.allSatisfy { $0 == 0 || $0 == 1 }
            let scale = denominator(x, treatment: treatment, binary: binary, estimand: estimand)
            let before = Side(x: x, treatment: treatment, weights: ones, binary: binary, scale: scale)
            let after = Side(x: x, treatment: treatment, weights: weights, binary: binary, scale: scale)
            return BalanceRow(covariate: names[j], meanTreatedBefore: before.meanTreated, meanControlBefore: before.meanControl,
                              meanTreatedAfter: after.meanTreated, meanControlAfter: after.meanControl,
                              smdBefore: before.smd, smdAfter: after.smd,
                              varianceRatioBefore: before.varianceRatio, varianceRatioAfter: after.varianceRatio)
        }
    }

    /// The statistics of one covariate under one set of weights.
    struct Side {
        var meanTreated = Double.nan, meanControl = Double.nan
        var smd: Double?
        var varianceRatio: Double?

        init(x: [Double], treatment: [Bool], weights: [Double], binary: Bool, scale: Double) {
            let treated = group(x, treatment, weights, true), control = group(x, treatment, weights, false)
            meanTreated = weightedMean(treated.x, treated.w)
            meanControl = weightedMean(control.x, control.w)
            let tooSmall = treated.w.filter { $0 != 0 }.count < 2 && control.w.filter { $0 != 0 }.count < 2
            let difference = meanTreated - meanControl
            if abs(difference) <= Double.ulpOfOne.squareRoot() {
                smd = difference
            } else if !tooSmall {
                smd = difference / scale
            }
            if !binary && !tooSmall {
                varianceRatio = variance(treated.x, treated.w, binary: false) / variance(control.x, control.w, binary: false)
            }
        }
    }

    static func group(_ x: [Double], _ treatment: [Bool], _ w: [Double], _ treated: Bool) -> (x: [Double], w: [Double]) {
        let rows = treatment.indices.filter { treatment[$0] == treated }
        return (rows.map { x[$0] }, rows.map { w[$0] })
    }

    static func weightedMean(_ x: [Double], _ w: [Double]) -> Double {
        zip(x, w).reduce(0) { $0 + $1.0 * $1.1 } / w.reduce(0, +)
    }

    /// p(1 − p) for a binary variable; otherwise Σŵ(x − x̄)²/(1 − Σŵ²), ŵ = w/Σw (the unbiased
    /// variance for unit weights).
    static func variance(_ x: [Double], _ w: [Double], binary: Bool) -> Double {
        let total = w.reduce(0, +)
        let normalised = w.map { $0 / total }
        let mean = zip(x, normalised).reduce(0) { $0 + $1.0 * $1.1 }
        if binary { return mean * (1 - mean) }
        let spread = zip(x, normalised).reduce(0) { $0 + $1.1 * ($1.0 - mean) * ($1.0 - mean) }
        return spread / (1 - normalised.reduce(0) { $0 + $1 * $1 })
    }

    /// The SMD denominator from the unweighted sample; if it is zero, the pooled within-group SD.
    static func denominator(_ x: [Double], treatment: [Bool], binary: Bool, estimand: Estimand) -> Double {
        let ones = [Double](repeating: 1, count: x.count)
        let treated = group(x, treatment, ones, true), control = group(x, treatment, ones, false)
        let varianceTreated = variance(treated.x, treated.w, binary: binary)
        let s: Double
        switch estimand {
        case .att: s = varianceTreated.squareRoot()
        case .ate: s = ((varianceTreated + variance(control.x, control.w, binary: binary)) / 2).squareRoot()
        }
        if s.isFinite && s >= Double.ulpOfOne.squareRoot() { return s }
        return pooledWithinSD(treated.x, control.x, binary: binary)
    }

    /// √(within-group sum of squares / (n − 2)), or for a binary variable √(Σ_g n_g p_g(1 − p_g) / n).
    static func pooledWithinSD(_ a: [Double], _ b: [Double], binary: Bool) -> Double {
        let n = Double(a.count + b.count)
        func sumOfSquares(_ v: [Double]) -> Double {
            let mean = v.reduce(0, +) / Double(v.count)
            return binary ? v.reduce(0, +) * (1 - mean) : v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        }
        let total = sumOfSquares(a) + sumOfSquares(b)
        return (binary ? total / n : total / (n - 2)).squareRoot()
    }
}
