import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStudy

/// The final report's section on comparators for single LAs and small groups: synthetic controls
/// (SyntheticReports.swift), each supported LA beside its statistical neighbours, and the matched
/// comparisons with their love plots.
extension ReportContext {
    func comparatorSection() -> ReportSection {
        guard let comparators = results.comparators else {
            return Self.notRun(id: "comparators", heading: "Comparators for single LAs", stage: "comparators",
                               what: "how supported LAs compare with their statistical neighbours, synthetic controls and matched LAs")
        }
        var blocks: [ReportBlock] = []
        blocks += syntheticBlocks(comparators.synthetic, failures: comparators.syntheticFailures)
        if let neighbours = comparators.neighbours { blocks += neighbourBlocks(neighbours) }
        blocks += matchedBlocks(comparators.matched)
        for failure in comparators.failures { blocks.append(.note("Not built: \(failure).")) }
        return ReportSection(id: "comparators", heading: "Comparators for single LAs", blocks: blocks)
    }

    func neighbourBlocks(_ neighbours: NeighbourResults) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.subheading("Statistical neighbours")]
        switch neighbours.source {
        case "published":
            blocks.append(.paragraph("Each LA is compared with its \(neighbours.k) statistical neighbours as DfE publishes them (the children's services statistical neighbour model)."))
        case "computed":
            let variables = neighbours.variables.map { "\($0.name) (weight \(ReportText.number($0.weight, decimals: 2)))" }.joined(separator: ", ")
            blocks.append(.paragraph("Each LA is compared with its \(neighbours.k) statistical neighbours: the LAs closest to it on \(variables), each standardised over all LAs, by weighted Euclidean distance, the method of DfE's children's services statistical neighbour model. The study chose these variables and weights; DfE's published groupings can be used instead (plan.neighbours.published)."))
        default:
            blocks.append(.note("No statistical neighbours: the plan names no context variables and no published groupings."))
            return blocks
        }
        if let agreement = neighbours.agreement {
            blocks.append(.paragraph("The computed neighbours share on average \(ReportText.number(agreement.meanShared, decimals: 1)) of \(neighbours.k) with DfE's published groupings (\(agreement.file))."))
        }
        blocks.append(.paragraph("The gap is the LA's value minus its neighbours' mean. This is a description, not an impact estimate: neighbours may have been supported too."))
        if let first = outcomes.first, let figure = neighbourGapFigure(neighbours, indicator: first.indicator) { blocks.append(.figure(figure)) }
        blocks.append(.table(neighbourTable(neighbours)))
        return blocks
    }

    /// The mean gap to neighbours by years since intervention began (−5 to 5), one line per intervention model.
    func neighbourGapFigure(_ neighbours: NeighbourResults, indicator: String) -> ReportFigure? {
        let rows = neighbours.comparisons.filter { $0.indicator == indicator }
        guard !rows.isEmpty else { return nil }
        let byModel = Dictionary(grouping: rows, by: \.model)
        let models = SupportModel.allCases.filter { $0.programme == .intervention && (byModel[$0]?.count ?? 0) >= threshold }
        var tableRows: [[String]] = []
        let series = models.map { model -> LineChart.Series in
            var gaps: [Int: [Double]] = [:]
            for row in byModel[model]! {
                for point in row.trajectory.points { if let gap = point.gap { gaps[Int(point.time) - row.startYear, default: []].append(gap) } }
            }
            let points = gaps.keys.sorted().filter { abs($0) <= 5 && gaps[$0]!.count >= threshold }.map { e in
                LineChart.Point(x: Double(e), y: gaps[e]!.reduce(0, +) / Double(gaps[e]!.count))
            }
            tableRows += points.map { [ReportText.treatment(model.rawValue), ReportText.integer(Int($0.x)), ReportText.number($0.y, decimals: 2), count(gaps[Int($0.x)]!.count)] }
            return LineChart.Series(label: ReportText.treatment(model.rawValue), points: points)
        }
        guard !series.isEmpty else { return nil }
        let label = outcome(indicator).label
        var chart = LineChart(title: "Gap to statistical neighbours: \(ReportText.lowercasedFirst(label))",
                              description: "The mean over LAs under intervention of their value minus their neighbours' mean, from five years before intervention began to five years after, one line per intervention model.",
                              xLabel: "Years since support began", yLabel: "Gap to neighbours' mean", series: series,
                              markers: [.init(x: 0, label: "support begins")])
        chart.id = "neighbour-gap"
        return ReportFigure(svg: chart.svg(), caption: "\(label): LAs under intervention against their statistical neighbours (\(outcome(indicator).polarity == .lowerIsBetter ? "lower" : "higher") is better).",
                            table: ReportTable(caption: "Mean gap to neighbours", headers: ["First support", "Years since start", "Mean gap", "LAs"],
                                               rows: tableRows, numericColumns: [1, 2], countColumns: [3]))
    }

    /// Mean gap before and after support began, by first support model and outcome.
    func neighbourTable(_ neighbours: NeighbourResults) -> ReportTable {
        var rows: [[String]] = []
        for outcome in outcomes {
            let byModel = Dictionary(grouping: neighbours.comparisons.filter { $0.indicator == outcome.indicator }, by: \.model)
            for model in SupportModel.allCases {
                guard let group = byModel[model] else { continue }
                let mean = { (values: [Double]) in values.isEmpty ? "x" : ReportText.number(values.reduce(0, +) / Double(values.count), decimals: 2) }
                rows.append([outcome.label, ReportText.treatment(model.rawValue), count(group.count), mean(group.compactMap(\.preGap)),
                             mean(group.compactMap(\.postGap)), mean(group.compactMap(\.change))])
            }
        }
        return ReportTable(caption: "Supported LAs against their statistical neighbours: mean gap (LA minus neighbours' mean) before and after support began",
                           headers: ["Outcome", "First support", "LAs", "Gap before", "Gap after", "Change"], rows: rows,
                           numericColumns: [3, 4, 5], countColumns: [2],
                           notes: ["A change below zero is an improvement where lower is better, above zero where higher is better."])
    }

    func matchedBlocks(_ matched: [MatchedComparison]) -> [ReportBlock] {
        guard !matched.isEmpty else { return [] }
        var blocks: [ReportBlock] = [
            .subheading("Matched comparisons: a robustness check beside the difference in differences"),
            .paragraph("For each programme, every LA that began it in a year is matched to the LA most like it, by propensity score, among LAs that had not begun it within the next three years: one to one, without replacement, within the same starting year, on the plan's context variables and the outcome's level in the two years before. The effect is the matched LAs' average change in the outcome (the mean of the first three years minus the mean of the two years before) against their matches', with standard errors clustered by matched pair, as MatchIt's guidance recommends. It should agree in sign and rough size with the difference-in-differences estimate beside it; where it does not, one of the two designs' assumptions is in doubt."),
        ]
        blocks.append(.table(matchedTable(matched)))
        for programme in Programme.allCases {
            guard let first = outcomes.first, let row = matched.first(where: { $0.programme == programme && $0.indicator == first.indicator }) else { continue }
            blocks.append(.figure(loveFigure(row)))
        }
        return blocks
    }

    func matchedTable(_ matched: [MatchedComparison]) -> ReportTable {
        let rows = matched.map { m in
            [outcome(m.indicator).label, ReportText.treatment(m.programme.rawValue), ReportText.number(m.att, decimals: 2),
             "\(ReportText.number(m.ciLower, decimals: 2)) to \(ReportText.number(m.ciUpper, decimals: 2))",
             m.didATT.map { ReportText.number($0, decimals: 2) } ?? "x", count(m.treatedMatched), count(m.controlsMatched)]
        }
        return ReportTable(caption: "Matched comparisons beside the difference-in-differences estimates of the analysis plan's design",
                           headers: ["Outcome", "Programme", "Matched ATT", "95% interval", "DiD ATT", "LAs matched", "Comparison LAs"],
                           rows: rows, numericColumns: [2, 3, 4], countColumns: [5, 6],
                           notes: ["The matched ATT is the effect on the change over three years; the DiD ATT the average effect over all supported years, so they agree in direction rather than to the decimal."])
    }

    func loveFigure(_ m: MatchedComparison) -> ReportFigure {
        let label = ReportText.treatment(m.programme.rawValue)
        var chart = LovePlot(title: "Balance before and after matching: \(ReportText.lowercasedFirst(label))",
                             description: "Absolute standardised mean differences between LAs that began \(ReportText.lowercasedFirst(label)) and comparison LAs, for each matching variable, before and after matching; below 0.1 is usually read as balanced.",
                             rows: m.balance.map { .init(label: $0.covariate, before: $0.smdBefore ?? .nan, after: $0.smdAfter ?? .nan) })
        chart.id = "love-\(m.programme.rawValue)"
        let rows = m.balance.map { b in
            [b.covariate, b.smdBefore.map { ReportText.number($0, decimals: 3) } ?? "x", b.smdAfter.map { ReportText.number($0, decimals: 3) } ?? "x"]
        }
        return ReportFigure(svg: chart.svg(), caption: "\(label): covariate balance of the matched comparison on \(ReportText.lowercasedFirst(outcome(m.indicator).label)).",
                            table: ReportTable(caption: "Standardised mean differences", headers: ["Variable", "Before", "After"], rows: rows,
                                               numericColumns: [1, 2]))
    }
}
