import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStudy

/// The scoping report's design sections: how long the periods are, coverage, overlap and
/// contamination; power and minimum detectable effects; and which methods the data can support.
extension ReportContext {
    func label(indicator: String, file: String) -> String {
        outcomes.first { $0.indicator == indicator && $0.file == file }?.label ?? indicator
    }

    func coverageFigure(_ scoping: ScopingResults) -> ReportFigure? {
        let cells = scoping.audit.coverage
        guard !cells.isEmpty else { return nil }
        let keys = Self.outcomeKeys(cells.map { ($0.indicator, $0.file) })
        let years = Array(Set(cells.map(\.year))).sorted()
        let share = Dictionary(cells.map { ("\($0.indicator)|\($0.file)|\($0.year)", $0.share) }, uniquingKeysWith: { a, _ in a })
        let grid = keys.map { key in years.map { HeatMap.Cell(value: share["\(key.0)|\(key.1)|\($0)"]) } }
        var chart = HeatMap(title: "Share of LAs with a value, by outcome and year",
                            description: "For each outcome of the plan and each reporting year, the percentage of the study's LAs with a published value. Darker is more complete.",
                            rowLabel: "Outcome", columnLabel: "Reporting year (ending 31 March)", rows: keys.map { label(indicator: $0.0, file: $0.1) },
                            columns: years.map(String.init), cells: grid, footnote: "Percent of LAs. Blank or pale cells: values suppressed, not collected or not yet published.")
        chart.id = "coverage"
        chart.textScale = 100
        let rows = keys.map { key in [label(indicator: key.0, file: key.1)] + years.map { ReportText.number(100 * (share["\(key.0)|\(key.1)|\($0)"] ?? 0), decimals: 0) } }
        return ReportFigure(svg: chart.svg(), caption: "A year in which many LAs lack a value weakens every estimate that uses it.",
                            table: ReportTable(caption: "LAs with a value (%)", headers: ["Outcome"] + years.map(String.init), rows: rows,
                                               numericColumns: Set(1...years.count)))
    }

    func cohortFigure() -> ReportFigure? {
        let cohorts = results.audit.cohorts
        guard !cohorts.isEmpty else { return nil }
        let years = Array(Set(cohorts.map(\.startYear))).sorted()
        let models = SupportModel.allCases.filter { m in cohorts.contains { $0.model == m } }
        let largest = cohorts.map(\.localAuthorities).max() ?? 1
        let grid = models.map { model in
            years.map { year -> HeatMap.Cell in
                let n = cohorts.first { $0.model == model && $0.startYear == year }?.localAuthorities ?? 0
                let shown = count(n)
                return shown == ReportText.integer(n) ? HeatMap.Cell(value: Double(n)) : HeatMap.Cell(value: nil, text: shown)
            }
        }
        var chart = HeatMap(title: "Treatment cohorts: LAs starting each kind of support, by year",
                            description: "For each support model and reporting year, the number of LAs whose first episode of that model began in the year. Darker is more LAs; c marks a suppressed small count.",
                            rowLabel: "Support model", columnLabel: "Reporting year support began", rows: models.map(ReportText.name),
                            columns: years.map(String.init), cells: grid, footnote: "c: a count from 1 to \(threshold - 1), suppressed.")
        chart.id = "cohorts"
        chart.high = Double(largest)
        return ReportFigure(svg: chart.svg(), caption: "Each cohort is compared with LAs not yet supported; small cohorts give imprecise cohort-level effects.",
                            table: cohortTable())
    }

