import Foundation

/// A group's (option's, programme's) mean cost and mean effect per case.
public struct CostEffectGroup: Sendable, Codable, Hashable {
    public var group: String
    public var n: Int
    public var meanCost: Double
    public var meanEffect: Double

    public init(group: String, n: Int, meanCost: Double, meanEffect: Double) {
        self.group = group
        self.n = n
        self.meanCost = meanCost
        self.meanEffect = meanEffect
    }

    /// Net monetary benefit λ·E − C per case (Stinnett & Mullahy 1998; Drummond et al.,
    /// "Methods for the Economic Evaluation of Health Care Programmes", 4th ed., ch. 4).
    public func netMonetaryBenefit(threshold: Double) -> Double { threshold * meanEffect - meanCost }
}

/// How one option compares with another on cost and effect (Drummond et al., 4th ed., ch. 4:
/// the cost-effectiveness plane).
public enum Dominance: String, Sendable, Codable, Hashable {
    /// No dearer and no less effective, and better on at least one (cheaper, or more effective).
    case dominant
    /// No cheaper and no more effective, and worse on at least one.
    case dominated
}

/// One option against a reference: ΔC = C − C_ref, ΔE = E − E_ref, ICER = ΔC/ΔE.
public struct IncrementalComparison: Sendable, Codable, Hashable {
    public var group: String
    public var reference: String
    public var deltaCost: Double
    public var deltaEffect: Double
    /// ΔC/ΔE; nil when ΔE = 0. Given also when one option dominates (it is then negative or
    /// describes a trade-off nobody would make), so read it with ``dominance``.
    public var icer: Double?
    /// nil when neither option dominates (a trade-off: the ICER decides), or when they are equal.
    public var dominance: Dominance?

    public init(group: String, reference: String, deltaCost: Double, deltaEffect: Double, icer: Double?, dominance: Dominance?) {
        self.group = group
        self.reference = reference
        self.deltaCost = deltaCost
        self.deltaEffect = deltaEffect
        self.icer = icer
        self.dominance = dominance
    }

    enum CodingKeys: String, CodingKey { case group, reference, deltaCost, deltaEffect, icer, dominance }

    /// Writes null for an undefined ICER or absent dominance rather than leaving the key out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(group, forKey: .group)
        try container.encode(reference, forKey: .reference)
        try container.encode(deltaCost, forKey: .deltaCost)
        try container.encode(deltaEffect, forKey: .deltaEffect)
        try container.encode(icer, forKey: .icer)
        try container.encode(dominance, forKey: .dominance)
    }
}

/// Net monetary benefit of a group at a willingness-to-pay threshold λ.
public struct NetBenefit: Sendable, Codable, Hashable {
    public var threshold: Double
    public var group: String
    public var nmb: Double

    public init(threshold: Double, group: String, nmb: Double) {
        self.threshold = threshold
        self.group = group
        self.nmb = nmb
    }
}

/// Cost-effectiveness analysis of group means (Drummond et al., "Methods for the Economic
/// Evaluation of Health Care Programmes", 4th ed., 2015, ch. 4 and 8; Briggs, Claxton &
/// Sculpher, "Decision Modelling for Health Economic Evaluation", 2006, ch. 1).
public enum CostEffectiveness {
    /// Groups sorted as R sorts factor levels (numbers numerically, otherwise by code point), each
    /// with its case count and mean cost and effect. Throws if the arrays differ in length.
    public static func groups(labels: [String], costs: [Double], effects: [Double]) throws -> [CostEffectGroup] {
        try casesByGroup(labels: labels, costs: costs, effects: effects).map { label, cases in
            CostEffectGroup(group: label, n: cases.costs.count, meanCost: SampleStatistics.mean(cases.costs),
                            meanEffect: SampleStatistics.mean(cases.effects))
        }
    }

    /// Each group's costs and effects, groups in sorted order.
    public static func casesByGroup(labels: [String], costs: [Double], effects: [Double]) throws
        -> [(group: String, cases: (costs: [Double], effects: [Double]))] {
        guard labels.count == costs.count, costs.count == effects.count else {
            throw EconomicsError.lengthMismatch("group labels, costs and effects")
        }
        var byGroup: [String: (costs: [Double], effects: [Double])] = [:]
        for (index, label) in labels.enumerated() {
            byGroup[label, default: ([], [])].costs.append(costs[index])
            byGroup[label, default: ([], [])].effects.append(effects[index])
        }
        return ModelFrame.sortedLevels(Set(labels)).map { ($0, byGroup[$0]!) }
    }

    /// Dominance of (ΔC, ΔE): dominant if ΔC ≤ 0 and ΔE ≥ 0 with one strict; dominated if
    /// ΔC ≥ 0 and ΔE ≤ 0 with one strict; otherwise nil (Drummond et al., ch. 4).
    public static func dominance(deltaCost: Double, deltaEffect: Double) -> Dominance? {
        if deltaCost <= 0, deltaEffect >= 0, deltaCost < 0 || deltaEffect > 0 { return .dominant }
        if deltaCost >= 0, deltaEffect <= 0, deltaCost > 0 || deltaEffect < 0 { return .dominated }
        return nil
    }

    /// `group` against `reference`: ΔC, ΔE, ICER = ΔC/ΔE (nil when ΔE = 0) and dominance.
    public static func compare(_ group: CostEffectGroup, with reference: CostEffectGroup) -> IncrementalComparison {
        let deltaCost = group.meanCost - reference.meanCost
        let deltaEffect = group.meanEffect - reference.meanEffect
        return IncrementalComparison(group: group.group, reference: reference.group, deltaCost: deltaCost,
                                     deltaEffect: deltaEffect, icer: deltaEffect == 0 ? nil : deltaCost / deltaEffect,
                                     dominance: dominance(deltaCost: deltaCost, deltaEffect: deltaEffect))
    }

    /// Every group other than `reference` compared with it, in the groups' order.
    public static func comparisons(_ groups: [CostEffectGroup], reference: String) throws -> [IncrementalComparison] {
        guard let base = groups.first(where: { $0.group == reference }) else {
            throw EconomicsError.unknownReference(reference, groups: groups.map(\.group))
        }
        return groups.filter { $0.group != reference }.map { compare($0, with: base) }
    }

    /// NMB = λ·E − C for each threshold (outer) and group (inner, in the groups' order).
    public static func netMonetaryBenefits(_ groups: [CostEffectGroup], thresholds: [Double]) -> [NetBenefit] {
        thresholds.flatMap { threshold in
            groups.map { NetBenefit(threshold: threshold, group: $0.group, nmb: $0.netMonetaryBenefit(threshold: threshold)) }
        }
    }

    /// Incremental NMB = λ·ΔE − ΔC: positive when the group is cost-effective against the
    /// reference at λ (equivalent to ICER < λ when ΔE > 0).
    public static func incrementalNetBenefit(_ comparison: IncrementalComparison, threshold: Double) -> Double {
        threshold * comparison.deltaEffect - comparison.deltaCost
    }
}
