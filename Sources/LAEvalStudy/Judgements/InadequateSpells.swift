import Foundation
import LAEvalCore

/// Spells in Inadequate for the survival analysis of "time to leave Inadequate": a spell starts
/// at an Inadequate judgement that follows a better one (or is the LA's first) and ends at the
/// first later graded judgement that is not Inadequate (the event) or, without one, is censored
/// at the LA's last Inadequate judgement or the study's end, whichever is later.
///
/// Each spell is split, in counting-process form (start, stop], at the days the LA's
/// intervention models start and end, so a Cox model can take the model in force as a
/// time-varying covariate (Andersen & Gill 1982); `group` names the spell's main intervention
/// model for Kaplan–Meier curves: the alternative delivery model if one started during the
/// spell, else a commissioner, else an improvement adviser, else none.
public struct InadequateSpells: Sendable, Equatable {
    public struct Spell: Sendable, Equatable {
        public var laCode: String
        public var start: CalendarDate
        /// Years from the Inadequate judgement to the event or censoring.
        public var duration: Double
        public var left: Bool
        public var group: String
    }

    /// One piece of a spell in (start, stop] form, times in years since the spell began.
    public struct Interval: Sendable, Equatable {
        public var spell: Int
        public var start: Double
        public var stop: Double
        public var event: Bool
        /// One 0/1 value per `InadequateSpells.models` entry, then the standardised deprivation.
        public var covariates: [Double]
    }

    /// The group of spells with no intervention model recorded (others are `SupportModel` raw values).
    public static let noIntervention = "none"
    public static let models: [SupportModel] = [.commissioner, .improvementAdviser, .alternativeDeliveryModel]

    public var spells: [Spell] = []
    public var intervals: [Interval] = []
    public var covariateNames: [String]

    public init(study: Study) {
        let graded = Dictionary(grouping: study.inspections.filter { $0.overall != nil }, by: \.laCode)
        let episodes = Dictionary(grouping: study.support.filter { Self.models.contains($0.model) }, by: \.laCode)
        let deprivation = JudgementPanel.standardised(study.localAuthorities, column: "deprivation")
        covariateNames = Self.models.map(\.rawValue) + (deprivation.isEmpty ? [] : ["deprivation"])
        let studyEnd = study.description.period.lastDay
        for la in study.localAuthorities {
            let inspections = (graded[la.newCode] ?? []).sorted { $0.date < $1.date }
            var index = 0
            while index < inspections.count {
                defer { index += 1 }
                guard inspections[index].overall == .inadequate,
                      index == 0 || inspections[index - 1].overall != .inadequate else { continue }
                let start = inspections[index].date
                let exit = inspections[(index + 1)...].first { $0.overall != .inadequate }
                let lastInadequate = inspections[index...].prefix { $0.overall == .inadequate }.last!.date
                let end = exit?.date ?? max(lastInadequate, studyEnd)
                guard start < end else { continue }
                add(la: la.newCode, from: start, to: end, left: exit != nil, episodes: episodes[la.newCode] ?? [],
                    deprivation: deprivation.isEmpty ? nil : deprivation[la.newCode] ?? .nan)
            }
        }
    }

    private mutating func add(la: String, from start: CalendarDate, to end: CalendarDate, left: Bool,
                              episodes: [SupportEpisode], deprivation: Double?) {
        let during = episodes.filter { $0.start < end && ($0.end.map { $0 >= start } ?? true) }
        let group = [SupportModel.alternativeDeliveryModel, .commissioner, .improvementAdviser]
            .first { model in during.contains { $0.model == model } }?.rawValue ?? Self.noIntervention
        spells.append(Spell(laCode: la, start: start, duration: start.years(until: end), left: left, group: group))
        var cuts = Set([start, end])
        for episode in during {
            for change in [episode.start, episode.end?.adding(days: 1)].compactMap({ $0 }) where start < change && change < end {
                cuts.insert(change)
            }
        }
        let days = cuts.sorted()
        for (from, to) in zip(days, days.dropFirst()) {
            let active = Self.models.map { model in during.contains { $0.model == model && $0.isActive(on: from) } ? 1.0 : 0 }
            intervals.append(Interval(spell: spells.count - 1, start: start.years(until: from), stop: start.years(until: to),
                                      event: left && to == end, covariates: active + (deprivation.map { [$0] } ?? [])))
        }
    }
}
