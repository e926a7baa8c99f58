import Foundation
import LAEvalCore
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// Impact of each kind of support on each outcome of the plan (aim a): Callaway & Sant'Anna
/// difference in differences on the LA × reporting-year panel of the indicator.
///
/// Choices, with their defaults: comparison units not yet treated (`control`), the doubly robust
/// estimator, no covariates (the plan names none: its moderators are for the context analysis);
/// the cohort of an LA is the reporting year its first episode of the support began (`anchor`);
/// LAs with other support stay in the comparison group (`overlap`); every LA is in the sample
/// (`population`). Because LAs are put into intervention *because* of an Inadequate judgement,
/// part of a later improvement is regression to the mean; the options `anchor:
/// .triggeringJudgement` and `population: .everInadequate` set up the designs that face it
/// (see docs/methods/did.md).
public enum ImpactAnalysis {
    public enum Anchor: String, Sendable, Codable, CaseIterable {
        /// The reporting year the support started in.
        case supportStart
        /// The reporting year of the graded judgement that preceded (triggered) the support.
        case triggeringJudgement
    }

    public enum Overlap: String, Sendable, Codable, CaseIterable {
        /// LAs receiving other support stay in the comparison group.
        case keep
        /// LAs receiving support of another programme at any time are left out of the comparison group.
        case excludeOtherProgrammes
    }

    public enum Population: String, Sendable, Codable, CaseIterable {
        case all
        /// Only LAs judged Inadequate at some point: comparisons among LAs with the same trigger.
        case everInadequate
    }

    public enum Design: String, Sendable, Codable, CaseIterable {
        /// Callaway & Sant'Anna for each kind of support separately.
        case callawaySantAnna
        /// One event-study regression per outcome with indicators for every support model at
        /// every event time (leads ≤ −3 and −2, lags 0…4 and ≥ 5; −1 the reference), unit and year
        /// fixed effects, clustered by LA: each model's effect is netted of the others received
        /// at the same time. Comparisons that are programmes, not models, are not estimated.
        case jointEventStudy
        /// One regression per outcome with a coefficient for every model × cohort × year since
        /// it began, LA and year effects from LA-years before any support (Borusyak, Jaravel &
        /// Spiess 2024 imputation, with several concurrent supports): robust both to effects
        /// that differ by cohort and to concurrent support. See `JointImputation`.
        case jointImputation
    }

    /// A short human name for the design.
    public static func title(of design: Design) -> String {
        switch design {
        case .callawaySantAnna: "Callaway–Sant'Anna, each support separately"
        case .jointEventStudy: "joint event-study regression"
        case .jointImputation: "joint imputation, concurrent support netted out"
        }
    }

    public struct Options: Sendable, Codable, Equatable {
        public var design: Design = .callawaySantAnna
        public var control: CallawaySantAnna.ControlGroup = .notyet
        public var estimator: DiDEstimator = .dr
        public var anchor: Anchor = .supportStart
        public var overlap: Overlap = .keep
        public var population: Population = .all
        /// LA context columns conditioned on by Callaway–Sant'Anna (time-constant covariates;
        /// the joint designs' LA effects absorb them).
        public var covariates: [String] = []

        public init(design: Design = .callawaySantAnna, control: CallawaySantAnna.ControlGroup = .notyet, estimator: DiDEstimator = .dr,
                    anchor: Anchor = .supportStart, overlap: Overlap = .keep, population: Population = .all, covariates: [String] = []) {
            self.design = design
            self.control = control
            self.estimator = estimator
            self.anchor = anchor
            self.overlap = overlap
            self.population = population
            self.covariates = covariates
        }

        /// The options study.yaml's `plan.impact` sets, laeval's defaults for the rest (the
        /// values were checked against `ImpactPlan.allowed` when the study was read).
        public init(plan: ImpactPlan) {
            design = plan.design.flatMap(Design.init(rawValue:)) ?? .callawaySantAnna
            control = plan.control.flatMap(CallawaySantAnna.ControlGroup.init(rawValue:)) ?? .notyet
            estimator = plan.estimator.flatMap(DiDEstimator.init(rawValue:)) ?? .dr
            anchor = plan.anchor.flatMap(Anchor.init(rawValue:)) ?? .supportStart
            overlap = plan.overlap.flatMap(Overlap.init(rawValue:)) ?? .keep
            population = plan.population.flatMap(Population.init(rawValue:)) ?? .all
            covariates = plan.covariates
        }
    }

