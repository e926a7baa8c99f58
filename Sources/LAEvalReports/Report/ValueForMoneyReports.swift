import Foundation
import LAEvalCore
import LAEvalStats
import LAEvalStudy

/// The final report's value-for-money section (aim d): costs, the cost-effectiveness plane and
/// acceptability curve, costs per outcome and per additional LA reaching Good, the cost–benefit
/// analysis with its tornado and switching values.
extension ReportContext {
    func valueForMoneySection() -> ReportSection {
        guard let vfm = results.valueForMoney, !vfm.costs.isEmpty else {
            return Self.notRun(id: "aim-d", heading: "(d) Value for money", stage: "economic evaluation",
                               what: "costs per unit of improvement or value for money")
        }
        guard vfm.costs.contains(where: { $0.totalGBP > 0 }) else {
            return ReportSection(id: "aim-d", heading: "(d) Value for money", blocks: [
                .note("No costs are recorded for the support compared (costs.csv), so there is no value-for-money analysis: add the costs of each programme and model to the study."),
            ])
        }
        var blocks: [ReportBlock] = [
            .paragraph("Costs are in \(vfm.priceBase)-\(String(format: "%02d", (vfm.priceBase + 1) % 100)) prices, with an optimism bias uplift of \(ReportText.number(vfm.optimismBias, decimals: 0))% as the Green Book asks for appraisals; flows over time are discounted by the \(vfm.discounting). A programme's costs not tied to one model (overheads) are shared among its models in proportion to their own costs."),
            .table(costTable(vfm)),
        ]
        if let models = vfm.families.first(where: { $0.family == "models" }) ?? vfm.families.first {
            blocks.append(.subheading("Cost-effectiveness against no support"))
            blocks.append(.paragraph("Each support model's cost per supported LA-year against its overall improvement per LA-year (the scale of the ranking above), with \(ReportText.integer(vfm.replicates)) bootstrap replicates of both: the cloud shows their joint uncertainty. The line is a willingness to pay of \(ReportText.pounds(middleThreshold(vfm))) per unit of improvement: points below it are worth it at that price."))
            blocks.append(.figure(planeFigure(models, threshold: middleThreshold(vfm))))
            blocks.append(.figure(acceptabilityFigure(models)))
        }
        blocks.append(.table(costPerOutcomeTable(vfm)))
        if !vfm.costPerGood.isEmpty { blocks.append(.table(costPerGoodTable(vfm))) }
        if !vfm.costBenefit.isEmpty {
            blocks.append(.subheading("Cost–benefit per LA supported"))
            blocks.append(.paragraph("Where the study puts a value on an outcome (study.yaml economics.benefits), benefits are that value times the estimated improvement, for each year of support and \(vfm.costBenefit.first?.benefitYears ?? 0) year(s) after; the intervals come from a probabilistic sensitivity analysis of \(ReportText.integer(vfm.psaDraws)) draws."))
            blocks.append(.table(costBenefitTable(vfm)))
            if let tornado = vfm.tornado, let treatment = vfm.tornadoTreatment { blocks.append(.figure(tornadoFigure(tornado, treatment: treatment))) }
            blocks.append(.table(switchingTable(vfm)))
        }
        for warning in vfm.warnings { blocks.append(.note(warning)) }
        if results.simulated { blocks.append(.note("Simulated study: the costs and the value put on agency staff are invented for the demonstration.")) }
        return ReportSection(id: "aim-d", heading: "(d) Value for money", blocks: blocks)
    }

    func middleThreshold(_ vfm: ValueForMoneyResults) -> Double {
        vfm.thresholds.isEmpty ? 0 : vfm.thresholds[vfm.thresholds.count / 2]
    }

    func costTable(_ vfm: ValueForMoneyResults) -> ReportTable {
        ReportTable(caption: "What each kind of support cost", headers: ["Support", "Total cost", "LAs", "LA-years", "Cost per LA-year", "Median years"],
                    rows: vfm.costs.map { c in
                        [ReportText.treatment(c.treatment), ReportText.pounds(c.totalGBP), count(c.las), ReportText.number(c.laYears, decimals: 1),
                         ReportText.pounds(c.costPerLAYear * (1 + vfm.optimismBias / 100)), ReportText.number(c.medianYears, decimals: 1)]
                    }, numericColumns: [1, 3, 4, 5], countColumns: [2], notes: ["Cost per LA-year includes the optimism bias uplift; totals do not."])
    }

