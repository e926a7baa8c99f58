import LAEvalCore
import LAEvalStats

/// The demo's longitudinal survey (SIMULATED): three autumn waves, 2022, 2023 and 2024, of a
/// questionnaire of 21 questions (version 2, from wave 2, drops one question and adds another),
/// answered for every LA by one to three people (the director of children's services first).
///
/// - Response: each respondent submits with a probability set by the LA's Ofsted grade in force
///   when the wave opens (lower for Inadequate LAs); of the rest, about a third start and stop
///   part-way (`partial`, answering the first pages only) and the others never start.
/// - Scales: three Likert scales (quality of support, leadership and practice, workforce). Each
///   LA has a latent level per scale that rises with its latent quality of services, a small
///   trend per wave, and a planted gain for every year of support it had up to the wave
///   (`DemoTruth.survey`); respondents add their own noise, and each item its own offset and
///   noise, rounded to the five points.
/// - The support page is shown only to respondents whose LA had support in the year before the
///   wave (the routed page); the free-text answers are canned sentences marked as simulated.
struct DemoSurvey {
    static let waves: [(opened: String, closed: String, file: String)] = [
        ("2022-10-03", "2022-11-25", "questionnaire-v1.yaml"),
        ("2023-10-02", "2023-11-24", "questionnaire-v2.yaml"),
        ("2024-09-30", "2024-11-22", "questionnaire-v2.yaml"),
    ]
    /// Planted gain of each scale's LA-level score (points on the 1–5 scale) per year of support.
    static let gainPerYear: [String: Double] = ["leadership_practice": 0.30, "workforce": 0.20, "support_quality": 0.10]
    /// Planted change of every LA's scale scores from one wave to the next, without support.
    static let trendPerWave = 0.05
    /// Support counts from this day: the gain builds up with the years of support from here on.
    static let supportCountsFrom = CalendarDate(year: 2021, month: 10, day: 1)!
    /// Probability that a respondent submits, by the LA's grade in force when the wave opens.
    static let submitProbability: [String: Double] = ["outstanding": 0.85, "good": 0.8, "requiresImprovement": 0.72, "inadequate": 0.55, "none": 0.7]

    static let scaleItems: [String: [String]] = [
        "support_quality": ["sq_relevant", "sq_timely", "sq_expertise", "sq_sustained"],
        "leadership_practice": ["lp_vision", "lp_challenge", "lp_practice_model", "lp_supervision", "lp_data"],
        "workforce": ["wf_stable", "wf_caseloads", "wf_agency", "wf_training"],
    ]

    var survey: SurveyData
    var truth: PlantedSurvey

