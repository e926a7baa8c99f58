import Foundation
import LAEvalStats

/// How treated and control units are made comparable.
public enum MatchingMethod: String, Sendable, CaseIterable {
    /// Greedy nearest-neighbour matching on the propensity score.
    case nearest
    /// Inverse-probability weighting by the propensity score.
    case ipw
}

/// A whole matching or weighting analysis: the logit propensity score, the matches or weights,
/// balance before and after, and the effect with its SE (see the types it combines:
/// `PropensityScore`, `NearestNeighbourMatching`, `InverseProbabilityWeighting`,
/// `BalanceTable`, `MatchedEffect`).
public struct MatchingAnalysis: Sendable {
    public let method: MatchingMethod
    public let estimand: Estimand
    public let propensity: PropensityScore
    /// nil for IPW.
    public let matching: MatchingResult?
    public let weights: [Double]
    public let balance: [BalanceRow]
    public let effect: TreatmentEffect

    public let treatment: [Bool]

    /// Treated units with positive weight.
    public var treatedCount: Int { treatment.indices.count(where: { treatment[$0] && weights[$0] > 0 }) }
    /// Control units with positive weight (matched controls).
    public var controlCount: Int { treatment.indices.count(where: { !treatment[$0] && weights[$0] > 0 }) }

    /// `covariates` (n × p, categorical variables dummy-coded) enter the propensity model;
    /// balance is reported on `balanceCovariates` (default: the same columns).
    public static func run(treatment: [Bool], outcome: [Double], covariates: Matrix, names: [String],
                           balanceCovariates: Matrix? = nil, balanceNames: [String]? = nil,
                           method: MatchingMethod = .nearest, estimand: Estimand = .att,
                           options: NearestNeighbourOptions = NearestNeighbourOptions(),
                           exactStrata: [String]? = nil) throws -> MatchingAnalysis {
        guard outcome.count == treatment.count else { throw MatchingError.lengthMismatch("the outcome and the treatment") }
        if method == .nearest && estimand != .att { throw MatchingError.nearestNeedsATT }
        let propensity = try PropensityScore.logit(treatment: treatment, covariates: covariates, names: names)
        var matching: MatchingResult?
        let weights: [Double]
        switch method {
        case .nearest:
            let result = try NearestNeighbourMatching.match(treatment: treatment, distance: propensity.scores,
                                                            exactStrata: exactStrata, options: options)
            matching = result
            weights = result.weights
        case .ipw:
            weights = try InverseProbabilityWeighting.weights(treatment: treatment, propensity: propensity.scores, estimand: estimand)
        }
        let balance = try BalanceTable.compute(treatment: treatment, covariates: balanceCovariates ?? covariates,
                                               names: balanceNames ?? names, weights: weights, estimand: estimand)
        let subclass = matching.flatMap { options.replace ? nil : $0.subclass }
        let effect = try MatchedEffect.estimate(outcome: outcome, treatment: treatment, weights: weights, subclass: subclass)
        return MatchingAnalysis(method: method, estimand: estimand, propensity: propensity, matching: matching, weights: weights,
                                balance: balance, effect: effect, treatment: treatment)
    }
}