    func planeFigure(_ family: ValueForMoneyResults.Family, threshold: Double) -> ReportFigure {
        let points = family.plane.flatMap { plane in
            zip(plane.deltaEffect.prefix(150), plane.deltaCost.prefix(150)).map { ScatterChart.Point(x: $0, y: $1, category: ReportText.treatment(plane.treatment)) }
        }
        var chart = ScatterChart(title: "Cost-effectiveness plane: support models against no support",
                                 description: "Bootstrap replicates of each support model's extra cost per LA-year (vertical) against its extra improvement (horizontal), with a line at the willingness to pay.",
                                 xLabel: "Improvement per LA-year (within-LA SDs)", yLabel: "Cost per LA-year (£)", points: points,
                                 quadrantLines: true, referenceLine: .init(slope: threshold, label: "£\(ReportText.integer(Int(threshold))) per unit"))
        chart.id = "ce-plane"
        let rows = family.groups.filter { $0.group != "none" }.map { g -> [String] in
            let comparison = family.comparisons.first { $0.group == g.group }
            let status = family.incremental.rows.first { $0.option == g.group }
            return [ReportText.treatment(g.group), ReportText.pounds(g.meanCost), ReportText.number(g.meanEffect, decimals: 2),
                    comparison?.icer.map { ReportText.pounds($0) } ?? "x", status?.status.rawValue ?? "x"]
        }
        return ReportFigure(svg: chart.svg(), caption: "Cost-effectiveness of each support model against no support.",
                            table: ReportTable(caption: "Cost and improvement per LA-year", headers: ["Support", "Cost", "Improvement", "Cost per unit", "Incremental analysis"],
                                               rows: rows, numericColumns: [1, 2, 3],
                                               notes: ["Incremental analysis orders the options by cost: dominated ones cost more for less; the ICER of an efficient one is against the next cheaper efficient option."]))
    }

    func acceptabilityFigure(_ family: ValueForMoneyResults.Family) -> ReportFigure {
        let groups = family.groups.map(\.group)
        let series = groups.map { group in
            LineChart.Series(label: group == "none" ? "No support" : ReportText.treatment(group),
                             points: family.acceptability.filter { $0.group == group }.map { .init(x: $0.threshold, y: $0.probability) })
        }.filter { $0.points.contains { $0.y > 0.01 } }
        var chart = LineChart(title: "Cost-effectiveness acceptability curve",
                              description: "At each willingness to pay for one unit of improvement in one LA for a year, the probability that each option gives the highest net monetary benefit.",
                              xLabel: "Willingness to pay per unit of improvement per LA-year (£)", yLabel: "Probability most cost-effective", series: series)
        chart.id = "ceac"
        let thresholds = Array(Set(family.acceptability.map(\.threshold))).sorted()
        let rows = thresholds.map { t in
            [ReportText.pounds(t)] + groups.map { g in ReportText.number(family.acceptability.first { $0.threshold == t && $0.group == g }?.probability ?? .nan, decimals: 3) }
        }
        return ReportFigure(svg: chart.svg(), caption: "Probability that each option is the most cost-effective.",
                            table: ReportTable(caption: "Acceptability", headers: ["Willingness to pay"] + groups.map { $0 == "none" ? "No support" : ReportText.treatment($0) },
                                               rows: rows, numericColumns: Set(0...groups.count)))
    }

    func costPerOutcomeTable(_ vfm: ValueForMoneyResults) -> ReportTable {
        let rows = vfm.costPerOutcome.filter { $0.indicator == ComparativeEffectiveness.overall }.map { c in
            [ReportText.treatment(c.treatment), c.indicator == ComparativeEffectiveness.overall ? "Overall (per within-LA SD)" : outcome(c.indicator).label,
             ReportText.number(c.improvement, decimals: 2), c.costPerUnit.map(ReportText.pounds) ?? "no improvement",
             c.lower.map { "\(ReportText.pounds($0)) to \(ReportText.pounds(c.upper ?? .nan))" } ?? "x"]
        }
        return ReportTable(caption: "Cost per unit of overall improvement per LA-year", headers: ["Support", "Outcome", "Improvement", "Cost per unit", "95% interval"],
                           rows: rows, numericColumns: [2, 3, 4],
                           notes: ["No interval where the improvement's own interval reaches zero: the ratio is then unbounded.",
                                   "The cost per unit of each outcome separately is in tables/vfm_cost_per_outcome.csv."])
    }

