import Foundation
import LAEvalCore
import LAEvalStudy

/// summary.html (two pages for policy readers) and the one-page infographic for LAs.
extension ReportContext {
    /// The strongest statistically significant improvements (by |effect| / SE), one per model.
    func headlineFindings(limit: Int) -> [String] {
        var best: [String: (score: Double, text: String)] = [:]
        for e in estimates where e.options.design == .jointImputation && ReportText.direction(e) == .improvement {
            guard let att = e.att, let se = e.se, se > 0 else { continue }
            let score = abs(att) / se
            if score > (best[e.treatment]?.score ?? 0) {
                let outcome = outcome(e.indicator)
                best[e.treatment] = (score, "In \(ReportText.inSentence(e.treatment)), \(ReportText.prose(outcome.label)) \(ReportText.effectPhrase(e, outcome)).")
            }
        }
        return best.values.sorted { $0.score > $1.score }.prefix(limit).map(\.text)
    }

    /// The best-ranked programme and support model with the probability that each is best.
    func bestApproachLines() -> [String] {
        guard let comparison = results.comparison else { return ["Which approach works best is not yet known: the comparison stage has not been run."] }
        return ["programmes", "models"].compactMap { family in
            guard let ranking = comparison.rankings.first(where: { $0.family == family && $0.indicator == ComparativeEffectiveness.overall }),
                  let top = ranking.entries.first, ranking.entries.count > 1 else { return nil }
            return "Of the \(family == "programmes" ? "programmes" : "support models"), \(ReportText.inSentence(top.treatment)) improved outcomes most (\(ReportText.number(top.improvement, decimals: 2)) of a typical year-to-year swing; a \(ReportText.number(top.probabilityBest * 100, decimals: 0))% chance it is the best)."
        }
    }

    /// Subgroup differences significant at 5%, strongest first.
    func contextLines(limit: Int) -> [String] {
        guard let context = results.context else { return ["For whom support works is not yet known: the context stage has not been run."] }
        let rows = context.moderations.filter { ($0.heterogeneity?.p ?? 1) < 0.05 && $0.subgroups.count >= 2 }.sorted { $0.heterogeneity!.p < $1.heterogeneity!.p }
        guard !rows.isEmpty else { return ["No context variable changed the effect of any kind of support by more than chance."] }
        return rows.prefix(limit).map { row in
            let best = row.subgroups.max { $0.improvement < $1.improvement }!, worst = row.subgroups.min { $0.improvement < $1.improvement }!
            return "\(ReportText.treatment(row.treatment)) worked better in LAs in the \(best.label) of \(row.moderator) (\(ReportText.number(best.improvement, decimals: 2))) than in the \(worst.label) (\(ReportText.number(worst.improvement, decimals: 2)); p = \(ReportText.p(row.heterogeneity!.p)))."
        }
    }

    /// The most cost-effective support model at the middle willingness to pay, and the cost–benefit results.
    func valueLines() -> [String] {
        guard let vfm = results.valueForMoney, let models = vfm.families.first(where: { $0.family == "models" }) ?? vfm.families.first else {
            return ["Value for money is not yet known: the economic evaluation has not been run."]
        }
        var lines: [String] = []
        let threshold = middleThreshold(vfm)
        if let best = models.acceptability.filter({ $0.threshold == threshold }).max(by: { $0.probability < $1.probability }) {
            let name = best.group == "none" ? "no support" : ReportText.inSentence(best.group)
            lines.append("At \(ReportText.pounds(threshold)) per unit of improvement per LA-year, \(name) is the most cost-effective option (probability \(ReportText.number(best.probability, decimals: 2))).")
        }
        let cheapest = models.groups.filter { $0.group != "none" && $0.meanEffect > 0 }.min { $0.meanCost / $0.meanEffect < $1.meanCost / $1.meanEffect }
        if let cheapest { lines.append("The lowest cost per unit of improvement: \(ReportText.inSentence(cheapest.group)), \(ReportText.pounds(cheapest.meanCost / cheapest.meanEffect)) per LA-year.") }
        let positive = vfm.costBenefit.filter { ($0.uncertainty?.netPresentValue.probabilityPositive ?? 0) >= 0.9 }.map { ReportText.inSentence($0.treatment) }
        if !vfm.costBenefit.isEmpty {
            lines.append(positive.isEmpty ? "No kind of support has a net present value above zero with 90% probability on the outcomes valued." :
                "Benefits exceed costs with at least 90% probability for \(positive.joined(separator: ", ")).")
        }
        return lines
    }

