import LAEvalCore

/// One simulated indicator, its distribution calibrated on DfE's published LA data
/// (Validation/calibration: means, between-LA and within-LA SDs, lag-1 autocorrelation).
struct DemoIndicatorSpec {
    var file: String
    var name: String
    var label: String
    var unit: String
    var decimalPlaces: Int
    var polarity: Polarity
    /// Mean across LAs in 2011 and 2025 (linear in between).
    var firstMean: Double
    var lastMean: Double
    var betweenSD: Double
    var withinSD: Double
    var autocorrelation: Double
    var bounds: ClosedRange<Double>
    /// Direction in which services that are worse move the indicator (+1 up, -1 down).
    var worseDirection: Double
    /// How much the LA's level follows its latent quality (0 none, 1 fully).
    var qualityLoading: Double
    /// Multiplier of the planted standardised effects (0: support does not move it).
    var effectScale: Double
    /// Is a percentage whose cell is suppressed for very small LAs.
    var suppressSmall: Bool

    func mean(in year: Int) -> Double {
        firstMean + (lastMean - firstMean) * Double(year - 2011) / Double(2025 - 2011)
    }

    /// The planted effect of a model at full strength, in the indicator's units.
    func fullEffect(_ model: SupportModel) -> Double {
        -worseDirection * effectScale * DemoEffects.effect(model).standardisedEffect * withinSD
    }
}

