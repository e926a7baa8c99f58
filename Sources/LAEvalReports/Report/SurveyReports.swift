import Foundation
import LAEvalCore
import LAEvalStudy

/// The final report's "Longitudinal survey" section: who responded (with a response-rate chart
/// and the test of the non-response pattern), the answers to the Likert statements of the latest
/// wave (a stacked-bar chart, and agreement by programme and grade), the scales with Cronbach's
/// alpha, the paired change of LA scale scores between waves, and where the free text is.
extension ReportContext {
    /// Nil when the study has no survey (the method section says so).
    func surveySection() -> ReportSection? {
        let heading = "Longitudinal survey"
        guard let survey = results.survey else {
            guard results.stagesNotRun.contains("survey") else { return nil }
            return Self.notRun(id: "survey", heading: heading, stage: "survey", what: "what LAs said in the longitudinal survey")
        }
        var blocks: [ReportBlock] = []
        let waveList = survey.waves.map { w in
            "wave \(w.wave) (\(w.opened) to \(w.closed), questionnaire version \(w.questionnaireVersion), \(w.questions) questions, \(count(w.las)) LAs invited)"
        }
        blocks.append(.paragraph("Each year the survey asks senior staff of every LA about the support they received, leadership and practice, and the workforce. This study has \(survey.waves.count) wave\(survey.waves.count == 1 ? "" : "s"): " + waveList.joined(separator: "; ") + ". An LA counts as responding when at least one of its respondents submitted; the analyses of answers use submitted responses only, counting only the questions each respondent's answers routed them to."))
        if results.simulated {
            blocks.append(.note("The survey's respondents and answers are simulated, with response that is lower in Inadequate LAs and scale scores that rise with support (planted effects shown beside the changes below)."))
        }
        let published = SurveyPublication.publish(survey, threshold: threshold)
        blocks += responseBlocks(survey, published)
        blocks += likertBlocks(survey, published)
        blocks += scaleBlocks(survey)
        blocks += changeBlocks(survey, published)
        let respondents = Set(survey.freeText.map { "\($0.wave)|\($0.respondentID)" }).count
        blocks.append(.subheading("Free text"))
        blocks.append(.paragraph("\(ReportText.integer(survey.freeText.count)) free-text answers from \(ReportText.integer(respondents)) respondents (submitted and partial responses) are in tables/survey_free_text.csv, with the wave, LA code, respondent and question, for coding by the evaluation team. They are not disclosure-controlled and may identify an LA or a person: they are for the evaluators, not for publication, and none is quoted in this report."))
        return ReportSection(id: "survey", heading: heading, blocks: blocks)
    }

    /// The short line for the summary: LA response in the latest wave and the change with support.
    func surveySummaryLines() -> [String] {
        guard let survey = results.survey, let latest = survey.waves.last,
              let overall = survey.responseRates.firstIndex(where: { $0.wave == latest.wave && $0.breakdown == "overall" }) else { return [] }
        var line = "In the longitudinal survey's latest wave (\(latest.opened.year)), "
        if let rate = SurveyPublication.publish(survey, threshold: threshold).responses[overall].laRate {
            line += "\(ReportText.number(rate * 100, decimals: 0))% of LAs responded."
        } else {
            line += "too few LAs were invited to publish a response rate."
        }
        let changes = survey.changes.filter { $0.group == "any_support" || $0.group == "no_support" }
        let improved = Set(changes.filter { $0.group == "any_support" && ($0.test?.ciLower ?? 0) > 0 }.map(\.scale)).sorted()
        if !improved.isEmpty {
            let names = improved.map { SurveyPublication.scaleName($0).lowercased() }
            let list = names.count < 2 ? names.joined() : names.dropLast().joined(separator: ", ") + " and " + names.last!
            line += " LAs with support between two waves rated \(list) higher than at the wave before (95% confidence, in at least one pair of waves); LAs are supported because they struggle, so this describes them rather than measuring what support did."
        }
        return [line]
    }

    func waveLabel(_ wave: Int) -> String {
        guard let w = results.survey?.waves.first(where: { $0.wave == wave }) else { return "Wave \(wave)" }
        return "Wave \(wave) (\(w.opened.year))"
    }

