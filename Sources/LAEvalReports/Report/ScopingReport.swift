import Foundation
import LAEvalCore
import LAEvalStudy

/// scoping.html: the data audit, support and inspection timelines, power (when that stage has
/// run) and which methods the data can support.
extension ReportContext {
    func scopingReport() -> ReportPage {
        page(file: "scoping.html", title: "Scoping report",
             lede: "What data the evaluation has, how complete they are, who received which support when, and which methods the data can support.",
             sections: [dataSection(), supportSection(), inspectionSection()] + designSections())
    }

    /// The scoping stage's sections, or what the audit alone can say when it has not run.
    func designSections() -> [ReportSection] {
        guard let scoping = results.scoping else {
            return [Self.notRun(id: "power", heading: "Statistical power and minimum detectable effects", stage: "power (scoping)",
                                what: "how large an effect each method could detect"),
                    methodsSection()]
        }
        return [designAuditSection(scoping), powerSection(scoping), validitySection(scoping)]
    }

    func dataSection() -> ReportSection {
        let audit = results.audit
        let missingShare: [(String, Double)] = audit.indicators.map { item in
            return (label(indicator: item.indicator, file: item.file), 100 * Double(item.laRows - item.values) / Double(max(item.laRows, 1)))
        }
        var chart = BarChart(title: "Share of LA values missing, by indicator",
                             description: "Percentage of local authority rows without a value (suppressed or unavailable) for each indicator.",
                             xLabel: "LA rows without a value (%)",
                             categories: missingShare.map { BarChart.Category(label: $0.0, value: .init($0.1)) })
        chart.id = "missing"
        let rows: [[String]] = audit.indicators.map { item in
            let missing = item.missing.map { "\($0.key): \(ReportText.integer($0.count))" }.joined(separator: ", ")
            return [item.indicator, item.file, "\(item.firstYear) to \(item.lastYear)", ReportText.integer(item.laRows), ReportText.integer(item.values),
                    missing.isEmpty ? "none" : missing, ReportText.integer(item.localAuthoritiesWithValues)]
        }
        let table = ReportTable(caption: "Indicator coverage", headers: ["Indicator", "File", "Years", "LA rows", "Values", "Missing, by EES symbol", "LAs with values"],
                                rows: rows, numericColumns: [3, 4, 6],
                                notes: ["EES symbols: c confidential, x unavailable, z not applicable, low/k rounds to zero, u low reliability. These are counts of data cells, not of LAs or people, so disclosure control does not apply to them."])
        return ReportSection(id: "data", heading: "The data", blocks: [
            .paragraph("The study covers \(audit.localAuthorities) local authorities from \(results.descriptives.firstYear) to \(results.descriptives.lastYear) (reporting years ending 31 March). \(results.warnings.isEmpty ? "The study folder passed validation without warnings." : "Validation raised \(results.warnings.count) warnings, listed in results.json.")"),
            .figure(ReportFigure(svg: chart.svg(), caption: "Indicators with many missing values give less precise estimates; LAs missing a year are left out of that indicator's estimates.", table: table)),
        ] + combinedRowsBlocks())
    }

    /// States how rows that combine LAs sharing a service were used.
    func combinedRowsBlocks() -> [ReportBlock] {
        let rows = results.descriptives.combinedRows
        guard !rows.isEmpty else { return [] }
        return [.paragraph("Some LAs share a service and are published as one row (for example North and West Northamptonshire's children's trust). laeval gives such a row's value to each LA it covers, which suits the rates and percentages analysed here but would double count a count:"),
                .list(rows.map { "\($0.indicator): \($0.codes), \($0.firstYear) to \($0.lastYear)" })]
    }