    public struct Estimate: Sendable, Codable, Equatable {
        public struct EventTime: Sendable, Codable, Equatable {
            public var eventTime: Int
            public var att: Double
            public var se: Double
        }

        public struct Pretrend: Sendable, Codable, Equatable {
            public var statistic: Double
            public var df: Int
            public var p: Double
        }

        /// A programme or model raw value (e.g. `commissioner`).
        public var treatment: String
        public var indicator: String
        public var file: String
        public var polarity: Polarity
        public var options: Options
        public var units: Int
        public var treatedUnits: Int
        /// LAs left out because a year of the indicator is missing (suppressed) or by the options.
        public var droppedUnits: Int
        public var att: Double?
        public var se: Double?
        public var ciLower: Double?
        public var ciUpper: Double?
        public var dynamic: [EventTime]
        public var pretrend: Pretrend?
        /// Why no estimate could be made, if none was.
        public var failure: String?
    }

    /// One estimate per comparison of the plan and outcome of the plan.
    public static func run(_ study: Study, options: Options = Options()) -> [Estimate] {
        if options.design != .callawaySantAnna {
            let joint: [[String: Estimate]] = study.description.plan.outcomes.map { outcome in
                options.design == .jointEventStudy ? jointEstimates(study, outcome: outcome, options: options)
                    : JointImputation.estimates(study, outcome: outcome, options: options)
            }
            return study.description.plan.comparisons.flatMap { treatment in
                study.description.plan.outcomes.indices.map { o in
                    joint[o][treatment] ?? failed(treatment, study.description.plan.outcomes[o], options,
                                                  "the joint designs estimate support models; \(treatment) is not one")
                }
            }
        }
        return study.description.plan.comparisons.flatMap { treatment in
            study.description.plan.outcomes.map { outcome in estimate(study, treatment: treatment, outcome: outcome, options: options) }
        }
    }

    /// Callaway–Sant'Anna for every comparison and outcome of the plan with the influence
    /// function of each simple ATT by LA (the comparison stage's joint inference).
    public static func runWithInfluence(_ study: Study, options: Options = Options()) -> (estimates: [Estimate], influence: [EstimateInfluence]) {
        var csOptions = options
        csOptions.design = .callawaySantAnna
        let fits = study.description.plan.comparisons.flatMap { treatment in
            study.description.plan.outcomes.map { estimateWithInfluence(study, treatment: treatment, outcome: $0, options: csOptions) }
        }
        return (fits.map(\.estimate), fits.compactMap(\.influence))
    }

    /// The plan's design, then (unless it is already the joint imputation) every support model
    /// of the plan's comparisons by the joint imputation design with the same anchor, so that
    /// each model's estimate can be read both ways: separately, and netted of concurrent support.
    public static func runWithConcurrentSupportCheck(_ study: Study, options: Options = Options()) -> [Estimate] {
        runWithConcurrentSupportCheck(study, options: options, keepingInfluence: false).estimates
    }

    /// As `runWithConcurrentSupportCheck`, with the Callaway–Sant'Anna influence functions when
    /// `keepingInfluence` (computed in the same fits when the plan's design is Callaway–Sant'Anna).
    public static func runWithConcurrentSupportCheck(_ study: Study, options: Options, keepingInfluence: Bool) -> (estimates: [Estimate], influence: [EstimateInfluence]) {
        var influence: [EstimateInfluence] = []
        var estimates: [Estimate]
        if options.design == .callawaySantAnna {
            (estimates, influence) = runWithInfluence(study, options: options)
        } else {
            estimates = run(study, options: options)
            if keepingInfluence { influence = runWithInfluence(study, options: options).influence }
        }
        if !keepingInfluence { influence = [] }
        guard options.design != .jointImputation else { return (estimates, influence) }
        var models = study
        models.description.plan.comparisons = study.description.plan.comparisons.filter { SupportModel(rawValue: $0) != nil }
        var joint = Options(design: .jointImputation)
        joint.anchor = options.anchor
        estimates += run(models, options: joint)
        return (estimates, influence)
    }

