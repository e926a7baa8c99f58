import Foundation
import LAEvalStats
import Testing
@testable import LAEvalEstimators

/// A panel of `units` units over `periods` periods with unit effects and AR(1) errors
/// (variance 1, autocorrelation rho); the first `treated` units start in `start`.
func ar1Panel(units: Int, periods: Int, treated: Int, start: Int, rho: Double, seed: UInt64) -> PanelPowerSimulation {
    var random = SeededGenerator(seed: seed)
    let innovation = (1 - rho * rho).squareRoot()
    let outcome = (0..<units).map { _ -> [Double] in
        let level = random.normal()
        var e = random.normal()
        return (0..<periods).map { t in
            if t > 0 { e = rho * e + innovation * random.normal() }
            return level + 0.1 * Double(t) + e
        }
    }
    let cohorts = (0..<units).map { $0 < treated ? start : 0 }
    return PanelPowerSimulation(periods: Array(1...periods), outcome: outcome, cohorts: cohorts)
}

@Suite struct PanelPowerSimulationTests {
    @Test func powerRisesWithTheEffectAndTheSizeIsNearAlpha() throws {
        let panel = ar1Panel(units: 120, periods: 8, treated: 30, start: 5, rho: 0.5, seed: 11)
        let options = PanelPowerSimulation.Options(replicates: 400, seed: 3, estimator: .init(control: .never))
        let result = try panel.run(effects: [0, 0.25, 0.5, 0.75], options: options)
        let power = result.curve.map(\.power)
        #expect(zip(power, power.dropFirst()).allSatisfy { $0 < $1 })
        // size: 0.05 within 3 Monte Carlo SEs (√(0.05·0.95/400) ≈ 0.011)
        #expect(abs(power[0] - 0.05) < 0.033)
        #expect(result.treatedUnits == 30 && result.units == 120)
        let mde = try #require(result.minimumDetectableEffect)
        #expect(mde > 0.25 && mde < 0.75)
    }

    @Test func theSameSeedGivesTheSameCurveOnAnyNumberOfThreads() throws {
        let panel = ar1Panel(units: 60, periods: 6, treated: 15, start: 4, rho: 0.3, seed: 5)
        var options = PanelPowerSimulation.Options(replicates: 40, seed: 9)
        options.threads = 1
        let one = try panel.run(effects: [0, 0.5], options: options)
        options.threads = 2
        let two = try panel.run(effects: [0, 0.5], options: options)
        #expect(one == two)
    }

    @Test func placeboTimingsUseOnlyNeverTreatedUnitsWithTheRealCohortSizes() throws {
        let panel = ar1Panel(units: 80, periods: 6, treated: 20, start: 4, rho: 0.3, seed: 7)
        let options = PanelPowerSimulation.Options(design: .placeboTimings, replicates: 50, seed: 2, estimator: .init(control: .never))
        let result = try panel.run(effects: [0, 1], options: options)
        #expect(result.units == 60 && result.treatedUnits == 20)
        #expect(PanelPowerSimulation.placeboSizes(cohorts: [3, 3, 3, 4, 4, 5], pool: 6) == [3: 1, 4: 1, 5: 1])
        #expect(PanelPowerSimulation.placeboSizes(cohorts: [3, 4], pool: 10) == [3: 1, 4: 1])
    }

    @Test func tooFewComparisonUnitsIsAClearError() {
        let panel = ar1Panel(units: 6, periods: 5, treated: 3, start: 3, rho: 0, seed: 1)
        #expect(throws: PanelPowerSimulation.Failure.tooFewComparisonUnits(3)) { try panel.run(effects: [0]) }
        #expect(PanelPowerSimulation.Failure.tooFewComparisonUnits(3).description
            == "simulation power needs at least 4 never-treated units with a complete series; the panel has 3")
    }

    @Test func plantingTheEffectAndRefittingShiftsTheATTExactlyAndLeavesTheSE() throws {
        let panel = ar1Panel(units: 50, periods: 7, treated: 12, start: 4, rho: 0.4, seed: 8)
        for design in PanelPowerSimulation.Design.allCases {
            for control in [CallawaySantAnna.ControlGroup.never, .notyet] {
                let options = PanelPowerSimulation.Options(design: design, replicates: 3, seed: 4, estimator: .init(control: control))
                let draws = try panel.replicates(options: options)
                for replicate in 0..<3 {
                    let planted = try #require(try panel.plantedEstimate(replicate: replicate, effect: 2.5, options: options))
                    #expect(abs(planted.att - (draws[replicate].att + 2.5)) < 1e-10)
                    #expect(abs(planted.se - draws[replicate].se) < 1e-10)
                }
            }
        }
    }

    @Test func theMDEIsTheSmallestEffectFromWhichPowerStaysAtTheTarget() {
        // z·SE = 1.96 for every draw; ATT₀ = −1, 0, 0.5, 1: rejection needs |a + δ| > 1.96
        let draws: [(att: Double, se: Double)] = [(-1, 1), (0, 1), (0.5, 1), (1, 1)]
        let z = Normal.standardQuantile(0.975)
        // power reaches 3/4 once δ > z − 0: the draws a = 1, 0.5, 0 are rejected
        let mde = PanelPowerSimulation.minimumDetectableEffect(draws, critical: z, target: 0.75)
        #expect(abs(mde! - z) < 1e-12)
        #expect(PanelPowerSimulation.minimumDetectableEffect(draws, critical: z, target: 1.0).map { abs($0 - (z + 1)) < 1e-12 } == true)
    }
}

