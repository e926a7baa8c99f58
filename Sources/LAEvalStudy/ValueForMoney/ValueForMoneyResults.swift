import Foundation
import LAEvalStats

/// The value-for-money stage's output (aim d; design.md §6 `value for money`).
public struct ValueForMoneyResults: Sendable, Codable, Equatable {
    /// Cost per unit of improvement in one indicator for one LA-year: cost per LA-year ÷ ATT.
    public struct CostPerOutcome: Sendable, Codable, Equatable {
        public var treatment: String
        public var indicator: String
        public var improvement: Double
        /// nil where the estimate is no improvement (≤ 0).
        public var costPerUnit: Double?
        /// From the 2.5% and 97.5% points of the joint bootstrap of cost and effect (nil where the
        /// effect's interval reaches zero, which makes the ratio unbounded).
        public var lower: Double?
        public var upper: Double?
    }

    /// The additional probability of a Good or better grade within three years of support, from
    /// the multi-state model's intensities and the model's hazard ratio on improving moves, and
    /// the cost of one additional LA reaching Good.
    public struct CostPerGood: Sendable, Codable, Equatable {
        public var treatment: String
        public var fromGrade: String
        public var hazardRatio: Double
        public var additionalProbability: Double
        public var additionalProbabilityLower: Double
        public var additionalProbabilityUpper: Double
        public var supportYears: Double
        public var costPerLA: Double
        public var costPerAdditionalGood: Double?
        /// At the upper and lower ends of the hazard ratio's interval.
        public var lower: Double?
        public var upper: Double?

        /// Keys that survive snake_case encoding and decoding (cost_per_la ↔ costPerLa).
        enum CodingKeys: String, CodingKey {
            case treatment, fromGrade, hazardRatio, additionalProbability, additionalProbabilityLower, additionalProbabilityUpper, supportYears
            case costPerAdditionalGood, lower, upper, costPerLA = "costPerLa"
        }
    }

    public struct Plane: Sendable, Codable, Equatable {
        public var treatment: String
        /// Bootstrap replicates (at most 500 kept) against no support.
        public var deltaCost: [Double]
        public var deltaEffect: [Double]
    }

    /// Cost-effectiveness of one family (the programmes, or the support models) against no support.
    public struct Family: Sendable, Codable, Equatable {
        public var family: String
        /// Mean cost per LA-year (with optimism bias) and improvement per LA-year (overall, within-LA SD).
        public var groups: [CostEffectGroup]
        public var comparisons: [IncrementalComparison]
        public var incremental: IncrementalAnalysis
        public var netBenefits: [NetBenefit]
        public var acceptability: [AcceptabilityPoint]
        public var plane: [Plane]
    }

    public struct CostBenefitRow: Sendable, Codable, Equatable {
        public var treatment: String
        /// Years of support (median episode, whole years) and of benefits after it.
        public var supportYears: Int
        public var benefitYears: Int
        public var base: CostBenefitResult
        public var uncertainty: CostBenefitUncertainty?
    }

    public struct Switching: Sendable, Codable, Equatable {
        public var treatment: String
        public var parameter: String
        /// The value at which the NPV per LA is zero; nil where none in the range searched.
        public var value: Double?
        public var base: Double
    }

    public var priceBase: Int
    public var discounting: String
    public var optimismBias: Double
    public var thresholds: [Double]
    public var replicates: Int
    public var costs: [SupportCosts.Treatment]
    public var costPerOutcome: [CostPerOutcome]
    public var costPerGood: [CostPerGood]
    public var families: [Family]
    /// Cost–benefit per LA supported, where the study monetises outcomes (`economics.benefits`).
    public var costBenefit: [CostBenefitRow]
    /// One-way sensitivity of the NPV per LA of the treatment with the highest NPV.
    public var tornadoTreatment: String?
    public var tornado: TornadoResult?
    public var switchingValues: [Switching]
    /// Summaries of the probabilistic sensitivity analysis (NPV, BCR and NMB per treatment).
    public var psaDraws: Int
    public var psa: [DrawSummary]
    public var warnings: [String]
}
