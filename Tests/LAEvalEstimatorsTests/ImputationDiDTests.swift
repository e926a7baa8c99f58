import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// The imputation estimator's mechanics on small panels; its numbers on mpdta are checked
/// against R's didimputation in `ImputationDiDFixtureTests`.
@Suite struct ImputationDiDTests {
    /// Units 0…11 over periods 1…6; units 0–3 first treated by A in period 3, units 4–7 by A in
    /// period 5, units 2, 3, 8 and 9 by B in period 4; 10 and 11 never treated.
    static func panel(seed: UInt64, noise: Double) -> (unit: [Int], period: [Int], y: [Double], a: [Int], b: [Int]) {
        var rng = SeededGenerator(seed: seed)
        let cohortA = [3, 3, 3, 3, 5, 5, 5, 5, 0, 0, 0, 0], cohortB = [0, 0, 4, 4, 0, 0, 0, 0, 4, 4, 0, 0]
        var unit: [Int] = [], period: [Int] = [], y: [Double] = [], a: [Int] = [], b: [Int] = []
        let unitEffect = (0..<12).map { _ in rng.normal() }, periodEffect = (1...6).map { _ in rng.normal() }
        for i in 0..<12 {
            for t in 1...6 {
                let effectA = cohortA[i] > 0 && t >= cohortA[i] ? 1.0 + Double(t - cohortA[i]) + (cohortA[i] == 5 ? 2 : 0) : 0
                let effectB = cohortB[i] > 0 && t >= cohortB[i] ? -0.5 * Double(t - cohortB[i] + 1) : 0
                unit.append(i); period.append(t); a.append(cohortA[i]); b.append(cohortB[i])
                y.append(unitEffect[i] + periodEffect[t - 1] + effectA + effectB + noise * rng.normal())
            }
        }
        return (unit, period, y, a, b)
    }

    @Test func withoutNoiseEachTreatmentsEffectsAreRecoveredExactly() throws {
        let p = Self.panel(seed: 5, noise: 0)
        let fit = try ImputationDiD(unit: p.unit, period: p.period, outcome: p.y,
                                    treatments: [.init(name: "A", cohort: p.a), .init(name: "B", cohort: p.b)])
        let a = fit.results[0], b = fit.results[1]
        // A at e: cohort 3 has 1 + e (e = 0…3), cohort 5 has 3 + e (e = 0, 1); weighted by unit-periods
        let expectedA: [Int: Double] = [0: (4 * 1 + 4 * 3) / 8.0, 1: (4 * 2 + 4 * 4) / 8.0, 2: 3, 3: 4]
        for effect in a.eventTimes { #expect(abs(effect.att - expectedA[effect.eventTime]!) < 1e-9, "A e=\(effect.eventTime)") }
        for effect in b.eventTimes { #expect(abs(effect.att + 0.5 * Double(effect.eventTime + 1)) < 1e-9, "B e=\(effect.eventTime)") }
        #expect(a.eventTimes.map(\.eventTime) == [0, 1, 2, 3] && b.eventTimes.map(\.eventTime) == [0, 1, 2])
        #expect(a.treatedUnits == 8 && b.treatedUnits == 4 && a.collinearCells == 0)
        // every treated observation equally: A has 16 + 8 treated unit-periods
        let staticA = (4 * (1 + 2 + 3 + 4) + 4 * (3 + 4)) / 24.0
        #expect(abs(a.att!.att - staticA) < 1e-9 && a.att!.observations == 24)
        #expect(a.leads.map(\.eventTime) == [-3, -2, -1] && a.leads.allSatisfy { abs($0.att) < 1e-9 })
    }

    /// With one treatment, each cell is the mean of Y − α̂ − λ̂ over the cell, where α̂ and λ̂ are
    /// fitted on the untreated observations alone (BJS's imputation, their Theorem 2).
    @Test func cellsAreImputedFromTheUntreatedObservations() throws {
        let p = Self.panel(seed: 9, noise: 1)
        let fit = try ImputationDiD(unit: p.unit, period: p.period, outcome: p.y, treatments: [.init(name: "A", cohort: p.a)], leads: 0)
        let untreated = p.y.indices.filter { p.a[$0] == 0 || p.period[$0] < p.a[$0] }
        // dummies for units 1…11 and periods 2…6 with an intercept
        func row(_ i: Int) -> [Double] { [1] + (1..<12).map { p.unit[i] == $0 ? 1 : 0 } + (2...6).map { p.period[i] == $0 ? 1 : 0 } }
        let design = Matrix(untreated.map(row))
        let untreatedFit = try LinearRegression.fit(y: untreated.map { p.y[$0] }, design: design, terms: (0..<17).map { "x\($0)" })
        func imputed(_ i: Int) -> Double { zip(row(i), untreatedFit.coefficients).reduce(0) { $0 + $1.0 * $1.1 } }
        for effect in fit.results[0].eventTimes {
            let members = p.y.indices.filter { p.a[$0] > 0 && p.period[$0] - p.a[$0] == effect.eventTime }
            let expected = members.map { p.y[$0] - imputed($0) }.reduce(0, +) / Double(members.count)
            #expect(abs(effect.att - expected) < 1e-9, "e=\(effect.eventTime): \(effect.att) vs \(expected)")
            #expect(effect.se > 0 && effect.observations == members.count)
        }
        #expect(fit.results[0].leads.isEmpty && fit.results[0].pretrend == nil)
    }

    @Test func observationWeightsReproduceACombinationOfCoefficients() throws {
        let p = Self.panel(seed: 3, noise: 1)
        let x = p.a.indices.map { p.a[$0] > 0 && p.period[$0] >= p.a[$0] ? 1.0 : 0 }
        var rng = SeededGenerator(seed: 4)
        let z = p.y.indices.map { _ in rng.normal() }
        let (fit, _) = try LinearRegression.fit(y: p.y, covariates: [x, z], terms: ["x", "z"],
                                                fixedEffects: FixedEffects(factors: [p.unit, p.period]))
        let v = fit.observationWeights(of: [2, -1])
        let demeanedY = FixedEffects(factors: [p.unit, p.period]).demean(p.y)
        let combination = 2 * fit.coefficients[0] - fit.coefficients[1]
        #expect(abs(zip(v, demeanedY).reduce(0) { $0 + $1.0 * $1.1 } - combination) < 1e-9)
    }

    @Test func badInputIsRefused() {
        #expect(throws: ImputationDiD.Failure.lengthMismatch) {
            try ImputationDiD(unit: [1, 2], period: [1], outcome: [0, 0], treatments: [])
        }
        #expect(throws: ImputationDiD.Failure.noTreatedObservations) {
            try ImputationDiD(unit: [1, 2], period: [1, 1], outcome: [0, 0], treatments: [.init(name: "A", cohort: [0, 0])])
        }
    }
}
