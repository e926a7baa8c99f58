import Foundation
import LAEvalData
import LAEvalStudy

/// Tidy tables of the comparison, context and value-for-money stages (tables/*.csv).
enum AimTables {
    static func tables(_ results: EvaluationResults, number: (Double?) -> String, count: (Int) -> String) -> [(String, String)] {
        var tables: [(String, String)] = []
        if let comparison = results.comparison {
            var rankings = CSVWriter(), differences = CSVWriter()
            rankings.write(["family", "indicator", "rank", "treatment", "improvement", "se", "ci_lower", "ci_upper", "probability_best", "mean_rank"])
            for ranking in comparison.rankings {
                for (rank, e) in ranking.entries.enumerated() {
                    rankings.write([ranking.family, ranking.indicator, String(rank + 1), e.treatment, number(e.improvement), number(e.se), number(e.ciLower),
                                    number(e.ciUpper), number(e.probabilityBest), number(e.meanRank)])
                }
            }
            differences.write(["family", "indicator", "treatment", "reference", "difference", "se", "ci_lower", "ci_upper", "p", "p_holm", "p_romano_wolf"])
            for d in comparison.differences {
                differences.write([d.family, d.indicator, d.treatment, d.reference, number(d.difference), number(d.se), number(d.ciLower), number(d.ciUpper),
                                   number(d.p), number(d.pHolm), number(d.pRomanoWolf)])
            }
            tables += [("tables/comparison_rankings.csv", rankings.text), ("tables/comparison_differences.csv", differences.text)]
        }
        if let context = results.context {
            var subgroups = CSVWriter()
            subgroups.write(["treatment", "moderator", "subgroup", "treated_las", "improvement", "se", "ci_lower", "ci_upper", "heterogeneity_p", "trend_per_step"])
            for m in context.moderations {
                for s in m.subgroups {
                    subgroups.write([m.treatment, m.moderator, s.label, count(s.treated), number(s.improvement), number(s.se), number(s.ciLower), number(s.ciUpper),
                                     number(m.heterogeneity?.p), number(m.trend?.perStep)])
                }
            }
            var truth = CSVWriter()
            truth.write(["programme", "row", "configuration", "outcome", "las", "consistency", "pri"])
            for c in context.configurations {
                for row in c.truthTable {
                    let configuration = zip(c.conditions, row.values).map { $1 == 1 ? $0 : "~" + $0 }.joined(separator: "*")
                    truth.write([c.programme, String(row.row), configuration, row.outcome.rawValue, count(row.n), number(row.consistency), number(row.pri)])
                }
            }
            var interactions = CSVWriter()
            interactions.write(["treatment", "moderator", "indicator", "treated_las", "treated_years", "improvement_per_sd", "se", "p", "p_holm", "slope", "slope_se"])
            for i in context.interactions {
                interactions.write([i.treatment, i.moderator, i.indicator, count(i.treatedLAs), count(i.treatedYears), number(i.perSD), number(i.se),
                                    number(i.p), number(i.pHolm), number(i.rawSlope), number(i.rawSE)])
            }
            tables += [("tables/context_subgroups.csv", subgroups.text), ("tables/context_interactions.csv", interactions.text),
                       ("tables/context_qca_truth_table.csv", truth.text)]
        }
        if let vfm = results.valueForMoney {
            var perOutcome = CSVWriter(), costBenefit = CSVWriter()
            perOutcome.write(["treatment", "indicator", "improvement", "cost_per_unit_gbp", "ci_lower", "ci_upper"])
            for c in vfm.costPerOutcome {
                perOutcome.write([c.treatment, c.indicator, number(c.improvement), number(c.costPerUnit), number(c.lower), number(c.upper)])
            }
            costBenefit.write(["treatment", "support_years", "benefit_years", "pv_benefits_gbp", "pv_costs_gbp", "npv_gbp", "npv_lower", "npv_upper", "bcr", "probability_npv_positive"])
            for r in vfm.costBenefit {
                costBenefit.write([r.treatment, String(r.supportYears), String(r.benefitYears), number(r.base.presentValueBenefits), number(r.base.presentValueCosts),
                                   number(r.base.netPresentValue), number(r.uncertainty?.netPresentValue.lower), number(r.uncertainty?.netPresentValue.upper),
                                   number(r.base.benefitCostRatio), number(r.uncertainty?.netPresentValue.probabilityPositive)])
            }
            tables += [("tables/vfm_cost_per_outcome.csv", perOutcome.text), ("tables/vfm_cost_benefit.csv", costBenefit.text)]
        }
        return tables
    }
}
