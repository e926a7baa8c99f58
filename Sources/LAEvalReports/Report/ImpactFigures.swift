import Foundation
import LAEvalCore
import LAEvalStudy

/// The impact figures shared by the interim and final reports: a forest plot of every support's
/// average effect on one outcome, and an event-study profile of one support on one outcome,
/// each with its data table.
extension ReportContext {
    static let critical = 1.959963984540054

    /// Maryland Scientific Methods Scale level of a difference-in-differences estimate: 3 (a
    /// comparison group, before and after, with trends that pass the pre-trend test), 2 when the
    /// pre-trend test rejects parallel trends at 5%, none when nothing was estimated.
    static func msmsLevel(_ estimate: ImpactAnalysis.Estimate) -> String {
        guard estimate.failure == nil, estimate.att != nil else { return "none" }
        if let p = estimate.pretrend?.p, p < 0.05 { return "2" }
        return "3"
    }

    func forest(_ outcome: Descriptives.Outcome, id: String) -> ReportFigure? {
        let joint = jointEstimates(outcome.indicator), plan = planEstimates(outcome.indicator)
        guard !(joint + plan).isEmpty else { return nil }
        let designName = results.impact.map { ReportText.shortName($0.options.design) } ?? ""
        func row(_ e: ImpactAnalysis.Estimate, group: String, planted: Bool) -> ForestPlot.Row {
            ForestPlot.Row(label: ReportText.treatment(e.treatment), estimate: e.att ?? .nan, lower: e.ciLower ?? .nan, upper: e.ciUpper ?? .nan,
                           group: group, comparison: planted ? plantedAverage(outcome.indicator, e.treatment) : nil)
        }
        let rows = joint.map { row($0, group: "Joint imputation (headline)", planted: true) }
            + plan.map { row($0, group: "Each separately: \(designName)", planted: SupportModel(rawValue: $0.treatment) != nil) }
        var chart = ForestPlot(title: "Average effect of each kind of support on \(ReportText.lowercasedFirst(outcome.label))",
                               description: "Estimated average change in \(ReportText.lowercasedFirst(outcome.label)) in supported LAs "
                                + "over all supported years, with 95% confidence intervals, for each kind of support"
                                + (results.truth == nil ? "." : ", beside the effect planted by the simulation."),
                               xLabel: ReportText.axisLabel(outcome), rows: rows)
        chart.id = id
        chart.decimals = ReportText.decimals(forSE: joint.first?.se ?? plan.first?.se)
        let direction = outcome.polarity == .higherIsBetter ? "Higher is better." : outcome.polarity == .lowerIsBetter ? "Lower is better." : ""
        return ReportFigure(svg: chart.svg(), caption: "\(direction) Intervals that do not cross zero are statistically significant at 5%.",
                            table: impactTable(joint + plan, outcome))
    }

    func impactTable(_ estimates: [ImpactAnalysis.Estimate], _ outcome: Descriptives.Outcome) -> ReportTable {
        let planted = results.truth != nil
        var headers = ["Support", "Design", "Effect", "95% interval", "Supported LAs", "Pre-trend p", "MSMS level"]
        if planted { headers.append("Planted effect") }
        let d = ReportText.decimals(forSE: estimates.compactMap(\.se).min())
        let rows: [[String]] = estimates.map { e in
            var cells = [ReportText.treatment(e.treatment), ReportText.shortName(e.options.design),
                         e.att.map { ReportText.number($0, decimals: d) } ?? "x",
                         e.ciLower.map { "\(ReportText.number($0, decimals: d)) to \(ReportText.number(e.ciUpper!, decimals: d))" } ?? "x",
                         count(e.treatedUnits), e.pretrend.map { ReportText.p($0.p) } ?? "x", Self.msmsLevel(e)]
            if planted { cells.append(plantedAverage(outcome.indicator, e.treatment).map { ReportText.number($0, decimals: d) } ?? "z") }
            return cells
        }
        return ReportTable(caption: "Estimates for \(ReportText.lowercasedFirst(outcome.label))", headers: headers, rows: rows,
                           numericColumns: [2, 5, 6, 7], countColumns: [4],
                           notes: ["x: not estimated; z: not applicable (the simulation plants effects on support models, not programmes)."])
    }

    func eventStudy(_ estimate: ImpactAnalysis.Estimate, id: String, width: Double = 640) -> ReportFigure? {
        guard estimate.failure == nil, !estimate.dynamic.isEmpty else { return nil }
        let outcome = outcome(estimate.indicator)
        let points = estimate.dynamic.map { row in
            EventStudyChart.Point(eventTime: row.eventTime, estimate: row.att, lower: row.att - Self.critical * row.se,
                                  upper: row.att + Self.critical * row.se)
        }
        let planted = plantedByEventTime(estimate.indicator, estimate.treatment).filter { $0.eventTime <= (points.map(\.eventTime).max() ?? 0) }
        let name = ReportText.treatment(estimate.treatment)
        var chart = EventStudyChart(title: "\(name): \(ReportText.lowercasedFirst(outcome.label)) by years since support began",
                                    description: "Estimated effect of \(name.lowercased()) on \(ReportText.lowercasedFirst(outcome.label)) "
                                        + "in each year before and after support began, with 95% confidence intervals"
                                        + (planted.isEmpty ? "." : ", and the effect planted by the simulation."),
                                    yLabel: ReportText.axisLabel(outcome), points: points, reference: -1,
                                    comparison: planted.isEmpty ? nil : ("planted", planted))
        chart.id = id
        chart.width = width
        chart.referenceIsNormalised = false
        let d = ReportText.decimals(forSE: estimate.se)
        let plantedByTime = Dictionary(planted.map { ($0.eventTime, $0.value) }, uniquingKeysWith: { a, _ in a })
        var headers = ["Years since support began", "Effect", "95% interval"]
        if results.truth != nil { headers.append("Planted") }
        let rows: [[String]] = estimate.dynamic.map { row in
            var cells = [String(row.eventTime), ReportText.number(row.att, decimals: d),
                         "\(ReportText.number(row.att - Self.critical * row.se, decimals: d)) to \(ReportText.number(row.att + Self.critical * row.se, decimals: d))"]
            if results.truth != nil { cells.append(plantedByTime[row.eventTime].map { ReportText.number($0, decimals: d) } ?? "z") }
            return cells
        }
        let pretrend = estimate.pretrend.map { "Pre-trend test: χ² = \(ReportText.number($0.statistic, decimals: 2)) on \($0.df) df, p = \(ReportText.p($0.p))." } ?? "No pre-trend test."
        let table = ReportTable(caption: "\(name): \(ReportText.lowercasedFirst(outcome.label))", headers: headers, rows: rows, numericColumns: [0, 1, 3])
        return ReportFigure(svg: chart.svg(),
                            caption: "Points before zero test whether supported LAs were already moving apart before support (they should be near zero). \(pretrend)",
                            table: table)
    }
}
