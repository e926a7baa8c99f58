import LAEvalCore
import LAEvalStats

/// The demo study of design.md §5: every English LA with children's services (real names and
/// codes) with simulated, seeded inspections, support, indicators and costs, and the truth the
/// simulation planted. Same seed, byte-identical files.
public struct DemoStudy: Sendable {
    public var study: Study
    public var truth: DemoTruth

    public static let defaultSeed: UInt64 = 20_260_401

    public init(seed: UInt64 = DemoStudy.defaultSeed, lookup: LALookup = .dfe) {
        let root = SeededGenerator(seed: seed)
        var laRNG = root.substream("local-authorities")
        let las = DemoLocalAuthorities(lookup: lookup, rng: &laRNG)
        let history = DemoHistory(las: las, rng: root.substream("history"))
        var indicatorRNG = root.substream("indicators")
        let indicators = DemoIndicators(las: las, history: history, rng: &indicatorRNG)
        var suppressionRNG = root.substream("suppression")
        let files = indicators.files(rng: &suppressionRNG)
        var costRNG = root.substream("costs")
        let alliances = Array(Set(las.authorities.map(\.alliance))).sorted()
        let costs = DemoCosts.costs(support: history.support, alliances: alliances, pipProviders: history.pipProviders, rng: &costRNG)
        var surveyRNG = root.substream("survey")
        let survey = DemoSurvey(las: las, inspections: history.inspections, support: history.support, baseQuality: history.baseQuality, rng: &surveyRNG)
        let description = StudyDescription(
            name: "laeval demo: DfE support to LA children's services (SIMULATED data)",
            period: StudyPeriod(firstYear: 2011, lastYear: 2025),
            laSet: LASetDefinition(asAt: DemoLocalAuthorities.asAt, boundaries: .harmonised, mapping: DemoLocalAuthorities.mapping),
            plan: Self.plan, seed: seed, simulated: true)
        study = Study(description: description, localAuthorities: las.authorities,
                      inspections: history.inspections.sorted { ($0.laCode, $0.date) < ($1.laCode, $1.date) },
                      support: history.support.sorted { ($0.laCode, $0.start, $0.model.rawValue) < ($1.laCode, $1.start, $1.model.rawValue) },
                      costs: costs, indicatorFiles: files, survey: survey.survey)
        truth = DemoTruth.make(seed: seed, indicators: indicators, history: history, survey: survey.truth)
    }

    static var plan: AnalysisPlan {
        let outcomes = DemoIndicatorSpecs.all.filter { $0.polarity != .neutral }.map {
            OutcomeSpec(indicator: $0.name, file: $0.file, polarity: $0.polarity)
        }
        return AnalysisPlan(
            outcomes: outcomes,
            comparisons: Programme.allCases.map(\.rawValue) + SupportModel.allCases.map(\.rawValue),
            moderators: ["deprivation", "rurality", "child_population"],
            economics: EconomicParameters(priceBase: DemoCosts.priceBase, discountRate: 0.035,
                                          unitCosts: ["adviser_day": 850, "commissioner_day": 1_200, "dfe_lead_day": 650,
                                                      "pip_support_day": 700, "foster_care_week": 646, "childrens_home_week": 3_000],
                                          optimismBias: 20, benefits: ["agency_rate_fte": 62_500], benefitYears: 2))
    }

    /// The files of the demo study folder: the study itself, `truth.json` and a README saying
    /// the data are simulated.
    public func files() throws -> [(path: String, text: String)] {
        StudyWriter.files(study) + [("truth.json", try truth.json()), ("README.txt", Self.readme(seed: study.description.seed))]
    }

    static func readme(seed: UInt64) -> String {
        """
        SIMULATED DATA - laeval demo study (seed \(seed))

        The local authorities are real (names, ONS and DfE codes, regions from DfE's LA lookup).
        Everything else - Ofsted inspections, support episodes, indicator values, costs and the
        survey's respondents and answers (survey/) - is simulated by laeval and describes no real
        LA or person. truth.json holds the effects the simulation
        planted, so that estimates can be checked against them.

        """
    }
}
