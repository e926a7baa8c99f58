import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// The dynamic TWFE event study against pyfixest 0.60.0
/// `feols("lemp ~ i(rel_year, ref=-1) | countyreal + year", vcov={"CRV1": "countyreal"})` on mpdta
/// (never treated coded at the reference, no binning), to 1e-8; and its algebraic properties.
@Suite struct EventStudyTests {
    struct Fixture: Decodable {
        struct Row: Decodable { let relYear: Int; let coef: Double; let se: Double }
        let coefficients: [Row]
        let n: Int
    }

    static func fixture() throws -> Fixture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Fixture.self, from: Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/event_study_mpdta.json")))
    }

    @Test func matchesPyfixestOnMpdta() throws {
        let fixture = try Self.fixture()
        let study = try EventStudy(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        #expect(study.coefficients.map(\.eventTime) == fixture.coefficients.map(\.relYear))
        #expect(study.observations == fixture.n && study.clusters == 500)
        for (mine, theirs) in zip(study.coefficients, fixture.coefficients) {
            #expect(abs(mine.estimate - theirs.coef) < 1e-8, "e=\(mine.eventTime) estimate \(mine.estimate) vs \(theirs.coef)")
            #expect(abs(mine.se - theirs.se) < 1e-8, "e=\(mine.eventTime) SE \(mine.se) vs \(theirs.se)")
            #expect(abs(mine.se / theirs.se - 1) < 1e-8, "e=\(mine.eventTime) relative SE")
        }
    }

    /// The relative-time dummies of the treated sum to a unit-constant indicator, absorbed by the
    /// unit effects, so moving the reference from −1 to −2 only re-centres: β_e(−2) = β_e(−1) − β_−2(−1).
    @Test func changingTheReferenceRecentresTheCoefficients() throws {
        let panel = try CallawaySantAnnaFixtureTests.panel(covariates: false)
        let base = try EventStudy(panel: panel)
        let moved = try EventStudy(panel: panel, reference: -2)
        let shift = try #require(base.coefficients.first { $0.eventTime == -2 }).estimate
        #expect(moved.coefficients.map(\.eventTime) == [-4, -3, -1, 0, 1, 2, 3])
        for coefficient in moved.coefficients {
            let before = coefficient.eventTime == -1 ? 0 : base.coefficients.first { $0.eventTime == coefficient.eventTime }!.estimate
            #expect(abs(coefficient.estimate - (before - shift)) < 1e-10, "e=\(coefficient.eventTime)")
        }
    }

    @Test func binningPoolsTheEndpoints() throws {
        let panel = try CallawaySantAnnaFixtureTests.panel(covariates: false)
        let wide = try EventStudy(panel: panel, window: -10...10)
        #expect(wide.coefficients == (try EventStudy(panel: panel)).coefficients, "a window wider than the data bins nothing")
        let binned = try EventStudy(panel: panel, window: -2...1)
        #expect(binned.coefficients.map(\.eventTime) == [-2, 0, 1])
        #expect(binned.binnedBelow == -2 && binned.binnedAbove == 1)
        #expect(binned.coefficients.allSatisfy { $0.estimate.isFinite && $0.se > 0 })
    }

    @Test func rejectsAReferenceThatIsNotObserved() throws {
        let panel = try CallawaySantAnnaFixtureTests.panel(covariates: false)
        #expect(throws: EventStudy.Failure.referenceNotObserved(-7)) { try EventStudy(panel: panel, reference: -7) }
        #expect(throws: EventStudy.Failure.referenceOutsideWindow(reference: -1, lower: 0, upper: 2)) {
            try EventStudy(panel: panel, window: 0...2)
        }
    }

    /// With one effect for every cohort (no heterogeneity) the pooled event study is unbiased:
    /// pre-trends near zero and post coefficients near the planted τ(e).
    @Test func recoversHomogeneousDynamicEffects() throws {
        let panel = try StaggeredPanelSimulation.panel(seed: 11, units: 600, periods: 1...10, cohorts: [0, 4, 6, 8]) { _, e in 0.5 * Double(e + 1) }
        let study = try EventStudy(panel: panel)
        for coefficient in study.coefficients {
            let truth = coefficient.eventTime >= 0 ? 0.5 * Double(coefficient.eventTime + 1) : 0
            #expect(abs(coefficient.estimate - truth) < 4 * coefficient.se, "e=\(coefficient.eventTime): \(coefficient.estimate) vs \(truth)")
        }
    }

    /// Without never-treated units and without binning, a linear trend in event time is spanned
    /// by the unit and period effects (and here, with every unit treated from period 8 on, one
    /// more combination): the cohort-by-period design has rank 23 of 25, so two coefficients are
    /// unidentified and reported as NaN, estimate and SE alike; the others stay finite.
    @Test func withoutNeverTreatedSomeCoefficientsAreUnidentified() throws {
        let panel = try StaggeredPanelSimulation.panel(seed: 3, units: 300, periods: 1...10, cohorts: [4, 6, 8]) { _, e in Double(e) }
        let study = try EventStudy(panel: panel)
        let missing = study.coefficients.filter { $0.estimate.isNaN }
        #expect(missing.count == 2)
        #expect(missing.allSatisfy { $0.se.isNaN })
        #expect(study.coefficients.filter { !$0.estimate.isNaN }.allSatisfy { $0.se.isFinite && $0.se > 0 })
    }

    @Test func encodesWithSnakeCaseKeys() throws {
        let study = try EventStudy(panel: CallawaySantAnnaFixtureTests.panel(covariates: false))
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        let text = String(decoding: try encoder.encode(study), as: UTF8.self)
        #expect(text.contains("\"event_time\""))
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        #expect(try decoder.decode(EventStudy.self, from: encoder.encode(study)) == study)
    }
}
