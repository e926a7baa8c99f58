import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The judgement stage: what support did to Ofsted grades.
///
/// 1. A continuous-time multi-state Markov model of the grades (Kalbfleisch & Lawless 1985;
///    Jackson 2011) with moves between adjacent grades, each support model active as a
///    piecewise-constant covariate whose hazard ratio is shared by the improving moves and,
///    separately, by the declining moves, plus standardised deprivation.
/// 2. Time to leave Inadequate by intervention model: Kaplan–Meier curves with log-rank test,
///    and a Cox model with the models in force as time-varying covariates.
/// 3. The grade at the next inspection by support during the interval: a cumulative-logit model
///    (McCullagh 1980) with the previous grade and deprivation.
public enum JudgementAnalysis {
    public static func run(_ study: Study, planted: PlantedGradeProcess? = nil) -> JudgementResults {
        let merged = study.description.plan.judgementStates == 3
        let panel = JudgementPanel(study: study, mergeOutstanding: merged)
        return JudgementResults(multiState: multiState(panel, planted: planted),
                                leavingInadequate: leavingInadequate(InadequateSpells(study: study)),
                                nextGrade: nextGrade(panel))
    }

    // MARK: multi-state model

    /// The fewest moves of a direction, seen between inspections while a support model was
    /// active, for its effect on that direction to be estimated (with none, the maximum
    /// likelihood estimate runs off to a hazard ratio of 0 or infinity).
    public static let minimumMoves = 3

    /// Which directions each covariate acts on: intervention models on improving moves only
    /// (they are given to Inadequate LAs, which cannot decline, so an effect on declining moves
    /// is not identified), other support on both, each only with `minimumMoves` moves of that
    /// direction seen while it was active; deprivation on both.
    static func effectDirections(_ panel: JudgementPanel) -> (directions: [(improving: Bool, declining: Bool)], notEstimable: [String]) {
        var notEstimable: [String] = []
        let directions = panel.covariateNames.indices.map { c -> (improving: Bool, declining: Bool) in
            guard c < panel.models.count else { return (true, true) }
            let model = panel.models[c], moves = panel.movesWhileActive(c)
            let improving = moves.improving >= minimumMoves
            let declining = model.programme != .intervention && moves.declining >= minimumMoves
            if !improving { notEstimable.append("\(model.rawValue) on improving moves: \(moves.improving) seen while active") }
            if model.programme != .intervention, !declining {
                notEstimable.append("\(model.rawValue) on declining moves: \(moves.declining) seen while active")
            }
            return (improving, declining)
        }
        return (directions, notEstimable)
    }

    /// Adjacent moves in both directions, starting from msm's crude intensities (moves seen
    /// over time at risk; a start of 0.25 a year for every move can lead BFGS to a degenerate
    /// region of very fast moves back and forth); each covariate with one effect shared by the improving moves and one shared by
    /// the declining moves, where `directions` allows them.
    static func adjacentModel(states: Int, directions: [(improving: Bool, declining: Bool)], data: MultiStateData,
                              startScale: Double = 1) throws -> MultiStateModel {
        let pairs = (1..<states).flatMap { [(from: $0, to: $0 + 1), (from: $0 + 1, to: $0)] }.sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        let initial = MultiStateMarkov.crudeIntensities(data, transitions: pairs).map { $0 * startScale }
        let moves = zip(pairs, initial).map { (from: $0.from, to: $0.to, initial: $1) }
        let ordered = moves
        let effects: [MultiStateModel.CovariateEffect] = directions.map { acts in
            .constrained(groups: ordered.map { $0.to < $0.from ? (acts.improving ? 1 : 0) : (acts.declining ? 2 : 0) })
        }
        return try MultiStateModel(states: states, transitions: moves, covariateEffects: effects)
    }

