import Foundation
import LAEvalCore
import LAEvalStudy

/// interim.html (first impact estimates) and final.html (aims a–d with evidence, method notes,
/// limitations, the Maryland Scientific Methods Scale level of each estimate, and trends).
extension ReportContext {
    func interimReport() -> ReportPage {
        var sections = [methodSection(), forestSection()]
        if let first = outcomes.first { sections.append(profileSection(first)) }
        sections.append(limitationsSection())
        return page(file: "interim.html", title: "Interim report: first impact estimates",
                    lede: "First estimates of how each kind of DfE support changed LA performance on the outcomes in the analysis plan.",
                    sections: sections)
    }

    func finalReport() -> ReportPage {
        var sections = [aimASummary(), forestSection()]
        sections += SupportModel.allCases.compactMap(modelSection)
        sections.append(judgementSection())
        sections.append(comparatorSection())
        sections.append(comparisonSection())
        sections.append(contextSection())
        sections.append(valueForMoneySection())
        if let survey = surveySection() { sections.append(survey) }
        sections.append(trendSection())
        sections += [methodSection(), limitationsSection()]
        return page(file: "final.html", title: "Final report",
                    lede: "The evaluation's answers to its four questions: the impact of each kind of support, which works best, how local context changes success, and value for money.",
                    sections: sections)
    }

    func methodSection() -> ReportSection {
        let options = results.impact?.options ?? .init()
        let plan = "The analysis plan's design is \(ImpactAnalysis.title(of: options.design)) with \(options.control == .notyet ? "LAs not yet supported" : "LAs never supported") as the comparison group and the \(options.estimator == .dr ? "doubly robust" : options.estimator.rawValue) estimator."
        return ReportSection(id: "method", heading: "How the estimates were made", blocks: [
            .paragraph("Each estimate compares how an outcome changed in LAs after support began with how it changed in comparable LAs over the same years (difference in differences). Support began in different years in different LAs, and its effect can grow or fade, so the estimates use methods that stay unbiased in that setting rather than a simple two-way fixed effects regression."),
            .paragraph("Many LAs receive several kinds of support at once. The headline estimate for each support model therefore comes from the joint imputation design (Borusyak, Jaravel and Spiess 2024): LA and year effects are fitted on LA-years before any support, and each model's effect is separated from the others received at the same time. \(plan) Its estimates are shown beside the headline ones; for whole programmes it is the only estimate."),
            .paragraph("LAs enter intervention because of an Inadequate judgement, often at a low point, so part of any later improvement would have happened anyway (regression to the mean). The imputation design compares each LA with its own average over all its years before support, not just the year before, and the points before support in each profile show whether supported LAs were already moving apart (the pre-trend test)."),
            .paragraph("Each estimate's Maryland Scientific Methods Scale level is 3 (a comparison group observed before and after) when the pre-trend test does not reject parallel trends at 5%, and 2 when it does."),
            .paragraph(surveyMethodText),
        ] + (results.simulated ? [.note("These data are simulated with known, planted effects, shown beside each estimate so the methods can be checked: about 95 in 100 of the 95% intervals should contain the planted effect.")] : []))
    }

    /// What the longitudinal survey contributes, or that the study has none.
    var surveyMethodText: String {
        if let survey = results.survey {
            return "The longitudinal survey of LAs (\(survey.waves.count) wave\(survey.waves.count == 1 ? "" : "s"), section \"Longitudinal survey\") adds what LA staff report: response rates and a test of who did not respond, the answers to its statements, scale scores with Cronbach's alpha, and the paired change of each LA's scale scores between waves (docs/methods/survey.md)."
        }
        if results.stagesNotRun.contains("survey") { return "The survey stage was not run in this analysis." }
        return "This study has no survey/ folder, so there is no survey stage: the report makes no use of what LA staff say about the support. A study folder with the longitudinal survey's export (survey/waves.csv, the questionnaires, respondents.csv and responses.csv) adds a \"Longitudinal survey\" section."
    }

    func forestSection() -> ReportSection {
        let figures: [ReportBlock] = outcomes.enumerated().flatMap { index, outcome -> [ReportBlock] in
            guard let figure = forest(outcome, id: "forest-\(index)") else { return [] }
            return [.subheading(outcome.label), .figure(figure)]
        }
        return ReportSection(id: "effects", heading: "Average effects, outcome by outcome",
                             notRun: results.impact == nil ? "The impact stage has not been run on this study." : nil, blocks: figures)
    }

    func profileSection(_ outcome: Descriptives.Outcome) -> ReportSection {
        let figures: [ReportBlock] = jointEstimates(outcome.indicator).enumerated().compactMap { index, estimate in
            eventStudy(estimate, id: "profile-\(index)").map { ReportBlock.figure($0) }
        }
        return ReportSection(id: "profiles", heading: "Effects over time: \(ReportText.lowercasedFirst(outcome.label))", blocks: figures)
    }

