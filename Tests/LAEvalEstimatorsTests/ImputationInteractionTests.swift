import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats
import Testing

/// Treatment × covariate slopes in the imputation design, against
/// Validation/did/make_interaction_fixture.py on mpdta (lpop as the moderator). The point is
/// pyfixest 0.60's feols of both imputation stages and a dense numpy solve; the conservative
/// standard error has no package implementation for a slope, so the fixture writes BJS §4.3 out
/// in numpy from the explicit imputation weights, independently of laeval's regression route.
@Suite struct ImputationInteractionTests {
    struct Fixture: Decodable {
        let slopePyfixest: Double
        let slopeTwoStep: Double
        let seConservative: Double
        let treatedObservations: Int
    }

    static func mpdtaSlope() throws -> ImputationDiD.Effect? {
        let data = try TidyCSVReader.read(bytes: Array(Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/mpdta.csv"))),
                                          file: "mpdta.csv").columns
        func numbers(_ name: String) -> [Double] {
            if case .numeric(let values) = data[name]! { return values }
            return []
        }
        return try ImputationDiD.interaction(unit: numbers("countyreal").map { Int($0) }, period: numbers("year").map { Int($0) },
                                             outcome: numbers("lemp"), treatments: [.init(name: "treat", cohort: numbers("first_treat").map { Int($0) })],
                                             treatment: 0, moderator: numbers("lpop"))
    }

    @Test func slopeAndConservativeSEMatchTheReference() throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let fixture = try decoder.decode(Fixture.self, from: Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/imputation_interaction_mpdta.json")))
        let fit = try #require(try Self.mpdtaSlope())
        #expect(abs(fit.att - fixture.slopePyfixest) <= 1e-9)
        #expect(abs(fit.att - fixture.slopeTwoStep) <= 1e-9)
        #expect(abs(fit.se - fixture.seConservative) <= 1e-9 * fixture.seConservative)
        #expect(fit.observations == fixture.treatedObservations)
    }

    /// 40 units over 8 periods, half treated from period 4 or 6, with an effect of 1 + 0.5 x.
    static func planted(noise: Double, slope: Double = 0.5) -> (unit: [Int], period: [Int], y: [Double], cohort: [Int], x: [Double]) {
        var generator = SeededGenerator(seed: 7)
        var result: (unit: [Int], period: [Int], y: [Double], cohort: [Int], x: [Double]) = ([], [], [], [], [])
        for i in 0..<40 {
            let x = Double(i % 10) / 3
            let cohort = i % 2 == 0 ? 0 : (i % 4 == 1 ? 4 : 6)
            for t in 1...8 {
                let effect = cohort != 0 && t >= cohort ? 1 + slope * x : 0
                result.unit.append(i)
                result.period.append(t)
                result.y.append(Double(i) * 0.3 + Double(t) * 0.2 + effect + noise * generator.normal())
                result.cohort.append(cohort)
                result.x.append(x)
            }
        }
        return result
    }

    @Test func recoversAPlantedSlopeExactlyWithoutNoise() throws {
        let d = Self.planted(noise: 0)
        let fit = try #require(try ImputationDiD.interaction(unit: d.unit, period: d.period, outcome: d.y, treatments: [.init(name: "t", cohort: d.cohort)],
                                                            treatment: 0, moderator: d.x))
        #expect(abs(fit.att - 0.5) < 1e-10)
        #expect(fit.se < 1e-8)
    }

    @Test func plantedSlopeWithNoiseIsWithinItsInterval() throws {
        let d = Self.planted(noise: 0.3)
        let fit = try #require(try ImputationDiD.interaction(unit: d.unit, period: d.period, outcome: d.y, treatments: [.init(name: "t", cohort: d.cohort)],
                                                            treatment: 0, moderator: d.x))
        #expect(abs(fit.att - 0.5) < 1.96 * fit.se)
        #expect(fit.se > 0.005 && fit.se < 0.2)
    }

    @Test func aConcurrentTreatmentIsNettedOut() throws {
        var d = Self.planted(noise: 0)
        // a second treatment with a constant effect of 2 for units 0 mod 3, from period 5
        let second = d.unit.map { $0 % 3 == 0 ? 5 : 0 }
        for row in d.y.indices where second[row] != 0 && d.period[row] >= 5 { d.y[row] += 2 }
        let fit = try #require(try ImputationDiD.interaction(unit: d.unit, period: d.period, outcome: d.y,
                                                            treatments: [.init(name: "t", cohort: d.cohort), .init(name: "s", cohort: second)],
                                                            treatment: 0, moderator: d.x))
        #expect(abs(fit.att - 0.5) < 1e-9)
    }

    @Test func aModeratorConstantWithinEveryCellGivesNoSlope() throws {
        let d = Self.planted(noise: 0.3)
        let fit = try ImputationDiD.interaction(unit: d.unit, period: d.period, outcome: d.y, treatments: [.init(name: "t", cohort: d.cohort)],
                                                treatment: 0, moderator: d.cohort.map(Double.init))
        #expect(fit == nil)
        #expect(throws: ImputationDiD.Failure.lengthMismatch) {
            try ImputationDiD.interaction(unit: d.unit, period: d.period, outcome: d.y, treatments: [.init(name: "t", cohort: d.cohort)],
                                          treatment: 0, moderator: [1, 2])
        }
    }
}

extension ImputationInteractionTests {
    @Test func unitsTreatedThroughoutAreLeftOut() throws {
        let d = Self.planted(noise: 0)
        // unit 40, treated from the first period with a wild effect: no untreated year to impute from
        let unit = d.unit + Array(repeating: 40, count: 8), period = d.period + Array(1...8)
        let y = d.y + (1...8).map { Double($0) * 0.2 + 50 }, cohort = d.cohort + Array(repeating: 1, count: 8), x = d.x + Array(repeating: 9.0, count: 8)
        let fit = try #require(try ImputationDiD.interaction(unit: unit, period: period, outcome: y, treatments: [.init(name: "t", cohort: cohort)],
                                                            treatment: 0, moderator: x))
        #expect(abs(fit.att - 0.5) < 1e-10)
        #expect(fit.observations == d.cohort.indices.filter { d.cohort[$0] != 0 && d.period[$0] >= d.cohort[$0] }.count)
    }
}
