import LAEvalCore

/// What the judgement stage found about Ofsted grades: the multi-state model of moves between
/// grades with support as time-varying covariates, the time to leave Inadequate by intervention
/// model, and the grade at the next inspection by support. Each part carries `failure` instead
/// of numbers when its model could not be fitted.
public struct JudgementResults: Sendable, Codable, Equatable {
    public var multiState: MultiStateSummary
    public var leavingInadequate: LeavingInadequateSummary
    public var nextGrade: NextGradeSummary
}

/// An estimate with its 95% interval and, on the demo, the planted value.
public struct IntervalEstimate: Sendable, Codable, Equatable {
    public var term: String
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var planted: Double?

    public var coversPlanted: Bool? { planted.map { lower <= $0 && $0 <= upper } }
}

public struct MultiStateSummary: Sendable, Codable, Equatable {
    public struct Intensity: Sendable, Codable, Equatable {
        public var from: Int
        public var to: Int
        /// Moves per year at the covariates' means (msm's centring).
        public var perYear: IntervalEstimate
        public var observedMoves: Int
    }

    /// One support model's (or deprivation's) hazard ratios, shared by the improving moves and by
    /// the declining moves (nil where not estimated: intervention acts on improving moves only,
    /// and an effect needs moves of its direction seen while the support was active).
    public struct Effect: Sendable, Codable, Equatable {
        public var covariate: String
        public var improving: IntervalEstimate?
        public var declining: IntervalEstimate?
        /// Panel rows with this support active, as a share of all rows (nil for deprivation).
        public var activeShare: Double?
    }

    public var states: [String]
    public var las: Int
    public var lasWithTooFewInspections: Int
    public var gradedInspections: Int
    public var supportChangeRows: Int
    /// observedTransitions[from − 1][to − 1]: moves between consecutive graded inspections.
    public var observedTransitions: [[Int]]
    public var intensities: [Intensity]
    public var effects: [Effect]
    /// Support effects left out for want of moves seen while the support was active.
    public var notEstimable: [String]
    public var minus2LogLikelihood: Double?
    /// Likelihood-ratio test of the support covariates (the model without them against the model with them).
    public var supportTest: ChiSquare?
    public var sojournYears: [IntervalEstimate]
    /// P(grade in 3 years | grade now), no support, covariates at their means; rows sum to 1.
    public var threeYearProbabilities: [[Double]]
    public var failure: String?
}

public struct ChiSquare: Sendable, Codable, Equatable {
    public var statistic: Double
    public var degreesOfFreedom: Int
    public var p: Double
}

public struct LeavingInadequateSummary: Sendable, Codable, Equatable {
    public struct Curve: Sendable, Codable, Equatable {
        public var group: String
        public var spells: Int
        public var left: Int
        public var times: [Double]
        public var survival: [Double]
        public var lower: [Double]
        public var upper: [Double]
        public var medianYears: Double?
        public var medianLower: Double?
        public var medianUpper: Double?
    }

    public var spells: Int
    public var curves: [Curve]
    public var logRank: ChiSquare?
    /// Hazard ratios of leaving Inadequate while a commissioner or an alternative delivery model
    /// is active, against an improvement adviser (time at risk only while one is active), and
    /// of deprivation: Cox model with Efron ties in counting-process form, robust SEs by spell.
    public var cox: [IntervalEstimate]
    public var coxConcordance: Double?
    /// Grambsch–Therneau global test of proportional hazards.
    public var proportionalHazards: ChiSquare?
    public var failure: String?
}

public struct NextGradeSummary: Sendable, Codable, Equatable {
    public var pairs: Int
    /// Log odds ratios of a better next grade (cumulative logit), with 95% intervals.
    public var coefficients: [IntervalEstimate]
    public var logLikelihood: Double?
    public var failure: String?
}