    func designAuditSection(_ scoping: ScopingResults) -> ReportSection {
        let audit = scoping.audit
        let periodRows = audit.periods.map { row in
            [ReportText.treatment(row.treatment), count(row.localAuthorities), ReportText.integer(row.cohorts),
             "\(row.minimumPreYears) / \(ReportText.number(row.medianPreYears, decimals: 1))",
             "\(row.minimumPostYears) / \(ReportText.number(row.medianPostYears, decimals: 1))", count(row.withTwoPreYears)]
        }
        let contaminationRows = audit.contamination.map { [ReportText.name($0.model), count($0.localAuthorities), count($0.withConcurrentSupport), count($0.clean)] }
        let overlapRows = audit.overlap.map { row in
            [ReportText.treatment(row.treatment), row.variable, ReportText.number(row.treatedMean, decimals: 2), ReportText.number(row.comparisonMean, decimals: 2),
             ReportText.number(row.standardisedDifference, decimals: 2), ReportText.number(100 * row.shareWithinComparisonRange, decimals: 0)]
        }
        let inspections = audit.inspections
        var blocks: [ReportBlock] = []
        if let figure = coverageFigure(scoping) { blocks.append(.figure(figure)) }
        if !audit.completeness.isEmpty {
            let rows = audit.completeness.map { [label(indicator: $0.indicator, file: $0.file), ReportText.integer($0.complete), ReportText.integer($0.partial), ReportText.integer($0.none)] }
            blocks.append(.table(ReportTable(caption: "LAs by how complete each outcome's series is", headers: ["Outcome", "Every year", "Some years", "No year"],
                                             rows: rows, numericColumns: [1, 2, 3],
                                             notes: ["Difference in differences and its power simulations use the LAs with a value in every year; the others are left out of that outcome."])))
        }
        blocks.append(.table(ReportTable(caption: "Years of data before and after support began (minimum / median)",
                                         headers: ["Support", "LAs", "Cohorts", "Years before", "Years from start", "LAs with 2+ years before"],
                                         rows: periodRows, countColumns: [1, 5], notes: ["c: a count from 1 to \(threshold - 1), suppressed."])))
        blocks.append(.table(ReportTable(caption: "Concurrent support (contamination): LAs of each model also supported by another programme at the same time",
                                         headers: ["Model", "LAs", "With concurrent support", "Clean"], rows: contaminationRows, countColumns: [1, 2, 3])))
        blocks.append(.table(ReportTable(caption: "Context of supported and other LAs",
                                         headers: ["Support", "Variable", "Mean, supported", "Mean, others", "Standardised difference", "Supported LAs within others' range (%)"],
                                         rows: overlapRows, numericColumns: [2, 3, 4, 5],
                                         notes: ["Standardised difference: difference in means over the root mean of the two variances. Above 0.25 in absolute value, comparisons need adjustment or matching."])))
        let frequency = inspections.byGradedInspections.map { "\($0.key): \(count($0.count))" }.joined(separator: ", ")
        blocks.append(.paragraph("Graded inspections per LA in the study period: \(frequency). \(count(inspections.withTwoOrMore)) LAs have two or more, so their moves between grades can be seen\(inspections.medianYearsBetween.map { "; the median time between graded inspections is \(ReportText.number($0, decimals: 1)) years" } ?? "")."))
        return ReportSection(id: "design-data", heading: "What the data allow: periods, coverage, overlap and concurrent support", blocks: blocks)
    }

