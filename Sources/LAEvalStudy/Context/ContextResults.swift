import Foundation
import LAEvalEstimators

/// The context stage's output (aim c): effects by subgroup of the plan's moderators, and the
/// configurations of context and support that go with improvement (QCA).
public struct ContextResults: Sendable, Codable, Equatable {
    public struct Subgroup: Sendable, Codable, Equatable {
        public var label: String
        /// Treated LAs in the subgroup.
        public var treated: Int
        /// Overall improvement (within-LA SD of the outcomes, averaged), as the comparison stage.
        public var improvement: Double
        public var se: Double
        public var ciLower: Double
        public var ciUpper: Double
    }

    public struct Test: Sendable, Codable, Equatable {
        public var statistic: Double
        public var df: Int
        public var p: Double
    }

    /// A linear difference across ordered subgroups: (highest − lowest) / (groups − 1).
    public struct Trend: Sendable, Codable, Equatable {
        public var perStep: Double
        public var se: Double
        public var p: Double
    }

    public struct Moderation: Sendable, Codable, Equatable {
        public var treatment: String
        public var moderator: String
        public var subgroups: [Subgroup]
        /// Wald test that the subgroups' effects are equal (their covariance from the shared
        /// comparison LAs kept); nil with fewer than two subgroups estimated.
        public var heterogeneity: Test?
        public var trend: Trend?
        /// Subgroups left out: fewer treated LAs than the minimum.
        public var skipped: [String]
    }

    /// A treatment × context interaction: the change in a kind of support's effect on one
    /// outcome per SD of a continuous context variable (`ContextInteractions`).
    public struct Interaction: Sendable, Codable, Equatable {
        public var treatment: String
        public var moderator: String
        public var indicator: String
        /// Supported LAs with the context variable recorded, and their supported LA-years.
        public var treatedLAs: Int
        public var treatedYears: Int
        /// Change in improvement (within-LA SDs of the outcome) per SD of the context variable.
        public var perSD: Double
        public var se: Double
        public var p: Double
        /// Holm-adjusted over the treatment's moderators × outcomes.
        public var pHolm: Double
        /// The slope in the outcome's own units per unit of the context variable.
        public var rawSlope: Double
        public var rawSE: Double

        /// Snake-case-safe keys for the acronyms (results.json is written in snake_case).
        enum CodingKeys: String, CodingKey {
            case treatment, moderator, indicator, treatedYears, se, p, pHolm, rawSlope
            case treatedLAs = "treatedLas", perSD = "perSd", rawSE = "rawSe"
        }
    }

    public struct Configuration: Sendable, Codable, Equatable {
        public var programme: String
        /// What counts as improvement, and the cases.
        public var outcome: String
        public var cases: Int
        public var improved: Int
        /// Each condition and how its set was calibrated.
        public var conditions: [String]
        public var calibration: [String]
        public var truthTable: [QCATruthTableRow]
        public var complex: [QCASolution]
        public var parsimonious: [QCASolution]
        public var necessity: [QCANecessity]
        public var failure: String?
    }

    public var method: String
    public var minimumTreated: Int
    public var moderations: [Moderation]
    public var interactions: [Interaction]
    public var configurations: [Configuration]
}
