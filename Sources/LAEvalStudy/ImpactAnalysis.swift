import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// Impact of each kind of support on each outcome of the plan (aim a): Callaway & Sant'Anna
/// difference in differences on the LA × reporting-year panel of the indicator.
///
/// Choices, with their defaults: comparison units not yet treated (`control`), the doubly robust
/// estimator, no covariates (the plan names none: its moderators are for the context analysis);
/// the cohort of an LA is the reporting year its first episode of the support began (`anchor`);
/// LAs with other support stay in the comparison group (`overlap`); every LA is in the sample
/// (`population`). Because LAs are put into intervention *because* of an Inadequate judgement,
/// part of a later improvement is regression to the mean; the options `anchor:
/// .triggeringJudgement` and `population: .everInadequate` set up the designs that face it
/// (see docs/methods/did.md).
public enum ImpactAnalysis {
    public enum Anchor: String, Sendable, Codable, CaseIterable {
        /// The reporting year the support started in.
        case supportStart
        /// The reporting year of the graded judgement that preceded (triggered) the support.
        case triggeringJudgement
    }

    public enum Overlap: String, Sendable, Codable, CaseIterable {
        /// LAs receiving other support stay in the comparison group.
        case keep
        /// LAs receiving support of another programme at any time are left out of the comparison group.
        case excludeOtherProgrammes
    }

    public enum Population: String, Sendable, Codable, CaseIterable {
        case all
        /// Only LAs judged Inadequate at some point: comparisons among LAs with the same trigger.
        case everInadequate
    }

    public struct Options: Sendable, Codable, Equatable {
        public var control: CallawaySantAnna.ControlGroup = .notyet
        public var estimator: DiDEstimator = .dr
        public var anchor: Anchor = .supportStart
        public var overlap: Overlap = .keep
        public var population: Population = .all

        public init(control: CallawaySantAnna.ControlGroup = .notyet, estimator: DiDEstimator = .dr, anchor: Anchor = .supportStart,
                    overlap: Overlap = .keep, population: Population = .all) {
            self.control = control
            self.estimator = estimator
            self.anchor = anchor
            self.overlap = overlap
            self.population = population
        }
    }

    public struct Estimate: Sendable, Codable, Equatable {
        public struct EventTime: Sendable, Codable, Equatable {
            public var eventTime: Int
            public var att: Double
            public var se: Double
        }

        public struct Pretrend: Sendable, Codable, Equatable {
            public var statistic: Double
            public var df: Int
            public var p: Double
        }

        /// A programme or model raw value (e.g. `commissioner`).
        public var treatment: String
        public var indicator: String
        public var file: String
        public var polarity: Polarity
        public var options: Options
        public var units: Int
        public var treatedUnits: Int
        /// LAs left out because a year of the indicator is missing (suppressed) or by the options.
        public var droppedUnits: Int
        public var att: Double?
        public var se: Double?
        public var ciLower: Double?
        public var ciUpper: Double?
        public var dynamic: [EventTime]
        public var pretrend: Pretrend?
        /// Why no estimate could be made, if none was.
        public var failure: String?
    }

    /// One estimate per comparison of the plan and outcome of the plan.
    public static func run(_ study: Study, options: Options = Options()) -> [Estimate] {
        study.description.plan.comparisons.flatMap { treatment in
            study.description.plan.outcomes.map { outcome in estimate(study, treatment: treatment, outcome: outcome, options: options) }
        }
    }

    static func matches(_ episode: SupportEpisode, _ treatment: String) -> Bool {
        episode.model.rawValue == treatment || episode.programme.rawValue == treatment
    }

    /// The cohort (first reporting year of the support, or of its triggering judgement) of each LA; 0 if never.
    static func cohorts(_ study: Study, treatment: String, anchor: Anchor) -> [String: Int] {
        var result: [String: Int] = [:]
        let byLA = Dictionary(grouping: study.support.filter { matches($0, treatment) }, by: \.laCode)
        for (code, episodes) in byLA {
            let first = episodes.map(\.start).min()!
            var date = first
            if anchor == .triggeringJudgement,
               let trigger = study.inspections.filter({ $0.laCode == code && $0.overall != nil && $0.date <= first }).map(\.date).max() {
                date = trigger
            }
            result[code] = date.reportingYear
        }
        return result
    }

    static func estimate(_ study: Study, treatment: String, outcome: OutcomeSpec, options: Options) -> Estimate {
        var result = Estimate(treatment: treatment, indicator: outcome.indicator, file: outcome.file, polarity: outcome.polarity,
                              options: options, units: 0, treatedUnits: 0, droppedUnits: 0, dynamic: [])
        guard let file = study.indicatorFiles.first(where: { $0.name == outcome.file }),
              let values = file.table.indicator(outcome.indicator), let levels = file.table.text("geographic_level"),
              let codes = file.table.text("new_la_code"), let periods = file.table.text("time_period") else {
            result.failure = "no indicator \(outcome.indicator) in \(outcome.file)"
            return result
        }
        let cohort = cohorts(study, treatment: treatment, anchor: options.anchor)
        let treatedProgramme = SupportModel(rawValue: treatment)?.programme ?? Programme(rawValue: treatment)
        let otherProgramme = Set(study.support.filter { $0.programme != treatedProgramme }.map(\.laCode))
        let inadequate = Set(study.inspections.filter { $0.overall == .inadequate }.map(\.laCode))
        let filterColumns = outcome.filters.map { (file.table.text($0.key), $0.value) }
        var unit: [Int] = [], period: [Int] = [], group: [Int] = [], y: [Double] = []
        var laIndex: [String: Int] = [:]
        var excluded = Set<String>()
        for row in 0..<file.table.rowCount where levels[row] == "Local authority" {
            guard filterColumns.allSatisfy({ $0.0?[row] == $0.1 }) else { continue }
            let code = codes[row]
            guard let year = Int(periods[row].prefix(4)), study.description.period.contains(reportingYear: year) else { continue }
            let g = cohort[code] ?? 0
            if options.population == .everInadequate, !inadequate.contains(code) { excluded.insert(code); continue }
            if options.overlap == .excludeOtherProgrammes, g == 0, otherProgramme.contains(code) { excluded.insert(code); continue }
            guard let value = values[row].number else { continue }
            if laIndex[code] == nil { laIndex[code] = laIndex.count }
            unit.append(laIndex[code]!); period.append(year); group.append(g); y.append(value)
        }
        do {
            let panel = try BalancedPanel(unit: unit, period: period, group: group, outcome: y)
            let cs = try CallawaySantAnna(panel: panel, options: .init(control: options.control, estimator: options.estimator))
            let aggregates = cs.aggregate()
            let critical = Normal.standardQuantile(0.975)
            result.units = cs.units
            result.treatedUnits = cs.unitGroups.filter { $0 > 0 }.count
            result.droppedUnits = panel.droppedUnits + excluded.count
            result.att = aggregates.simple.att
            result.se = aggregates.simple.se
            result.ciLower = aggregates.simple.att - critical * aggregates.simple.se
            result.ciUpper = aggregates.simple.att + critical * aggregates.simple.se
            result.dynamic = aggregates.dynamic.map { .init(eventTime: $0.eventTime, att: $0.att, se: $0.se) }
            result.pretrend = cs.pretrendTest.map { .init(statistic: $0.statistic, df: $0.df, p: $0.p) }
        } catch {
            result.failure = "\(error)"
        }
        return result
    }
}