    func summaryReport() -> ReportPage {
        let findings = headlineFindings(limit: 7)
        let worse = estimates.filter { $0.options.design == .jointImputation && ReportText.direction($0) == .worsening }
        let rejected = estimates.filter { $0.options.design == .jointImputation && ($0.pretrend?.p ?? 1) < 0.05 }.count
        let total = estimates.filter { $0.options.design == .jointImputation && $0.failure == nil }.count
        return page(file: "summary.html", title: "Summary for policy readers",
                    lede: "What the evaluation found so far about DfE support to local authority children's services, in two pages.",
                    sections: [
                        ReportSection(id: "findings", heading: "What we found", blocks: [
                            .paragraph("We compared \(results.audit.localAuthorities) LAs from \(results.descriptives.firstYear) to \(results.descriptives.lastYear): how each outcome changed after support began, against LAs not yet supported, separating each kind of support from others received at the same time."),
                            .subheading("The clearest improvement for each kind of support"),
                            findings.isEmpty ? .paragraph("No kind of support showed a statistically significant improvement on any outcome.") : .list(findings),
                            .paragraph(worse.isEmpty ? "No kind of support was followed by a statistically significant worsening on any outcome." :
                                "\(worse.count) estimates showed a statistically significant worsening; see the final report."),
                        ]),
                        ReportSection(id: "confidence", heading: "How sure we are", blocks: [
                            .paragraph("These are difference-in-differences estimates (Maryland Scientific Methods Scale level 3 where supported and comparison LAs moved in parallel beforehand). For \(rejected) of \(total) estimates the LAs were already moving apart before support began (level 2): treat those with caution."),
                            .paragraph("Support follows poor inspection results, so some later improvement would have happened anyway; the methods allow for this but cannot remove it entirely."),
                        ]),
                        ReportSection(id: "best", heading: "Which approach works best, for whom, at what cost", blocks: [
                            .list(bestApproachLines() + contextLines(limit: 4) + valueLines()),
                        ]),
                    ] + (surveySummaryLines().isEmpty ? [] : [
                        ReportSection(id: "survey", heading: "What LAs told us", blocks: [.paragraph(surveySummaryLines().joined(separator: " "))]),
                    ]), brief: true)
    }

