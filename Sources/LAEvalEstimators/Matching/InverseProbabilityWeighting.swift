import Foundation

/// The population an effect is averaged over.
public enum Estimand: String, Sendable, CaseIterable {
    /// Average treatment effect on the treated.
    case att
    /// Average treatment effect in the whole sample.
    case ate
}

/// Inverse-probability-of-treatment weights from a propensity score e (Rosenbaum 1987; Hirano,
/// Imbens & Ridder 2003), as R's WeightIt defines them (`weightit(..., estimand =)`):
/// ATE: 1/e for treated units and 1/(1 − e) for controls;
/// ATT: 1 for treated units and e/(1 − e) for controls (the odds, re-weighting the controls to
/// the treated group's covariate distribution).
public enum InverseProbabilityWeighting {
    public static func weights(treatment: [Bool], propensity: [Double], estimand: Estimand) throws -> [Double] {
        guard treatment.count == propensity.count else { throw MatchingError.lengthMismatch("the propensity scores and the treatment") }
        if let bad = propensity.firstIndex(where: { !($0 > 0 && $0 < 1) }) { throw MatchingError.propensityOutOfRange(row: bad) }
        return zip(treatment, propensity).map { treated, e in
            switch estimand {
            case .ate: treated ? 1 / e : 1 / (1 - e)
            case .att: treated ? 1 : e / (1 - e)
            }
        }
    }
}
