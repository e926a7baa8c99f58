import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStudy

/// The final report's section on how local context changes success (aim c): effects by subgroup
/// with tests of difference, and the QCA truth tables and solutions.
extension ReportContext {
    func contextSection() -> ReportSection {
        guard let context = results.context else {
            return Self.notRun(id: "aim-c", heading: "(c) How local context changes success", stage: "context",
                               what: "for which LAs support works better or worse")
        }
        var blocks: [ReportBlock] = [
            .paragraph("Each kind of support is estimated again for the supported LAs of one subgroup at a time (a third of the LAs on a context variable, the grade before support, or the region), against all comparison LAs, on the same overall scale as the ranking above. The test asks whether the subgroups' effects differ by more than chance; the trend is the change in effect from one step to the next (thirds and grades, which have an order; not regions). Subgroups with fewer than \(context.minimumTreated) supported LAs are not estimated."),
        ]
        let moderators = Array(Set(context.moderations.map(\.moderator))).sorted()
        for moderator in moderators {
            let rows = context.moderations.filter { $0.moderator == moderator && !$0.subgroups.isEmpty }
            guard !rows.isEmpty else { continue }
            blocks.append(.table(moderationTable(moderator, rows, skipped: context.moderations.filter { $0.moderator == moderator })))
        }
        if !context.interactions.isEmpty {
            blocks.append(.subheading("Effects along each context variable"))
            blocks.append(.paragraph("Thirds throw away the order within each third. These slopes use every LA's value instead: how much more (or less) each kind of support improves an outcome for each standard deviation higher the context variable, from one regression per outcome with every kind of support in it (the imputation design of the joint impact estimates). A positive slope means support works better where the variable is higher. With many slopes some look significant by chance, so p is also shown adjusted (Holm) over each kind of support's slopes."))
            let all = context.interactions, notable = all.filter { $0.p < 0.05 }
            let holm = all.filter { $0.pHolm < 0.05 }.count
            blocks.append(.paragraph("Of \(all.count) slopes (each kind of support × context variable × outcome), \(notable.count) have p below 0.05, where chance alone would give about \(ReportText.number(0.05 * Double(all.count), decimals: 0)); \(holm) \(holm == 1 ? "remains" : "remain") below 0.05 after Holm's adjustment. The table shows those below 0.05; every slope is in tables/context_interactions.csv. Read slopes of supports with fewer than 20 supported LAs with care: their standard errors rest on few LAs, and cluster-robust standard errors from few clusters are too small, so their p-values flatter them."))
            if !notable.isEmpty { blocks.append(.table(interactionTable(notable))) }
        }
        blocks.append(.subheading("Configurations that go with improvement (QCA)"))
        blocks.append(.paragraph("Qualitative comparative analysis asks which combinations of context and support the LAs that improved share. Each supported LA is a case; it improved if its first graded inspection after support began was better than its last before. Context variables are fuzzy sets (how far an LA is in \"high deprivation\", say), the support models received are crisp. A configuration is sufficient when at least \(ReportText.number(0.8 * 100, decimals: 0))% of its membership is in improved LAs (consistency); coverage is the share of the improvement it accounts for. The complex solution uses only configurations seen; the parsimonious one also assumes unseen ones where that simplifies."))
        for configuration in context.configurations { blocks += qcaBlocks(configuration) }
        return ReportSection(id: "aim-c", heading: "(c) How local context changes success", blocks: blocks)
    }

