import LAEvalCore
import LAEvalStats

/// Simulates, month by month from November 2013 to March 2025, each LA's Ofsted inspections and
/// the support that follows them. Grades are panel observations of a continuous-time Markov
/// process whose intensities support changes (`PlantedGradeProcess`); a latent quality of
/// services, which the indicators load on, sets the first grade and picks Partners in Practice.
///
/// Rules followed (design.md §5): SIF inspections of every LA between November 2013 and 2017,
/// then ILACS (short inspections after Good or Outstanding, standard ones otherwise), focused
/// visits between inspections, monitoring visits every few months while Inadequate, no graded
/// inspections during the 2020-21 Covid pause. Intervention starts after an Inadequate judgement
/// (a commissioner in the most serious cases or on a second Inadequate, some moving to an
/// alternative delivery model), improvement support after Requires Improvement (Regional
/// Improvement Alliances from April 2017), and 15 Partners in Practice rated Good or better at
/// the start (7 in April 2016, 8 in April 2018) each support 6-10 LAs.
struct DemoHistory {
    static let firstYear = 2011, lastYear = 2025
    static let studyEnd = CalendarDate.endOfReportingYear(2025)
    static let ilacsStart = CalendarDate(year: 2018, month: 1, day: 1)!
    static let allianceStart = CalendarDate(year: 2017, month: 4, day: 1)!
    static let pipWaves: [(date: CalendarDate, providers: Int)] = [
        (CalendarDate(year: 2016, month: 4, day: 1)!, 7), (CalendarDate(year: 2018, month: 4, day: 1)!, 8),
    ]
    static let pipProgrammeEnd = CalendarDate(year: 2022, month: 3, day: 31)!
    static let covidPause = (CalendarDate(year: 2020, month: 3, day: 17)!, CalendarDate(year: 2021, month: 3, day: 31)!)
    /// Cut points of the latent quality (inadequate | RI | good | outstanding) that set each LA's
    /// grade in November 2013 from its average quality over the years (a lasting level, which the
    /// LA fixed effects of the impact designs absorb, not a passing dip that would mean-revert),
    /// so the first SIF grade mix is near SIF's (about 20/40/36/4%).
    static let sifCuts = [-1.06, 0.32, 2.2]

    var inspections: [Inspection] = []
    var support: [SupportEpisode] = []
    var pipProviders: [String] = []
    /// Counterfactual latent quality (no support) by LA and reporting year 2011...2025.
    var baseQuality: [[Double]] = []

    private struct LAState {
        var nextGraded: CalendarDate?
        var visits: [(date: CalendarDate, kind: InspectionKind)] = []
        var lastGrade: Grade?
        var inadequateStreak = 0
        var episodes: [Int] = []
        /// The grade services are at on `gradeClock` (the Markov process Ofsted observes).
        var hiddenGrade: Grade = .good
        var gradeClock = CalendarDate(year: 2013, month: 11, day: 1)!
    }

    private let las: DemoLocalAuthorities
    private var states: [LAState]
    private var rng: SeededGenerator

    init(las: DemoLocalAuthorities, rng: SeededGenerator) {
        self.las = las
        self.rng = rng
        self.states = Array(repeating: LAState(), count: las.authorities.count)
        simulateBaseQuality()
        scheduleSIF()
        run()
    }

    private mutating func simulateBaseQuality() {
        let years = Self.lastYear - Self.firstYear + 1
        baseQuality = las.deprivationZ.map { depZ in
            let mean = -0.45 * depZ + 0.75 * rng.normal()
            var current = mean + 0.5 / (1 - 0.75 * 0.75).squareRoot() * rng.normal()
            var path: [Double] = []
            for year in 0..<years {
                if year > 0 { current = mean + 0.75 * (current - mean) + 0.5 * rng.normal() }
                path.append(current + 0.03 * Double(year))
            }
            return path
        }
    }

    private mutating func scheduleSIF() {
        let first = CalendarDate(year: 2013, month: 11, day: 1)!, last = CalendarDate(year: 2017, month: 10, day: 31)!
        for index in states.indices {
            states[index].nextGraded = first.adding(days: rng.integer(in: 0...first.days(until: last)))
            let level = baseQuality[index].reduce(0, +) / Double(baseQuality[index].count)
            states[index].hiddenGrade = Self.grade(level + 0.5 * rng.normal(), cuts: Self.sifCuts)
            states[index].gradeClock = first
        }
    }

