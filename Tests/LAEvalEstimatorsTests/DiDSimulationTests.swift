import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// Staggered adoption with effects that grow with time since treatment and differ by cohort:
/// Callaway–Sant'Anna recovers the planted effects; static TWFE does not.
@Suite struct DiDSimulationTests {
    /// Cohorts first treated in periods 4, 6 and 8 of 1…10, plus never-treated units. The effect
    /// at event time e ≥ 0 is (e + 1) × slope(g), slope 1.0, 0.5, 0.25 for the three cohorts.
    static func simulate(seed: UInt64, units: Int = 400) throws -> (panel: BalancedPanel, truth: [Int: Double]) {
        var rng = SeededGenerator(seed: seed)
        let cohorts = [0, 4, 6, 8], slope: [Int: Double] = [4: 1.0, 6: 0.5, 8: 0.25]
        var unit: [Int] = [], period: [Int] = [], group: [Int] = [], y: [Double] = []
        let timeEffect = (1...10).map { _ in rng.normal() }
        for i in 0..<units {
            let g = cohorts[i % 4]
            let alpha = rng.normal(mean: 0, sd: 2)
            for t in 1...10 {
                let effect = g > 0 && t >= g ? Double(t - g + 1) * slope[g]! : 0
                unit.append(i); period.append(t); group.append(g)
                y.append(alpha + timeEffect[t - 1] + effect + rng.normal(mean: 0, sd: 0.5))
            }
        }
        // planted ATT by event time, averaging over the cohorts observed at that event time
        var truth: [Int: Double] = [:]
        for e in 0...6 {
            let present = [4, 6, 8].filter { $0 + e <= 10 }
            truth[e] = present.map { Double(e + 1) * slope[$0]! }.reduce(0, +) / Double(present.count)
        }
        return (try BalancedPanel(unit: unit, period: period, group: group, outcome: y), truth)
    }

    @Test func callawaySantAnnaRecoversDynamicEffectsAndTWFEIsBiased() throws {
        let (panel, truth) = try Self.simulate(seed: 2021)
        for control in CallawaySantAnna.ControlGroup.allCases {
            let cs = try CallawaySantAnna(panel: panel, options: .init(control: control, estimator: .dr))
            let dynamic = cs.aggregate().dynamic
            for e in 0...6 {
                let estimate = try #require(dynamic.first { $0.eventTime == e })
                #expect(abs(estimate.att - truth[e]!) < 4 * estimate.se + 0.02, "\(control) e=\(e): \(estimate.att) vs \(truth[e]!)")
            }
            for estimate in dynamic where estimate.eventTime < 0 {
                #expect(abs(estimate.att) < 4 * estimate.se + 0.02, "no pre-trend at e=\(estimate.eventTime)")
            }
        }
        let twfe = try TwoWayFixedEffectsDiD(panel: panel)
        let simple = try CallawaySantAnna(panel: panel).aggregate().simple
        #expect(abs(twfe.coefficient - simple.att) > 10 * twfe.se, "TWFE \(twfe.coefficient) is far from the ATT \(simple.att)")
    }

    @Test func intervalsCoverAtTheNominalRate() throws {
        var covered = 0, total = 0
        for seed in 1...40 {
            let (panel, truth) = try Self.simulate(seed: UInt64(seed), units: 200)
            for estimate in try CallawaySantAnna(panel: panel).aggregate().dynamic where (0...6).contains(estimate.eventTime) {
                total += 1
                if abs(estimate.att - truth[estimate.eventTime]!) <= 1.96 * estimate.se { covered += 1 }
            }
        }
        let rate = Double(covered) / Double(total)
        #expect(rate > 0.9 && rate < 0.99, "95% intervals covered \(rate)")
    }

    @Test func estimatorsAgreeWithoutCovariates() throws {
        let (panel, _) = try Self.simulate(seed: 7)
        let results = try DiDEstimator.allCases.map { try CallawaySantAnna(panel: panel, options: .init(estimator: $0)).attGroupTime }
        for other in results.dropFirst() {
            for (a, b) in zip(results[0], other) {
                #expect(abs(a.att - b.att) < 1e-10 && abs(a.se - b.se) < 1e-10)
            }
        }
    }
}
