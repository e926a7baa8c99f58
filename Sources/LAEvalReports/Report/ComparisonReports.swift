import Foundation
import LAEvalCore
import LAEvalStudy

/// The final report's section on which approach works best (aim b): ranked forest plots of the
/// overall improvement with the probability each is best, and the pairwise differences with
/// adjusted p-values.
extension ReportContext {
    func comparisonSection() -> ReportSection {
        if let comparison = results.comparison, comparison.rankings.isEmpty {
            return ReportSection(id: "aim-b", heading: "(b) Which approach works best", blocks: [
                .note("Nothing to compare: no family of support (programmes, or support models) has two or more members with an estimate on every outcome of the plan."),
            ])
        }
        guard let comparison = results.comparison else {
            return Self.notRun(id: "aim-b", heading: "(b) Which approach works best", stage: "comparative effectiveness",
                               what: "which kind of support works best (comparing estimates needs their joint uncertainty, not separate intervals)")
        }
        var blocks: [ReportBlock] = [
            .paragraph("Programmes, and support models, are compared on one scale: each one's improvement in every outcome (its average effect, with the sign turned where lower is better) divided by how much that outcome varies within an LA from year to year, averaged over the outcomes. 1 means one typical year-to-year swing of improvement. The estimates share their comparison LAs, so they are not independent: the intervals of differences, and the probability that each is best, come from one bootstrap that keeps their joint uncertainty (\(ReportText.integer(comparison.replicates)) replicates). p-values are adjusted for the many comparisons made, by Holm's method and by Romano and Wolf's, which uses the bootstrap and is less conservative."),
        ]
        for family in ["programmes", "models"] {
            guard let ranking = comparison.rankings.first(where: { $0.family == family && $0.indicator == ComparativeEffectiveness.overall }) else { continue }
            blocks.append(.subheading(family == "programmes" ? "Programmes ranked" : "Support models ranked"))
            blocks.append(.figure(rankedForest(ranking)))
            blocks.append(.table(differenceTable(comparison.differences.filter { $0.family == family && $0.indicator == ComparativeEffectiveness.overall }, family: family)))
        }
        blocks.append(.note("Rankings and differences for each outcome separately are in tables/comparison_rankings.csv and tables/comparison_differences.csv, and in results.json."))
        return ReportSection(id: "aim-b", heading: "(b) Which approach works best", blocks: blocks)
    }

    func planted(_ treatment: String) -> Double? {
        results.truth?.models.first { $0.model.rawValue == treatment }?.standardisedEffect
    }

    func rankedForest(_ ranking: ComparisonResults.Ranking) -> ReportFigure {
        let rows = ranking.entries.map { e in
            ForestPlot.Row(label: "\(ReportText.treatment(e.treatment)) (best: \(ReportText.number(e.probabilityBest * 100, decimals: 0))%)",
                           estimate: e.improvement, lower: e.ciLower, upper: e.ciUpper, comparison: planted(e.treatment))
        }
        var chart = ForestPlot(title: "Overall improvement per supported LA-year, best first",
                               description: "Each \(ranking.family == "programmes" ? "programme" : "support model")'s average improvement over the outcomes in within-LA standard deviations, with 95% intervals, ranked; the label gives the probability that it is the best.",
                               xLabel: "Improvement (within-LA SDs of the outcomes)", rows: rows,
                               comparisonLabel: "Planted full-strength effect (simulation)")
        chart.id = "ranked-\(ranking.family)"
        let table = ReportTable(caption: "Ranking", headers: ["Support", "Improvement", "95% interval", "P(best)", "Mean rank"],
                                rows: ranking.entries.map { e in
                                    [ReportText.treatment(e.treatment), ReportText.number(e.improvement, decimals: 2),
                                     "\(ReportText.number(e.ciLower, decimals: 2)) to \(ReportText.number(e.ciUpper, decimals: 2))",
                                     ReportText.number(e.probabilityBest, decimals: 3), ReportText.number(e.meanRank, decimals: 2)]
                                }, numericColumns: [1, 2, 3, 4])
        return ReportFigure(svg: chart.svg(), caption: "\(ranking.family == "programmes" ? "Programmes" : "Support models") ranked by overall improvement.", table: table)
    }

    func differenceTable(_ rows: [ComparisonResults.Difference], family: String) -> ReportTable {
        ReportTable(caption: "Pairwise differences in overall improvement (\(family))",
                    headers: ["Support", "Compared with", "Difference", "95% interval", "p", "p (Holm)", "p (Romano–Wolf)"],
                    rows: rows.map { d in
                        [ReportText.treatment(d.treatment), ReportText.treatment(d.reference), ReportText.number(d.difference, decimals: 2),
                         "\(ReportText.number(d.ciLower, decimals: 2)) to \(ReportText.number(d.ciUpper, decimals: 2))",
                         ReportText.p(d.p), ReportText.p(d.pHolm), ReportText.p(d.pRomanoWolf)]
                    }, numericColumns: [2, 3, 4, 5, 6],
                    notes: ["A positive difference means the first improves more. Adjusted p-values hold the chance of any false finding among these comparisons at 5%."])
    }
}