    /// A sentence naming the designs of `runWithConcurrentSupportCheck`.
    public static func method(_ options: Options) -> String {
        let primary: String
        switch options.design {
        case .callawaySantAnna:
            primary = "Callaway & Sant'Anna (2021) difference in differences (\(options.control.rawValue) comparison units, \(options.estimator.rawValue) estimator)"
        case .jointEventStudy:
            primary = "a joint event-study regression of every support model"
        case .jointImputation:
            primary = "the joint imputation design"
        }
        return "Plan's design: \(primary) on the LA × reporting-year panel. Every support model is also estimated by the joint imputation "
            + "design (Borusyak, Jaravel & Spiess 2024, with concurrent support netted out). See docs/methods/did.md."
    }

    static func failed(_ treatment: String, _ outcome: OutcomeSpec, _ options: Options, _ reason: String) -> Estimate {
        Estimate(treatment: treatment, indicator: outcome.indicator, file: outcome.file, polarity: outcome.polarity, options: options,
                 units: 0, treatedUnits: 0, droppedUnits: 0, dynamic: [], failure: reason)
    }

    /// Event-time bins of the joint design: −3 (and before), −2, 0, 1, 2, 3, 4, 5 (and after).
    static let jointEventTimes = [-3, -2, 0, 1, 2, 3, 4, 5]

    static func jointBin(_ event: Int) -> Int? {
        if event <= -3 { return 0 }
        if event == -2 { return 1 }
        if event == -1 { return nil }
        return min(event, 5) + 2
    }

    /// The joint event study of one outcome: an estimate for every model in the plan's comparisons.
    static func jointEstimates(_ study: Study, outcome: OutcomeSpec, options: Options) -> [String: Estimate] {
        let models = SupportModel.allCases
        guard let observations = OutcomeObservations(study, outcome) else { return [:] }
        let modelCohorts: [[String: Int]] = models.map { Self.cohorts(study, treatment: $0.rawValue, anchor: options.anchor) }
        let bins = jointEventTimes.count
        let (unit, unitCount) = observations.unitIndex()
        var columns = [[Double]](repeating: [], count: models.count * bins)
        for row in observations.codes.indices {
            for (m, cohort) in modelCohorts.enumerated() {
                let g: Int = cohort[observations.codes[row]] ?? 0
                let bin: Int? = g > 0 ? jointBin(observations.years[row] - g) : nil
                for b in 0..<bins { columns[m * bins + b].append(bin == b ? 1 : 0) }
            }
        }
        let y = observations.values, year = observations.years
        let names = models.flatMap { m in jointEventTimes.map { "\(m.rawValue)[\($0)]" } }
        let effects = FixedEffects(factors: [unit, year])
        guard let (fit, _) = try? LinearRegression.fit(y: y, covariates: columns, terms: names, fixedEffects: effects) else { return [:] }
        let k = effects.clusterAdjustmentParameters(slopes: fit.rank, clusters: [unit])
        let v = fit.variance(.cluster([unit], .fixest), adjustmentParameters: k)
        let position = Dictionary(uniqueKeysWithValues: fit.estimable.enumerated().map { ($1, $0) })
        let critical = Normal.standardQuantile(0.975)
        var result: [String: Estimate] = [:]
        for (m, model) in models.enumerated() where study.description.plan.comparisons.contains(model.rawValue) {
            var estimate = failed(model.rawValue, outcome, options, "")
            estimate.failure = nil
            estimate.units = unitCount
            estimate.treatedUnits = modelCohorts[m].count
            for (b, e) in jointEventTimes.enumerated() {
                guard let p = position[m * bins + b] else { continue }
                estimate.dynamic.append(.init(eventTime: e, att: fit.coefficients[m * bins + b], se: v[p, p].squareRoot()))
            }
            // the ATT: the average effect over event times 0…4, with its variance from the joint vcov
            let post = (2..<7).compactMap { b in position[m * bins + b].map { (b, $0) } }
            if !post.isEmpty {
                let w = 1 / Double(post.count)
                let att = post.reduce(0) { $0 + w * fit.coefficients[m * bins + $1.0] }
                let variance = post.reduce(0) { total, a in post.reduce(total) { $0 + w * w * v[a.1, $1.1] } }
                estimate.att = att
                estimate.se = variance.squareRoot()
                estimate.ciLower = att - critical * variance.squareRoot()
                estimate.ciUpper = att + critical * variance.squareRoot()
            }
            let leads = (0..<2).compactMap { position[m * bins + $0] }
            let theta = (0..<2).filter { position[m * bins + $0] != nil }.map { fit.coefficients[m * bins + $0] }
            if let test = WaldTest(theta, covariance: Matrix(leads.map { a in leads.map { v[a, $0] } })) {
                estimate.pretrend = .init(statistic: test.statistic, df: test.df, p: test.p)
            }
            if estimate.dynamic.isEmpty { estimate.failure = "no LA received \(model.rawValue) within the panel" }
            result[model.rawValue] = estimate
        }
        return result
    }

