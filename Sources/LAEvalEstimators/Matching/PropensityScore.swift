import Foundation
import LAEvalStats

/// A fitted propensity score e(x) = P(T = 1 | x) (Rosenbaum & Rubin 1983, "The central role of
/// the propensity score in observational studies for causal effects", Biometrika 70:41–55).
public struct PropensityScore: Sendable {
    /// "(Intercept)" then the covariate names.
    public let terms: [String]
    /// Logit coefficients, NaN for aliased terms.
    public let coefficients: [Double]
    /// e(xᵢ), one per unit.
    public let scores: [Double]
    public let converged: Bool

    /// Fits logit(e(x)) = β₀ + xᵀβ by maximum likelihood (IRLS, as R's `glm(binomial)`, MatchIt's
    /// default `distance = "glm"`). `covariates` is n × p without an intercept (dummy-code
    /// categorical variables first).
    public static func logit(treatment: [Bool], covariates: Matrix, names: [String]) throws -> PropensityScore {
        guard covariates.rows == treatment.count else { throw MatchingError.lengthMismatch("the covariates and the treatment") }
        guard names.count == covariates.columns else { throw MatchingError.lengthMismatch("the covariate names and columns") }
        guard treatment.contains(true) else { throw MatchingError.noTreatedUnits }
        guard treatment.contains(false) else { throw MatchingError.noControlUnits }
        guard covariates.storage.allSatisfy(\.isFinite) else { throw MatchingError.nonFinite("a covariate") }
        let intercept = [Double](repeating: 1, count: treatment.count)
        let design = Matrix(rows: treatment.count, columns: covariates.columns + 1, columnMajor: intercept + covariates.storage)
        let terms = ["(Intercept)"] + names
        let fit = try BinaryRegression.fit(y: treatment.map { $0 ? 1 : 0 }, design: design, terms: terms, link: .logit)
        let beta = fit.estimable.map { fit.coefficients[$0] }
        let eta = design.selectingColumns(fit.estimable) * beta
        return PropensityScore(terms: terms, coefficients: fit.coefficients, scores: eta.map { 1 / (1 + exp(-$0)) },
                               converged: fit.converged)
    }
}
