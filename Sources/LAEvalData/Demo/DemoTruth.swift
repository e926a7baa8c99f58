import Foundation
import LAEvalCore

/// What the demo simulation planted, so reports can show each estimate beside the truth.
public struct DemoTruth: Sendable, Codable, Equatable {
    public struct IndicatorEffect: Sendable, Codable, Equatable {
        public var indicator: String
        public var model: SupportModel
        /// Effect at full strength for an LA of average deprivation, in the indicator's units.
        public var fullEffect: Double
    }

    /// The realised average planted effect among LAs that received a model, by years since
    /// their first episode of it (0 = the reporting year the support started in).
    public struct EventTimeEffect: Sendable, Codable, Equatable {
        public var indicator: String
        public var model: SupportModel
        public var eventTime: Int
        public var att: Double
        public var nLAs: Int
    }

    public var simulated: Bool
    public var seed: UInt64
    public var note: String
    /// Effects on the latent quality of services that drives Ofsted grades (SD units) and,
    /// multiplied by each indicator's within-LA SD and scale, on the indicators.
    public var models: [PlantedModelEffect]
    /// Effects are multiplied by max(0, 1 + modifier × standardised deprivation).
    public var deprivationModifier: Double
    public var indicatorEffects: [IndicatorEffect]
    public var effectsByEventTime: [EventTimeEffect]
    public var partnersInPractice: [String]
    /// The Markov process of Ofsted grades and the hazard ratios support planted on it.
    public var gradeProcess: PlantedGradeProcess
    /// What the survey simulation planted: response by grade, and the gain of scale scores with support.
    public var survey: PlantedSurvey?

    /// JSON with sorted keys and numbers rounded to 6 decimals: byte-identical for a seed.
    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: try encoder.encode(self), as: UTF8.self) + "\n"
    }

    /// The `truth.json` beside a demo study, nil when there is none or it cannot be read.
    public static func read(folder: String) -> DemoTruth? {
        let path = (folder as NSString).appendingPathComponent("truth.json")
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try? decoder.decode(DemoTruth.self, from: data)
    }

    static func make(seed: UInt64, indicators: DemoIndicators, history: DemoHistory, survey: PlantedSurvey? = nil) -> DemoTruth {
        func round6(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
        var indicatorEffects: [IndicatorEffect] = []
        var byEventTime: [EventTimeEffect] = []
        let byCode = Dictionary(grouping: history.support, by: \.laCode)
        for spec in DemoIndicatorSpecs.all where spec.effectScale > 0 {
            for model in SupportModel.allCases {
                indicatorEffects.append(IndicatorEffect(indicator: spec.name, model: model, fullEffect: round6(spec.fullEffect(model))))
                var sums: [Int: (total: Double, count: Int)] = [:]
                for (index, la) in indicators.las.authorities.enumerated() {
                    let starts = (byCode[la.newCode] ?? []).filter { $0.model == model }.map(\.start.reportingYear)
                    guard let first = starts.min() else { continue }
                    for year in first...2025 {
                        let effect = indicators.plantedEffect(spec, index: index, year: year, model: model)
                        sums[year - first, default: (0, 0)].total += effect
                        sums[year - first, default: (0, 0)].count += 1
                    }
                }
                for eventTime in sums.keys.sorted() {
                    let entry = sums[eventTime]!
                    byEventTime.append(EventTimeEffect(indicator: spec.name, model: model, eventTime: eventTime,
                                                       att: round6(entry.total / Double(entry.count)), nLAs: entry.count))
                }
            }
        }
        return DemoTruth(
            simulated: true, seed: seed,
            note: "SIMULATED DATA. These are the effects planted by laeval's demo simulation, not findings about real LAs.",
            models: DemoEffects.models, deprivationModifier: DemoEffects.deprivationModifier,
            indicatorEffects: indicatorEffects, effectsByEventTime: byEventTime, partnersInPractice: history.pipProviders,
            gradeProcess: .demo, survey: survey)
    }
}
