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
    public var configurations: [Configuration]
}
