import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// A seeded staggered-adoption panel for the Goodman-Bacon, event-study and Sun & Abraham tests:
/// unit and period effects, normal noise, and a planted effect τ(g, e) at event time e ≥ 0 for
/// cohort g (units first treated in period g; 0 = never treated).
enum StaggeredPanelSimulation {
    static func panel(seed: UInt64, units: Int, periods: ClosedRange<Int>, cohorts: [Int], noise: Double = 0.5,
                      effect: (_ cohort: Int, _ eventTime: Int) -> Double) throws -> BalancedPanel {
        var rng = SeededGenerator(seed: seed)
        let timeEffect = periods.map { _ in rng.normal() }
        var unit: [Int] = [], period: [Int] = [], group: [Int] = [], y: [Double] = []
        for i in 0..<units {
            let g = cohorts[rng.integer(in: 0...(cohorts.count - 1))]
            let alpha = rng.normal(mean: 0, sd: 2)
            for (k, t) in periods.enumerated() {
                let treated = g > 0 && t >= g
                unit.append(i); period.append(t); group.append(g)
                y.append(alpha + timeEffect[k] + (treated ? effect(g, t - g) : 0) + noise * rng.normal())
            }
        }
        return try BalancedPanel(unit: unit, period: period, group: group, outcome: y)
    }
}

/// Goodman-Bacon (2021) decomposition: against the hand-computed mpdta fixture
/// (Validation/did/make_fixtures.py, cross-checked there against pybacondecomp) to 1e-8, and
/// the Theorem 1 identity (weights sum to 1, Σ weight × estimate = TWFE) on simulated panels.
@Suite struct GoodmanBaconTests {
    struct Fixture: Decodable {
        struct Component: Decodable {
            let type: String; let treated: Int; let control: Int; let estimate: Double; let weight: Double
            let window: [Int]
        }
        let twfeCoef: Double
        let VD: Double
        let components: [Component]
        enum CodingKeys: String, CodingKey { case twfeCoef = "twfe_coef", VD = "V_D", components }
    }

    static let kinds: [String: GoodmanBaconDecomposition.Kind] = [
        "Treated vs Never treated": .treatedVsNeverTreated,
        "Earlier vs Later Treated": .earlierVsLaterTreated,
        "Later vs Earlier Treated": .laterVsEarlierTreated,
    ]

    static func checkIdentity(_ bacon: GoodmanBaconDecomposition, _ label: String) {
        let totalWeight = bacon.comparisons.reduce(0) { $0 + $1.weight }
        let reproduced = bacon.comparisons.reduce(0) { $0 + $1.weight * $1.estimate }
        #expect(abs(totalWeight - 1) < 1e-10, "\(label): weights sum to \(totalWeight)")
        #expect(abs(reproduced - bacon.twfeCoefficient) < 1e-10, "\(label): Σ w·DD \(reproduced) vs TWFE \(bacon.twfeCoefficient)")
        #expect(bacon.comparisons.allSatisfy { $0.weight >= 0 }, "\(label): weights are non-negative")
    }