enum DemoIndicatorSpecs {
    /// Indicators by file. Calibration sources: cin, re-referral, repeat plans, CLA, placement
    /// stability and workforce from shared/data/ees (see Validation/calibration/README.md);
    /// assessment timeliness, CP plan rate and spend per child are set from published national
    /// figures (no LA file in the calibration set) and say so in their labels' sources.
    static let all: [DemoIndicatorSpec] = [
        .init(file: "b1_children_in_need", name: "cin_rate_per_10000", label: "Children in need at 31 March per 10,000 children",
              unit: "", decimalPlaces: 1, polarity: .neutral, firstMean: 358, lastMean: 358, betweenSD: 93, withinSD: 51,
              autocorrelation: 0.61, bounds: 50...1200, worseDirection: 1, qualityLoading: 0.3, effectScale: 0, suppressSmall: false),
        .init(file: "c1_referrals", name: "rereferral_percent", label: "Re-referrals within 12 months (%)",
              unit: "%", decimalPlaces: 1, polarity: .lowerIsBetter, firstMean: 23.0, lastMean: 20.5, betweenSD: 3.7, withinSD: 4.35,
              autocorrelation: 0.58, bounds: 0...100, worseDirection: 1, qualityLoading: 0.4, effectScale: 1, suppressSmall: true),
        .init(file: "c2_assessments", name: "assessments_within_45_days_percent", label: "Assessments completed within 45 working days (%)",
              unit: "%", decimalPlaces: 1, polarity: .higherIsBetter, firstMean: 78, lastMean: 82, betweenSD: 8, withinSD: 7,
              autocorrelation: 0.5, bounds: 0...100, worseDirection: -1, qualityLoading: 0.5, effectScale: 1.2, suppressSmall: true),
        .init(file: "d1_child_protection_plans", name: "cpp_rate_per_10000", label: "Children on a child protection plan at 31 March per 10,000",
              unit: "", decimalPlaces: 1, polarity: .neutral, firstMean: 38, lastMean: 41, betweenSD: 12, withinSD: 6,
              autocorrelation: 0.5, bounds: 5...200, worseDirection: 1, qualityLoading: 0.2, effectScale: 0, suppressSmall: false),
        .init(file: "d3_subsequent_plans", name: "cpp_subsequent_percent", label: "Child protection plans that are a second or subsequent plan (%)",
              unit: "%", decimalPlaces: 1, polarity: .lowerIsBetter, firstMean: 15, lastMean: 23.8, betweenSD: 3.2, withinSD: 4.35,
              autocorrelation: 0.2, bounds: 0...100, worseDirection: 1, qualityLoading: 0.3, effectScale: 0.8, suppressSmall: true),
        .init(file: "cla_rates", name: "cla_rate_per_10000", label: "Children looked after at 31 March per 10,000",
              unit: "", decimalPlaces: 0, polarity: .neutral, firstMean: 70, lastMean: 73, betweenSD: 31.5, withinSD: 6,
              autocorrelation: 0.79, bounds: 10...300, worseDirection: 1, qualityLoading: 0.2, effectScale: 0, suppressSmall: false),
        .init(file: "placement_stability", name: "placement_stability_short_term_percent", label: "Children looked after with 3 or more placements in the year (%)",
              unit: "%", decimalPlaces: 0, polarity: .lowerIsBetter, firstMean: 10.5, lastMean: 10.4, betweenSD: 1.95, withinSD: 1.9,
              autocorrelation: 0.14, bounds: 0...100, worseDirection: 1, qualityLoading: 0.3, effectScale: 1, suppressSmall: true),
        .init(file: "placement_stability", name: "placement_stability_long_term_percent", label: "Long-term looked after children with the same carer for 2 years (%)",
              unit: "%", decimalPlaces: 0, polarity: .higherIsBetter, firstMean: 68.5, lastMean: 68.1, betweenSD: 4.05, withinSD: 5.0,
              autocorrelation: 0.45, bounds: 0...100, worseDirection: -1, qualityLoading: 0.3, effectScale: 1, suppressSmall: true),
        .init(file: "csww_workforce", name: "turnover_rate_fte", label: "Social worker turnover rate, FTE (%)",
              unit: "%", decimalPlaces: 1, polarity: .lowerIsBetter, firstMean: 16.0, lastMean: 12.9, betweenSD: 3.5, withinSD: 5.3,
              autocorrelation: 0.11, bounds: 0...100, worseDirection: 1, qualityLoading: 0.4, effectScale: 1.2, suppressSmall: true),
        .init(file: "csww_workforce", name: "agency_rate_fte", label: "Agency social worker rate, FTE (%)",
              unit: "%", decimalPlaces: 1, polarity: .lowerIsBetter, firstMean: 16.5, lastMean: 14.2, betweenSD: 8.55, withinSD: 6.8,
              autocorrelation: 0.73, bounds: 0...100, worseDirection: 1, qualityLoading: 0.5, effectScale: 1.2, suppressSmall: true),
        .init(file: "csww_workforce", name: "vacancy_rate_fte", label: "Social worker vacancy rate, FTE (%)",
              unit: "%", decimalPlaces: 1, polarity: .lowerIsBetter, firstMean: 17.0, lastMean: 14.9, betweenSD: 8.05, withinSD: 6.9,
              autocorrelation: 0.63, bounds: 0...100, worseDirection: 1, qualityLoading: 0.5, effectScale: 1.2, suppressSmall: true),
        .init(file: "csww_workforce", name: "caseload_fte", label: "Average caseload per case-holding FTE social worker",
              unit: "", decimalPlaces: 1, polarity: .lowerIsBetter, firstMean: 18.2, lastMean: 15.4, betweenSD: 1.8, withinSD: 1.75,
              autocorrelation: 0.36, bounds: 4...40, worseDirection: 1, qualityLoading: 0.3, effectScale: 1, suppressSmall: false),
        .init(file: "s251_spend", name: "spend_per_child_gbp", label: "Children's social care spend per child aged 0-17 (£)",
              unit: "£", decimalPlaces: 0, polarity: .neutral, firstMean: 620, lastMean: 1050, betweenSD: 180, withinSD: 45,
              autocorrelation: 0.8, bounds: 150...4000, worseDirection: 1, qualityLoading: 0.2, effectScale: 0, suppressSmall: false),
    ]

    /// File stems in name order (the order a study folder is read in).
    static var files: [String] { Array(Set(all.map(\.file))).sorted() }
}