    static func matches(_ episode: SupportEpisode, _ treatment: String) -> Bool {
        episode.model.rawValue == treatment || episode.programme.rawValue == treatment
    }

    /// The cohort (first reporting year of the support, or of its triggering judgement) of each LA; 0 if never.
    static func cohorts(_ study: Study, treatment: String, anchor: Anchor) -> [String: Int] {
        var result: [String: Int] = [:]
        let byLA = Dictionary(grouping: study.support.filter { matches($0, treatment) }, by: \.laCode)
        for (code, episodes) in byLA {
            let first = episodes.map(\.start).min()!
            var date = first
            if anchor == .triggeringJudgement,
               let trigger = study.inspections.filter({ $0.laCode == code && $0.overall != nil && $0.date <= first }).map(\.date).max() {
                date = trigger
            }
            result[code] = date.reportingYear
        }
        return result
    }

    /// A Wald test that the pre-treatment event-time effects (e < 0) are jointly zero, from their
    /// influence functions. The event-time aggregation pools cohorts, so its covariance is well
    /// conditioned where the covariance of the many pre-treatment ATT(g,t) of small cohorts is not.
    static func eventTimePretrend(_ cs: CallawaySantAnna) -> Estimate.Pretrend? {
        let pre = cs.aggregateInfluence().filter { $0.kind == .eventTime && $0.key < 0 }
        guard let test = InfluenceWaldTest(pre.map { (att: $0.att, psi: $0.psi) }) else { return nil }
        return Estimate.Pretrend(statistic: test.statistic, df: test.df, p: test.p)
    }

    static func estimate(_ study: Study, treatment: String, outcome: OutcomeSpec, options: Options) -> Estimate {
        estimateWithInfluence(study, treatment: treatment, outcome: outcome, options: options).estimate
    }