    static func multiState(_ panel: JudgementPanel, planted: PlantedGradeProcess?) -> MultiStateSummary {
        let graded = panel.rows.filter { $0.state != nil }.count
        var summary = MultiStateSummary(
            states: panel.stateLabels, las: Set(panel.rows.map(\.laCode)).count,
            lasWithTooFewInspections: panel.lasWithTooFewInspections.count, gradedInspections: graded,
            supportChangeRows: panel.rows.count - graded, observedTransitions: panel.observedTransitions, intensities: [],
            effects: [], notEstimable: [], sojournYears: [], threeYearProbabilities: [])
        let (directions, notEstimable) = effectDirections(panel)
        summary.notEstimable = notEstimable
        let kept = panel.covariateNames.indices.filter { directions[$0].improving || directions[$0].declining }
        func fit(_ columns: [Int]) throws -> MultiStateFit {
            let data = try panel.multiStateData(covariates: columns.map { c in panel.rows.map { $0.covariates[c] } },
                                                names: columns.map { panel.covariateNames[$0] })
            // a second start at half the crude intensities when the first ends where the information is singular
            do {
                return try MultiStateMarkov.fit(data, model: adjacentModel(states: panel.stateCount, directions: columns.map { directions[$0] },
                                                                           data: data))
            } catch MultiStateError.fitFailed {
                return try MultiStateMarkov.fit(data, model: adjacentModel(states: panel.stateCount, directions: columns.map { directions[$0] },
                                                                           data: data, startScale: 0.5))
            }
        }
        do {
            let full = try fit(kept)
            describe(full, panel: panel, planted: planted, into: &summary)
            if kept.contains(where: { $0 < panel.models.count }) {
                let test = MultiStateFit.likelihoodRatioTest(restricted: try fit(kept.filter { $0 >= panel.models.count }), full: full)
                summary.supportTest = ChiSquare(statistic: test.statistic, degreesOfFreedom: test.degreesOfFreedom, p: test.pValue)
            }
        } catch {
            summary.failure = "\(error)"
        }
        return summary
    }

    static func describe(_ fit: MultiStateFit, panel: JudgementPanel, planted: PlantedGradeProcess?, into summary: inout MultiStateSummary) {
        summary.minus2LogLikelihood = fit.minus2LogLikelihood
        summary.intensities = fit.intensities.map { q in
            MultiStateSummary.Intensity(from: q.from, to: q.to,
                                        perYear: IntervalEstimate(term: "\(q.from)-\(q.to)", estimate: q.estimate, lower: q.lower, upper: q.upper),
                                        observedMoves: summary.observedTransitions[q.from - 1][q.to - 1])
        }
        let ratios = fit.hazardRatios
        for (c, name) in panel.covariateNames.enumerated() where fit.data.covariateNames.contains(name) {
            let improving = ratios.first { $0.covariate == name && $0.to < $0.from }
            let declining = ratios.first { $0.covariate == name && $0.to > $0.from }
            let effect = planted?.supportEffects.first { $0.model.rawValue == name }
            let active = panel.rows.filter { $0.covariates[c] == 1 }.count
            summary.effects.append(MultiStateSummary.Effect(
                covariate: name,
                improving: improving.map {
                    IntervalEstimate(term: name, estimate: $0.estimate, lower: $0.lower, upper: $0.upper, planted: effect?.improvingHazardRatio)
                },
                declining: declining.map {
                    IntervalEstimate(term: name, estimate: $0.estimate, lower: $0.lower, upper: $0.upper, planted: effect?.decliningHazardRatio)
                },
                activeShare: c < panel.models.count ? Double(active) / Double(max(panel.rows.count, 1)) : nil))
        }
        summary.sojournYears = fit.sojournTimes().map {
            IntervalEstimate(term: panel.stateLabels[$0.state - 1], estimate: $0.estimate, lower: $0.lower, upper: $0.upper)
        }
        let noSupport = zip(fit.data.covariateNames, fit.covariateMeans).map { name, mean in SupportModel(rawValue: name) == nil ? mean : 0 }
        let p = fit.transitionProbabilities(t: 3, covariates: noSupport)
        summary.threeYearProbabilities = (0..<p.rows).map { i in (0..<p.columns).map { p[i, $0] } }
    }

    // MARK: time to leave Inadequate

    static func leavingInadequate(_ spells: InadequateSpells) -> LeavingInadequateSummary {
        var summary = LeavingInadequateSummary(spells: spells.spells.count, curves: [], cox: [])
        guard spells.spells.count >= 2 else {
            summary.failure = "fewer than two spells in Inadequate"
            return summary
        }
        do {
            let time = spells.spells.map(\.duration), event = spells.spells.map(\.left), group = spells.spells.map(\.group)
            let curves = try KaplanMeier.fit(time: time, event: event, strata: group)
            summary.curves = curves.map { curve in
                let members = spells.spells.filter { $0.group == curve.stratum }
                return LeavingInadequateSummary.Curve(
                    group: curve.stratum, spells: members.count, left: members.filter(\.left).count,
                    times: curve.times, survival: curve.survival, lower: curve.lower, upper: curve.upper,
                    medianYears: curve.median.estimate, medianLower: curve.median.lower, medianUpper: curve.median.upper)
            }
            if Set(group).count > 1 {
                let test = try LogRankTest.test(time: time, event: event, group: group)
                summary.logRank = ChiSquare(statistic: test.chiSquare, degreesOfFreedom: test.degreesOfFreedom, p: test.pValue)
            }
            try cox(spells, into: &summary)
        } catch {
            summary.failure = "\(error)"
        }
        return summary
    }

