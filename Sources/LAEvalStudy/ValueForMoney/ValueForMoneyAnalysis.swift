import Foundation
import LAEvalCore
import LAEvalData
import LAEvalStats

/// Value for money (aim d), following HM Treasury's Green Book (2022) and Magenta Book (2020):
/// costs at the study's price base with its optimism bias; cost per LA-year and per unit of
/// improvement; cost-effectiveness of each programme and model against no support (improvement
/// per LA-year in within-LA SDs, the comparison stage's `overall`), incremental analysis with
/// dominance, net monetary benefit at the study's thresholds and the acceptability curve from a
/// joint bootstrap (the comparison stage's effect draws with LAs' costs resampled); the cost of
/// an additional LA reaching Good from the multi-state model; and, where the study monetises
/// outcomes, a cost–benefit analysis per LA supported (Green Book discounting) with a
/// probabilistic sensitivity analysis, a tornado and switching values.
public enum ValueForMoneyAnalysis {
    public struct Options: Sendable, Equatable {
        public var seed: UInt64
        public var psaDraws: Int

        public init(seed: UInt64 = 1, psaDraws: Int = 10_000) {
            self.seed = seed
            self.psaDraws = psaDraws
        }
    }

    public static func run(_ study: Study, effects: [String: ComparativeEffectiveness.Draws], judgements: JudgementResults?,
                           options: Options) -> ValueForMoneyResults {
        let economics = study.description.plan.economics
        let plan = study.description.plan
        let treatments = plan.comparisons.filter { effects["\($0)|\(ComparativeEffectiveness.overall)"] != nil }
        let costs = SupportCosts(study: study, treatments: treatments)
        let uplift = 1 + economics.optimismBias / 100
        let replicates = effects.values.first?.draws.count ?? 0
        let costDraws = costReplicates(costs, treatments: treatments, replicates: replicates, seed: options.seed, uplift: uplift)
        let perLAYear = Dictionary(uniqueKeysWithValues: costs.treatments.map { ($0.treatment, $0.costPerLAYear * uplift) })
        let families = [("programmes", treatments.filter { Programme(rawValue: $0) != nil }),
                        ("models", treatments.filter { SupportModel(rawValue: $0) != nil })].filter { !$0.1.isEmpty }
        let costBenefit = CostBenefitModel(study: study, costs: costs, effects: effects, uplift: uplift)
        let (psaSummaries, uncertainty) = costBenefit.map { psa($0, effects: effects, costDraws: costDraws, thresholds: economics.thresholds, options: options) } ?? ([], [:])
        let best = costBenefit.flatMap { model in model.treatments.max { model.npv(of: $0, model.base) < model.npv(of: $1, model.base) } }
        return ValueForMoneyResults(
            priceBase: economics.priceBase,
            discounting: economics.discountRate == 0.035 ? "HM Treasury Green Book 2022 standard schedule (3.5% for years 0–30)" : "constant \(NumberText.format(economics.discountRate * 100))% a year",
            optimismBias: economics.optimismBias, thresholds: economics.thresholds, replicates: replicates,
            costs: costs.treatments,
            costPerOutcome: costPerOutcome(plan, treatments: treatments, effects: effects, perLAYear: perLAYear, costDraws: costDraws),
            costPerGood: costPerGood(judgements, costs: costs, uplift: uplift),
            families: families.map { family($0.0, treatments: $0.1, effects: effects, perLAYear: perLAYear, costDraws: costDraws, costs: costs, thresholds: economics.thresholds) },
            costBenefit: costBenefit.map { model in model.treatments.map { t in
                ValueForMoneyResults.CostBenefitRow(treatment: t, supportYears: model.supportYears[t]!, benefitYears: economics.benefitYears,
                                                    base: model.appraise(t, model.base), uncertainty: uncertainty[t])
            } } ?? [],
            tornadoTreatment: best,
            tornado: best.flatMap { t in costBenefit.flatMap { try? tornado($0, treatment: t, costDraws: costDraws[t] ?? [], effects: effects) } },
            switchingValues: costBenefit.map { switching($0) } ?? [],
            psaDraws: costBenefit == nil ? 0 : options.psaDraws, psa: psaSummaries,
            warnings: costs.warnings + (economics.benefits.isEmpty ? ["economics.benefits monetises no outcome: no cost–benefit analysis"] : []))
    }