    /// `skipped`: every moderation by this moderator, also those with no subgroup estimated.
    func moderationTable(_ moderator: String, _ rows: [ContextResults.Moderation], skipped all: [ContextResults.Moderation]) -> ReportTable {
        var cells: [[String]] = []
        for row in rows {
            for (index, s) in row.subgroups.enumerated() {
                cells.append([index == 0 ? ReportText.treatment(row.treatment) : "", s.label, count(s.treated), ReportText.number(s.improvement, decimals: 2),
                              "\(ReportText.number(s.ciLower, decimals: 2)) to \(ReportText.number(s.ciUpper, decimals: 2))",
                              index == 0 ? (row.heterogeneity.map { ReportText.p($0.p) } ?? "x") : "",
                              index == 0 ? (row.trend.map { ReportText.number($0.perStep, decimals: 2) } ?? "x") : ""])
            }
        }
        let skipped = all.filter { !$0.skipped.isEmpty }.map { row in "\(ReportText.treatment(row.treatment)): " + row.skipped.joined(separator: ", ") }
        return ReportTable(caption: "Overall improvement by \(moderator)", headers: ["Support", "Subgroup", "Supported LAs", "Improvement", "95% interval", "p (equal)", "Trend per step"],
                           rows: cells, numericColumns: [3, 4, 5, 6], countColumns: [2],
                           notes: skipped.isEmpty ? [] : ["Not estimated (too few supported LAs): " + skipped.joined(separator: "; ") + "."])
    }

    func interactionTable(_ rows: [ContextResults.Interaction]) -> ReportTable {
        var cells: [[String]] = []
        var previous = ""
        for row in rows {
            cells.append([row.treatment == previous ? "" : ReportText.treatment(row.treatment), row.moderator, row.indicator, count(row.treatedLAs),
                          ReportText.number(row.perSD, decimals: 2), "\(ReportText.number(row.perSD - 1.959963984540054 * row.se, decimals: 2)) to \(ReportText.number(row.perSD + 1.959963984540054 * row.se, decimals: 2))",
                          ReportText.p(row.p), ReportText.p(row.pHolm)])
            previous = row.treatment
        }
        return ReportTable(caption: "Slopes with p below 0.05: change in improvement per SD of the context variable", headers: ["Support", "Context variable", "Outcome", "Supported LAs", "Slope (SDs per SD)", "95% interval", "p", "p (Holm)"],
                           rows: cells, numericColumns: [4, 5, 6, 7], countColumns: [3],
                           notes: ["Improvement in within-LA standard deviations of the outcome, per standard deviation of the context variable across LAs; standard errors are the conservative ones of Borusyak, Jaravel & Spiess (2024), clustered by LA."])
    }

    func qcaBlocks(_ c: ContextResults.Configuration) -> [ReportBlock] {
        var blocks: [ReportBlock] = [.paragraph("\(ReportText.treatment(c.programme)): \(count(c.cases)) LAs with a graded inspection before and after support began, of which \(count(c.improved)) improved. Conditions: " + c.calibration.joined(separator: "; ") + ".")]
        if let failure = c.failure {
            blocks.append(.note("No solution: \(failure)."))
            if c.truthTable.isEmpty { return blocks }
        }
        let rows = c.truthTable.map { row in
            row.values.map(String.init) + [row.outcome.rawValue, count(row.n), row.consistency.map { ReportText.number($0, decimals: 3) } ?? "x",
                                           row.pri.map { ReportText.number($0, decimals: 3) } ?? "x"]
        }
        blocks.append(.table(ReportTable(caption: "Truth table: \(ReportText.treatment(c.programme).lowercased())", headers: c.conditions + ["Improved (OUT)", "LAs", "Consistency", "PRI"],
                                         rows: rows, numericColumns: Set(c.conditions.count + 2...c.conditions.count + 3), countColumns: [c.conditions.count + 1],
                                         notes: ["1 = in the set, 0 = out. OUT 1: consistent enough to count as sufficient; C: a contradiction."])))
        var solutions: [[String]] = []
        for (kind, list) in [("complex", c.complex), ("parsimonious", c.parsimonious)] {
            for (index, s) in list.enumerated() {
                solutions.append(["\(kind) M\(index + 1)", s.expression, s.consistency.map { ReportText.number($0, decimals: 3) } ?? "x",
                                  s.coverage.map { ReportText.number($0, decimals: 3) } ?? "x"])
            }
        }
        if !solutions.isEmpty {
            blocks.append(.table(ReportTable(caption: "Solutions: \(ReportText.treatment(c.programme).lowercased())", headers: ["Solution", "Configurations (* and, + or, ~ not)", "Consistency", "Coverage"],
                                             rows: solutions, numericColumns: [2, 3])))
        }
        return blocks
    }
}