    init(las: DemoLocalAuthorities, inspections: [Inspection], support: [SupportEpisode], baseQuality: [[Double]], rng: inout SeededGenerator) {
        let questionnaires = [Self.questionnaire(version: 1), Self.questionnaire(version: 2)]
        let waves = Self.waves.enumerated().map { index, wave in
            SurveyWave(wave: index + 1, questionnaireFile: wave.file, questionnaire: questionnaires[wave.file.hasSuffix("v1.yaml") ? 0 : 1],
                       opened: CalendarDate(iso: wave.opened)!, closed: CalendarDate(iso: wave.closed)!)
        }
        let byLA = Dictionary(grouping: support, by: \.laCode)
        let scales = Self.scaleItems.keys.sorted()
        // lasting LA levels: latent quality of services in 2022 (standardised) plus an LA's own level per scale
        let quality = baseQuality.map { $0[2022 - DemoHistory.firstYear] }
        let qualityMean = quality.reduce(0, +) / Double(quality.count)
        let qualitySD = (quality.map { ($0 - qualityMean) * ($0 - qualityMean) }.reduce(0, +) / Double(quality.count - 1)).squareRoot()
        let levels = quality.map { q in scales.map { _ in 3.2 + 0.45 * (q - qualityMean) / qualitySD + 0.25 * rng.normal() } }
        let itemOffsets = Dictionary(uniqueKeysWithValues: Self.scaleItems.values.flatMap { $0 }.sorted().map { ($0, 0.25 * rng.normal()) })

        var respondents: [SurveyRespondent] = [], responses: [SurveyResponse] = []
        var plantedLevels: [[[Double]]] = Array(repeating: [], count: las.authorities.count)  // [la][wave][scale]
        var supportYears: [[Double]] = Array(repeating: [], count: las.authorities.count)
        let peopleWeights = [0.35, 0.4, 0.25]
        for wave in waves {
            var counter = 0
            for (index, la) in las.authorities.enumerated() {
                let episodes = byLA[la.newCode] ?? []
                let years = Self.supportedYears(episodes, from: Self.supportCountsFrom, to: wave.opened)
                supportYears[index].append(years)
                let latent = scales.enumerated().map { s, scale in
                    levels[index][s] + Self.trendPerWave * Double(wave.wave - 1) + Self.gainPerYear[scale]! * years
                }
                plantedLevels[index].append(latent)
                let grade = inspections.gradeInForce(for: la.newCode, on: wave.opened)
                let pSubmit = Self.submitProbability[grade?.rawValue ?? "none"]!
                let recent = episodes.filter { $0.start <= wave.opened && ($0.end ?? wave.opened) >= wave.opened.adding(days: -365) }
                let people = rng.categorical(peopleWeights) + 1
                for person in 0..<people {
                    counter += 1
                    let id = "SIM-\(wave.opened.year)-\(String(counter).leftPadded(to: 4))"
                    let role = person == 0 ? "dcs" : ["assistant_director", "head_of_service", "principal_social_worker", "lead_member"][rng.integer(in: 0...3)]
                    let u = rng.uniform()
                    let status: SurveyStatus = u < pSubmit ? .submitted : (rng.bernoulli(0.35) ? .partial : .notStarted)
                    var started: String?, submitted: String?
                    if status != .notStarted {
                        let day = wave.opened.adding(days: rng.integer(in: 0...(wave.opened.days(until: wave.closed) - 3)))
                        let minute = rng.integer(in: 8 * 60...17 * 60)
                        started = Self.timestamp(day, minute: minute)
                        if status == .submitted {
                            let took = rng.bernoulli(0.8) ? rng.integer(in: 12...90) : 24 * 60 * rng.integer(in: 1...3) + rng.integer(in: 0...120)
                            submitted = Self.timestamp(day, minute: minute + took)
                        }
                    }
                    respondents.append(SurveyRespondent(wave: wave.wave, respondentID: id, laCode: la.newCode, role: role, status: status,
                                                        startedAt: started, submittedAt: submitted))
                    let personLevel = latent.map { $0 + 0.35 * rng.normal() }
                    let answers = Self.answers(questionnaire: wave.questionnaire, role: role, recent: recent, personLevel: personLevel, scales: scales,
                                               itemOffsets: itemOffsets, la: la, wave: wave, rng: &rng)
                    guard status != .notStarted else { continue }
                    let pages = wave.questionnaire.visiblePages(answers)
                    let shown = status == .submitted ? pages.count : rng.integer(in: 1...max(1, pages.count - 1))
                    for page in pages.prefix(shown) {
                        for question in page.questions {
                            for value in answers[question.id] ?? [] {
                                responses.append(SurveyResponse(wave: wave.wave, respondentID: id, laCode: la.newCode, questionID: question.id, value: value))
                            }
                        }
                    }
                }
            }
        }
        survey = SurveyData(waves: waves, respondents: respondents, responses: responses)

        // the planted mean change of each scale between consecutive waves, for LAs with and without support between them
        var changes: [PlantedSurvey.Change] = []
        for (s, scale) in scales.enumerated() {
            for w in 1..<waves.count {
                var supported: [Double] = [], unsupported: [Double] = []
                for index in las.authorities.indices {
                    let change = plantedLevels[index][w][s] - plantedLevels[index][w - 1][s]
                    let active = (byLA[las.authorities[index].newCode] ?? []).contains { Self.overlaps($0, from: waves[w - 1].opened, to: waves[w].opened) }
                    if active { supported.append(change) } else { unsupported.append(change) }
                }
                func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }
                func round6(_ x: Double) -> Double { (x * 1e6).rounded() / 1e6 }
                changes.append(PlantedSurvey.Change(scale: scale, fromWave: w, toWave: w + 1, supportedLAs: supported.count,
                                                    supportedChange: round6(mean(supported)), unsupportedLAs: unsupported.count,
                                                    unsupportedChange: round6(mean(unsupported))))
            }
        }
        truth = PlantedSurvey(
            note: "SIMULATED survey responses. Scale scores rise by trend_per_wave each wave and by gain_per_year for each year of support an LA had since 1 October 2021; changes are the planted mean change of LA-level latent scores between waves for LAs with and without support between them, before respondent and item noise.",
            trendPerWave: Self.trendPerWave, gainPerYear: Self.gainPerYear, submitProbability: Self.submitProbability, changes: changes)
    }

    /// Years between `from` and `to` on which the LA had any support (overlapping episodes count once).
    static func supportedYears(_ episodes: [SupportEpisode], from: CalendarDate, to: CalendarDate) -> Double {
        guard from < to else { return 0 }
        let intervals = episodes.compactMap { e -> (Int, Int)? in
            let start = max(e.start, from), end = min(e.end ?? to, to)
            return start <= end ? (start.daysSinceEpoch, end.daysSinceEpoch) : nil
        }.sorted { $0 < $1 }
        var days = 0, current: (Int, Int)?
        for interval in intervals {
            if let c = current, interval.0 <= c.1 + 1 {
                current = (c.0, max(c.1, interval.1))
            } else {
                if let c = current { days += c.1 - c.0 + 1 }
                current = interval
            }
        }
        if let c = current { days += c.1 - c.0 + 1 }
        return Double(days) / 365.25
    }

    /// Whether the episode is active on some day from `from` to `to`.
    static func overlaps(_ episode: SupportEpisode, from: CalendarDate, to: CalendarDate) -> Bool {
        episode.start <= to && (episode.end.map { $0 >= from } ?? true)
    }

    static func timestamp(_ day: CalendarDate, minute: Int) -> String {
        let date = day.adding(days: minute / (24 * 60)), within = minute % (24 * 60)
        return "\(date)T\(String(within / 60).leftPadded(to: 2)):\(String(within % 60).leftPadded(to: 2)):00Z"
    }

    static let supportOptions: [(model: SupportModel, value: String)] = [
        (.commissioner, "commissioner"), (.improvementAdviser, "improvement_adviser"), (.alternativeDeliveryModel, "alternative_delivery"),
        (.regionalAlliance, "regional_alliance"), (.dfeImprovementLead, "dfe_lead"), (.lgaLeadMember, "lga"), (.pipPartner, "pip_partner"),
    ]

    /// One respondent's answers to every question (the routing decides which are shown).
    static func answers(questionnaire: Questionnaire, role: String, recent: [SupportEpisode], personLevel: [Double], scales: [String],
                        itemOffsets: [String: Double], la: LocalAuthority, wave: SurveyWave, rng: inout SeededGenerator) -> Answers {
        var answers: Answers = ["role": [role]]
        let received = supportOptions.filter { option in recent.contains { $0.model == option.model } }.map(\.value)
        answers["support_received"] = received.isEmpty ? ["none"] : received
        for (s, scale) in scales.enumerated() {
            for item in scaleItems[scale]! {
                let value = Int((personLevel[s] + itemOffsets[item]! + 0.55 * rng.normal()).rounded())
                answers[item] = [String(min(5, max(1, value)))]
            }
        }
        let activities = ["diagnostic", "peer_support", "training", "staff_loan", "visits", "conferences"]
        answers["most_useful"] = [activities[rng.integer(in: 0...activities.count - 1)]]
        answers["support_months"] = [String(rng.integer(in: 1...12))]
        let children = la.context["child_population"] ?? 50_000
        answers["social_workers"] = [String(max(10, Int((children * 0.0028 * (1 + 0.2 * rng.normal())).rounded())))]
        if rng.bernoulli(0.85) {
            answers["agency_share"] = [String(format1(min(60, max(0, 14 + 7 * rng.normal()))))]
        }
        if rng.bernoulli(0.8) {
            answers["practice_review_date"] = [wave.opened.adding(days: -rng.integer(in: 7...540)).description]
        }
        if rng.bernoulli(0.6) {
            let pool = received.isEmpty ? helpedWithoutSupport : helpedWithSupport
            answers["what_helped"] = ["(simulated answer) " + pool[rng.integer(in: 0...pool.count - 1)]]
        }
        if rng.bernoulli(0.4) {
            answers["what_next"] = ["(simulated answer) " + next[rng.integer(in: 0...next.count - 1)]]
        }
        return answers
    }

    static func format1(_ x: Double) -> String {
        let tenths = Int((x * 10).rounded())
        return "\(tenths / 10).\(tenths % 10)"
    }

    static let helpedWithSupport = [
        "Our improvement adviser challenged us to look at the quality of practice, not just timeliness.",
        "Peer review by a partner LA gave our managers a clear picture of what good looks like.",
        "Practice-model training for team managers, with follow-up sessions, changed how supervision works.",
        "Staff on loan from another LA helped us through the worst of the recruitment gap.",
        "Regular visits from the regional alliance kept the improvement plan on track.",
        "The diagnostic was hard to hear but it focused the whole leadership team.",
    ]
    static let helpedWithoutSupport = [
        "A stable senior leadership team and a single practice model across the service.",
        "Bringing caseloads down by recruiting permanent staff rather than agency workers.",
        "Better performance data that team managers actually use in supervision.",
        "Listening to children and families through our participation group.",
    ]
    static let next = [
        "Recruiting and keeping experienced social workers.",
        "Sufficiency of local placements for children in care.",
        "Embedding the practice model in the front door and early help.",
        "Reducing reliance on agency staff in the assessment teams.",
        "Support for newly qualified social workers in their first year.",
    ]

    /// The demo questionnaire: version 1 (wave 1) and version 2 (waves 2 and 3), which drops
    /// `most_useful` and adds `support_months`.
    static func questionnaire(version: Int) -> Questionnaire {
        let supportExtra = version == 1
            ? "      - {id: most_useful, text: Which part of the support was most useful?, type: single, options: {diagnostic: Diagnostic or review, peer_support: Peer support, training: Practice-model training, staff_loan: Staff on loan, visits: Visits, conferences: Conferences and workshops}}"
            : "      - {id: support_months, text: For how many of the last 12 months did your LA have this support?, type: number, min: 0, max: 12, integer: true, required: true}"
        let text = """
        id: la-survey
        version: \(version)
        title: "Support for children's services: survey of local authorities (SIMULATED demo)"
        introduction: "About 15 minutes. Your answers are used by the evaluation team and are never published in a way that identifies your local authority. In this demo every answer is simulated."
        scales:
          support_quality: [sq_relevant, sq_timely, sq_expertise, sq_sustained]
          leadership_practice: [lp_vision, lp_challenge, lp_practice_model, lp_supervision, lp_data]
          workforce: [wf_stable, wf_caseloads, wf_agency, wf_training]
        pages:
          - id: about
            title: About you and your local authority
            questions:
              - {id: role, text: What is your role?, type: single, required: true, options: {dcs: Director of children's services, assistant_director: Assistant director, head_of_service: Head of service, principal_social_worker: Principal social worker, lead_member: Lead member for children's services}}
              - {id: support_received, text: Which DfE-funded support has your local authority had in the last 12 months?, hint: Select all that apply., type: multiple, required: true, options: {commissioner: A DfE commissioner, improvement_adviser: An improvement adviser, alternative_delivery: A trust or other alternative delivery model, regional_alliance: Regional Improvement and Innovation Alliance, dfe_lead: A DfE improvement lead, lga: LGA support for the lead member, pip_partner: A Partner in Practice, none: None of these}}
          - id: support
            title: The support you received
            show_if: {question: support_received, not_in: [none]}
            questions:
              - {id: sq_relevant, text: The support addressed the issues that matter most to us, type: likert, required: true}
              - {id: sq_timely, text: The support came when we needed it, type: likert, required: true}
              - {id: sq_expertise, text: The people supporting us had the right expertise, type: likert, required: true}
              - {id: sq_sustained, text: The improvements from the support are lasting, type: likert, required: true}
        \(supportExtra)
          - id: leadership
            title: Leadership and practice
            questions:
              - {id: lp_vision, text: Senior leaders share a clear vision for practice, type: likert, required: true}
              - {id: lp_challenge, text: Leaders are challenged well by members and partners, type: likert, required: true}
              - {id: lp_practice_model, text: A single practice model is used across the service, type: likert, required: true}
              - {id: lp_supervision, text: Supervision is regular and reflective, type: likert, required: true}
              - {id: lp_data, text: Managers use performance data to improve practice, type: likert, required: true}
          - id: workforce
            title: Workforce
            questions:
              - {id: wf_stable, text: Our social work workforce is stable, type: likert, required: true}
              - {id: wf_caseloads, text: Caseloads allow social workers to do good work with families, type: likert, required: true}
              - {id: wf_agency, text: We rely less on agency social workers than a year ago, type: likert, required: true}
              - {id: wf_training, text: Social workers get the training they need, type: likert, required: true}
              - {id: social_workers, text: How many full-time equivalent children's social workers do you employ?, type: number, min: 0, max: 3000, integer: true, required: true}
              - {id: agency_share, text: What percentage of them are agency staff?, type: number, min: 0, max: 100}
          - id: practice
            title: Practice review
            questions:
              - {id: practice_review_date, text: When did you last complete a whole-service practice review or audit?, type: date}
          - id: reflections
            title: In your own words
            questions:
              - {id: what_helped, text: What has made the most difference to practice in the last year?, type: text, max_length: 1000}
              - {id: what_next, text: What is the biggest challenge for the next year?, type: text, max_length: 1000}
        """
        switch QuestionnaireYAML.read(text, file: "demo questionnaire v\(version)") {
        case .success(let questionnaire): return questionnaire
        case .failure(let invalid): preconditionFailure("the demo questionnaire does not read (a laeval bug): \(invalid)")
        }
    }
}

/// What the demo's survey simulation planted (truth.json `survey`).
public struct PlantedSurvey: Sendable, Codable, Equatable {
    public struct Change: Sendable, Codable, Equatable {
        public var scale: String
        public var fromWave: Int
        public var toWave: Int
        /// LAs with support active at some time between the two waves opened.
        public var supportedLAs: Int
        public var supportedChange: Double
        public var unsupportedLAs: Int
        public var unsupportedChange: Double

        /// Snake-case-safe keys (truth.json is written in snake_case).
        enum CodingKeys: String, CodingKey {
            case scale, fromWave, toWave, supportedChange, unsupportedChange
            case supportedLAs = "supportedLas", unsupportedLAs = "unsupportedLas"
        }
    }

    public var note: String
    public var trendPerWave: Double
    public var gainPerYear: [String: Double]
    public var submitProbability: [String: Double]
    public var changes: [Change]
}