    /// Latent quality of LA `index` on a day: the counterfactual plus the planted support effects.
    func quality(_ index: Int, on date: CalendarDate) -> Double {
        let year = min(max(date.reportingYear, Self.firstYear), Self.lastYear)
        var value = baseQuality[index][year - Self.firstYear]
        let episodes = states[index].episodes.map { support[$0] }
        let multiplier = DemoEffects.contextMultiplier(deprivationZ: las.deprivationZ[index])
        for planted in DemoEffects.models {
            value += planted.standardisedEffect * multiplier * DemoEffects.strength(of: episodes, model: planted.model, on: date)
        }
        return value
    }

    private mutating func run() {
        var month = CalendarDate(year: 2013, month: 11, day: 1)!
        while month <= Self.studyEnd {
            let next = month.month == 12 ? CalendarDate(year: month.year + 1, month: 1, day: 1)! : CalendarDate(year: month.year, month: month.month + 1, day: 1)!
            for wave in Self.pipWaves where wave.date == month { startPartnersInPractice(on: month, providers: wave.providers) }
            if month == Self.allianceStart { startAlliances(on: month) }
            for index in states.indices { processEvents(index, from: month, before: next) }
            month = next
        }
    }

    private mutating func processEvents(_ index: Int, from start: CalendarDate, before end: CalendarDate) {
        while true {
            let visit = states[index].visits.first.flatMap { $0.date < end ? $0 : nil }
            let graded = states[index].nextGraded.flatMap { $0 < end && $0 <= Self.studyEnd ? $0 : nil }
            if let visit, graded.map({ visit.date <= $0 }) ?? true {
                states[index].visits.removeFirst()
                if visit.date <= Self.studyEnd {
                    let framework: InspectionFramework = visit.date < Self.ilacsStart ? .sif : .ilacs
                    inspections.append(Inspection(laCode: las.authorities[index].newCode, date: visit.date,
                                                  framework: framework, kind: visit.kind, overall: nil))
                }
            } else if let graded {
                states[index].nextGraded = nil
                gradedInspection(index, on: graded)
            } else {
                return
            }
        }
    }

    private static func grade(_ latent: Double, cuts: [Double]) -> Grade {
        latent < cuts[0] ? .inadequate : latent < cuts[1] ? .requiresImprovement : latent < cuts[2] ? .good : .outstanding
    }

    private mutating func gradedInspection(_ index: Int, on date: CalendarDate) {
        let overall = observeGrade(index, on: date)
        let framework: InspectionFramework = date < Self.ilacsStart ? .sif : .ilacs
        let kind: InspectionKind = framework == .ilacs && (states[index].lastGrade?.isGoodOrBetter ?? false) ? .short : .full
        var subs: [SubJudgement] = framework == .sif
            ? [.helpAndProtection, .childrenInCare, .adoption, .careLeavers, .leadership]
            : [.helpAndProtection, .childrenInCare, .leadership]
        if framework == .ilacs, date >= CalendarDate(year: 2023, month: 1, day: 1)! { subs.append(.careLeavers) }
        var subJudgements: [SubJudgement: Grade] = [:]
        for sub in subs {
            let shift = 0.45 * rng.normal()
            let number = min(max(overall.ofstedNumber + (shift > 0.5 ? 1 : shift < -0.5 ? -1 : 0), 1), 4)
            subJudgements[sub] = Grade.allCases.first { $0.ofstedNumber == number }!
        }
        inspections.append(Inspection(laCode: las.authorities[index].newCode, date: date, framework: framework,
                                      kind: kind, overall: overall, subJudgements: subJudgements))
        let previous = states[index].lastGrade
        states[index].lastGrade = overall
        states[index].inadequateStreak = overall == .inadequate ? states[index].inadequateStreak + 1 : 0
        respondToJudgement(index, grade: overall, previous: previous, on: date)
        scheduleNext(index, after: overall, on: date)
    }

    /// The grade of the Markov process on `date`, moved on from where it was last observed.
    private mutating func observeGrade(_ index: Int, on date: CalendarDate) -> Grade {
        let episodes = states[index].episodes.map { support[$0] }
        let grade = PlantedGradeProcess.demo.advance(states[index].hiddenGrade, from: states[index].gradeClock, to: date,
                                                     deprivationZ: las.deprivationZ[index], episodes: episodes, rng: &rng)
        states[index].hiddenGrade = grade
        states[index].gradeClock = date
        return grade
    }

    // MARK: support

