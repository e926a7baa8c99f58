import Foundation

/// Optimism bias: the systematic tendency of appraisers to understate costs (and durations) and
/// overstate benefits. The Green Book (2022, ch. 5, and the supplementary guidance
/// "Optimism bias", based on Mott MacDonald 2002, "Review of Large Public Procurement in the UK")
/// asks that estimates be uplifted by empirically based percentages, applied to costs before
/// discounting, and reduced only as the evidence for the estimate improves.
public enum OptimismBias {
    /// Mott MacDonald's (2002) upper-bound capital-expenditure uplifts by project type, the
    /// starting points of the supplementary guidance. They are for capital projects; for a support
    /// programme use a documented uplift and test it in the sensitivity analysis.
    public enum ProjectType: String, Sendable, Codable, CaseIterable {
        case standardBuildings = "standard_buildings"
        case nonStandardBuildings = "non_standard_buildings"
        case standardCivilEngineering = "standard_civil_engineering"
        case nonStandardCivilEngineering = "non_standard_civil_engineering"
        case equipmentDevelopment = "equipment_development"
        case outsourcing

        /// The upper-bound capital cost uplift, in percent.
        public var upperBoundCapitalPercent: Double {
            switch self {
            case .standardBuildings: 24
            case .nonStandardBuildings: 51
            case .standardCivilEngineering: 44
            case .nonStandardCivilEngineering: 66
            case .equipmentDevelopment: 200
            case .outsourcing: 41
            }
        }
    }

    /// cost × (1 + percent/100).
    public static func uplift(_ cost: Double, percent: Double) -> Double { cost * (1 + percent / 100) }

    /// Each year's cost uplifted by `percent`, year 0 first.
    public static func uplift(_ costs: [Double], percent: Double) -> [Double] { costs.map { uplift($0, percent: percent) } }

    /// The present value of a cost series uplifted for optimism bias: Σₜ D(t)·cₜ·(1 + p/100),
    /// the uplift applied to each year's cost before discounting, as the guidance asks.
    public static func upliftedPresentValue(_ costs: [Double], percent: Double, schedule: DiscountSchedule) -> Double {
        schedule.presentValue(uplift(costs, percent: percent))
    }
}
