import Foundation
import LAEvalCore
import LAEvalStats

/// The survey stage (docs/methods/survey.md): runs when the study has `survey/`, and is absent
/// otherwise.
///
/// - Response rates per wave, overall and by region, by the LA's latest Ofsted grade before the
///   wave opened and by programme (LAs whose support of the programme began before the wave
///   opened): respondents submitted, partial and not started, and LAs responding (an LA responds
///   if any of its respondents submitted).
/// - Non-response: Pearson's chi-square test of independence of LA response × grade, × region
///   and × each programme (`PearsonChiSquare`).
/// - Analyses of answers use submitted responses only, and only the answers that count under the
///   questionnaire's routing (`Questionnaire.effectiveAnswers`); partial responses count towards
///   response rates and the free-text export.
/// - Likert distributions of the latest wave per item, overall, by programme and by grade.
/// - Scale scores: a respondent's score is the mean of the scale's items when all are answered;
///   Cronbach's alpha with Feldt's interval per scale and wave (`CronbachAlpha`).
/// - Change: an LA's scale score in a wave is the mean over its submitted respondents; for each
///   pair of consecutive waves and each scale in both, LAs with a score in both give a paired
///   change, with the paired t interval (`PairedTTest`), for all LAs and by support between the
///   waves.
public enum SurveyAnalysis {
    public static func run(_ study: Study) -> SurveyResults? {
        guard let survey = study.survey, !survey.waves.isEmpty else { return nil }
        let las = Dictionary(study.localAuthorities.map { ($0.newCode, $0) }, uniquingKeysWith: { a, _ in a })
        let order = Dictionary(study.localAuthorities.enumerated().map { ($1.newCode, $0) }, uniquingKeysWith: { a, _ in a })
        let supportByLA = Dictionary(grouping: study.support, by: \.laCode)
        let answersByRespondent = survey.answers()
        let respondentsByWave = Dictionary(grouping: survey.respondents, by: \.wave)
        let context = Context(study: study, las: las, order: order, supportByLA: supportByLA)

        var waves: [SurveyResults.Wave] = []
        var rates: [SurveyResults.ResponseRate] = []
        var nonResponse: [SurveyResults.NonResponseTest] = []
        var scales: [SurveyResults.ScaleReliability] = []
        var laScores: [Int: [String: [String: Double]]] = [:]  // wave → scale → LA → score
        var freeText: [SurveyResults.FreeText] = []
        var likert: [SurveyResults.LikertDistribution] = []
        let latest = survey.waves.map(\.wave).max()!

        for wave in survey.waves {
            let respondents = respondentsByWave[wave.wave] ?? []
            let questionnaire = wave.questionnaire
            let invited = context.orderedCodes(Set(respondents.map(\.laCode)))
            waves.append(.init(wave: wave.wave, opened: wave.opened, closed: wave.closed, questionnaire: wave.questionnaireFile,
                               questionnaireVersion: questionnaire.version, questions: questionnaire.questions.count, las: invited.count,
                               respondents: respondents.count))
            let groupings = context.groupings(wave: wave, codes: invited)
            let responding = Set(respondents.filter { $0.status == .submitted }.map(\.laCode))
            for grouping in groupings {
                for group in grouping.groups {
                    let members = respondents.filter { group.codes.contains($0.laCode) }
                    rates.append(.init(wave: wave.wave, breakdown: grouping.breakdown, group: group.key, label: group.label, respondents: members.count,
                                       submitted: members.filter { $0.status == .submitted }.count, partial: members.filter { $0.status == .partial }.count,
                                       notStarted: members.filter { $0.status == .notStarted }.count, las: group.codes.count,
                                       lasResponding: group.codes.filter { responding.contains($0) }.count))
                }
            }
            nonResponse += nonResponseTests(wave: wave.wave, groupings: groupings, invited: invited, responding: responding)

            // the answers that count, of submitted respondents
            let submitted = respondents.filter { $0.status == .submitted }.map { respondent in
                (respondent, questionnaire.effectiveAnswers(answersByRespondent[respondent.key] ?? [:]))
            }
            for (scale, items) in questionnaire.scales.sorted(by: { $0.key < $1.key }) {
                var rows: [[Double]] = [], scores: [String: [Double]] = [:], respondentScores: [Double] = []
                for (respondent, answers) in submitted {
                    let values = items.map { item in answers[item]?.first.flatMap { Double($0) } ?? .nan }
                    guard values.contains(where: \.isFinite) else { continue }
                    rows.append(values)
                    if values.allSatisfy(\.isFinite) {
                        let score = values.reduce(0, +) / Double(values.count)
                        respondentScores.append(score)
                        scores[respondent.laCode, default: []].append(score)
                    }
                }
                let laMeans = scores.mapValues { $0.reduce(0, +) / Double($0.count) }
                laScores[wave.wave, default: [:]][scale] = laMeans
                scales.append(.init(wave: wave.wave, scale: scale, items: items, respondents: respondentScores.count, las: laMeans.count,
                                    meanScore: respondentScores.isEmpty ? nil : SampleStatistics.mean(respondentScores),
                                    sdScore: respondentScores.count < 2 ? nil : SampleStatistics.standardDeviation(respondentScores),
                                    alpha: CronbachAlpha.estimate(rows)))
            }
            if wave.wave == latest {
                likert = likertDistributions(wave: wave, submitted: submitted, groupings: groupings.filter { $0.breakdown != "region" })
            }
            let started = respondents.filter { $0.status != .notStarted }
            for respondent in started.sorted(by: { (context.rank($0.laCode), $0.respondentID) < (context.rank($1.laCode), $1.respondentID) }) {
                let answers = questionnaire.effectiveAnswers(answersByRespondent[respondent.key] ?? [:])
                for question in questionnaire.questions where question.kind == .text {
                    for text in answers[question.id] ?? [] {
                        freeText.append(.init(wave: wave.wave, laCode: respondent.laCode, respondentID: respondent.respondentID, questionID: question.id, text: text))
                    }
                }
            }
        }

        var changes: [SurveyResults.ScaleChange] = []
        let waveList = survey.waves.sorted { $0.wave < $1.wave }
        for (before, after) in zip(waveList, waveList.dropFirst()) {
            let shared = Set(before.questionnaire.scales.keys).intersection(after.questionnaire.scales.keys).sorted()
            let groups = context.changeGroups(from: before.opened, to: after.opened)
            for scale in shared {
                let first = laScores[before.wave]?[scale] ?? [:], second = laScores[after.wave]?[scale] ?? [:]
                let paired = context.orderedCodes(Set(first.keys).intersection(second.keys))
                for group in groups {
                    let codes = paired.filter { group.codes.contains($0) }
                    let b = codes.map { first[$0]! }, a = codes.map { second[$0]! }
                    changes.append(.init(scale: scale, fromWave: before.wave, toWave: after.wave, group: group.key, label: group.label, las: codes.count,
                                         meanBefore: b.isEmpty ? nil : SampleStatistics.mean(b), meanAfter: a.isEmpty ? nil : SampleStatistics.mean(a),
                                         test: PairedTTest.test(after: a, before: b)))
                }
            }
        }
        return SurveyResults(waves: waves, responseRates: rates, nonResponse: nonResponse, likertWave: latest, likert: likert, scales: scales,
                             changes: changes, freeText: freeText)
    }