    /// The one-page infographic for LAs (A4 portrait, 794 × 1123 px): what worked, for whom, at what cost.
    func infographicSVG() -> String {
        var svg = SVGDocument(width: 794, height: 1123)
        svg.element("rect", [("x", .number(0)), ("y", .number(0)), ("width", .number(794)), ("height", .number(1123)), ("fill", .text("#FFFFFF"))])
        svg.element("rect", [("x", .number(0)), ("y", .number(0)), ("width", .number(794)), ("height", .number(150)), ("fill", .text(ChartTheme.colours[0]))])
        text(&svg, "Supporting children's services:", x: 48, y: 64, size: 30, colour: "#FFFFFF", weight: "bold")
        text(&svg, "what worked, for whom, at what cost", x: 48, y: 104, size: 30, colour: "#FFFFFF", weight: "bold")
        text(&svg, "\(results.study), \(results.descriptives.firstYear) to \(results.descriptives.lastYear)", x: 48, y: 134, size: 15, colour: "#FFFFFF")
        var y = 190.0
        if results.simulated {
            svg.element("rect", [("x", .number(48)), ("y", .number(y - 26)), ("width", .number(698)), ("height", .number(40)), ("fill", .text("#FFF3CD")),
                                 ("stroke", .text(ChartTheme.colours[3])), ("stroke-width", .number(2))])
            text(&svg, "SIMULATED DATA: an example of the format, not findings about real LAs", x: 60, y: y, size: 15, weight: "bold")
            y += 50
        }
        y = panel(&svg, y: y, number: "1", heading: "What worked", colour: ChartTheme.colours[1],
                  lines: headlineFindings(limit: 4).isEmpty ? ["No kind of support showed a clear improvement yet."] : headlineFindings(limit: 4))
        y = panel(&svg, y: y, number: "2", heading: "For whom", colour: ChartTheme.colours[2],
                  lines: Array((bestApproachLines().prefix(1) + contextLines(limit: 2)).prefix(3)))
        y = panel(&svg, y: y, number: "3", heading: "At what cost", colour: ChartTheme.colours[3], lines: Array(valueLines().prefix(3)))
        text(&svg, "Method: difference in differences across all English LAs (joint imputation design, 95% confidence intervals).", x: 48, y: 1070, size: 12, colour: "#505A5F")
        text(&svg, "Produced by laeval \(results.provenance.laevalVersion). Full results: final.html and results.json.", x: 48, y: 1090, size: 12, colour: "#505A5F")
        let description = "One-page summary for local authorities: what worked, for whom and at what cost."
        return svg.rendered(title: "What worked, for whom, at what cost", description: description, id: "infographic")
    }

    private func text(_ svg: inout SVGDocument, _ content: String, x: Double, y: Double, size: Double, colour: String = ChartTheme.text, weight: String = "normal") {
        svg.element("text", [("x", .number(x)), ("y", .number(y)), ("font-size", .number(size)), ("fill", .text(colour)), ("font-weight", .text(weight))],
                    content: content)
    }

    /// A numbered panel with wrapped lines; returns the y below it.
    private func panel(_ svg: inout SVGDocument, y top: Double, number: String, heading: String, colour: String, lines: [String]) -> Double {
        let wrapped = lines.map { Self.wrap($0, width: 78) }
        let height = 70 + Double(wrapped.reduce(0) { $0 + $1.count }) * 22 + Double(wrapped.count) * 10
        svg.element("rect", [("x", .number(48)), ("y", .number(top)), ("width", .number(698)), ("height", .number(height)), ("fill", .text("#F3F2F1"))])
        svg.element("rect", [("x", .number(48)), ("y", .number(top)), ("width", .number(8)), ("height", .number(height)), ("fill", .text(colour))])
        svg.element("circle", [("cx", .number(92)), ("cy", .number(top + 34)), ("r", .number(18)), ("fill", .text(colour))])
        text(&svg, number, x: 86, y: top + 41, size: 20, colour: "#FFFFFF", weight: "bold")
        text(&svg, heading, x: 122, y: top + 42, size: 24, weight: "bold")
        var y = top + 76
        for paragraph in wrapped {
            for line in paragraph {
                text(&svg, line, x: 72, y: y, size: 16)
                y += 22
            }
            y += 10
        }
        return top + height + 24
    }

    /// Greedy word wrap to at most `width` characters a line.
    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = [], current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    func infographicPage(svg: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en-GB">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>What worked, for whom, at what cost: \(SVGDocument.escape(results.study))</title>
        <style>
        body { margin: 0; background: #f3f2f1; font-family: arial, helvetica, sans-serif; }
        main { max-width: 794px; margin: 0 auto; background: #ffffff; }
        svg { display: block; width: 100%; height: auto; }
        @page { size: A4; margin: 0; }
        @media print { body { background: #ffffff; } main { max-width: none; } }
        </style>
        </head>
        <body>
        <main>
        \(svg)</main>
        </body>
        </html>

        """
    }
}
