import Foundation
import LAEvalCore
import LAEvalStats

/// The cost–benefit model per LA supported (Green Book 2022, ch. 5 and Annex A6): for the median
/// length of a treatment's support D (whole years, at least 1) the LA costs its cost per LA-year
/// with optimism bias, and for D plus `benefit_years` years it gains Σᵢ vᵢ·θᵢ, the study's value
/// of a unit of improvement in indicator i times the estimated improvement per LA-year; both
/// flows are discounted from year 0. Parameters are named so the sensitivity analyses can vary
/// them: `cost:T`, `effect:T:INDICATOR`, `value:INDICATOR`, `optimism_bias` (percent),
/// `discount_rate` (0.035 keeps the Green Book schedule, any other a constant rate),
/// `benefit_years`.
struct CostBenefitModel: Sendable {
    let treatments: [String]
    let indicators: [String]
    let supportYears: [String: Int]
    let base: [String: Double]

    init?(study: Study, costs: SupportCosts, effects: [String: ComparativeEffectiveness.Draws], uplift: Double) {
        let economics = study.description.plan.economics
        indicators = economics.benefits.keys.sorted()
        guard !indicators.isEmpty else { return nil }
        var base: [String: Double] = ["optimism_bias": economics.optimismBias, "discount_rate": economics.discountRate,
                                      "benefit_years": Double(economics.benefitYears)]
        for indicator in indicators { base["value:\(indicator)"] = economics.benefits[indicator]! }
        var treatments: [String] = [], years: [String: Int] = [:]
        for cost in costs.treatments where cost.costPerLAYear.isFinite {
            guard indicators.allSatisfy({ effects["\(cost.treatment)|\($0)"] != nil }) else { continue }
            treatments.append(cost.treatment)
            years[cost.treatment] = max(1, Int(cost.medianYears.rounded()))
            base["cost:\(cost.treatment)"] = cost.costPerLAYear
            for indicator in indicators { base["effect:\(cost.treatment):\(indicator)"] = effects["\(cost.treatment)|\(indicator)"]!.value }
        }
        guard !treatments.isEmpty else { return nil }
        self.treatments = treatments
        supportYears = years
        self.base = base
        _ = uplift
    }

    func flows(_ t: String, _ p: [String: Double]) -> (benefits: [Double], costs: [Double]) {
        let d = supportYears[t]!, extra = max(0, Int(p["benefit_years"]!.rounded()))
        let cost = p["cost:\(t)"]! * (1 + p["optimism_bias"]! / 100)
        let benefit = indicators.reduce(0) { $0 + p["value:\($1)"]! * p["effect:\(t):\($1)"]! }
        let horizon = d + extra
        return ((0..<horizon).map { _ in benefit }, (0..<horizon).map { $0 < d ? cost : 0 })
    }

    func schedule(_ p: [String: Double]) -> DiscountSchedule {
        let rate = p["discount_rate"]!
        return rate == 0.035 ? .greenBookStandard : ((try? DiscountSchedule.constant(rate)) ?? .greenBookStandard)
    }

    func appraise(_ t: String, _ p: [String: Double]) -> CostBenefitResult {
        let (benefits, costs) = flows(t, p)
        return CostBenefit.appraise(benefits: benefits, costs: costs, schedule: schedule(p))
    }

    func npv(of t: String, _ p: [String: Double]) -> Double { appraise(t, p).netPresentValue }
}

extension ValueForMoneyAnalysis {
    /// Probabilistic sensitivity analysis over the cost–benefit model: each treatment's cost per
    /// LA-year from a gamma with the bootstrap's mean and SD, each improvement from a normal with
    /// its estimate and SE, each unit value triangular on ±50%, optimism bias triangular on
    /// 0…2× the study's (the parameters are drawn independently; the acceptability curve, from
    /// the joint bootstrap, keeps the dependence between effects).
    static func psa(_ model: CostBenefitModel, effects: [String: ComparativeEffectiveness.Draws], costDraws: [String: [Double]],
                    thresholds: [Double], options: Options) -> ([DrawSummary], [String: CostBenefitUncertainty]) {
        var parameters: [UncertainParameter] = []
        for t in model.treatments {
            let draws = costDraws[t] ?? []
            let sd = draws.count > 1 ? SampleStatistics.standardDeviation(draws) : 0
            let mean = model.base["cost:\(t)"]!
            parameters.append(UncertainParameter("cost:\(t)", sd > 0 && mean > 0 ? .gamma(mean: mean, sd: sd) : .fixed(mean)))
            for indicator in model.indicators {
                let effect = effects["\(t)|\(indicator)"]!
                parameters.append(UncertainParameter("effect:\(t):\(indicator)", .normal(mean: effect.value, sd: effect.se)))
            }
        }
        for indicator in model.indicators {
            let v = model.base["value:\(indicator)"]!
            parameters.append(UncertainParameter("value:\(indicator)", v > 0 ? .triangular(low: 0.5 * v, mode: v, high: 1.5 * v) : .fixed(v)))
        }
        let bias = model.base["optimism_bias"]!
        parameters.append(UncertainParameter("optimism_bias", bias > 0 ? .triangular(low: 0, mode: bias, high: 2 * bias) : .fixed(0)))
        guard let result = try? ProbabilisticSensitivity.run(base: model.base, parameters: parameters, draws: options.psaDraws,
                                                             seed: options.seed ^ 0x95A, model: { p in
            var out: [String: Double] = [:]
            for t in model.treatments {
                let r = model.appraise(t, p)
                out["npv:\(t)"] = r.netPresentValue
                out["pvb:\(t)"] = r.presentValueBenefits
                out["pvc:\(t)"] = r.presentValueCosts
            }
            return out
        }) else { return ([], [:]) }
        var uncertainty: [String: CostBenefitUncertainty] = [:]
        for t in model.treatments {
            let (b, c) = (result.outputs["pvb:\(t)"]!, result.outputs["pvc:\(t)"]!)
            let draws = b.indices.map { CostBenefitResult(presentValueBenefits: b[$0], presentValueCosts: c[$0]) }
            uncertainty[t] = try? CostBenefit.uncertainty(draws)
        }
        return (result.summaries.filter { $0.output.hasPrefix("npv:") }, uncertainty)
    }