@Suite struct TwoByTwoInterceptOnlyTests {
    /// The closed form without covariates agrees with the general estimators' influence functions.
    @Test func theClosedFormEqualsEveryGeneralEstimator() throws {
        var random = SeededGenerator(seed: 21)
        let n = 40
        let deltaY = (0..<n).map { _ in random.normal(mean: 1, sd: 2) }
        let treated = (0..<n).map { $0 % 3 == 0 }
        let comparison = TwoByTwoDiD(deltaY: deltaY, treated: treated, x: Matrix(columns: [Array(repeating: 1, count: n)]))
        let fast = try comparison.estimate(.dr)
        for estimator in DiDEstimator.allCases {
            let general = try comparison.estimate(estimator, general: true)
            #expect(abs(general.att - fast.att) < 1e-12)
            #expect(zip(general.influence, fast.influence).allSatisfy { abs($0 - $1) < 1e-10 })
        }
    }
}

@Suite struct SimpleAggregateTests {
    @Test func theSimpleAggregateAloneEqualsTheFullAggregation() throws {
        let panel = ar1Panel(units: 40, periods: 6, treated: 10, start: 4, rho: 0.2, seed: 3)
        let groups = panel.cohorts.enumerated().map { $0.offset < 5 ? 3 : $0.element }
        let cs = try CallawaySantAnna(panel: BalancedPanel(periods: panel.periods, firstTreated: groups, outcome: panel.outcome),
                                      options: .init(control: .notyet))
        let full = cs.aggregate().simple, alone = cs.simpleAggregate()
        #expect(abs(full.att - alone.att) < 1e-14 && abs(full.se - alone.se) < 1e-14)
    }
}

@Suite struct SimulationAgainstAnalyticPowerTests {
    /// Where both apply, simulated power reaches the analytic value: never-treated units with unit
    /// effects and AR(1) errors (σ² = 1, ρ = 0.5), 150 placebo units treated from period 4 of 6
    /// among 600. Callaway–Sant'Anna compares each later period with period 3, so it is Burlig,
    /// Preonas & Woerman's design with m = 1 and r = 3, J = 600, P = 1/4 (normal critical values,
    /// as the simulation tests with z).
    @Test func simulatedPowerRisesAndMeetsBurligPreonasWoerman() throws {
        let never = ar1Panel(units: 600, periods: 6, treated: 0, start: 4, rho: 0.5, seed: 17)
        let placebo = ar1Panel(units: 150, periods: 6, treated: 150, start: 4, rho: 0.5, seed: 18)
        let panel = PanelPowerSimulation(periods: never.periods, outcome: never.outcome + placebo.outcome,
                                         cohorts: never.cohorts + placebo.cohorts)
        let analytic = try DiDPower.ar1(prePeriods: 1, postPeriods: 3, treatedShare: 0.25, variance: 1, rho: 0.5, criticalValues: .normal)
        let mde = try analytic.solve(units: 600, power: 0.8).effectSize
        let options = PanelPowerSimulation.Options(design: .placeboTimings, replicates: 1000, seed: 23, estimator: .init(control: .never))
        let result = try panel.run(effects: [0, mde / 2, mde], options: options)
        #expect(result.units == 600 && result.treatedUnits == 150)
        let power = result.curve.map(\.power)
        #expect(power[0] < power[1] && power[1] < power[2])
        // within 3 Monte Carlo SEs (√(p(1 − p)/1000)) of the analytic power at each effect
        for (point, effect) in zip(result.curve, [0, mde / 2, mde]) {
            let expected = analytic.power(units: 600, effect: effect)
            #expect(abs(point.power - expected) < 3 * (expected * (1 - expected) / 1000).squareRoot(), "δ = \(effect): \(point.power) vs \(expected)")
        }
        // and the simulated MDE is the analytic one within simulation error (about 10%)
        let simulated = try #require(result.minimumDetectableEffect)
        #expect(abs(simulated / mde - 1) < 0.1, "simulated MDE \(simulated) vs analytic \(mde)")
    }
}