    func costPerGoodTable(_ vfm: ValueForMoneyResults) -> ReportTable {
        ReportTable(caption: "Cost of one more LA reaching Good within three years (multi-state model of Ofsted grades)",
                    headers: ["Support", "From", "Hazard ratio", "Extra probability of Good", "Cost per LA", "Cost per extra LA reaching Good", "Range"],
                    rows: vfm.costPerGood.map { g in
                        [ReportText.treatment(g.treatment), g.fromGrade, ReportText.number(g.hazardRatio, decimals: 2),
                         "\(ReportText.number(g.additionalProbability, decimals: 2)) (\(ReportText.number(g.additionalProbabilityLower, decimals: 2)) to \(ReportText.number(g.additionalProbabilityUpper, decimals: 2)))",
                         ReportText.pounds(g.costPerLA), g.costPerAdditionalGood.map(ReportText.pounds) ?? "no extra LAs",
                         g.lower.map { "\(ReportText.pounds($0)) to \(g.upper.map(ReportText.pounds) ?? "unbounded")" } ?? "x"]
                    }, numericColumns: [2, 3, 4, 5, 6],
                    notes: ["The range follows the hazard ratio's 95% interval. Support lasting up to three years is costed."])
    }

    func costBenefitTable(_ vfm: ValueForMoneyResults) -> ReportTable {
        ReportTable(caption: "Cost–benefit per LA supported (present values)", headers: ["Support", "Years", "Benefits", "Costs", "Net present value", "95% interval", "BCR", "P(NPV > 0)"],
                    rows: vfm.costBenefit.map { r in
                        [ReportText.treatment(r.treatment), "\(r.supportYears) + \(r.benefitYears)", ReportText.pounds(r.base.presentValueBenefits),
                         ReportText.pounds(r.base.presentValueCosts), ReportText.pounds(r.base.netPresentValue),
                         r.uncertainty.map { "\(ReportText.pounds($0.netPresentValue.lower)) to \(ReportText.pounds($0.netPresentValue.upper))" } ?? "x",
                         r.base.benefitCostRatio.map { ReportText.number($0, decimals: 2) } ?? "x",
                         r.uncertainty.map { ReportText.number($0.netPresentValue.probabilityPositive, decimals: 3) } ?? "x"]
                    }, numericColumns: [2, 3, 4, 5, 6, 7])
    }

    func tornadoFigure(_ tornado: TornadoResult, treatment: String) -> ReportFigure {
        let label = { (parameter: String) -> String in
            let parts = parameter.split(separator: ":").map(String.init)
            switch parts.first {
            case "cost": return "Cost per LA-year"
            case "effect": return "Improvement in \(ReportText.lowercasedFirst(self.outcome(parts.last ?? "").label))"
            case "value": return "Value of \(ReportText.lowercasedFirst(self.outcome(parts.last ?? "").label))"
            case "optimism_bias": return "Optimism bias (%)"
            case "discount_rate": return "Discount rate"
            case "benefit_years": return "Years benefits last after support"
            default: return parameter
            }
        }
        var chart = TornadoChart(title: "What the net present value of \(ReportText.lowercasedFirst(ReportText.treatment(treatment))) depends on",
                                 description: "One-way sensitivity: the net present value per LA supported with each parameter at its low and its high value, the others at their base values.",
                                 xLabel: "Net present value per LA (£)", base: tornado.baseOutput,
                                 bars: tornado.bars.map { .init(label: label($0.parameter), atLow: $0.outputAtLow, atHigh: $0.outputAtHigh) })
        chart.id = "tornado"
        return ReportFigure(svg: chart.svg(), caption: "Tornado diagram for \(ReportText.lowercasedFirst(ReportText.treatment(treatment))), the option with the highest net present value.",
                            table: ReportTable(caption: "One-way sensitivity", headers: ["Parameter", "Low", "High", "NPV at low", "NPV at high"],
                                               rows: tornado.bars.map { [label($0.parameter), ReportText.number($0.low, decimals: 3), ReportText.number($0.high, decimals: 3),
                                                                         ReportText.pounds($0.outputAtLow), ReportText.pounds($0.outputAtHigh)] },
                                               numericColumns: [1, 2, 3, 4]))
    }

    func switchingTable(_ vfm: ValueForMoneyResults) -> ReportTable {
        ReportTable(caption: "Switching values: where the net present value per LA would fall to zero",
                    headers: ["Support", "Parameter", "Base value", "Switching value"],
                    rows: vfm.switchingValues.map { s in
                        [ReportText.treatment(s.treatment), s.parameter.split(separator: ":").first.map(String.init) ?? s.parameter,
                         ReportText.number(s.base, decimals: 2), s.value.map { ReportText.number($0, decimals: 2) } ?? "none in range"]
                    }, numericColumns: [2, 3])
    }
}
