import Foundation
import LAEvalCore
import LAEvalEstimators

/// The study's Ofsted grades as panel data for a multi-state model: one row per graded
/// inspection (state observed) and, between them, one row on each day an LA's support changes
/// (state unknown), so that the support covariates are piecewise constant between consecutive
/// rows, the form a panel Markov model assumes (covariates take the value at the start of each
/// interval; Jackson 2011, §2.3 of the msm manual).
///
/// States are numbered as Ofsted numbers grades: 1 Outstanding, 2 Good, 3 Requires improvement,
/// 4 Inadequate; with `mergeOutstanding`, Outstanding joins Good and Inadequate becomes 3.
public struct JudgementPanel: Sendable, Equatable {
    public struct Row: Sendable, Equatable {
        public var laCode: String
        public var date: CalendarDate
        /// Years since the study's first day.
        public var time: Double
        /// The observed state, nil on a support-change row.
        public var state: Int?
        /// One value per `covariateNames` entry, in force from this row's date.
        public var covariates: [Double]
    }

    public var stateLabels: [String]
    public var covariateNames: [String]
    /// Support models with any active day in the panel, in `SupportModel` order (one
    /// covariate each), then the standardised deprivation when the study has it.
    public var models: [SupportModel]
    public var rows: [Row]
    /// LAs left out because they have fewer than two graded inspections.
    public var lasWithTooFewInspections: [String]

    /// The panel as multi-state data: each row's state (`states` replaces the observed ones, as
    /// a simulation does; nil is a row without a grade, censored to any state) and the covariate
    /// columns given.
    func multiStateData(states: [Int?]? = nil, covariates: [[Double]], names: [String]) throws -> MultiStateData {
        let all = Set(1...stateCount)
        let observed = states ?? rows.map(\.state)
        return try MultiStateData(subjects: rows.map(\.laCode), times: rows.map(\.time), states: observed.map { $0 ?? 1 },
                                  observationTypes: observed.map { $0 == nil ? .censored(allowed: all) : .panel },
                                  covariates: covariates, covariateNames: names)
    }

    /// The number of states.
    public var stateCount: Int { stateLabels.count }

    public init(study: Study, mergeOutstanding: Bool = false) {
        stateLabels = mergeOutstanding ? ["Good or outstanding", "Requires improvement", "Inadequate"]
            : Grade.allCases.sorted().map(\.label)
        let graded = Dictionary(grouping: study.inspections.filter { $0.overall != nil }, by: \.laCode)
        let episodes = Dictionary(grouping: study.support, by: \.laCode)
        models = SupportModel.allCases.filter { model in study.support.contains { $0.model == model } }
        let deprivation = Self.standardised(study.localAuthorities, column: "deprivation")
        covariateNames = models.map(\.rawValue) + (deprivation.isEmpty ? [] : ["deprivation"])
        rows = []
        lasWithTooFewInspections = []
        let origin = study.description.period.firstDay
        for la in study.localAuthorities {
            let inspections = (graded[la.newCode] ?? []).sorted { $0.date < $1.date }
            guard Set(inspections.map(\.date)).count >= 2 else {
                lasWithTooFewInspections.append(la.newCode)
                continue
            }
            let laEpisodes = episodes[la.newCode] ?? []
            func covariates(on date: CalendarDate) -> [Double] {
                models.map { model in laEpisodes.contains { $0.model == model && $0.isActive(on: date) } ? 1 : 0 }
                    + (deprivation.isEmpty ? [] : [deprivation[la.newCode] ?? .nan])
            }
            var dates: [CalendarDate: Int?] = [:]
            for inspection in inspections { dates[inspection.date] = Self.state(inspection.overall!, merged: mergeOutstanding) }
            let first = inspections.first!.date, last = inspections.last!.date
            for episode in laEpisodes {
                for change in [episode.start, episode.end?.adding(days: 1)].compactMap({ $0 })
                where first < change && change < last && dates[change] == nil {
                    dates[change] = .some(nil)
                }
            }
            for date in dates.keys.sorted() {
                rows.append(Row(laCode: la.newCode, date: date, time: origin.years(until: date), state: dates[date]!,
                                covariates: covariates(on: date)))
            }
        }
    }

    /// Ofsted's number (1 Outstanding … 4 Inadequate), or 1…3 with Outstanding merged into Good.
    public static func state(_ grade: Grade, merged: Bool) -> Int {
        merged ? max(grade.ofstedNumber - 1, 1) : grade.ofstedNumber
    }

    /// A context column standardised over the study's LAs, (x − mean) / SD; empty when absent.
    static func standardised(_ las: [LocalAuthority], column: String) -> [String: Double] {
        let values = las.compactMap { la in la.context[column].flatMap { $0.isFinite ? (la.newCode, $0) : nil } }
        guard values.count > 2 else { return [:] }
        let mean = values.reduce(0) { $0 + $1.1 } / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1.1 - mean) * ($1.1 - mean) } / Double(values.count - 1)
        guard variance > 0 else { return [:] }
        return Dictionary(values.map { ($0.0, ($0.1 - mean) / variance.squareRoot()) }, uniquingKeysWith: { a, _ in a })
    }

    /// Moves to a better and to a worse grade between consecutive graded inspections of an LA
    /// during which covariate `c` was 1 at some time (the moves that can inform its effect).
    public func movesWhileActive(_ c: Int) -> (improving: Int, declining: Int) {
        var improving = 0, declining = 0
        var previous: (la: String, state: Int, active: Bool)?
        for row in rows {
            if previous?.la != row.laCode { previous = nil }
            let active = row.covariates[c] == 1
            guard let state = row.state else {
                if active { previous?.active = true }
                continue
            }
            if let previous, previous.active {
                if state < previous.state { improving += 1 }
                if state > previous.state { declining += 1 }
            }
            previous = (row.laCode, state, active)
        }
        return (improving, declining)
    }

    /// Counts of moves between consecutive graded inspections (from, to), as msm's statetable.
    public var observedTransitions: [[Int]] {
        var table = Array(repeating: Array(repeating: 0, count: stateCount), count: stateCount)
        var previous: (la: String, state: Int)?
        for row in rows {
            guard let state = row.state else { continue }
            if let previous, previous.la == row.laCode { table[previous.state - 1][state - 1] += 1 }
            previous = (row.laCode, state)
        }
        return table
    }
}