    /// The intervention models compared with each other: time at risk only while one is active
    /// (entry at its start, in counting-process form), an improvement adviser the reference.
    /// Against "no intervention yet" the model would not be identified: support starts within
    /// months of the judgement, long before any re-inspection could see an LA leave Inadequate.
    static func cox(_ spells: InadequateSpells, into summary: inout LeavingInadequateSummary) throws {
        let models = InadequateSpells.models.indices
        let reference = InadequateSpells.models.firstIndex(of: .improvementAdviser)!
        let intervals = spells.intervals.filter { interval in models.contains { interval.covariates[$0] == 1 } }
        let varying = spells.covariateNames.indices.filter { c in
            c != reference && Set(intervals.map { $0.covariates[c] }).count > 1
        }
        guard !varying.isEmpty, intervals.contains(where: \.event) else { return }
        let columns = varying.map { c in intervals.map { $0.covariates[c] } }
        let data = try CoxData(start: intervals.map(\.start), stop: intervals.map(\.stop),
                               event: intervals.map(\.event), covariates: Matrix(columns: columns),
                               names: varying.map { spells.covariateNames[$0] },
                               cluster: intervals.map { String($0.spell) })
        let fit = try CoxModel.fit(data, ties: .efron)
        summary.cox = fit.hazardRatios().map { IntervalEstimate(term: $0.name, estimate: $0.estimate, lower: $0.lower, upper: $0.upper) }
        summary.coxConcordance = fit.concordance.value
        let ph = fit.proportionalHazardsTest().global
        summary.proportionalHazards = ChiSquare(statistic: ph.statistic, degreesOfFreedom: ph.degreesOfFreedom, p: ph.pValue)
    }

    // MARK: grade at the next inspection

    /// Consecutive graded inspections of an LA: the later grade (worst to best) against the
    /// earlier grade (the worst grade is the reference), each support model active at any time
    /// between them, deprivation and the gap in years.
    static func nextGrade(_ panel: JudgementPanel) -> NextGradeSummary {
        let states = panel.stateCount, models = panel.models.count
        let hasDeprivation = panel.covariateNames.count > models
        var outcome: [Int] = [], rows: [[Double]] = []
        var previous: (la: String, state: Int, time: Double)?
        var active: [Double] = []
        for row in panel.rows {
            if previous?.la != row.laCode { previous = nil }
            guard let state = row.state else {
                active = zip(active, row.covariates).map { max($0, $1) }
                continue
            }
            if let previous {
                let before = (1..<states).map { Double(previous.state == $0 ? 1 : 0) }
                outcome.append(states - state)
                rows.append(before + active + (hasDeprivation ? [row.covariates.last!] : []) + [row.time - previous.time])
            }
            previous = (row.laCode, state, row.time)
            active = Array(row.covariates.prefix(models))
        }
        var names = (1..<states).map { "previous: " + panel.stateLabels[$0 - 1] } + panel.models.map(\.rawValue)
        if hasDeprivation { names.append("deprivation") }
        names.append("years between inspections")
        return fitOrdinal(outcome: outcome, rows: rows, names: names, categories: Array(panel.stateLabels.reversed()))
    }

    static func fitOrdinal(outcome: [Int], rows: [[Double]], names: [String], categories: [String]) -> NextGradeSummary {
        var summary = NextGradeSummary(pairs: outcome.count, coefficients: [])
        let kept = names.indices.filter { c in Set(rows.map { $0[c] }).count > 1 }
        do {
            let design = Matrix(columns: kept.map { c in rows.map { $0[c] } })
            let fit = try CumulativeLinkModel.fit(outcome: outcome, design: design, names: kept.map { names[$0] },
                                                  categories: categories, link: .logit)
            let z = Normal.standardQuantile(0.975)
            summary.coefficients = fit.coefficients.map {
                IntervalEstimate(term: $0.term, estimate: $0.estimate, lower: $0.estimate - z * $0.standardError,
                                 upper: $0.estimate + z * $0.standardError)
            }
            summary.logLikelihood = fit.logLikelihood
        } catch {
            summary.failure = "\(error)"
        }
        return summary
    }
}