    func aimASummary() -> ReportSection {
        var items: [String] = []
        for model in SupportModel.allCases {
            let estimates = estimates.filter { $0.options.design == .jointImputation && $0.treatment == model.rawValue && $0.failure == nil }
            guard !estimates.isEmpty else { continue }
            let better = estimates.filter { ReportText.direction($0) == .improvement }.count
            let worse = estimates.filter { ReportText.direction($0) == .worsening }.count
            items.append("\(ReportText.name(model)) (\(count(estimates.map(\.treatedUnits).max() ?? 0)) LAs): better on \(better) of \(estimates.count) outcomes, worse on \(worse), no clear change on \(estimates.count - better - worse).")
        }
        return ReportSection(id: "aim-a", heading: "(a) The impact of each kind of support", blocks: [
            .paragraph("Statistically significant changes (95% confidence) in the direction of improvement or worsening, by support model, over the outcomes of the analysis plan:"),
            .list(items),
            .note("With many outcomes, about 1 in 20 intervals will exclude zero by chance; single significant outcomes deserve caution."),
        ])
    }

    func modelSection(_ model: SupportModel) -> ReportSection? {
        let estimates = estimates.filter { $0.options.design == .jointImputation && $0.treatment == model.rawValue && $0.failure == nil }
        guard !estimates.isEmpty else { return nil }
        var blocks: [ReportBlock] = [.list(estimates.map { e in
            let outcome = outcome(e.indicator)
            return "\(ReportText.prose(outcome.label).prefix(1).uppercased() + ReportText.prose(outcome.label).dropFirst()) \(ReportText.effectPhrase(e, outcome)); MSMS level \(Self.msmsLevel(e))."
        })]
        for (index, estimate) in estimates.enumerated() {
            guard let figure = eventStudy(estimate, id: "\(model.rawValue)-\(index)") else { continue }
            blocks.append(.subheading(outcome(estimate.indicator).label))
            blocks.append(.figure(figure))
        }
        return ReportSection(id: "model-\(model.rawValue)", heading: "(a) \(ReportText.name(model))", blocks: blocks)
    }

    func trendSection() -> ReportSection {
        let blocks: [ReportBlock] = results.descriptives.trends.enumerated().compactMap { index, trend -> [ReportBlock]? in
            trendFigure(trend, id: "trend-\(index)").map { [ReportBlock.subheading(outcome(trend.indicator).label), ReportBlock.figure($0)] }
        }.flatMap { $0 }
        return ReportSection(id: "trends", heading: "Trends, \(results.descriptives.firstYear) to \(results.descriptives.lastYear)", blocks: [
            .paragraph("The average of each outcome across LAs in each reporting year, for LAs ever in intervention, LAs with improvement support but no intervention, and LAs with neither. Adding a later year's data to the study and running laeval again extends these trends."),
        ] + blocks)
    }

    func trendFigure(_ trend: Descriptives.Trend, id: String) -> ReportFigure? {
        let outcome = outcome(trend.indicator)
        let groups = trend.groups.filter { $0.group != "All LAs" && !$0.points.isEmpty }
        guard !groups.isEmpty else { return nil }
        let series = groups.map { group in
            LineChart.Series(label: group.group, points: group.points.map {
                .init(x: Double($0.year), y: $0.mean, lower: $0.lower.isFinite ? $0.lower : nil, upper: $0.upper.isFinite ? $0.upper : nil)
            })
        }
        let unit = outcome.unit.isEmpty || outcome.unit == "numberstring" ? "" : " (\(outcome.unit))"
        // the title names the indicator; the rotated axis title stays short enough to fit
        var chart = LineChart(title: "\(outcome.label): average by support group", description: "Mean of \(ReportText.lowercasedFirst(outcome.label)) across LAs in each reporting year by support group, with 95% confidence intervals.",
                              xLabel: "Reporting year (ending 31 March)", yLabel: "Mean across LAs\(unit)", series: series)
        chart.id = id
        let years = Array(Set(groups.flatMap { $0.points.map(\.year) })).sorted()
        let rows: [[String]] = years.map { year in
            [String(year)] + groups.flatMap { group -> [String] in
                guard let point = group.points.first(where: { $0.year == year }) else { return ["x", "x"] }
                return [ReportText.number(point.mean, decimals: 1), count(point.localAuthorities)]
            }
        }
        let table = ReportTable(caption: "\(outcome.label) by year and support group",
                                headers: ["Year"] + groups.flatMap { ["\($0.group): mean", "LAs"] }, rows: rows,
                                numericColumns: Set(0...(2 * groups.count)),
                                countColumns: Set(stride(from: 2, through: 2 * groups.count, by: 2)))
        return ReportFigure(svg: chart.svg(), caption: "Groups differ before support as well as after: these are descriptions, not effects.", table: table)
    }

    func limitationsSection() -> ReportSection {
        ReportSection(id: "limitations", heading: "Limitations", blocks: registerCoverageBlocks() + [.list([
            "The estimates assume that, without support, supported LAs would have followed the same trends as the comparison LAs. The pre-trend tests check this before support began; they cannot check it after.",
            "Support is not randomly assigned: LAs are supported because they were judged Inadequate or Requires Improvement. Some of the improvement that follows may be regression to the mean.",
            "Where LAs receive several kinds of support at once, the joint design assumes their effects add up. Models that always come together (an alternative delivery model always follows a commissioner) cannot be fully separated.",
            "Few LAs receive some models, so their intervals are wide; the absence of a significant effect is not evidence of no effect.",
            "Indicators are annual and published with a lag; effects on children's outcomes may take longer than the study period to appear.",
        ])])
    }
}
