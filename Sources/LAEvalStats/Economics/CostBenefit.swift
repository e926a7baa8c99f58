import Foundation

/// A cost–benefit appraisal in present values.
public struct CostBenefitResult: Sendable, Codable, Hashable {
    public var presentValueBenefits: Double
    public var presentValueCosts: Double
    /// NPV = PV(benefits) − PV(costs).
    public var netPresentValue: Double
    /// BCR = PV(benefits)/PV(costs); nil when PV(costs) = 0.
    public var benefitCostRatio: Double?

    public init(presentValueBenefits: Double, presentValueCosts: Double) {
        self.presentValueBenefits = presentValueBenefits
        self.presentValueCosts = presentValueCosts
        netPresentValue = presentValueBenefits - presentValueCosts
        benefitCostRatio = presentValueCosts == 0 ? nil : presentValueBenefits / presentValueCosts
    }

    enum CodingKeys: String, CodingKey { case presentValueBenefits, presentValueCosts, netPresentValue, benefitCostRatio }

    /// Writes null for an undefined BCR rather than leaving the key out.
    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(presentValueBenefits, forKey: .presentValueBenefits)
        try container.encode(presentValueCosts, forKey: .presentValueCosts)
        try container.encode(netPresentValue, forKey: .netPresentValue)
        try container.encode(benefitCostRatio, forKey: .benefitCostRatio)
    }
}

/// Net present value and benefit–cost ratio uncertainty over probabilistic draws.
public struct CostBenefitUncertainty: Sendable, Codable, Hashable {
    /// Mean, 2.5/97.5 percentiles and P(NPV > 0).
    public var netPresentValue: DrawSummary
    /// Over the draws with PV(costs) ≠ 0; its probabilityPositive is P(BCR > 0), so see
    /// ``probabilityBCRAboveOne``.
    public var benefitCostRatio: DrawSummary?
    /// The share of draws with BCR > 1 (equal to P(NPV > 0) when costs are positive).
    public var probabilityBCRAboveOne: Double?
}

/// Cost–benefit analysis (HM Treasury Green Book 2022, ch. 5 and Annex A6): benefits and costs in
/// real base-year prices, year 0 first, discounted on a schedule to present values.
public enum CostBenefit {
    public static func appraise(benefits: [Double], costs: [Double], schedule: DiscountSchedule = .greenBookStandard) -> CostBenefitResult {
        let pvBenefits = schedule.presentValue(benefits), pvCosts = schedule.presentValue(costs)
        return CostBenefitResult(presentValueBenefits: pvBenefits, presentValueCosts: pvCosts)
    }

    /// Intervals for NPV and BCR from appraisals of probabilistic-sensitivity draws (one per draw).
    public static func uncertainty(_ draws: [CostBenefitResult]) throws -> CostBenefitUncertainty {
        guard !draws.isEmpty else { throw EconomicsError.nonPositiveCount("the number of draws", 0) }
        let ratios = draws.compactMap(\.benefitCostRatio)
        return CostBenefitUncertainty(
            netPresentValue: DrawSummary(output: "npv", values: draws.map(\.netPresentValue)),
            benefitCostRatio: ratios.isEmpty ? nil : DrawSummary(output: "bcr", values: ratios),
            probabilityBCRAboveOne: ratios.isEmpty ? nil : Double(ratios.filter { $0 > 1 }.count) / Double(ratios.count))
    }
}