    @Test func matchesHandComputedMpdtaDecomposition() throws {
        let fixture = try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/bacon_mpdta.json")))
        let bacon = try GoodmanBaconDecomposition(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        #expect(abs(bacon.twfeCoefficient - fixture.twfeCoef) < 1e-10)
        #expect(abs(bacon.treatmentVariance - fixture.VD) < 1e-12)
        #expect(bacon.comparisons.count == fixture.components.count)
        for expected in fixture.components {
            let kind = try #require(Self.kinds[expected.type])
            let mine = try #require(bacon.comparisons.first {
                $0.kind == kind && $0.treatedGroup == expected.treated && $0.controlGroup == expected.control
            }, "\(expected.type) \(expected.treated) vs \(expected.control)")
            #expect(abs(mine.estimate - expected.estimate) < 1e-8, "\(expected.type) \(expected.treated)/\(expected.control) estimate \(mine.estimate) vs \(expected.estimate)")
            #expect(abs(mine.weight - expected.weight) < 1e-8, "\(expected.type) \(expected.treated)/\(expected.control) weight \(mine.weight) vs \(expected.weight)")
            #expect([mine.windowStart, mine.windowEnd] == expected.window)
        }
        Self.checkIdentity(bacon, "mpdta")
        // the fixture's by-type totals
        let summary = Dictionary(uniqueKeysWithValues: bacon.summary.map { ($0.kind, $0) })
        #expect(abs(summary[.treatedVsNeverTreated]!.weight - 0.8627744180814885) < 1e-12)
        #expect(abs(summary[.laterVsEarlierTreated]!.averageEstimate - 0.004603661617038957) < 1e-10)
    }

    /// Theorem 1 is an identity: it holds for any balanced staggered panel, with or without a
    /// never-treated group, with always-treated units, and with uneven period spacing of cohorts.
    @Test(arguments: 1...12)
    func decompositionReproducesTWFE(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed), stream: 99)
        let periods = 1...rng.integer(in: 4...9)
        var cohorts = Array(Set((0..<rng.integer(in: 1...4)).map { _ in rng.integer(in: 2...periods.upperBound) })).sorted()
        if seed % 3 != 0 { cohorts.append(0) }          // never treated in two of three panels
        if seed % 4 == 0 { cohorts.append(1) }          // always treated
        if seed % 5 == 0 { cohorts.append(periods.upperBound + 2) }  // treated after the panel ends
        let timing = Set(cohorts.filter { $0 > 1 && $0 <= periods.upperBound })
        if timing.count < 2 { cohorts += [2, periods.upperBound] }  // at least two timing groups
        let panel = try StaggeredPanelSimulation.panel(seed: UInt64(seed), units: 150, periods: periods, cohorts: cohorts) { g, e in
            Double(e + 1) * Double(g % 3 + 1) * 0.3
        }
        let bacon = try GoodmanBaconDecomposition(panel: panel)
        Self.checkIdentity(bacon, "seed \(seed), cohorts \(cohorts), periods \(periods)")
        #expect(abs(bacon.twfeCoefficient - (try TwoWayFixedEffectsDiD(panel: panel).coefficient)) == 0)
    }

    /// With one constant effect and no noise every 2×2 DiD equals the effect.
    @Test func constantEffectMakesEveryComparisonExact() throws {
        let panel = try StaggeredPanelSimulation.panel(seed: 5, units: 200, periods: 1...8, cohorts: [0, 3, 5, 7], noise: 0) { _, _ in 1.5 }
        let bacon = try GoodmanBaconDecomposition(panel: panel)
        #expect(Set(bacon.comparisons.map(\.kind)) == [.treatedVsNeverTreated, .earlierVsLaterTreated, .laterVsEarlierTreated])
        for comparison in bacon.comparisons { #expect(abs(comparison.estimate - 1.5) < 1e-10) }
        #expect(abs(bacon.twfeCoefficient - 1.5) < 1e-10)
    }

    /// Effects growing with time since treatment make the forbidden comparisons negative.
    @Test func dynamicEffectsBiasTheForbiddenComparisons() throws {
        let panel = try StaggeredPanelSimulation.panel(seed: 9, units: 300, periods: 1...10, cohorts: [3, 7], noise: 0) { _, e in Double(e + 1) }
        let bacon = try GoodmanBaconDecomposition(panel: panel)
        let forbidden = try #require(bacon.comparisons.first { $0.kind == .laterVsEarlierTreated })
        #expect(forbidden.estimate < 0, "later vs earlier: \(forbidden.estimate)")
        Self.checkIdentity(bacon, "no never treated")
    }

    @Test func noVariationIsAnError() throws {
        let panel = try StaggeredPanelSimulation.panel(seed: 1, units: 20, periods: 1...4, cohorts: [0]) { _, _ in 0 }
        #expect(throws: GoodmanBaconDecomposition.Failure.noTreatmentVariation) { try GoodmanBaconDecomposition(panel: panel) }
    }

    @Test func encodesWithSnakeCaseKeys() throws {
        let bacon = try GoodmanBaconDecomposition(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text = String(decoding: try encoder.encode(bacon), as: UTF8.self)
        #expect(text.contains("\"twfe_coefficient\"") && text.contains("\"treated_group\"") && text.contains("\"laterVsEarlierTreated\""))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(GoodmanBaconDecomposition.self, from: encoder.encode(bacon)) == bacon)
    }
}