    func powerSection(_ scoping: ScopingResults) -> ReportSection {
        let settings = scoping.settings
        var blocks: [ReportBlock] = [
            .paragraph("How large an effect could the impact analysis detect? For each kind of support and outcome, laeval simulated the study \(settings.replicates) times on its own panel: each LA keeps its level and the year-to-year pattern of the data, the noise is the whole series of a comparison LA drawn at random (so it has the real year-to-year correlation), support starts when it really did, and an effect of known size is added from the first year of support. The planned estimator (Callaway–Sant'Anna) is run on each simulated study, and the power is the share of simulations in which it finds the effect at the 5% level. The minimum detectable effect (MDE) is the smallest effect found in \(Int(100 * settings.targetPower))% of simulations."),
            .paragraph("Beside it: the same test at placebo timings (real outcomes of LAs never given the support, with support start dates assigned at random), whose rejection rate with no effect is the test's real false-positive rate on these data; and the analytic MDE of Burlig, Preonas & Woerman (2020), which allows for serial correlation."),
        ]
        let built = scoping.power.filter { $0.simulation != nil }
        for (indicator, file) in Self.outcomeKeys(built.map { ($0.indicator, $0.file) }) {
            if let figure = powerCurveFigure(indicator: indicator, file: file, estimates: built.filter { $0.indicator == indicator && $0.file == file }) {
                blocks.append(.subheading("Power by size of effect: \(label(indicator: indicator, file: file))"))
                blocks.append(.figure(figure))
            }
        }
        blocks.append(.table(mdeTable(scoping.power)))
        if !scoping.grades.isEmpty { blocks += gradePowerBlocks(scoping.grades) }
        let failed = scoping.power.filter { $0.failure != nil }
        if !failed.isEmpty {
            blocks.append(.list(failed.map { "\(ReportText.treatment($0.treatment)) on \(label(indicator: $0.indicator, file: $0.file)): not simulated (\($0.failure!))" }))
        }
        return ReportSection(id: "power", heading: "Statistical power and minimum detectable effects", blocks: blocks)
    }

    /// Each (indicator, file) once, in order of first appearance.
    static func outcomeKeys(_ pairs: [(String, String)]) -> [(String, String)] {
        pairs.reduce(into: [(String, String)]()) { keys, pair in
            if !keys.contains(where: { $0 == pair }) { keys.append(pair) }
        }
    }

    /// Power against effect size for each support model (programmes are in the table), on one outcome.
    func powerCurveFigure(indicator: String, file: String, estimates: [PowerEstimate]) -> ReportFigure? {
        let models = estimates.filter { SupportModel(rawValue: $0.treatment) != nil && ($0.simulation?.curve.count ?? 0) > 1 }
        guard !models.isEmpty else { return nil }
        let series = models.map { e in
            LineChart.Series(label: ReportText.treatment(e.treatment),
                             points: e.simulation!.curve.map { .init(x: $0.effect, y: 100 * $0.power) })
        }
        let name = label(indicator: indicator, file: file)
        var chart = LineChart(title: "Power by size of effect: \(name)",
                              description: "Percentage of simulated studies in which the planned estimator detects an effect of each size (5% level), for each support model.",
                              xLabel: "Effect added from the start of support", yLabel: "Power (%)", series: series)
        chart.id = "power-\(indicator)"
        let multiples = results.scoping!.settings.effectMultiples
        let rows: [[String]] = models.map { e in
            [ReportText.treatment(e.treatment), ReportText.number(e.realDataSE ?? .nan, decimals: 3)]
                + e.simulation!.curve.map { ReportText.number(100 * $0.power, decimals: 0) }
        }
        let headers = ["Support", "SE on the real data"] + multiples.map { "\(ReportText.number($0, decimals: 0)) × SE" }
        return ReportFigure(svg: chart.svg(), caption: "\(name): power rises with the size of the effect; the MDE is where a line crosses \(Int(100 * results.scoping!.settings.targetPower))%. Each line starts near 5%, the chance of a false finding with no effect.",
                            table: ReportTable(caption: "Simulated power (%) at effects of 0 to \(ReportText.number(multiples.last ?? 0, decimals: 0)) times the estimate's SE on the real data",
                                               headers: headers, rows: rows, numericColumns: Set(1...(multiples.count + 1))))
    }