    /// Replicate b of every treatment's cost per LA-year (with optimism bias), LAs resampled
    /// with generator stream b.
    static func costReplicates(_ costs: SupportCosts, treatments: [String], replicates: Int, seed: UInt64, uplift: Double) -> [String: [Double]] {
        let rows: [[Double]] = parallelMap(replicates) { b in
            var generator = SeededGenerator(seed: seed ^ 0xC057, stream: UInt64(b))
            return treatments.map { costs.resampledCostPerLAYear($0, generator: &generator) * uplift }
        }
        return Dictionary(uniqueKeysWithValues: treatments.enumerated().map { k, t in (t, rows.map { $0[k] }) })
    }

    static func costPerOutcome(_ plan: AnalysisPlan, treatments: [String], effects: [String: ComparativeEffectiveness.Draws],
                               perLAYear: [String: Double], costDraws: [String: [Double]]) -> [ValueForMoneyResults.CostPerOutcome] {
        treatments.flatMap { t in
            (plan.outcomes.map(\.indicator) + [ComparativeEffectiveness.overall]).compactMap { indicator -> ValueForMoneyResults.CostPerOutcome? in
                guard let effect = effects["\(t)|\(indicator)"], let cost = perLAYear[t], cost.isFinite else { return nil }
                var row = ValueForMoneyResults.CostPerOutcome(treatment: t, indicator: indicator, improvement: effect.value,
                                                              costPerUnit: effect.value > 0 ? cost / effect.value : nil, lower: nil, upper: nil)
                if let draws = costDraws[t], Bootstrap.quantile(effect.draws, 0.025) > 0 {
                    let ratios = zip(draws, effect.draws).map { $0 / $1 }
                    row.lower = Bootstrap.quantile(ratios, 0.025)
                    row.upper = Bootstrap.quantile(ratios, 0.975)
                }
                return row
            }
        }
    }

    static func family(_ name: String, treatments: [String], effects: [String: ComparativeEffectiveness.Draws], perLAYear: [String: Double],
                       costDraws: [String: [Double]], costs: SupportCosts, thresholds: [Double]) -> ValueForMoneyResults.Family {
        let none = "none"
        let usable = treatments.filter { perLAYear[$0]?.isFinite == true }
        let groups = [CostEffectGroup(group: none, n: 0, meanCost: 0, meanEffect: 0)] + usable.map { t in
            CostEffectGroup(group: t, n: costs.treatments.first { $0.treatment == t }?.las ?? 0, meanCost: perLAYear[t]!,
                            meanEffect: effects["\(t)|\(ComparativeEffectiveness.overall)"]!.value)
        }
        let replicates = effects.values.first?.draws.count ?? 0
        let names = [none] + usable
        let meanCosts = (0..<replicates).map { b in [0] + usable.map { costDraws[$0]![b] } }
        let meanEffects = (0..<replicates).map { b in [0] + usable.map { effects["\($0)|\(ComparativeEffectiveness.overall)"]!.draws[b] } }
        let acceptability = (try? CostEffectReplicates(groups: names, meanCosts: meanCosts, meanEffects: meanEffects))
            .map { AcceptabilityCurve.points($0, thresholds: thresholds) } ?? []
        let kept = min(replicates, 500)
        return ValueForMoneyResults.Family(
            family: name, groups: groups, comparisons: (try? CostEffectiveness.comparisons(groups, reference: none)) ?? [],
            incremental: IncrementalAnalysis(groups), netBenefits: CostEffectiveness.netMonetaryBenefits(groups, thresholds: thresholds),
            acceptability: acceptability,
            plane: usable.enumerated().map { k, t in
                .init(treatment: t, deltaCost: (0..<kept).map { meanCosts[$0][k + 1] }, deltaEffect: (0..<kept).map { meanEffects[$0][k + 1] })
            })
    }
}