    /// The Callaway–Sant'Anna estimate and, when one was made, the influence function of its
    /// simple ATT by LA (for the joint inference of the comparison stage).
    /// `treatedSubset`, when given, keeps only those of the treated LAs (a subgroup): the others
    /// are left out of the sample, the comparison LAs stay.
    static func estimateWithInfluence(_ study: Study, treatment: String, outcome: OutcomeSpec, options: Options,
                                      treatedSubset: Set<String>? = nil) -> (estimate: Estimate, influence: EstimateInfluence?) {
        var result = Estimate(treatment: treatment, indicator: outcome.indicator, file: outcome.file, polarity: outcome.polarity,
                              options: options, units: 0, treatedUnits: 0, droppedUnits: 0, dynamic: [])
        guard let observations = OutcomeObservations(study, outcome) else {
            result.failure = "no indicator \(outcome.indicator) in \(outcome.file)"
            return (result, nil)
        }
        let cohort = cohorts(study, treatment: treatment, anchor: options.anchor)
        let treatedProgramme = SupportModel(rawValue: treatment)?.programme ?? Programme(rawValue: treatment)
        let otherProgramme = Set(study.support.filter { $0.programme != treatedProgramme }.map(\.laCode))
        let inadequate = Set(study.inspections.filter { $0.overall == .inadequate }.map(\.laCode))
        var unit: [Int] = [], period: [Int] = [], group: [Int] = [], y: [Double] = []
        var covariates = [[Double]](repeating: [], count: options.covariates.count)
        let context: [String: [String: Double]] = Dictionary(study.localAuthorities.map { ($0.newCode, $0.context) }, uniquingKeysWith: { a, _ in a })
        var laIndex: [String: Int] = [:]
        var excluded = Set<String>()
        for row in observations.codes.indices {
            let code = observations.codes[row]
            let g: Int = cohort[code] ?? 0
            if options.population == .everInadequate, !inadequate.contains(code) { excluded.insert(code); continue }
            if options.overlap == .excludeOtherProgrammes, g == 0, otherProgramme.contains(code) { excluded.insert(code); continue }
            if let treatedSubset, g > 0, !treatedSubset.contains(code) { excluded.insert(code); continue }
            if laIndex[code] == nil { laIndex[code] = laIndex.count }
            unit.append(laIndex[code]!); period.append(observations.years[row]); group.append(g); y.append(observations.values[row])
            for (c, name) in options.covariates.enumerated() { covariates[c].append(context[code]?[name] ?? .nan) }
        }
        do {
            let panel = try BalancedPanel(unit: unit, period: period, group: group, outcome: y, covariates: covariates,
                                          covariateNames: options.covariates)
            let cs = try CallawaySantAnna(panel: panel, options: .init(control: options.control, estimator: options.estimator))
            let aggregates = cs.aggregate()
            let critical = Normal.standardQuantile(0.975)
            result.units = cs.units
            result.treatedUnits = cs.unitGroups.filter { $0 > 0 }.count
            result.droppedUnits = panel.droppedUnits + excluded.count
            result.att = aggregates.simple.att
            result.se = aggregates.simple.se
            result.ciLower = aggregates.simple.att - critical * aggregates.simple.se
            result.ciUpper = aggregates.simple.att + critical * aggregates.simple.se
            result.dynamic = aggregates.dynamic.map { .init(eventTime: $0.eventTime, att: $0.att, se: $0.se) }
            result.pretrend = eventTimePretrend(cs)
            let codeOf = laIndex.sorted { $0.value < $1.value }.map(\.key)
            let codes = cs.keptUnits.map { codeOf[panel.units[$0]] }
            if let simple = cs.aggregateInfluence().first(where: { $0.kind == .simple }), codes.count == simple.psi.count {
                let n = Double(simple.psi.count)
                let influence = EstimateInfluence(treatment: treatment, indicator: outcome.indicator, att: simple.att,
                                                  weights: Dictionary(uniqueKeysWithValues: zip(codes, simple.psi.map { $0 / n })))
                return (result, influence)
            }
        } catch {
            result.failure = "\(error)"
        }
        return (result, nil)
    }
}

extension ImpactAnalysis {
    /// How often the 95% intervals of event-time estimates (event times 0…4, where at least
    /// `minimumLAs` LAs received the support) contain the effect a simulation planted.
    public static func coverage(_ estimates: [Estimate], truth: DemoTruth, minimumLAs: Int = 5) -> (covered: Int, total: Int) {
        var covered = 0, total = 0
        for estimate in estimates where estimate.failure == nil {
            for row in estimate.dynamic where (0...4).contains(row.eventTime) {
                guard let planted = truth.effectsByEventTime.first(where: {
                    $0.indicator == estimate.indicator && $0.model.rawValue == estimate.treatment && $0.eventTime == row.eventTime
                }), planted.nLAs >= minimumLAs else { continue }
                total += 1
                if abs(row.att - planted.att) <= 1.96 * row.se { covered += 1 }
            }
        }
        return (covered, total)
    }
}
