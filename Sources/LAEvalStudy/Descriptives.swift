import Foundation
import LAEvalCore
import LAEvalStats

/// What the reports describe beside the estimates: each outcome's label and unit, its yearly
/// trend by support group (the long-term tracking of trends), the support and inspection
/// history of the LAs in intervention, and what the support cost.
public struct Descriptives: Sendable, Codable, Equatable {
    public struct Outcome: Sendable, Codable, Equatable {
        public var indicator: String
        public var file: String
        /// The EES metadata label (the indicator name if the metadata has none).
        public var label: String
        /// EES `indicator_unit`: blank, `%`, `pp`, `£`, `£m` or `numberstring`.
        public var unit: String
        public var polarity: Polarity

        public init(indicator: String, file: String, label: String, unit: String, polarity: Polarity) {
            self.indicator = indicator
            self.file = file
            self.label = label
            self.unit = unit
            self.polarity = polarity
        }
    }

    /// The mean of an outcome over a group's LAs in one reporting year, with a 95% interval
    /// mean ± t(0.975, n − 1) × SD/√n.
    public struct TrendPoint: Sendable, Codable, Equatable {
        public var year: Int
        public var mean: Double
        public var lower: Double
        public var upper: Double
        public var localAuthorities: Int
    }

    public struct Trend: Sendable, Codable, Equatable {
        public var indicator: String
        /// Groups in `Descriptives.groups` order.
        public var groups: [Group]

        public struct Group: Sendable, Codable, Equatable {
            public var group: String
            public var points: [TrendPoint]
        }
    }

    public struct Timeline: Sendable, Codable, Equatable {
        public struct Episode: Sendable, Codable, Equatable {
            public var model: SupportModel
            public var start: CalendarDate
            public var end: CalendarDate?
        }

        public struct Judgement: Sendable, Codable, Equatable {
            public var date: CalendarDate
            public var grade: Grade
        }

        public var laCode: String
        public var laName: String
        public var episodes: [Episode]
        public var judgements: [Judgement]
    }

    public struct Spend: Sendable, Codable, Equatable {
        public var programme: Programme
        /// nil for programme-wide costs.
        public var model: SupportModel?
        /// Total in pounds sterling.
        public var amountPounds: Double
        /// The price bases the amounts are in (as recorded; not yet deflated to one base).
        public var priceBases: [Int]
    }

    /// The mutually exclusive support groups of the trends, by the most intensive support an
    /// LA ever received in the study period.
    public static let groups = ["All LAs", "Ever in intervention", "Improvement support, no intervention", "Neither"]

    public var firstYear: Int
    public var lastYear: Int
    public var outcomes: [Outcome]
    public var trends: [Trend]
    /// LAs that were ever in intervention, in code order.
    public var interventionTimelines: [Timeline]
    public var spend: [Spend]
    /// Rows of an outcome that combine LAs sharing a service, each given to every LA it covers.
    public var combinedRows: [CombinedRow]

    public struct CombinedRow: Sendable, Codable, Equatable {
        public var indicator: String
        public var codes: String
        public var firstYear: Int
        public var lastYear: Int
    }

    public init(study: Study) {
        firstYear = study.description.period.firstYear
        lastYear = study.description.period.lastYear
        outcomes = study.description.plan.outcomes.map { Self.outcome($0, study) }
        let group = Self.supportGroups(study)
        let observations = study.description.plan.outcomes.map { OutcomeObservations(study, $0) }
        trends = zip(study.description.plan.outcomes, observations).compactMap { outcome, observed in
            observed.map { Self.trend(outcome.indicator, $0, group: group) }
        }
        combinedRows = zip(study.description.plan.outcomes, observations).flatMap { outcome, observed in
            (observed?.combinedCodes ?? [:]).sorted { $0.key < $1.key }.map {
                CombinedRow(indicator: outcome.indicator, codes: $0.key, firstYear: $0.value.lowerBound, lastYear: $0.value.upperBound)
            }
        }
        interventionTimelines = Self.timelines(study)
        spend = Self.spend(study)
    }

    static func outcome(_ spec: OutcomeSpec, _ study: Study) -> Outcome {
        let meta = study.indicatorFiles.first { $0.name == spec.file }?.meta.first { spec.columnNames.contains($0.colName) }
        let label = meta.map(\.label).flatMap { $0.isEmpty ? nil : $0 } ?? spec.indicator
        return Outcome(indicator: spec.indicator, file: spec.file, label: label, unit: meta?.indicatorUnit ?? "", polarity: spec.polarity)
    }

    /// Each LA's trend group (index into `groups`, never 0, which is everyone).
    static func supportGroups(_ study: Study) -> [String: Int] {
        let intervention = Set(study.support.filter { $0.programme == .intervention }.map(\.laCode))
        let improvement = Set(study.support.filter { $0.programme == .improvement }.map(\.laCode))
        var result: [String: Int] = [:]
        for la in study.localAuthorities {
            result[la.newCode] = intervention.contains(la.newCode) ? 1 : improvement.contains(la.newCode) ? 2 : 3
        }
        return result
    }

    static func trend(_ indicator: String, _ observations: OutcomeObservations, group: [String: Int]) -> Trend {
        var values = [[Int: [Double]]](repeating: [:], count: groups.count)
        for row in observations.codes.indices {
            values[0][observations.years[row], default: []].append(observations.values[row])
            if let g = group[observations.codes[row]] { values[g][observations.years[row], default: []].append(observations.values[row]) }
        }
        let series = groups.indices.map { g in
            Trend.Group(group: groups[g], points: values[g].keys.sorted().map { point(year: $0, values[g][$0]!) })
        }
        return Trend(indicator: indicator, groups: series)
    }

    static func point(year: Int, _ values: [Double]) -> TrendPoint {
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return TrendPoint(year: year, mean: mean, lower: .nan, upper: .nan, localAuthorities: values.count) }
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        let half = StudentT(df: n - 1).quantile(0.975) * sd / n.squareRoot()
        return TrendPoint(year: year, mean: mean, lower: mean - half, upper: mean + half, localAuthorities: values.count)
    }

    static func timelines(_ study: Study) -> [Timeline] {
        let episodes = Dictionary(grouping: study.support.filter { $0.programme == .intervention }, by: \.laCode)
        let judgements = Dictionary(grouping: study.inspections.filter { $0.overall != nil }, by: \.laCode)
        return study.localAuthorities.filter { episodes[$0.newCode] != nil }.sorted { $0.newCode < $1.newCode }.map { la in
            Timeline(laCode: la.newCode, laName: la.name,
                     episodes: episodes[la.newCode]!.sorted { $0.start < $1.start }.map { .init(model: $0.model, start: $0.start, end: $0.end) },
                     judgements: (judgements[la.newCode] ?? []).sorted { $0.date < $1.date }.map { .init(date: $0.date, grade: $0.overall!) })
        }
    }

    static func spend(_ study: Study) -> [Spend] {
        var totals: [String: Spend] = [:]
        for cost in study.costs {
            let key = "\(cost.programme.rawValue)/\(cost.model?.rawValue ?? "")"
            var entry = totals[key] ?? Spend(programme: cost.programme, model: cost.model, amountPounds: 0, priceBases: [])
            entry.amountPounds += cost.amountGBP
            if !entry.priceBases.contains(cost.priceBase) { entry.priceBases = (entry.priceBases + [cost.priceBase]).sorted() }
            totals[key] = entry
        }
        return totals.keys.sorted().map { totals[$0]! }
    }
}