    func mdeTable(_ power: [PowerEstimate]) -> ReportTable {
        func number(_ value: Double?, _ decimals: Int = 3) -> String { value.map { ReportText.number($0, decimals: decimals) } ?? "not reached" }
        let rows = power.map { e -> [String] in
            let size = e.placebo?.curve.first { $0.effect == 0 }?.power
            return [ReportText.treatment(e.treatment), label(indicator: e.indicator, file: e.file), count(e.treatedUnits),
                    e.failure == nil ? number(e.simulation?.minimumDetectableEffect) : "not simulated",
                    e.standardisedMDE.map { ReportText.number($0, decimals: 2) } ?? "–",
                    e.analyticMDE.map { ReportText.number($0, decimals: 3) } ?? "–",
                    size.map { ReportText.number(100 * $0, decimals: 0) } ?? "–"]
        }
        return ReportTable(caption: "Minimum detectable effects (80% power, 5% level)",
                           headers: ["Support", "Outcome", "Supported LAs", "MDE (simulated)", "MDE in SDs between LAs", "MDE (analytic, BPW 2020)", "False positives at placebo timings (%)"],
                           rows: rows, numericColumns: [3, 4, 5, 6], countColumns: [2],
                           notes: ["MDE in the outcome's units; in SDs between LAs: divided by the standard deviation of the outcome across LAs in a year. A false-positive rate well above 5% means the test's p-values are too small on these data."])
    }

    func gradePowerBlocks(_ grades: [GradePowerEstimate]) -> [ReportBlock] {
        let ratios = grades.first?.curve.map(\.hazardRatio) ?? []
        let rows = grades.map { g in
            [ReportText.name(g.programme), count(g.activeIntervals)] + g.curve.map { ReportText.number(100 * $0.power, decimals: 0) }
                + [g.minimumDetectableHazardRatio.map { ReportText.number($0, decimals: 2) } ?? "above \(ReportText.number(ratios.last ?? 0, decimals: 0))"]
        }
        let replicates = grades.first?.curve.first?.replicates ?? 0
        return [
            .subheading("Power to detect an effect on Ofsted grades"),
            .paragraph("The same question for the multi-state model of grades: each LA keeps its real inspection dates, first grade and periods of support; its later grades are simulated from the model fitted without support, with the chance of moving up a grade multiplied by a hazard ratio while the programme is active; the model is refitted and the effect counts as found when the 95% interval of its hazard ratio excludes 1. About \(replicates) simulations per hazard ratio, so each power is within about ±\(Int((100 * 2 * (0.25 / Double(max(replicates, 1))).squareRoot()).rounded())) percentage points."),
            .table(ReportTable(caption: "Simulated power (%) of the multi-state model, by hazard ratio on improving moves",
                               headers: ["Programme", "Inspection intervals with it active"] + ratios.map { "HR \(ReportText.number($0, decimals: 1))" } + ["Detectable HR (80%)"],
                               rows: rows, numericColumns: Set(2...(ratios.count + 2)), countColumns: [1],
                               notes: ["A hazard ratio of 2 means moving up a grade twice as fast while supported. At HR 1 (no effect) the power is the false-positive rate."])),
        ]
    }

    func validitySection(_ scoping: ScopingResults) -> ReportSection {
        let rows = scoping.validity.map { [$0.method, ReportText.treatment($0.subject), $0.verdict.rawValue, $0.reason] }
        let tally = MethodAssessment.Verdict.allCases.map { verdict in "\(scoping.validity.filter { $0.verdict == verdict }.count) \(verdict.rawValue)" }
        return ReportSection(id: "methods", heading: "Which methods the data can support", blocks: [
            .paragraph("Each element of the evaluation, judged against the data audit and the power results: proceed as planned, adapt (run it with the change stated), or drop (the data cannot support it). In all: \(tally.joined(separator: ", "))."),
            .table(ReportTable(caption: "Method validity and recommendation", headers: ["Method", "For", "Recommendation", "Why"], rows: rows,
                               notes: ["Rules: difference in differences proceeds with at least \(MethodValidity.minimumTreatedLAs) LAs with two years before support and a median MDE of at most \(MethodValidity.proceedMDE) SD between LAs; synthetic controls proceed when at least \(Int(100 * MethodValidity.acceptableSyntheticShare))% of LAs fit their past; see docs/methods/scoping.md."])),
        ])
    }
}