    private mutating func respondToJudgement(_ index: Int, grade: Grade, previous: Grade?, on date: CalendarDate) {
        switch grade {
        case .inadequate:
            closeEpisodes(index, of: .improvement, on: date)
            let open = openEpisodes(index, of: .intervention)
            let serious = rng.bernoulli(0.3) || states[index].inadequateStreak >= 2
            if open.isEmpty {
                startIntervention(index, commissioner: serious, after: date)
            } else if serious, open.allSatisfy({ support[$0].model == .improvementAdviser }) {
                closeEpisodes(index, of: .intervention, on: date)
                startIntervention(index, commissioner: true, after: date)
            }
        case .requiresImprovement:
            closeEpisodes(index, of: .intervention, on: date.adding(days: rng.integer(in: 30...90)), keepDeliveryModels: true)
            startImprovement(index, previous: previous, after: date)
        case .good, .outstanding:
            closeEpisodes(index, of: .intervention, on: date.adding(days: rng.integer(in: 30...90)), keepDeliveryModels: true)
            closeEpisodes(index, of: .improvement, on: date.adding(days: rng.integer(in: 30...90)))
        }
    }

    private func openEpisodes(_ index: Int, of programme: Programme) -> [Int] {
        states[index].episodes.filter { support[$0].programme == programme && support[$0].end == nil }
    }

    private mutating func closeEpisodes(_ index: Int, of programme: Programme, on date: CalendarDate, keepDeliveryModels: Bool = false) {
        for episode in openEpisodes(index, of: programme) where !(keepDeliveryModels && support[episode].model == .alternativeDeliveryModel) {
            guard date <= Self.studyEnd else { continue }
            support[episode].end = max(date, support[episode].start)
        }
    }

    @discardableResult
    private mutating func addEpisode(_ index: Int, model: SupportModel, start: CalendarDate, activities: [SupportActivity],
                                     intensity: Double?, provider: String? = nil, end: CalendarDate? = nil) -> Int? {
        guard start <= Self.studyEnd else { return nil }
        let closed = end.flatMap { $0 <= Self.studyEnd ? $0 : nil }
        support.append(SupportEpisode(laCode: las.authorities[index].newCode, programme: model.programme, model: model,
                                      providerLACode: provider, activities: activities, start: start, end: closed,
                                      intensity: intensity))
        states[index].episodes.append(support.count - 1)
        return support.count - 1
    }

    private mutating func startIntervention(_ index: Int, commissioner: Bool, after date: CalendarDate) {
        let start = date.adding(days: rng.integer(in: 60...120))
        if commissioner {
            let days = Double(rng.integer(in: 60...120))
            guard let episode = addEpisode(index, model: .commissioner, start: start, activities: [.diagnostic, .visits], intensity: days) else { return }
            if rng.bernoulli(0.35) {
                let trustStart = start.adding(days: rng.integer(in: 365...730))
                if trustStart <= Self.studyEnd {
                    support[episode].end = trustStart
                    addEpisode(index, model: .alternativeDeliveryModel, start: trustStart,
                               activities: [.practiceModelTraining, .staffLoan], intensity: nil)
                }
            }
        } else {
            addEpisode(index, model: .improvementAdviser, start: start, activities: [.diagnostic, .visits],
                       intensity: Double(rng.integer(in: 20...60)))
        }
    }

    private mutating func startImprovement(_ index: Int, previous: Grade?, after date: CalendarDate) {
        let open = Set(openEpisodes(index, of: .improvement).map { support[$0].model })
        let start = date.adding(days: rng.integer(in: 30...90))
        if start >= Self.allianceStart, !open.contains(.regionalAlliance) {
            addEpisode(index, model: .regionalAlliance, start: start, activities: [.peerSupport, .conferences], intensity: nil)
        }
        if start >= Self.allianceStart, !open.contains(.dfeImprovementLead), rng.bernoulli(0.5) {
            addEpisode(index, model: .dfeImprovementLead, start: start, activities: [.diagnostic, .visits],
                       intensity: Double(rng.integer(in: 6...15)))
        }
        let atRisk = previous == .inadequate || rng.bernoulli(0.3)
        if atRisk, !open.contains(.lgaLeadMember), rng.bernoulli(0.6) {
            addEpisode(index, model: .lgaLeadMember, start: start, activities: [.peerSupport, .conferences],
                       intensity: Double(rng.integer(in: 3...8)))
        }
    }

    /// Regional Improvement Alliances open in April 2017 to every LA then Requiring Improvement.
    private mutating func startAlliances(on date: CalendarDate) {
        for index in states.indices where states[index].lastGrade == .requiresImprovement {
            if !openEpisodes(index, of: .improvement).contains(where: { support[$0].model == .regionalAlliance }) {
                addEpisode(index, model: .regionalAlliance, start: date, activities: [.peerSupport, .conferences], intensity: nil)
            }
        }
    }

