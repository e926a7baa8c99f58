import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// Treatment × context interactions (aim c): how each kind of support's effect on each outcome
/// changes with a continuous context variable, without cutting the variable into thirds. Each
/// slope comes from the imputation design (`ImputationDiD.interaction`, Borusyak, Jaravel &
/// Spiess 2024) with every kind of support of the same family (models, or programmes) in the
/// regression, so concurrent support is netted out as in the joint impact estimates. Slopes are
/// read as improvements in within-LA SDs of the outcome per SD of the context variable across
/// LAs, and Holm-adjusted over each treatment's moderators × outcomes.
enum ContextInteractions {
    static func run(_ study: Study, options: ImpactAnalysis.Options, scales: [(OutcomeSpec, Double)]) -> [ContextResults.Interaction] {
        let plan = study.description.plan
        let moderators = plan.moderators.compactMap { name -> (String, [String: Double], Double)? in
            let values = Dictionary(study.localAuthorities.compactMap { la in la.context[name].map { (la.newCode, $0) } }, uniquingKeysWith: { a, _ in a })
            let sd = SampleStatistics.standardDeviation(values.keys.sorted().map { values[$0]! })
            return values.count >= 6 && sd > 0 ? (name, values, sd) : nil
        }
        let tasks = plan.comparisons.flatMap { t in scales.map { (t, $0) } }
        let fitted: [[ContextResults.Interaction]] = parallelMap(tasks.count) { k in
            let (treatment, scale) = tasks[k]
            return interactions(study, treatment: treatment, moderators: moderators, outcome: scale.0, outcomeSD: scale.1, options: options)
        }
        var results = plan.comparisons.flatMap { treatment in
            moderators.flatMap { m in fitted.joined().filter { $0.treatment == treatment && $0.moderator == m.0 } }
        }
        for treatment in plan.comparisons {
            let members = results.indices.filter { results[$0].treatment == treatment }
            for (index, adjusted) in zip(members, MultipleTesting.holm(members.map { results[$0].p })) { results[index].pHolm = adjusted }
        }
        return results
    }

    static func interactions(_ study: Study, treatment: String, moderators: [(name: String, values: [String: Double], sd: Double)],
                             outcome: OutcomeSpec, outcomeSD: Double, options: ImpactAnalysis.Options) -> [ContextResults.Interaction] {
        guard let observations = OutcomeObservations(study, outcome) else { return [] }
        let family = SupportModel(rawValue: treatment) != nil ? SupportModel.allCases.map(\.rawValue) : Programme.allCases.map(\.rawValue)
        guard let position = family.firstIndex(of: treatment) else { return [] }
        // LAs with every moderator recorded, so that each slope uses the same LAs
        let rows = observations.codes.indices.filter { row in moderators.allSatisfy { $0.values[observations.codes[row]] != nil } }
        let codes = rows.map { observations.codes[$0] }
        var lookup: [String: Int] = [:]
        let unit = codes.map { code in lookup[code] ?? { lookup[code] = lookup.count; return lookup.count - 1 }() }
        let treatments = family.map { name in
            let cohort = ImpactAnalysis.cohorts(study, treatment: name, anchor: options.anchor)
            return ImputationDiD.Treatment(name: name, cohort: codes.map { cohort[$0] ?? 0 })
        }
        guard let fits = try? ImputationDiD.interactions(unit: unit, period: rows.map { observations.years[$0] }, outcome: rows.map { observations.values[$0] },
                                                         treatments: treatments, treatment: position,
                                                         moderators: moderators.map { m in codes.map { m.values[$0]! } }) else { return [] }
        let treatedLAs = Set(zip(codes, treatments[position].cohort).filter { $0.1 != 0 }.map(\.0)).count
        return zip(moderators, fits).compactMap { moderator, fit in
            guard let fit, fit.se > 0 else { return nil }
            let scale = (outcome.polarity == .lowerIsBetter ? -1.0 : 1.0) * moderator.sd / outcomeSD
            let p = 2 * Normal.standardCDF(-abs(fit.att / fit.se))
            return .init(treatment: treatment, moderator: moderator.name, indicator: outcome.indicator, treatedLAs: treatedLAs,
                         treatedYears: fit.observations, perSD: scale * fit.att, se: abs(scale) * fit.se,
                         p: p, pHolm: p, rawSlope: fit.att, rawSE: fit.se)
        }
    }
}
