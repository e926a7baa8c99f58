import Foundation
import LAEvalCore
import LAEvalStudy

/// The final report's section on Ofsted judgements: the multi-state model's transition diagram
/// and hazard ratios, the time to leave Inadequate by intervention model, and the grade at the
/// next inspection.
extension ReportContext {
    func judgementSection() -> ReportSection {
        guard let judgements = results.judgements else {
            return Self.notRun(id: "judgements", heading: "(a) Impact on Ofsted judgements", stage: "judgements",
                               what: "how support changed the chance of moving between Ofsted grades")
        }
        let model = judgements.multiState
        var blocks: [ReportBlock] = [
            .paragraph("Ofsted grades are seen only at inspections, years apart, so the grades are modelled as a continuous-time multi-state Markov process observed at inspection dates (Kalbfleisch and Lawless 1985, as R's msm fits it): LAs move between adjacent grades at rates that each kind of support, while it is active, multiplies by a hazard ratio, one for improving moves and one for declining moves. A hazard ratio above 1 for improving moves means LAs with that support moved up sooner."),
            .paragraph("The model uses \(count(model.gradedInspections)) graded inspections of \(count(model.las)) LAs, with support starting or ending between inspections on \(count(model.supportChangeRows)) further dates; \(count(model.lasWithTooFewInspections)) LAs with fewer than two graded inspections are left out."),
        ]
        if let failure = model.failure {
            blocks.append(.note("The multi-state model could not be fitted: \(failure)."))
        } else {
            blocks.append(.figure(transitionFigure(model)))
            if let forest = hazardRatioFigure(model) { blocks.append(.figure(forest)) }
            if let test = model.supportTest {
                blocks.append(.paragraph("Together, the support covariates \(test.p < 0.05 ? "improve" : "do not significantly improve") the fit (likelihood-ratio test, χ² = \(ReportText.number(test.statistic, decimals: 1)) on \(test.degreesOfFreedom) degrees of freedom, p = \(ReportText.p(test.p)))."))
            }
            if let coverage = coverageNote(model) { blocks.append(.note(coverage)) }
        }
        blocks += leavingInadequateBlocks(judgements.leavingInadequate)
        blocks += nextGradeBlocks(judgements.nextGrade)
        return ReportSection(id: "judgements", heading: "(a) Impact on Ofsted judgements", blocks: blocks)
    }

    /// States left to right from the worst grade to the best, so improving moves point right.
    func transitionFigure(_ model: MultiStateSummary) -> ReportFigure {
        let n = model.states.count
        let position = { (state: Int) in n - state }
        let largest = Double(model.intensities.map(\.observedMoves).max() ?? 1)
        var chart = TransitionDiagram(
            title: "Moves between Ofsted grades",
            description: "The grades as boxes from \(model.states.last!) to \(model.states.first!), with an arrow for each move the model allows: improving moves above, declining moves below, each labelled with its estimated rate per year and the number of moves seen between consecutive inspections.",
            states: model.states.reversed(),
            transitions: model.intensities.map { q in
                TransitionDiagram.Transition(from: position(q.from), to: position(q.to),
                                             label: "\(ReportText.number(q.perYear.estimate, decimals: 2))/yr (\(count(q.observedMoves)) seen)",
                                             weight: Double(q.observedMoves) / max(largest, 1))
            },
            note: "Rates per year at average deprivation with the average support mix; arrow width: moves seen.")
        chart.id = "transitions"
        let rows = model.intensities.map { q in
            [model.states[q.from - 1], model.states[q.to - 1], ReportText.number(q.perYear.estimate, decimals: 3),
             interval(q.perYear, decimals: 3), count(q.observedMoves)]
        }
        return ReportFigure(svg: chart.svg(), caption: "Estimated rates of moving between grades (−2 log-likelihood \(model.minus2LogLikelihood.map { ReportText.number($0, decimals: 1) } ?? "x")).",
                            table: ReportTable(caption: "Transition intensities", headers: ["From", "To", "Rate per year", "95% interval", "Moves seen"],
                                               rows: rows, numericColumns: [2, 3], countColumns: [4]))
    }

    func hazardRatioFigure(_ model: MultiStateSummary) -> ReportFigure? {
        let support = model.effects.filter { SupportModel(rawValue: $0.covariate) != nil }
        guard !support.isEmpty else { return nil }
        func row(_ effect: MultiStateSummary.Effect, _ estimate: IntervalEstimate, group: String) -> ForestPlot.Row {
            ForestPlot.Row(label: ReportText.treatment(effect.covariate), estimate: log(estimate.estimate), lower: log(estimate.lower),
                           upper: log(estimate.upper), group: group, comparison: estimate.planted.map { log($0) })
        }
        let rows = support.compactMap { effect in effect.improving.map { row(effect, $0, group: "Improving moves (higher is better)") } }
            + support.compactMap { effect in effect.declining.map { row(effect, $0, group: "Declining moves (lower is better)") } }
        var chart = ForestPlot(title: "Hazard ratios of moving between grades while each support is active",
                               description: "Log hazard ratios with 95% confidence intervals for improving and for declining moves between Ofsted grades, for each support model"
                                + (results.truth == nil ? "." : ", beside the value planted by the simulation."),
                               xLabel: "Log hazard ratio (0: no change; 0.69: rate doubled)", rows: rows)
        chart.id = "hazard-ratios"
        let table = ReportTable(
            caption: "Hazard ratios", headers: ["Support", "Moves", "Hazard ratio", "95% interval"] + (results.truth == nil ? [] : ["Planted"]),
            rows: support.flatMap { effect in
                [("improving", effect.improving), ("declining", effect.declining)].compactMap { direction, e in e.map { e in
                    [ReportText.treatment(effect.covariate), direction, ReportText.number(e.estimate, decimals: 2), interval(e)]
                        + (results.truth == nil ? [] : [e.planted.map { ReportText.number($0, decimals: 2) } ?? "z"])
                } }
            }, numericColumns: [2, 3, 4],
            notes: ["Intervention is given to Inadequate LAs, which cannot decline, so it has an effect on improving moves only."]
                + model.notEstimable.map { "Not estimated, too few moves seen (fewer than \(JudgementAnalysis.minimumMoves)): \($0)." })
        return ReportFigure(svg: chart.svg(), caption: "Intervals that do not cross zero are statistically significant at 5%.", table: table)
    }

