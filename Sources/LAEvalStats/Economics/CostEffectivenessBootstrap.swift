import Foundation

/// Bootstrap replicates of each group's mean cost and mean effect, for the cost-effectiveness
/// plane and the acceptability curve.
///
/// The nonparametric bootstrap of cost-effectiveness (Briggs, Wonderling & Mooney 1997,
/// "Pulling cost-effectiveness analysis up by its bootstraps", Health Economics 6): in each replicate every group's cases are resampled with
/// replacement within the group, keeping each case's cost and effect together (so their
/// correlation is kept), and the group means recomputed. Replicate b draws from
/// `SeededGenerator(seed:stream: b)`, groups in their sorted order, so results do not depend on
/// the number of threads.
public struct CostEffectReplicates: Sendable, Codable, Hashable {
    /// The groups, in the order of the inner arrays.
    public let groups: [String]
    /// meanCosts[b][g]: replicate b's mean cost of group g.
    public let meanCosts: [[Double]]
    /// meanEffects[b][g]: replicate b's mean effect of group g.
    public let meanEffects: [[Double]]

    /// Replicates given directly (e.g. from a probabilistic model, or fixed draws to check against).
    public init(groups: [String], meanCosts: [[Double]], meanEffects: [[Double]]) throws {
        guard meanCosts.count == meanEffects.count,
              (meanCosts + meanEffects).allSatisfy({ $0.count == groups.count }) else {
            throw EconomicsError.lengthMismatch("replicate cost and effect rows and the group list")
        }
        self.groups = groups
        self.meanCosts = meanCosts
        self.meanEffects = meanEffects
    }

    /// `replicates` bootstrap replicates of the group means of patient-level (case-level) data.
    public static func bootstrap(labels: [String], costs: [Double], effects: [Double], replicates: Int,
                                 seed: UInt64, threads: Int? = nil) throws -> CostEffectReplicates {
        guard replicates >= 1 else { throw EconomicsError.nonPositiveCount("the number of bootstrap replicates", replicates) }
        let byGroup = try CostEffectiveness.casesByGroup(labels: labels, costs: costs, effects: effects)
        let draws = Bootstrap.replicates(replicates, seed: seed, threads: threads) { _, generator in
            byGroup.map { _, cases in
                let rows = generator.resample(cases.costs.count)
                let n = Double(rows.count)
                return (rows.reduce(0) { $0 + cases.costs[$1] } / n, rows.reduce(0) { $0 + cases.effects[$1] } / n)
            }
        }
        return try CostEffectReplicates(groups: byGroup.map(\.group), meanCosts: draws.map { $0.map(\.0) },
                                        meanEffects: draws.map { $0.map(\.1) })
    }

    /// Replicate (ΔC, ΔE) of every other group against `reference`: the points of the
    /// cost-effectiveness plane.
    public func increments(reference: String) throws -> [IncrementReplicates] {
        guard let r = groups.firstIndex(of: reference) else { throw EconomicsError.unknownReference(reference, groups: groups) }
        return groups.indices.filter { $0 != r }.map { g in
            IncrementReplicates(group: groups[g], reference: reference,
                                deltaCosts: meanCosts.map { $0[g] - $0[r] }, deltaEffects: meanEffects.map { $0[g] - $0[r] })
        }
    }
}

/// Replicate increments of one group against a reference.
public struct IncrementReplicates: Sendable, Codable, Hashable {
    public var group: String
    public var reference: String
    public var deltaCosts: [Double]
    public var deltaEffects: [Double]

    public init(group: String, reference: String, deltaCosts: [Double], deltaEffects: [Double]) {
        self.group = group
        self.reference = reference
        self.deltaCosts = deltaCosts
        self.deltaEffects = deltaEffects
    }

    /// The share of replicates with λ·ΔE − ΔC > 0 at each threshold: the probability that the
    /// group is cost-effective against the reference (the two-option CEAC; van Hout et al. 1994).
    public func probabilityCostEffective(thresholds: [Double]) -> [Double] {
        thresholds.map { lambda in
            let count = zip(deltaCosts, deltaEffects).filter { lambda * $0.1 - $0.0 > 0 }.count
            return Double(count) / Double(deltaCosts.count)
        }
    }
}
