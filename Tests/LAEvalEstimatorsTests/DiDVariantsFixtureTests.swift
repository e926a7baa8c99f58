import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// Universal base period, anticipation, the multiplier bootstrap and static TWFE on mpdta,
/// against csdid 0.4.3 and pyfixest 0.60.0 (Validation/did/make_fixtures.py).
@Suite struct DiDVariantsFixtureTests {
    struct CellFixture: Decodable {
        struct Cell: Decodable { let group: Int; let time: Int; let att: Double; let se: Double? }
        let attgt: [Cell]
    }

    static func load<T: Decodable>(_ name: String, as: T.Type) throws -> T {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/\(name)")))
    }

    static func check(_ cs: CallawaySantAnna, _ fixture: CellFixture, _ name: String) {
        #expect(cs.attGroupTime.map { [$0.group, $0.time] } == fixture.attgt.map { [$0.group, $0.time] }, "\(name) cells")
        for (mine, theirs) in zip(cs.attGroupTime, fixture.attgt) {
            #expect(CallawaySantAnnaFixtureTests.close(mine.att, theirs.att), "\(name) ATT(\(mine.group),\(mine.time))")
            if let se = theirs.se {
                #expect(CallawaySantAnnaFixtureTests.close(mine.se, se), "\(name) SE(\(mine.group),\(mine.time)) \(mine.se) vs \(se)")
            } else {
                #expect(mine.se.isNaN, "\(name) base cell (\(mine.group),\(mine.time)) has no SE")
            }
        }
    }

    @Test func universalBasePeriod() throws {
        let cs = try CallawaySantAnna(panel: CallawaySantAnnaFixtureTests.panel(covariates: false), options: .init(basePeriod: .universal))
        Self.check(cs, try Self.load("cs_never_dr_nocov_universal.json", as: CellFixture.self), "universal")
    }

    @Test func oneAnticipationPeriod() throws {
        let cs = try CallawaySantAnna(panel: CallawaySantAnnaFixtureTests.panel(covariates: false), options: .init(anticipation: 1))
        #expect(cs.units == 480, "the 2004 cohort has no pre-period with anticipation 1 and is dropped")
        Self.check(cs, try Self.load("cs_never_dr_nocov_anticip1.json", as: CellFixture.self), "anticipation 1")
    }

    struct BootstrapFixture: Decodable {
        struct Spread: Decodable { let mean: Double }
        struct Cell: Decodable { let group: Int; let time: Int; let se: Spread }
        struct Spreads: Decodable { let attgt: [Cell] }
        let spreadAcrossSeeds: Spreads
    }

    /// The bootstrap's own noise at 999 draws is about 3.7% of an SE (1.166/√B for an IQR-based
    /// scale); csdid's three seeds differ from their mean by up to 5.7%. laeval's SEs (its own
    /// seeds) must lie within 20% of csdid's mean, and within 5% of each other across seeds.
    @Test func multiplierBootstrapStandardErrors() throws {
        let cs = try CallawaySantAnna(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        let fixture = try Self.load("cs_bootstrap_never_dr_nocov.json", as: BootstrapFixture.self)
        let first = DiDMultiplierBootstrap(influence: cs.influence, repetitions: 999, seed: 1)
        let second = DiDMultiplierBootstrap(influence: cs.influence, repetitions: 999, seed: 2)
        for (k, cell) in fixture.spreadAcrossSeeds.attgt.enumerated() {
            #expect(cs.attGroupTime[k].group == cell.group && cs.attGroupTime[k].time == cell.time)
            #expect(abs(first.standardErrors[k] / cell.se.mean - 1) < 0.2, "(\(cell.group),\(cell.time)) \(first.standardErrors[k]) vs \(cell.se.mean)")
            #expect(abs(first.standardErrors[k] / cs.attGroupTime[k].se - 1) < 0.25)
        }
        #expect(first.uniformCriticalValue > 1.96 && first.uniformCriticalValue < 3.5)
        let again = DiDMultiplierBootstrap(influence: cs.influence, repetitions: 999, seed: 1)
        #expect(again.standardErrors == first.standardErrors, "same seed, same numbers")
        #expect(again.uniformCriticalValue == first.uniformCriticalValue)
        #expect(first.standardErrors != second.standardErrors)
    }

    struct TWFEFixture: Decodable {
        struct Fit: Decodable { let coef: Double; let se: Double }
        let CRV1: Fit
        enum CodingKeys: String, CodingKey { case CRV1 = "CRV1" }
    }

    @Test func staticTWFEMatchesPyfixest() throws {
        let fixture = try JSONDecoder().decode(TWFEFixture.self, from: Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/twfe_mpdta.json")))
        let twfe = try TwoWayFixedEffectsDiD(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        #expect(abs(twfe.coefficient / fixture.CRV1.coef - 1) < 1e-8, "\(twfe.coefficient) vs \(fixture.CRV1.coef)")
        #expect(abs(twfe.se / fixture.CRV1.se - 1) < 1e-8, "\(twfe.se) vs \(fixture.CRV1.se)")
        #expect(twfe.observations == 2500)
    }
}