    func supportSection() -> ReportSection {
        let audit = results.audit
        let counts = SupportCounts(audit.support, threshold: threshold)
        var chart = BarChart(title: "Local authorities receiving each kind of support",
                             description: "Number of LAs that received each support model at some point in the study period.",
                             xLabel: "Local authorities", categories: counts.rows.map { BarChart.Category(label: ReportText.name($0.model), value: $0.chartValue) })
        chart.id = "support"
        chart.decimals = 0
        let table = ReportTable(caption: "Support received", headers: ["Programme", "Model", "Episodes", "LAs", "Still supported at the end"],
                                rows: counts.tableRows, countColumns: [2, 3, 4],
                                notes: ["c: a count from 1 to \(threshold - 1), suppressed; other cells are suppressed where a total would reveal it."])
        var blocks: [ReportBlock] = [.figure(ReportFigure(svg: chart.svg(), caption: "LAs can receive several kinds of support, at once or in turn.", table: table))]
        blocks.append(.paragraph("\(count(audit.multipleProgrammesAtOnce)) LAs received support from two or more programmes at the same time at some point. Their outcomes mix the effects of both, which is why every support model is also estimated jointly with the others."))
        blocks += registerCoverageBlocks()
        if let cohorts = cohortFigure() { blocks.append(.figure(cohorts)) }
        if let timeline = interventionTimeline() { blocks.append(.figure(timeline)) }
        return ReportSection(id: "support", heading: "Who received which support, and when", blocks: blocks)
    }

    /// What the register covers, in the study's words; for real data without them, a plain warning.
    func registerCoverageBlocks() -> [ReportBlock] {
        let coverage = results.audit.registerCoverage
        if coverage.isEmpty {
            return results.simulated ? [] : [.note("The study does not say how complete its support register is (study.yaml register_coverage). Read every comparison as covering only the support recorded.")]
        }
        return [.paragraph("What the support register covers, as the study states it:"),
                .list(coverage.map { "\(ReportText.name($0.programme)): \($0.coverage)" })]
    }

    func cohortTable() -> ReportTable {
        let years = Array(Set(results.audit.cohorts.map(\.startYear))).sorted()
        let models = SupportModel.allCases.filter { m in results.audit.cohorts.contains { $0.model == m } }
        let rows: [[String]] = models.map { model in
            [ReportText.name(model)] + years.map { year in
                count(results.audit.cohorts.first { $0.model == model && $0.startYear == year }?.localAuthorities ?? 0)
            }
        }
        return ReportTable(caption: "LAs by the reporting year their first episode of each model began (the treatment cohorts)",
                           headers: ["Model"] + years.map(String.init), rows: rows, countColumns: Set(1...max(years.count, 1)),
                           notes: ["c: a count from 1 to \(threshold - 1), suppressed. No totals are published with this table."])
    }

    func interventionTimeline() -> ReportFigure? {
        let timelines = results.descriptives.interventionTimelines
        guard !timelines.isEmpty else { return nil }
        func year(_ date: CalendarDate) -> Double { Double(date.year) + Double(date.month - 1) / 12 + Double(date.day - 1) / 365 }
        let end = year(CalendarDate.endOfReportingYear(results.descriptives.lastYear))
        let rows = timelines.map { la in
            TimelineChart.Row(label: la.laName,
                              intervals: la.episodes.map { .init(start: year($0.start), end: $0.end.map(year) ?? end, category: ReportText.name($0.model)) },
                              events: la.judgements.map { .init(time: year($0.date), category: $0.grade.label) })
        }
        var chart = TimelineChart(title: "Intervention support and Ofsted judgements, by LA",
                                  description: "For each LA that was ever in intervention, the periods of each intervention model and the dates and overall grades of its graded inspections.",
                                  rows: rows, intervalCategories: SupportModel.allCases.filter { $0.programme == .intervention }.map(ReportText.name),
                                  eventCategories: Grade.allCases.sorted(by: >).map(\.label))
        chart.id = "timeline"
        let tableRows: [[String]] = timelines.map { la in
            [la.laName, la.episodes.map { "\(ReportText.name($0.model)) \($0.start)–\($0.end.map { "\($0)" } ?? "ongoing")" }.joined(separator: "; "),
             la.judgements.map { "\($0.date) \($0.grade.label)" }.joined(separator: "; ")]
        }
        let table = ReportTable(caption: "Intervention episodes and graded judgements", headers: ["LA", "Intervention", "Graded inspections"], rows: tableRows)
        return ReportFigure(svg: chart.svg(), caption: "Support usually follows an Inadequate judgement; the next graded inspection shows whether the LA improved.", table: table)
    }