    private mutating func startPartnersInPractice(on date: CalendarDate, providers count: Int) {
        let tiny: Set<String> = ["201", "420"]
        var candidates: [(index: Int, score: Double)] = []
        for index in states.indices where (states[index].lastGrade?.isGoodOrBetter ?? false)
            && !pipProviders.contains(las.authorities[index].newCode) && !tiny.contains(las.authorities[index].oldCode) {
            candidates.append((index, quality(index, on: date) + 0.3 * rng.normal()))
        }
        candidates.sort { $0.score > $1.score }
        var chosen: [Int] = []
        var perRegion: [String: Int] = [:]
        for candidate in candidates where chosen.count < count {
            let region = las.authorities[candidate.index].regionCode
            guard perRegion[region, default: 0] < 2 else { continue }
            perRegion[region, default: 0] += 1
            chosen.append(candidate.index)
        }
        for provider in chosen {
            pipProviders.append(las.authorities[provider].newCode)
            assignPartners(provider: provider, on: date, excluding: tiny)
        }
    }

    private mutating func assignPartners(provider: Int, on date: CalendarDate, excluding tiny: Set<String>) {
        let providerCode = las.authorities[provider].newCode
        let region = las.authorities[provider].regionCode
        func gradeRank(_ grade: Grade?) -> Int {
            switch grade {
            case .inadequate: 0
            case .requiresImprovement: 1
            case nil: 2
            case .good: 3
            case .outstanding: 4
            }
        }
        var candidates: [(index: Int, key: (Int, Int, Double))] = []
        for index in states.indices where !pipProviders.contains(las.authorities[index].newCode)
            && !tiny.contains(las.authorities[index].oldCode)
            && !states[index].episodes.contains(where: { support[$0].model == .pipPartner && support[$0].isActive(on: date) }) {
            let sameRegion = las.authorities[index].regionCode == region ? 0 : 1
            candidates.append((index, (gradeRank(states[index].lastGrade), sameRegion, rng.uniform())))
        }
        candidates.sort { $0.key < $1.key }
        let count = rng.integer(in: 6...10)
        for candidate in candidates.prefix(count) {
            let end = min(date.adding(days: Int(rng.uniform(1.5, 3.0) * 365.25)), Self.pipProgrammeEnd)
            let activities = SupportActivity.allCases.filter { _ in rng.bernoulli(0.6) }
            addEpisode(candidate.index, model: .pipPartner, start: date,
                       activities: activities.isEmpty ? [.peerSupport] : activities,
                       intensity: Double(rng.integer(in: 10...40)), provider: providerCode, end: end)
        }
    }

    // MARK: scheduling

    private mutating func scheduleNext(_ index: Int, after grade: Grade, on date: CalendarDate) {
        let gapYears: Double
        switch grade {
        case .inadequate: gapYears = 3.0 + 0.35 * rng.normal()
        case .requiresImprovement: gapYears = 4.0 + 0.4 * rng.normal()
        case .good: gapYears = 4.8 + 0.4 * rng.normal()
        case .outstanding: gapYears = 4.7 + 0.4 * rng.normal()
        }
        var next = date.adding(days: Int(max(1.5, gapYears) * 365.25))
        if next < Self.ilacsStart, date < Self.ilacsStart, grade != .inadequate {
            next = Self.ilacsStart.adding(days: rng.integer(in: 0...900))  // the first ILACS round
        }
        if Self.covidPause.0 <= next, next <= Self.covidPause.1 { next = next.adding(days: 365 + rng.integer(in: 0...365)) }
        states[index].nextGraded = next
        var visits: [(CalendarDate, InspectionKind)] = []
        if grade == .inadequate {
            var visit = date.adding(days: rng.integer(in: 120...210))
            while visit < next.adding(days: -60) {
                if !(Self.covidPause.0 <= visit && visit <= Self.covidPause.1) { visits.append((visit, .monitoringVisit)) }
                visit = visit.adding(days: rng.integer(in: 120...210))
            }
        } else if rng.bernoulli(grade == .requiresImprovement ? 0.6 : 0.7) {
            let midpoint = date.adding(days: date.days(until: next) / 2 + rng.integer(in: -90...90))
            if midpoint >= Self.ilacsStart, !(Self.covidPause.0 <= midpoint && midpoint <= Self.covidPause.1) {
                visits.append((midpoint, .focusedVisit))
            }
        }
        states[index].visits = visits
    }
}