    static func nonResponseTests(wave: Int, groupings: [Grouping], invited: [String], responding: Set<String>) -> [SurveyResults.NonResponseTest] {
        var tests: [SurveyResults.NonResponseTest] = []
        func test(_ factor: String, _ groups: [Group]) {
            let rows = groups.map { group in
                SurveyResults.NonResponseTest.Group(group: group.key, label: group.label, las: group.codes.count,
                                                    responding: group.codes.filter { responding.contains($0) }.count)
            }
            let table = rows.map { [$0.responding, $0.las - $0.responding] }
            tests.append(.init(wave: wave, factor: factor, groups: rows, test: PearsonChiSquare.test(table)))
        }
        for grouping in groupings {
            switch grouping.breakdown {
            case "grade", "region": test(grouping.breakdown, grouping.groups)
            case "programme":
                for group in grouping.groups where group.key != "no_support" {
                    let others = Set(invited).subtracting(group.codes)
                    test("programme:\(group.key)", [group, Group(key: "not_\(group.key)", label: "Not supported by it", codes: others)])
                }
            default: break
            }
        }
        return tests
    }

    static func likertDistributions(wave: SurveyWave, submitted: [(SurveyRespondent, Answers)], groupings: [Grouping]) -> [SurveyResults.LikertDistribution] {
        var result: [SurveyResults.LikertDistribution] = []
        for question in wave.questionnaire.questions where question.kind == .likert {
            for grouping in groupings {
                for group in grouping.groups {
                    var counts = Dictionary(uniqueKeysWithValues: question.options.map { ($0.value, 0) })
                    for (respondent, answers) in submitted where group.codes.contains(respondent.laCode) {
                        if let value = answers[question.id]?.first, counts[value] != nil { counts[value]! += 1 }
                    }
                    let points = question.options.map { SurveyResults.LikertDistribution.Point(value: $0.value, label: $0.label, count: counts[$0.value]!) }
                    result.append(.init(wave: wave.wave, questionID: question.id, text: question.text, breakdown: grouping.breakdown, group: group.key,
                                        label: group.label, respondents: points.reduce(0) { $0 + $1.count }, points: points))
                }
            }
        }
        return result
    }