    func inspectionSection() -> ReportSection {
        let years = results.audit.inspectionsByYear
        let grades = Grade.allCases.sorted(by: >)
        let table = InspectionCounts(years, grades: grades, threshold: threshold)
        let inForce = CountList(grades.map { grade in
            (label: grade.label, count: Optional(results.audit.gradesInForceAtEnd.first { $0.key == grade.rawValue }?.count ?? 0))
        }).suppressed(threshold: threshold)
        var chart = BarChart(title: "Overall grade in force at the end of the study period",
                             description: "Number of LAs by the overall grade of their latest graded Ofsted inspection at the end of the study period.",
                             xLabel: "Local authorities",
                             categories: grades.indices.map { i in
                                 BarChart.Category(label: grades[i].label, value: inForce.counts[i].isSuppressed ? .suppressed(inForce.counts[i].text)
                                                   : .init(Double(inForce.counts[i].value ?? 0)))
                             })
        chart.id = "grades"
        chart.decimals = 0
        let inForceTable = ReportTable(caption: "Grade in force at the end", headers: ["Grade", "LAs"],
                                       rows: inForce.textRows(labelHeading: "Grade", countHeading: "LAs", totalLabel: "All graded LAs").dropFirst().map { $0 },
                                       countColumns: [1])
        return ReportSection(id: "inspections", heading: "Ofsted inspections", blocks: [
            .figure(ReportFigure(svg: chart.svg(), caption: "LAs never inspected under a graded framework in the period are not counted.", table: inForceTable)),
            .table(ReportTable(caption: "Graded inspections by reporting year and overall grade", headers: ["Year"] + grades.map(\.label) + ["All graded"],
                               rows: table.tableRows, countColumns: Set(1...grades.count + 1),
                               notes: ["c: suppressed (a count from 1 to \(threshold - 1), or a cell that would reveal one through a total). Inspections paused from March 2020 to April 2021 (Covid-19)."])),
        ])
    }

    func methodsSection() -> ReportSection {
        let first = results.descriptives.firstYear
        var items: [String] = []
        for model in SupportModel.allCases {
            let cohorts = results.audit.cohorts.filter { $0.model == model }
            let las = cohorts.reduce(0) { $0 + $1.localAuthorities }
            guard las > 0 else {
                items.append("\(ReportText.name(model)): no LA received it in the study period; nothing can be estimated.")
                continue
            }
            let preYears = (cohorts.map(\.startYear).min() ?? first) - first
            let verdict: String
            if las >= 5 && preYears >= 2 {
                verdict = "difference in differences can be estimated (\(count(las)) LAs in \(cohorts.count) start-year cohorts, at least \(preYears) years of data before the first start)"
            } else if las < 5 {
                verdict = "too few LAs (\(count(las))) for difference in differences to say much; comparative case studies and synthetic controls suit it better"
            } else {
                verdict = "too few years before the first start (\(preYears)) to test pre-trends for the earliest cohort"
            }
            items.append("\(ReportText.name(model)): \(verdict).")
        }
        return ReportSection(id: "methods", heading: "Which methods the data can support", blocks: [
            .paragraph("Difference in differences compares supported LAs before and after support with LAs not (yet) supported. It needs enough supported LAs and several years of data before support starts, to check that supported and comparison LAs were moving in parallel."),
            .list(items),
            .note("Power and minimum detectable effects, which say how large an effect each of these could detect, come from the power stage."),
        ])
    }
}