    func coverageNote(_ model: MultiStateSummary) -> String? {
        let checks = model.effects.flatMap { [$0.improving?.coversPlanted, $0.declining?.coversPlanted] }.compactMap { $0 }
        guard !checks.isEmpty else { return nil }
        return "SIMULATED check: \(checks.filter { $0 }.count) of \(checks.count) 95% intervals contain the hazard ratio the simulation planted."
    }

    func leavingInadequateBlocks(_ summary: LeavingInadequateSummary) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.subheading("Time to leave Inadequate")]
        if let failure = summary.failure {
            return blocks + [.note("The survival analysis could not be run: \(failure).")]
        }
        let series = summary.curves.map { curve in
            LineChart.Series(label: "\(groupName(curve.group)) (\(count(curve.spells)))",
                             points: [LineChart.Point(x: 0, y: 1, lower: 1, upper: 1)]
                                + curve.times.indices.map { LineChart.Point(x: curve.times[$0], y: curve.survival[$0], lower: curve.lower[$0], upper: curve.upper[$0]) })
        }
        var chart = LineChart(title: "Share of LAs still Inadequate, by intervention model",
                              description: "Kaplan–Meier estimates of the share of spells in Inadequate not yet ended by a better judgement, by years since the Inadequate judgement, for each intervention model, with 95% confidence bands.",
                              xLabel: "Years since the Inadequate judgement", yLabel: "Share still Inadequate", series: series)
        chart.steps = true
        chart.id = "leaving-inadequate"
        let rows = summary.curves.map { curve in
            [groupName(curve.group), count(curve.spells), count(curve.left), curve.medianYears.map { ReportText.number($0, decimals: 1) } ?? "not reached",
             curve.medianLower.map { ReportText.number($0, decimals: 1) } ?? "x", curve.medianUpper.map { ReportText.number($0, decimals: 1) } ?? "x"]
        }
        blocks.append(.figure(ReportFigure(svg: chart.svg(), caption: "Spells start at an Inadequate judgement and end at the first better one; spells not yet ended are censored.",
                                           table: ReportTable(caption: "Median years in Inadequate", headers: ["Intervention model", "Spells", "Left Inadequate", "Median years", "Lower", "Upper"],
                                                              rows: rows, numericColumns: [3, 4, 5], countColumns: [1, 2]))))
        if let test = summary.logRank {
            blocks.append(.paragraph("Log-rank test of equal curves: χ² = \(ReportText.number(test.statistic, decimals: 2)) on \(test.degreesOfFreedom) degrees of freedom, p = \(ReportText.p(test.p))."))
        }
        if !summary.cox.isEmpty {
            blocks.append(.table(ReportTable(
                caption: "Cox model: hazard ratio of leaving Inadequate while each intervention model is active, against an improvement adviser (time while one is active), robust standard errors by spell",
                headers: ["Term", "Hazard ratio", "95% interval"],
                rows: summary.cox.map(termRow),
                numericColumns: [1, 2],
                notes: [summary.proportionalHazards.map { "Proportional-hazards test (Grambsch and Therneau), global: p = \(ReportText.p($0.p))." } ?? ""]
                    .filter { !$0.isEmpty })))
        }
        return blocks
    }

    /// A model term's row: its name, estimate and 95% interval.
    func termRow(_ e: IntervalEstimate) -> [String] {
        [termName(e.term), ReportText.number(e.estimate, decimals: 2), interval(e)]
    }

    func interval(_ e: IntervalEstimate, decimals: Int = 2) -> String {
        "\(ReportText.number(e.lower, decimals: decimals)) to \(ReportText.number(e.upper, decimals: decimals))"
    }

    func termName(_ term: String) -> String {
        term == "deprivation" ? "Deprivation (1 SD higher)" : ReportText.treatment(term)
    }

    func groupName(_ group: String) -> String {
        SupportModel(rawValue: group).map(ReportText.name) ?? "No intervention recorded"
    }

    func nextGradeBlocks(_ summary: NextGradeSummary) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.subheading("Grade at the next inspection")]
        if let failure = summary.failure {
            return blocks + [.note("The ordinal model could not be fitted: \(failure).")]
        }
        blocks.append(.table(ReportTable(
            caption: "Cumulative-logit model of the next grade (\(count(summary.pairs)) pairs of consecutive inspections): log odds of a better grade",
            headers: ["Term", "Log odds ratio", "95% interval"],
            rows: summary.coefficients.map(termRow),
            numericColumns: [1, 2],
            notes: ["Support terms: active at any time between the two inspections. Previous-grade terms are against the worst grade."])))
        return blocks
    }
}
