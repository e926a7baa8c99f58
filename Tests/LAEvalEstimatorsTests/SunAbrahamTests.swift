import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// Sun & Abraham (2021) interaction-weighted estimator against the hand-built mpdta fixture
/// (pyfixest regression on cohort × relative-time dummies, CRV1 by county, IW aggregation with
/// fixed weights; Validation/did/make_fixtures.py) to 1e-8, against Callaway–Sant'Anna where
/// the two coincide, and on simulated heterogeneous staggered adoption.
@Suite struct SunAbrahamTests {
    struct Fixture: Decodable {
        struct Cell: Decodable { let cohort: Int; let relYear: Int; let coef: Double; let se: Double; let nObs: Int }
        struct Row: Decodable { let relYear: Int; let att: Double; let se: Double; let weights: [String: Double] }
        struct Overall: Decodable { let att: Double; let se: Double }
        let cohortRelCoefs: [Cell]
        let iwByRelYear: [Row]
        let overallPostAtt: Overall
        let n: Int
    }

    static func fixture() throws -> Fixture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/sun_abraham_mpdta.json")))
    }

    /// The units of `panel` whose cohort passes `keep`, as a new balanced panel.
    static func subset(_ panel: BalancedPanel, keep: (Int) -> Bool) throws -> BalancedPanel {
        var unit: [Int] = [], period: [Int] = [], group: [Int] = [], y: [Double] = []
        for (u, id) in panel.units.enumerated() where keep(panel.firstTreated[u]) {
            for (t, p) in panel.periods.enumerated() {
                unit.append(id); period.append(p); group.append(panel.firstTreated[u]); y.append(panel.outcome[u][t])
            }
        }
        return try BalancedPanel(unit: unit, period: period, group: group, outcome: y)
    }

    @Test func matchesHandBuiltMpdtaFixture() throws {
        let fixture = try Self.fixture()
        let sa = try SunAbraham(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        #expect(sa.controlCohort == 0 && sa.observations == fixture.n && sa.clusters == 500 && sa.droppedAlwaysTreated == 0)
        #expect(sa.cohortEffects.map { [$0.cohort, $0.eventTime] } == fixture.cohortRelCoefs.map { [$0.cohort, $0.relYear] })
        for (mine, theirs) in zip(sa.cohortEffects, fixture.cohortRelCoefs) {
            #expect(abs(mine.estimate - theirs.coef) < 1e-8, "δ(\(mine.cohort),\(mine.eventTime)) \(mine.estimate) vs \(theirs.coef)")
            #expect(abs(mine.se / theirs.se - 1) < 1e-8, "se δ(\(mine.cohort),\(mine.eventTime)) \(mine.se) vs \(theirs.se)")
            #expect(mine.observations == theirs.nObs)
        }
        #expect(sa.coefficients.map(\.eventTime) == fixture.iwByRelYear.map(\.relYear))
        for (mine, theirs) in zip(sa.coefficients, fixture.iwByRelYear) {
            #expect(abs(mine.estimate - theirs.att) < 1e-8, "ν(\(mine.eventTime)) \(mine.estimate) vs \(theirs.att)")
            #expect(abs(mine.se / theirs.se - 1) < 1e-8, "se ν(\(mine.eventTime)) \(mine.se) vs \(theirs.se)")
            #expect(mine.weights.count == theirs.weights.count)
            for weight in mine.weights {
                #expect(abs(weight.weight - theirs.weights[String(weight.cohort)]!) < 1e-14)
            }
        }
        #expect(abs(sa.overall.estimate - fixture.overallPostAtt.att) < 1e-8, "overall \(sa.overall.estimate) vs \(fixture.overallPostAtt.att)")
        #expect(abs(sa.overall.se / fixture.overallPostAtt.se - 1) < 1e-8, "overall se \(sa.overall.se) vs \(fixture.overallPostAtt.se)")
    }

    /// With never-treated controls and no covariates, δ̂_{g,e} is the 2×2 DiD of cohort g against
    /// the never treated from g − 1 to g + e: Callaway & Sant'Anna's ATT(g, t) with a universal
    /// base period. The IW effects then equal CS's event-time aggregation and the overall ATT
    /// equals CS's simple ATT.
    @Test func agreesWithCallawaySantAnnaWithNeverTreatedControls() throws {
        let panel = try CallawaySantAnnaFixtureTests.panel(covariates: false)
        let sa = try SunAbraham(panel: panel)
        let cs = try CallawaySantAnna(panel: panel, options: .init(basePeriod: .universal))
        for effect in sa.cohortEffects {
            let cell = try #require(cs.attGroupTime.first { $0.group == effect.cohort && $0.time == effect.cohort + effect.eventTime })
            #expect(abs(effect.estimate - cell.att) < 1e-10, "(\(effect.cohort), \(effect.eventTime))")
        }
        let aggregates = try CallawaySantAnna(panel: panel).aggregate()
        for row in aggregates.dynamic where row.eventTime >= 0 {
            let mine = try #require(sa.coefficients.first { $0.eventTime == row.eventTime })
            #expect(abs(mine.estimate - row.att) < 1e-10, "e=\(row.eventTime)")
        }
        #expect(abs(sa.overall.estimate - aggregates.simple.att) < 1e-10)
    }

    /// With a single treated cohort there is nothing to reweight: the IW estimator is the
    /// dynamic TWFE event study, estimates and SEs alike.
    @Test func singleCohortEqualsTheEventStudy() throws {
        let panel = try Self.subset(CallawaySantAnnaFixtureTests.panel(covariates: false)) { $0 == 0 || $0 == 2006 }
        let sa = try SunAbraham(panel: panel)
        let study = try EventStudy(panel: panel)
        #expect(sa.coefficients.map(\.eventTime) == study.coefficients.map(\.eventTime))
        for (a, b) in zip(sa.coefficients, study.coefficients) {
            #expect(abs(a.estimate - b.estimate) < 1e-12 && abs(a.se - b.se) < 1e-12, "e=\(a.eventTime)")
        }
    }

    /// Cohort-specific dynamic effects: the IW estimates recover Σ_g w_{g,e} τ(g, e) and show no
    /// pre-trends, with never-treated controls and (dropping the never treated) with the
    /// last-treated cohort as control on the periods before it is treated.
    @Test(arguments: [true, false])
    func recoversHeterogeneousEffects(neverTreated: Bool) throws {
        func tau(_ g: Int, _ e: Int) -> Double { Double(e + 1) * [4: 1.0, 6: 0.5, 8: 0.25, 9: 2.0][g]! }
        let cohorts = neverTreated ? [0, 4, 6, 8] : [4, 6, 9]
        let panel = try StaggeredPanelSimulation.panel(seed: 2021, units: 800, periods: 1...10, cohorts: cohorts, effect: tau)
        let sa = try SunAbraham(panel: panel)
        #expect(sa.controlCohort == (neverTreated ? 0 : 9))
        if !neverTreated { #expect(sa.observations == 800 * 8, "periods 9 and 10 are dropped") }
        for coefficient in sa.coefficients {
            let truth = coefficient.weights.reduce(0) { $0 + $1.weight * (coefficient.eventTime >= 0 ? tau($1.cohort, coefficient.eventTime) : 0) }
            #expect(abs(coefficient.weights.reduce(0) { $0 + $1.weight } - 1) < 1e-12)
            #expect(abs(coefficient.estimate - truth) < 4 * coefficient.se, "e=\(coefficient.eventTime): \(coefficient.estimate) vs \(truth) (se \(coefficient.se))")
        }
        // the pooled event study is biased here: its e = 0…2 coefficients mix in other cohorts
        if neverTreated {
            let study = try EventStudy(panel: panel)
            let late = try #require(sa.coefficients.first { $0.eventTime == 2 })
            let pooled = try #require(study.coefficients.first { $0.eventTime == 2 })
            #expect(abs(late.estimate - pooled.estimate) > 0.05, "IW \(late.estimate) vs pooled \(pooled.estimate)")
        }
    }

    @Test func dropsAlwaysTreatedUnitsAndRejectsUnusableReferences() throws {
        let panel = try StaggeredPanelSimulation.panel(seed: 4, units: 200, periods: 1...6, cohorts: [0, 1, 3, 5]) { _, _ in 1 }
        let sa = try SunAbraham(panel: panel)
        #expect(sa.droppedAlwaysTreated == panel.firstTreated.filter { $0 == 1 }.count && sa.droppedAlwaysTreated > 0)
        #expect(Set(sa.cohortEffects.map(\.cohort)) == [3, 5])
        #expect(throws: SunAbraham.Failure.referenceNotObserved(cohort: 3, reference: -3)) { try SunAbraham(panel: panel, reference: -3) }
        let onlyNever = try StaggeredPanelSimulation.panel(seed: 4, units: 20, periods: 1...4, cohorts: [0]) { _, _ in 0 }
        #expect(throws: SunAbraham.Failure.noTreatedCohorts) { try SunAbraham(panel: onlyNever) }
    }

    @Test func encodesWithSnakeCaseKeys() throws {
        let sa = try SunAbraham(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text = String(decoding: try encoder.encode(sa), as: UTF8.self)
        #expect(text.contains("\"cohort_effects\"") && text.contains("\"control_cohort\""))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(SunAbraham.self, from: encoder.encode(sa)) == sa)
    }
}