    func responseBlocks(_ survey: SurveyResults, _ published: SurveyPublication.PublishedSurvey) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.subheading("Who responded")]
        var rows: [[String]] = []
        func rate(_ index: Int) -> Double? { published.responses[index].laRate }
        for wave in survey.waves {
            guard let index = survey.responseRates.firstIndex(where: { $0.wave == wave.wave && $0.breakdown == "overall" }) else { continue }
            let p = published.responses[index]
            rows.append([waveLabel(wave.wave), p.respondents.textGrouped] + p.statuses.map(\.textGrouped)
                + [p.las.textGrouped, p.lasResponding.textGrouped, rate(index).map { ReportText.number($0 * 100, decimals: 0) + "%" } ?? "c"])
        }
        blocks.append(.table(ReportTable(caption: "Respondents and LAs responding, by wave",
                                         headers: ["Wave", "Respondents invited", "Submitted", "Partial", "Not started", "LAs invited", "LAs responding", "LA response rate"],
                                         rows: rows, numericColumns: [7], countColumns: [1, 2, 3, 4, 5, 6])))
        // the response-rate chart: LAs responding by group and wave
        var categories: [BarChart.Category] = []
        var tableRows: [[String]] = []
        var chartGroups: [(String, String)] = []
        for (breakdown, title) in [("overall", ""), ("grade", "Grade: "), ("programme", "Support: ")] {
            let groups = survey.responseRates.filter { $0.breakdown == breakdown }.reduce(into: [(String, String)]()) { list, r in
                if !list.contains(where: { $0.0 == r.group }) { list.append((r.group, r.label)) }
            }
            for (group, label) in groups {
                let values = survey.waves.map { wave -> BarChart.Value in
                    guard let index = survey.responseRates.firstIndex(where: { $0.wave == wave.wave && $0.breakdown == breakdown && $0.group == group }),
                          let rate = rate(index) else { return .suppressed() }
                    return .init(rate * 100)
                }
                categories.append(.init(label: title + label, values: values))
                chartGroups.append((breakdown, group))
                tableRows.append([title + label] + values.map { $0.value.map { ReportText.number($0, decimals: 0) } ?? "c" })
            }
        }
        var chart = BarChart(title: "LAs responding to the survey, by wave",
                             description: "Percentage of the LAs invited in each wave where at least one respondent submitted: all LAs, by the Ofsted grade in force when the wave opened, and by the support programmes the LA had before it.",
                             xLabel: "LAs responding (%)", series: survey.waves.map { waveLabel($0.wave) }, categories: categories,
                             footnote: "c: withheld, fewer than \(threshold) LAs responding or not responding, or withheld to protect such a count")
        chart.id = "survey-response"
        chart.decimals = 0
        blocks.append(.figure(ReportFigure(svg: chart.svg(), caption: "LA response rate by grade and support, each wave",
                                           table: ReportTable(caption: "LAs responding (%)", headers: ["Group"] + survey.waves.map { waveLabel($0.wave) },
                                                              rows: tableRows, numericColumns: Set(1...survey.waves.count)))))
        // respondent-level: the share of people invited who submitted, with the same groups
        var respondentRows: [[String]] = []
        for row in tableRows.indices {
            let (breakdown, group) = chartGroups[row]
            respondentRows.append([tableRows[row][0]] + survey.waves.map { wave in
                guard let index = survey.responseRates.firstIndex(where: { $0.wave == wave.wave && $0.breakdown == breakdown && $0.group == group }),
                      let rate = published.responses[index].respondentRate else { return "c" }
                return ReportText.number(rate * 100, decimals: 0)
            })
        }
        blocks.append(.table(ReportTable(caption: "Respondents who submitted (% of those invited)", headers: ["Group"] + survey.waves.map { waveLabel($0.wave) },
                                         rows: respondentRows, numericColumns: Set(1...survey.waves.count),
                                         notes: ["c: withheld, fewer than \(threshold) respondents submitting or not, or withheld to protect such a count."])))
        // the pattern of non-response
        blocks.append(.paragraph("Is responding associated with an LA's grade, region or support? Each row tests the independence of responding (yes or no) and the groups among the LAs invited, by Pearson's chi-square test (Pearson 1900; Agresti 2013, §3.2; as R's chisq.test without continuity correction). With expected counts below 5 the chi-square approximation is rough (Cochran 1954): the smallest expected count is shown. A small p means response differs between the groups, so averages over respondents may not represent all LAs."))
        var testRows: [[String]] = []
        for test in survey.nonResponse {
            let factor = test.factor.hasPrefix("programme:") ? "Support: " + ReportText.treatment(String(test.factor.dropFirst("programme:".count))) : test.factor.prefix(1).uppercased() + test.factor.dropFirst()
            guard let t = test.test else {
                testRows.append([waveLabel(test.wave), factor, String(test.groups.count), "x", "x", "x", "x"])
                continue
            }
            testRows.append([waveLabel(test.wave), factor, String(test.groups.count), ReportText.number(t.statistic, decimals: 2), String(t.df), ReportText.p(t.p),
                             ReportText.number(t.minimumExpected, decimals: 1)])
        }
        blocks.append(.table(ReportTable(caption: "Non-response: chi-square tests of independence", headers: ["Wave", "Characteristic", "Groups", "Chi-square", "df", "p", "Smallest expected count"],
                                         rows: testRows, numericColumns: [2, 3, 4, 5, 6])))
        return blocks
    }

    func likertBlocks(_ survey: SurveyResults, _ publishedSurvey: SurveyPublication.PublishedSurvey) -> [ReportBlock] {
        let overallIndices = survey.likert.indices.filter { survey.likert[$0].breakdown == "overall" }
        let overall = overallIndices.map { survey.likert[$0] }
        guard let first = overall.first else { return [] }
        var blocks: [ReportBlock] = [.subheading("Answers to the statements, \(waveLabel(survey.likertWave).lowercased())")]
        blocks.append(.paragraph("How respondents who submitted answered each statement, as a share of those who answered it: the chart groups the points into disagreeing, neither and agreeing; the table under it gives all five. Counts of fewer than \(threshold) answers are withheld (c), with a further count where the total would reveal them; the chart draws withheld answers as a grey block in their place. Every count, also by programme and by grade, is in tables/survey_likert.csv."))
        var categories: [StackedBarChart.Category] = []
        var groupRows: [[String]] = [], pointRows: [[String]] = []
        var groupNames: [String] = []
        for index in overallIndices {
            let row = survey.likert[index]
            let label = "\(row.questionID): \(row.text)"
            let published = publishedSurvey.likert[index]
            groupNames = published.groupNames
            let total = published.total.value ?? 0
            func percent(_ count: PublishedCount) -> String {
                count.value.map { total > 0 ? ReportText.number(100 * Double($0) / Double(total), decimals: 0) : "x" } ?? "c"
            }
            if total > 0 {
                categories.append(.init(label: label, shares: published.groups.map { $0.value.map { 100 * Double($0) / Double(total) } }))
            } else {
                categories.append(.init(label: label, shares: nil, note: published.total.text))
            }
            groupRows.append([label, published.total.textGrouped] + published.groups.map(percent))
            pointRows.append([label, published.total.textGrouped] + published.points.map(percent))
        }
        var chart = StackedBarChart(title: "Agreement with each statement, \(waveLabel(survey.likertWave).lowercased())",
                                    description: "For each Likert statement, the percentage of respondents who disagreed (either point), neither agreed nor disagreed, or agreed (either point), all LAs.",
                                    xLabel: "Respondents (%)", series: groupNames, categories: categories,
                                    footnote: nil)
        chart.id = "survey-likert"
        if chart.anyWithheld { chart.footnote = "c: withheld, fewer than \(threshold) respondents gave these answers, or withheld with them" }
        blocks.append(.figure(ReportFigure(svg: chart.svg(), caption: "Agreement with each statement (% of respondents who answered it)",
                                           table: ReportTable(caption: "Agreement with each statement (%)", headers: ["Statement", "Respondents"] + groupNames,
                                                              rows: groupRows, numericColumns: Set(2..<(2 + groupNames.count)), countColumns: [1]))))
        blocks.append(.table(ReportTable(caption: "Answers to each statement, all five points (%)", headers: ["Statement", "Respondents"] + first.points.map(\.label),
                                         rows: pointRows, numericColumns: Set(2..<(2 + first.points.count)), countColumns: [1],
                                         notes: ["c: withheld, fewer than \(threshold) respondents gave the answer, or withheld so that the total does not reveal one that is."])))
        // agreement (the top two points) by programme and by grade
        for (breakdown, caption) in [("programme", "by the support the LA had before the wave"), ("grade", "by the LA's Ofsted grade when the wave opened")] {
            let groups = survey.likert.filter { $0.breakdown == breakdown }.reduce(into: [(String, String)]()) { list, r in
                if !list.contains(where: { $0.0 == r.group }) { list.append((r.group, r.label)) }
            }
            guard !groups.isEmpty else { continue }
            var rows: [[String]] = []
            for item in overall {
                var cells = [item.questionID]
                for (group, _) in groups {
                    guard let index = survey.likert.firstIndex(where: { $0.breakdown == breakdown && $0.group == group && $0.questionID == item.questionID }) else {
                        cells.append("x")
                        continue
                    }
                    let row = survey.likert[index], published = publishedSurvey.likert[index]
                    if row.respondents == 0 {
                        cells.append("x")
                    } else if let agreeing = published.groups.last?.value, let total = published.total.value, total > 0 {
                        cells.append(ReportText.number(100 * Double(agreeing) / Double(total), decimals: 0))
                    } else {
                        cells.append("c")
                    }
                }
                rows.append(cells)
            }
            blocks.append(.table(ReportTable(caption: "Respondents agreeing (the top two points, %), \(caption)", headers: ["Statement"] + groups.map(\.1),
                                             rows: rows, numericColumns: Set(1...groups.count),
                                             notes: ["c: withheld, fewer than \(threshold) respondents agreeing or answering, or withheld to protect a smaller count (tables/survey_likert.csv); x: no respondent was asked."])))
        }
        return blocks
    }

    func scaleBlocks(_ survey: SurveyResults) -> [ReportBlock] {
        guard !survey.scales.isEmpty else { return [] }
        var blocks: [ReportBlock] = [.subheading("Scales and their consistency")]
        blocks.append(.paragraph("Each scale combines several statements on one theme; a respondent's score is the mean of its items (1 to 5) when all are answered. Cronbach's alpha (Cronbach 1951) measures how consistently the items move together: 0.7 or more is commonly taken as acceptable. Its 95% interval is Feldt's (Feldt 1965; Feldt, Woodruff and Salih 1987), as R's psych::alpha and pingouin report it."))
        let rows = survey.scales.map { s -> [String] in
            [SurveyPublication.scaleName(s.scale), waveLabel(s.wave), String(s.items.count), count(s.respondents), count(s.las),
             s.meanScore.map { ReportText.number($0, decimals: 2) } ?? "x", s.sdScore.map { ReportText.number($0, decimals: 2) } ?? "x",
             s.alpha.map { ReportText.number($0.alpha, decimals: 2) } ?? "x",
             s.alpha.map { "\(ReportText.number($0.ciLower, decimals: 2)) to \(ReportText.number($0.ciUpper, decimals: 2))" } ?? "x"]
        }
        blocks.append(.table(ReportTable(caption: "Scale scores and Cronbach's alpha, by wave", headers: ["Scale", "Wave", "Items", "Respondents", "LAs", "Mean score", "SD", "Alpha", "95% interval"],
                                         rows: rows, numericColumns: [2, 5, 6, 7, 8], countColumns: [3, 4])))
        return blocks
    }

    func changeBlocks(_ survey: SurveyResults, _ published: SurveyPublication.PublishedSurvey) -> [ReportBlock] {
        guard !survey.changes.isEmpty else { return [] }
        var blocks: [ReportBlock] = [.subheading("Change between waves")]
        blocks.append(.paragraph("An LA's score on a scale in a wave is the mean over its respondents who submitted. For each pair of consecutive waves, the LAs with a score in both give a paired change (later minus earlier), whose mean has a paired t interval (Student 1908; as R's t.test with paired = TRUE). Changes are shown for all LAs, for LAs with support (any, or of each programme) active at some time between the two waves opened, and for LAs with none. The groups are not randomised: LAs are supported because they struggle, so a difference between groups is a description, not an estimate of the effect of support."))
        let planted = results.truth?.survey
        var rows: [[String]] = []
        for (index, c) in survey.changes.enumerated() where c.las > 0 {
            let withheld = published.withheldChanges.contains(index)
            var cells = [SurveyPublication.scaleName(c.scale), "\(c.fromWave) to \(c.toWave)", c.label, withheld ? "c" : count(c.las)]
            if withheld {
                cells += ["c", "c", "c"]
            } else if let t = c.test {
                cells += [ReportText.number(t.meanDifference, decimals: 2), "\(ReportText.number(t.ciLower, decimals: 2)) to \(ReportText.number(t.ciUpper, decimals: 2))", ReportText.p(t.p)]
            } else {
                cells += ["x", "x", "x"]
            }
            if let planted {
                let truth = planted.changes.first { $0.scale == c.scale && $0.fromWave == c.fromWave }
                cells.append(c.group == "any_support" ? truth.map { ReportText.number($0.supportedChange, decimals: 2) } ?? "" :
                             c.group == "no_support" ? truth.map { ReportText.number($0.unsupportedChange, decimals: 2) } ?? "" : "")
            }
            rows.append(cells)
        }
        blocks.append(.table(ReportTable(caption: "Paired change in LA scale scores between consecutive waves",
                                         headers: ["Scale", "Waves", "Group", "LAs with a score in both", "Mean change", "95% interval", "p"] + (planted == nil ? [] : ["Planted (simulated)"]),
                                         rows: rows, numericColumns: Set([4, 5, 6] + (planted == nil ? [] : [7])), countColumns: [3],
                                         notes: ["c: withheld, fewer than \(threshold) LAs, or withheld because the other rows would give it by difference."]
                                             + (planted == nil ? [] : ["Planted: the simulation's mean change of LA-level latent scores in the group, before respondent and item noise."]))))
        return blocks
    }

}

extension PublishedCount {
    /// The count with thousands separators, "c" or "x".
    var textGrouped: String { value.map(ReportText.integer) ?? text }
}
