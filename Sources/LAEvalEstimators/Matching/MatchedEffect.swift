import Foundation
import LAEvalStats

/// A treatment effect with its standard error and 95% normal confidence interval.
public struct TreatmentEffect: Sendable, Equatable {
    public let estimate: Double
    public let standardError: Double
    public let ciLower: Double
    public let ciUpper: Double
    /// Units with positive weight.
    public let observations: Int
    /// Matched sets used as clusters; nil for a heteroskedasticity-robust (HC3) SE.
    public let clusters: Int?
}

/// The effect after matching or weighting, as MatchIt's "estimating-effects" vignette does it
/// (Greifer & Stuart; Abadie & Spiess 2022, "Robust post-matching inference", JASA 117:983–995):
/// weighted least squares of the outcome on an intercept and the treatment, with the matching
/// (or IPW) weights, on units with positive weight; the coefficient on treatment is the
/// difference of weighted means, i.e. the ATT (or ATE for ATE weights).
///
/// SE: with matched sets (matching without replacement) cluster-robust by set, CR1 as
/// `sandwich::vcovCL` (G/(G − 1) × (n − 1)/(n − k); Liang & Zeger 1986); without them
/// (matching with replacement, IPW) the vignette's HC3 (MacKinnon & White 1985).
/// CI: estimate ± z₀.₉₇₅ SE (the normal intervals of `marginaleffects::avg_comparisons`).
public enum MatchedEffect {
    public static func estimate(outcome: [Double], treatment: [Bool], weights: [Double], subclass: [Int?]? = nil) throws -> TreatmentEffect {
        guard outcome.count == treatment.count, weights.count == treatment.count else {
            throw MatchingError.lengthMismatch("the outcome, weights and treatment")
        }
        if let subclass, subclass.count != treatment.count { throw MatchingError.lengthMismatch("the subclasses and the treatment") }
        let rows = weights.indices.filter { weights[$0] > 0 }
        guard rows.contains(where: { treatment[$0] }) else { throw MatchingError.noTreatedUnits }
        guard rows.contains(where: { !treatment[$0] }) else { throw MatchingError.noControlUnits }
        guard rows.allSatisfy({ outcome[$0].isFinite }) else { throw MatchingError.nonFinite("the outcome") }
        let design = Matrix(columns: [rows.map { _ in 1 }, rows.map { treatment[$0] ? 1 : 0 }])
        let fit = try LinearRegression.fit(y: rows.map { outcome[$0] }, design: design, terms: ["(Intercept)", "treatment"],
                                           weights: rows.map { weights[$0] })
        let clusterCodes = subclass.map { s in rows.map { s[$0] ?? -1 - $0 } }
        let variance = fit.variance(clusterCodes.map { .cluster([$0], .stata) } ?? .hc3)
        let se = variance[1, 1].squareRoot()
        let z = Normal.standardQuantile(0.975)
        let estimate = fit.coefficients[1]
        return TreatmentEffect(estimate: estimate, standardError: se, ciLower: estimate - z * se, ciUpper: estimate + z * se,
                               observations: rows.count, clusters: clusterCodes.map { Set($0).count })
    }
}