    /// One-way sensitivity of one treatment's NPV per LA: cost per LA-year over its bootstrap
    /// interval, each improvement over its 95% interval, unit values ±50%, optimism bias 0 to
    /// twice the study's (or 41%, the Green Book's outsourcing upper bound, when the study has
    /// none), discount rate 1.5% to 7%, benefit years 0 to 2 × (study's + 1).
    static func tornado(_ model: CostBenefitModel, treatment t: String, costDraws: [Double], effects: [String: ComparativeEffectiveness.Draws]) throws -> TornadoResult {
        var ranges: [ParameterRange] = []
        if !costDraws.isEmpty {
            let uplift = 1 + model.base["optimism_bias"]! / 100
            ranges.append(ParameterRange("cost:\(t)", low: Bootstrap.quantile(costDraws, 0.025) / uplift, high: Bootstrap.quantile(costDraws, 0.975) / uplift))
        }
        for indicator in model.indicators {
            let e = effects["\(t)|\(indicator)"]!
            ranges.append(ParameterRange("effect:\(t):\(indicator)", low: e.value - 1.959963984540054 * e.se, high: e.value + 1.959963984540054 * e.se))
            let v = model.base["value:\(indicator)"]!
            ranges.append(ParameterRange("value:\(indicator)", low: 0.5 * v, high: 1.5 * v))
        }
        let bias = model.base["optimism_bias"]!
        ranges.append(ParameterRange("optimism_bias", low: 0, high: bias > 0 ? 2 * bias : 41))
        ranges.append(ParameterRange("discount_rate", low: 0.015, high: 0.07))
        ranges.append(ParameterRange("benefit_years", low: 0, high: 2 * (model.base["benefit_years"]! + 1)))
        return try OneWaySensitivity.tornado(base: model.base, ranges: ranges) { model.npv(of: t, $0) }
    }

    /// For each treatment: the cost per LA-year, the unit value of each monetised indicator and
    /// the optimism bias at which its NPV per LA would be zero.
    static func switching(_ model: CostBenefitModel) -> [ValueForMoneyResults.Switching] {
        model.treatments.flatMap { t -> [ValueForMoneyResults.Switching] in
            let searched: [(String, Double, Double)] = [("cost:\(t)", 0, 1e9), ("optimism_bias", -100, 1e5)]
                + model.indicators.map { ("value:\($0)", -1e9, 1e9) }
            return searched.map { parameter, lower, upper in
                ValueForMoneyResults.Switching(treatment: t, parameter: parameter,
                                               value: try? SwitchingValue.find(parameter: parameter, base: model.base, lower: lower, upper: upper) { model.npv(of: t, $0) },
                                               base: model.base[parameter]!)
            }
        }
    }

    /// The additional probability of reaching Good or better within three years for an LA with
    /// each support model, from its grade before support (Inadequate for intervention, Requires
    /// improvement otherwise): P = exp(3Q), the improving intensities of Q multiplied by the
    /// model's hazard ratio, against the same with ratio 1.
    static func costPerGood(_ judgements: JudgementResults?, costs: SupportCosts, uplift: Double) -> [ValueForMoneyResults.CostPerGood] {
        guard let summary = judgements?.multiState, summary.failure == nil, let good = summary.states.firstIndex(where: { $0.hasPrefix("Good") }) else { return [] }
        let k = summary.states.count
        var q = [[Double]](repeating: [Double](repeating: 0, count: k), count: k)
        for intensity in summary.intensities { q[intensity.from - 1][intensity.to - 1] = intensity.perYear.estimate }
        func reachGood(from state: Int, ratio: Double) -> Double {
            var m = q
            for i in 0..<k { for j in 0..<k where j < i { m[i][j] *= ratio } }
            for i in 0..<k { m[i][i] = -m[i].enumerated().filter { $0.offset != i }.reduce(0) { $0 + $1.element } }
            let p = MatrixExponential.exp(Matrix(m.map { $0.map { 3 * $0 } }))
            return (0...good).reduce(0) { $0 + p[state, $1] }
        }
        return summary.effects.compactMap { effect -> ValueForMoneyResults.CostPerGood? in
            guard let model = SupportModel(rawValue: effect.covariate), let hr = effect.improving,
                  let cost = costs.treatments.first(where: { $0.treatment == model.rawValue }), cost.costPerLAYear.isFinite else { return nil }
            let from = model.programme == .intervention ? k - 1 : k - 2
            let baseline = reachGood(from: from, ratio: 1)
            let (mid, low, high) = (reachGood(from: from, ratio: hr.estimate) - baseline, reachGood(from: from, ratio: hr.lower) - baseline,
                                    reachGood(from: from, ratio: hr.upper) - baseline)
            let years = min(cost.medianYears, 3)
            let perLA = cost.costPerLAYear * uplift * years
            return .init(treatment: model.rawValue, fromGrade: summary.states[from], hazardRatio: hr.estimate, additionalProbability: mid,
                         additionalProbabilityLower: low, additionalProbabilityUpper: high, supportYears: years, costPerLA: perLA,
                         costPerAdditionalGood: mid > 0 ? perLA / mid : nil, lower: high > 0 ? perLA / high : nil, upper: low > 0 ? perLA / low : nil)
        }
    }
}
