import Foundation
import LAEvalCore
import LAEvalStudy

/// The synthetic-control part of the comparator section: for each LA under a commissioner or
/// an alternative delivery model, its gap to its synthetic control beside the placebos'.
extension ReportContext {
    func syntheticBlocks(_ comparisons: [SyntheticComparison], failures: [SyntheticFailure]) -> [ReportBlock] {
        guard !comparisons.isEmpty || !failures.isEmpty else { return [] }
        var blocks: [ReportBlock] = [
            .subheading("Synthetic controls for LAs under a commissioner or an alternative delivery model"),
            .paragraph("Commissioners and alternative delivery models are rare, so each such LA gets its own comparator: a synthetic control (Abadie, Diamond and Hainmueller 2010), the weighted average of LAs never under intervention that best reproduces the LA's outcome in every year before the intervention began. The gap after the start estimates what the intervention changed. To judge whether a gap is large, every donor LA is given the same treatment in turn (placebos): the band shows the middle 90% of the placebo gaps whose fit before the start was at most five times worse than the LA's (of all placebos when fewer than ten fit that well), and the p-value is the share of LAs, the LA itself included, whose post/pre ratio of prediction errors is at least as large as the LA's."),
        ]
        if let first = outcomes.first {
            let figures = comparisons.filter { $0.indicator == first.indicator }.prefix(8).enumerated().map { index, c in
                ReportBlock.figure(syntheticGapFigure(c, id: "synth-\(index)"))
            }
            blocks += figures
        }
        blocks.append(.table(syntheticTable(comparisons)))
        if !failures.isEmpty {
            blocks.append(.note("Not built for \(failures.count) LA-outcome pairs, e.g. \(failures[0].la) on \(outcome(failures[0].indicator).label): \(failures[0].reason)."))
        }
        return blocks
    }

    func syntheticGapFigure(_ c: SyntheticComparison, id: String) -> ReportFigure {
        let years = c.years.map(Double.init)
        let gap = LineChart.Series(label: "\(c.name) minus its synthetic control",
                                   points: zip(years, c.gaps).map { LineChart.Point(x: $0, y: $1) })
        let placebo = LineChart.Series(label: "Placebo LAs (median, 5–95%)", points: years.indices.map {
            LineChart.Point(x: years[$0], y: c.placeboMedian[$0], lower: c.placeboLower[$0], upper: c.placeboUpper[$0])
        })
        let label = outcome(c.indicator).label
        var chart = LineChart(title: "\(c.name): gap to its synthetic control, \(ReportText.lowercasedFirst(label))",
                              description: "The gap between \(c.name)'s \(ReportText.lowercasedFirst(label)) and its synthetic control's each year, beside the median and middle 90% of the placebo LAs' gaps; \(ReportText.treatment(c.model.rawValue).lowercased()) began in \(c.startYear).",
                              xLabel: "Year", yLabel: "Gap (LA minus synthetic)", series: [gap, placebo],
                              markers: [.init(x: Double(c.startYear) - 0.5, label: "\(ReportText.treatment(c.model.rawValue).lowercased()) began")])
        chart.id = id
        let rows = c.years.indices.map { t in
            [String(c.years[t]), ReportText.number(c.actual[t], decimals: 1), ReportText.number(c.synthetic[t], decimals: 1),
             ReportText.number(c.gaps[t], decimals: 2), "\(ReportText.number(c.placeboLower[t], decimals: 2)) to \(ReportText.number(c.placeboUpper[t], decimals: 2))"]
        }
        let donors = c.weights.prefix(3).map { "\($0.name) \(ReportText.number($0.weight, decimals: 2))" }.joined(separator: ", ")
        return ReportFigure(svg: chart.svg(),
                            caption: "\(c.name), \(ReportText.lowercasedFirst(label)): post/pre RMSPE ratio \(ReportText.number(c.postPreRatio, decimals: 2)), p = \(ReportText.number(c.pValue, decimals: 3)) among \(c.placebos) placebos (\(ReportText.number(c.pValueRetained, decimals: 3)) among the \(c.retainedPlacebos) with a good fit). Heaviest donors: \(donors).",
                            table: ReportTable(caption: "Actual, synthetic and gap", headers: ["Year", "Actual", "Synthetic", "Gap", "Placebo 5–95%"],
                                               rows: rows, numericColumns: [1, 2, 3, 4]))
    }

    func syntheticTable(_ comparisons: [SyntheticComparison]) -> ReportTable {
        let rows = comparisons.map { c in
            [c.name, ReportText.treatment(c.model.rawValue), String(c.startYear), outcome(c.indicator).label,
             ReportText.number(c.preRMSPE, decimals: 2), ReportText.number(c.meanPostGap, decimals: 2),
             ReportText.number(c.postPreRatio, decimals: 2), ReportText.number(c.pValue, decimals: 3), ReportText.number(c.pValueRetained, decimals: 3)]
        }
        return ReportTable(caption: "Synthetic controls: every LA under a commissioner or an alternative delivery model, on every outcome",
                           headers: ["LA", "Model", "Start", "Outcome", "Pre RMSPE", "Mean gap after", "Post/pre ratio", "p", "p (good fits)"],
                           rows: rows, numericColumns: [2, 4, 5, 6, 7, 8],
                           notes: ["RMSPE: root mean squared gap. p: share of LAs (this LA and the placebos) with a post/pre ratio at least this LA's; the smallest possible is 1/(placebos + 1)."])
    }
}
