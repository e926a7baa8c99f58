import LAEvalCore

/// The data audit of a study (the first stage of the scoping work): what is there, how much is
/// missing and why, and who received which support when.
public struct DataAudit: Sendable, Codable, Equatable {
    public struct Count: Sendable, Codable, Equatable {
        public var key: String
        public var count: Int
    }

    public struct InspectionYear: Sendable, Codable, Equatable {
        public var year: Int
        public var graded: Int
        public var visits: Int
        /// Graded inspections by overall grade (raw values), in Ofsted order.
        public var byGrade: [Count]
    }

    public struct SupportSummary: Sendable, Codable, Equatable {
        public var programme: Programme
        public var model: SupportModel
        public var episodes: Int
        public var localAuthorities: Int
        public var ongoingAtEnd: Int
    }

    /// LAs whose first episode of a model started in a reporting year.
    public struct Cohort: Sendable, Codable, Equatable {
        public var model: SupportModel
        public var startYear: Int
        public var localAuthorities: Int
    }

    public struct IndicatorCoverage: Sendable, Codable, Equatable {
        public var file: String
        public var indicator: String
        public var firstYear: Int
        public var lastYear: Int
        /// LA rows (LA × year × filter combination).
        public var laRows: Int
        public var values: Int
        /// Missing LA cells by EES symbol.
        public var missing: [Count]
        public var localAuthoritiesWithValues: Int
    }

    public var studyName: String
    public var simulated: Bool
    public var localAuthorities: Int
    public var regions: [Count]
    public var inspectionsByYear: [InspectionYear]
    public var gradesInForceAtEnd: [Count]
    public var support: [SupportSummary]
    public var cohorts: [Cohort]
    /// LAs that had support from two or more programmes at the same time at some point.
    public var multipleProgrammesAtOnce: Int
    public var indicators: [IndicatorCoverage]
    public var warnings: Int
    /// What the support register covers, in the study's words (study.yaml `register_coverage`), in programme order.
    public var registerCoverage: [RegisterCoverage] = []

    public struct RegisterCoverage: Sendable, Codable, Equatable {
        public var programme: Programme
        public var coverage: String
    }

    public init(study: Study, warnings: Int = 0) {
        let description = study.description
        studyName = description.name
        simulated = description.simulated
        localAuthorities = study.localAuthorities.count
        regions = Self.counts(study.localAuthorities.map(\.regionName))
        inspectionsByYear = Self.inspectionYears(study.inspections)
        let end = description.period.lastDay.adding(days: 1)
        gradesInForceAtEnd = Self.counts(study.localAuthorities.map {
            study.inspections.gradeInForce(for: $0.newCode, on: end)?.rawValue ?? "notInspected"
        }, order: Grade.allCases.map(\.rawValue) + ["notInspected"])
        support = Self.supportSummaries(study.support, end: description.period.lastDay)
        cohorts = Self.cohorts(study.support)
        multipleProgrammesAtOnce = Self.overlappingLAs(study.support)
        indicators = study.indicatorFiles.flatMap(Self.coverage)
        self.warnings = warnings
        registerCoverage = Programme.allCases.compactMap { p in description.registerCoverage[p.rawValue].map { RegisterCoverage(programme: p, coverage: $0) } }
    }

    static func counts(_ keys: [String], order: [String]? = nil) -> [Count] {
        var tally: [String: Int] = [:]
        for key in keys { tally[key, default: 0] += 1 }
        let keys = order?.filter { tally[$0] != nil } ?? tally.keys.sorted()
        return keys.map { Count(key: $0, count: tally[$0]!) }
    }

    static func inspectionYears(_ inspections: [Inspection]) -> [InspectionYear] {
        let byYear = Dictionary(grouping: inspections, by: \.date.year)
        return byYear.keys.sorted().map { year in
            let items = byYear[year]!
            let graded = items.compactMap(\.overall)
            return InspectionYear(year: year, graded: graded.count, visits: items.count - graded.count,
                                  byGrade: counts(graded.map(\.rawValue), order: Grade.allCases.map(\.rawValue)))
        }
    }

    static func supportSummaries(_ support: [SupportEpisode], end: CalendarDate) -> [SupportSummary] {
        SupportModel.allCases.compactMap { model in
            let episodes = support.filter { $0.model == model }
            guard !episodes.isEmpty else { return nil }
            return SupportSummary(programme: model.programme, model: model, episodes: episodes.count,
                                  localAuthorities: Set(episodes.map(\.laCode)).count,
                                  ongoingAtEnd: episodes.filter { $0.isActive(on: end) }.count)
        }
    }

    static func cohorts(_ support: [SupportEpisode]) -> [Cohort] {
        SupportModel.allCases.flatMap { model -> [Cohort] in
            var firstStart: [String: Int] = [:]
            for episode in support where episode.model == model {
                firstStart[episode.laCode] = min(firstStart[episode.laCode] ?? .max, episode.start.reportingYear)
            }
            let byYear = Dictionary(grouping: firstStart.values, by: { $0 })
            return byYear.keys.sorted().map { Cohort(model: model, startYear: $0, localAuthorities: byYear[$0]!.count) }
        }
    }

    static func overlappingLAs(_ support: [SupportEpisode]) -> Int {
        let byLA = Dictionary(grouping: support, by: \.laCode)
        return byLA.values.filter { episodes in
            episodes.contains { a in episodes.contains { b in a.programme != b.programme && a.overlaps(b) } }
        }.count
    }

    static func coverage(_ file: IndicatorFile) -> [IndicatorCoverage] {
        let table = file.table
        guard let levels = table.text("geographic_level"), let periods = table.text("time_period") else { return [] }
        let codes = table.text("new_la_code")
        let laRows = levels.indices.filter { levels[$0] == "Local authority" }
        let years = laRows.compactMap { Int(periods[$0].prefix(4)) }
        return table.indicatorNames.map { name in
            let values = table.indicator(name)!
            var missing: [String] = []
            var withValues = Set<String>()
            var numbers = 0
            for row in laRows {
                switch values[row] {
                case .number:
                    numbers += 1
                    if let codes { withValues.insert(codes[row]) }
                case .missing(let symbol):
                    missing.append(symbol.rawValue)
                }
            }
            return IndicatorCoverage(file: file.name, indicator: name, firstYear: years.min() ?? 0, lastYear: years.max() ?? 0,
                                     laRows: laRows.count, values: numbers,
                                     missing: counts(missing, order: EESSymbol.allCases.map(\.rawValue)),
                                     localAuthoritiesWithValues: withValues.count)
        }
    }
}
