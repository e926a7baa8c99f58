import Foundation
import LAEvalCore
import LAEvalEstimators
import LAEvalStats

/// Power and minimum detectable effects (MDE) of the impact design for one kind of support on
/// one outcome: by simulation on the study's own panel (`PanelPowerSimulation`) and, beside it,
/// Burlig, Preonas & Woerman's (2020) analytic MDE from the panel's variance components.
public struct PowerEstimate: Sendable, Codable, Equatable {
    public var treatment: String
    public var indicator: String
    public var file: String
    public var units: Int
    public var treatedUnits: Int
    /// The SE of the simple ATT on the real data: the simulation's effect grid is in its multiples.
    public var realDataSE: Double?
    /// Standard deviation across LAs of the outcome in a year (the mean over years): the scale
    /// against which a standardised MDE is stated.
    public var betweenLASD: Double
    /// Power at each planted effect, with the real treatment timings.
    public var simulation: PanelPowerSimulation.Result?
    /// The same design at placebo timings on the never-treated LAs' real outcomes; its power at
    /// zero effect is the test's size on these data.
    public var placebo: PanelPowerSimulation.Result?
    /// Burlig, Preonas & Woerman (2020) MDE for one base year (m = 1) and the treated LAs' median post length.
    public var analyticMDE: Double?
    public var failure: String?

    /// Abbreviations spelled so that results.json's snake_case keys read back.
    enum CodingKeys: String, CodingKey {
        case treatment, indicator, file, units, treatedUnits, simulation, placebo, failure
        case realDataSE = "realDataSe", betweenLASD = "betweenLaSd", analyticMDE = "analyticMde"
    }

    /// The simulated MDE divided by the between-LA SD.
    public var standardisedMDE: Double? {
        guard let mde = simulation?.minimumDetectableEffect, betweenLASD > 0 else { return nil }
        return mde / betweenLASD
    }
}

/// How the power simulations are run.
public struct PowerSettings: Sendable, Codable, Equatable {
    public var replicates: Int
    /// Planted effects, in multiples of the real-data SE of the simple ATT.
    public var effectMultiples: [Double]
    public var alpha: Double
    public var targetPower: Double
    public var seed: UInt64

    public init(replicates: Int = 100, effectMultiples: [Double] = [0, 1, 2, 3, 4], alpha: Double = 0.05, targetPower: Double = 0.8, seed: UInt64 = 1) {
        self.replicates = replicates
        self.effectMultiples = effectMultiples
        self.alpha = alpha
        self.targetPower = targetPower
        self.seed = seed
    }
}

enum ScopingPower {
    /// Every comparison of the plan × outcome of the plan, by the plan's Callaway–Sant'Anna options.
    static func run(_ study: Study, impact: ImpactAnalysis.Options, settings: PowerSettings,
                    progress: @escaping @Sendable (String) -> Void = { _ in }) -> [PowerEstimate] {
        let plan = study.description.plan
        var results: [PowerEstimate] = []
        for (o, outcome) in plan.outcomes.enumerated() {
            guard let matrix = OutcomeMatrix(study, outcome) else { continue }
            for (c, treatment) in plan.comparisons.enumerated() {
                progress("power: \(treatment) on \(outcome.indicator)")
                let seed = settings.seed &+ UInt64(1000 * o + c)
                results.append(estimate(study, treatment: treatment, outcome: outcome, matrix: matrix, impact: impact,
                                        settings: settings, seed: seed))
            }
        }
        return results
    }

    static func estimate(_ study: Study, treatment: String, outcome: OutcomeSpec, matrix: OutcomeMatrix,
                         impact: ImpactAnalysis.Options, settings: PowerSettings, seed: UInt64) -> PowerEstimate {
        let cohorts = ImpactAnalysis.cohorts(study, treatment: treatment, anchor: impact.anchor)
        let last = matrix.years.last ?? 0
        let codes = study.localAuthorities.map(\.newCode)
        let groups = codes.map { code -> Int in cohorts[code].map { $0 > last ? 0 : $0 } ?? 0 }
        let simulation = PanelPowerSimulation(periods: matrix.years, outcome: codes.map(matrix.series), cohorts: groups)
        var result = PowerEstimate(treatment: treatment, indicator: outcome.indicator, file: outcome.file,
                                   units: simulation.cohorts.count, treatedUnits: simulation.treated.count,
                                   betweenLASD: betweenSD(matrix, codes: codes))
        let estimator = CallawaySantAnna.Options(control: impact.control, estimator: impact.estimator)
        do {
            let se = try realDataSE(simulation, estimator: estimator)
            result.realDataSE = se
            let effects = settings.effectMultiples.map { $0 * se }
            var options = PanelPowerSimulation.Options(design: .realTimings, replicates: settings.replicates, alpha: settings.alpha,
                                                       targetPower: settings.targetPower, seed: seed, estimator: estimator)
            result.simulation = try simulation.run(effects: effects, options: options)
            options.design = .placeboTimings
            options.estimator.control = .never
            result.placebo = try? simulation.run(effects: effects, options: options)
            result.analyticMDE = analyticMDE(simulation, alpha: settings.alpha, power: settings.targetPower)
        } catch {
            result.failure = "\(error)"
        }
        return result
    }

    /// The SE of the simple ATT when the estimator is run on the real panel.
    static func realDataSE(_ simulation: PanelPowerSimulation, estimator: CallawaySantAnna.Options) throws -> Double {
        guard !simulation.treated.isEmpty else { throw PanelPowerSimulation.Failure.noTreatedUnits }
        guard let fit = simulation.observedEstimate(options: estimator) else {
            throw PanelPowerSimulation.Failure.noUsableReplicates
        }
        return fit.se
    }

    /// The mean over years of the SD across LAs.
    static func betweenSD(_ matrix: OutcomeMatrix, codes: [String]) -> Double {
        let series = codes.map(matrix.series)
        let sds = matrix.years.indices.compactMap { t -> Double? in
            let values = series.map { $0[t] }.filter(\.isFinite)
            return values.count >= 2 ? SampleStatistics.standardDeviation(values) : nil
        }
        return sds.isEmpty ? .nan : SampleStatistics.mean(sds)
    }
}

extension ScopingPower {
    /// Burlig, Preonas & Woerman's MDE (t critical values on J degrees of freedom, as the paper)
    /// with the variance components of the never-treated LAs' residuals, for the comparison
    /// Callaway–Sant'Anna makes: every post-treatment year against the year before support
    /// (m = 1), over the treated LAs' median number of years from the start (r).
    static func analyticMDE(_ simulation: PanelPowerSimulation, alpha: Double, power: Double) -> Double? {
        guard !simulation.treated.isEmpty else { return nil }
        let (m, r) = (1, simulation.medianPostLength)
        guard let v = try? simulation.varianceComponents(pre: m, post: r) else { return nil }
        let units = Double(simulation.cohorts.count)
        let design = try? DiDPower(prePeriods: m, postPeriods: r, treatedShare: Double(simulation.treated.count) / units,
                                   variance: v.sigma2, psiPre: v.psiPre, psiPost: v.psiPost, psiCross: v.psiCross)
        return try? design?.solve(units: units, power: power, alpha: alpha).effectSize
    }
}
