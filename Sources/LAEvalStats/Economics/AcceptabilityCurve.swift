import Foundation

/// A point of a cost-effectiveness acceptability curve.
public struct AcceptabilityPoint: Sendable, Codable, Hashable {
    public var threshold: Double
    public var group: String
    /// The share of replicates in which the group has the highest net monetary benefit.
    public var probability: Double

    public init(threshold: Double, group: String, probability: Double) {
        self.threshold = threshold
        self.group = group
        self.probability = probability
    }
}

/// The cost-effectiveness acceptability curve for several options (Fenwick, Claxton & Sculpher
/// 2001, "Representing uncertainty: the role of cost-effectiveness acceptability curves",
/// Health Economics 10; Briggs, Claxton & Sculpher 2006, ch. 5): at each threshold λ, the
/// probability that each option has the highest net monetary benefit λ·E − C, estimated as the
/// share of replicates (bootstrap or probabilistic-sensitivity draws) in which it does.
///
/// Ties: when k options share the highest NMB in a replicate, each is credited 1/k of it, so
/// the probabilities at each threshold sum to one.
public enum AcceptabilityCurve {
    /// Points ordered by threshold (outer) and group (inner, in the replicates' order).
    public static func points(_ replicates: CostEffectReplicates, thresholds: [Double]) -> [AcceptabilityPoint] {
        let groupCount = replicates.groups.count
        let replicateCount = Double(replicates.meanCosts.count)
        return thresholds.flatMap { lambda in
            var wins = [Double](repeating: 0, count: groupCount)
            for (costs, effects) in zip(replicates.meanCosts, replicates.meanEffects) {
                let nmb = (0..<groupCount).map { lambda * effects[$0] - costs[$0] }
                guard let best = nmb.max() else { continue }
                let winners = nmb.indices.filter { nmb[$0] == best }
                for g in winners { wins[g] += 1 / Double(winners.count) }
            }
            return replicates.groups.indices.map {
                AcceptabilityPoint(threshold: lambda, group: replicates.groups[$0], probability: wins[$0] / replicateCount)
            }
        }
    }
}