    struct Group {
        var key: String
        var label: String
        var codes: Set<String>
    }

    struct Grouping {
        var breakdown: String
        var groups: [Group]
    }

    struct Context {
        let study: Study
        let las: [String: LocalAuthority]
        let order: [String: Int]
        let supportByLA: [String: [SupportEpisode]]

        func rank(_ code: String) -> Int { order[code] ?? Int.max }

        func orderedCodes(_ codes: Set<String>) -> [String] { codes.sorted { (rank($0), $0) < (rank($1), $1) } }

        /// The groups of the invited LAs a wave's rates are given for: overall, region, grade, programme.
        func groupings(wave: SurveyWave, codes: [String]) -> [Grouping] {
            let all = Set(codes)
            var regions: [(code: String, name: String)] = []
            for code in codes {
                guard let la = las[code], !regions.contains(where: { $0.code == la.regionCode }) else { continue }
                regions.append((la.regionCode, la.regionName))
            }
            regions.sort { $0.code < $1.code }
            let grade = Dictionary(uniqueKeysWithValues: codes.map { ($0, study.inspections.gradeInForce(for: $0, on: wave.opened)) })
            var gradeGroups = Grade.allCases.map { g in Group(key: g.rawValue, label: g.label, codes: Set(codes.filter { grade[$0] == g })) }
            gradeGroups.append(Group(key: "not_graded", label: "Not yet graded", codes: Set(codes.filter { grade[$0]! == nil })))
            let programmeGroups = Programme.allCases.map { programme in
                Group(key: programme.rawValue, label: Self.label(programme),
                      codes: Set(codes.filter { code in (supportByLA[code] ?? []).contains { $0.programme == programme && $0.start < wave.opened } }))
            } + [Group(key: "no_support", label: "No support", codes: Set(codes.filter { code in !(supportByLA[code] ?? []).contains { $0.start < wave.opened } }))]
            return [
                Grouping(breakdown: "overall", groups: [Group(key: "all", label: "All LAs", codes: all)]),
                Grouping(breakdown: "region", groups: regions.map { region in Group(key: region.code, label: region.name, codes: Set(codes.filter { las[$0]?.regionCode == region.code })) }),
                Grouping(breakdown: "grade", groups: gradeGroups.filter { !$0.codes.isEmpty }),
                Grouping(breakdown: "programme", groups: programmeGroups),
            ]
        }

        /// All LAs, LAs with any support active at some time from `from` to `to`, by programme, and LAs with none.
        func changeGroups(from: CalendarDate, to: CalendarDate) -> [Group] {
            let codes = Set(study.localAuthorities.map(\.newCode))
            func active(_ code: String, _ programme: Programme?) -> Bool {
                (supportByLA[code] ?? []).contains { e in (programme == nil || e.programme == programme) && e.start <= to && (e.end.map { $0 >= from } ?? true) }
            }
            return [Group(key: "all", label: "All LAs", codes: codes),
                    Group(key: "any_support", label: "Any support between the waves", codes: codes.filter { active($0, nil) })]
                + Programme.allCases.map { p in Group(key: p.rawValue, label: Self.label(p), codes: codes.filter { active($0, p) }) }
                + [Group(key: "no_support", label: "No support between the waves", codes: codes.filter { !active($0, nil) })]
        }

        static func label(_ programme: Programme) -> String {
            switch programme {
            case .intervention: "Intervention"
            case .improvement: "Improvement support"
            case .partnersInPractice: "Partners in Practice"
            }
        }
    }
}
