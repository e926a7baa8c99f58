import Foundation
import LAEvalEstimators
import LAEvalStats
import Testing

/// Survival estimators against R 4.2.2 with survival 3.5.3 (fixtures by
/// Validation/survival/make_fixtures.R, data inside the JSON). Tolerance: 1e-6 relative to
/// max(1, |R's value|) for every number (curves, coefficients, SEs, statistics), and relative to
/// |R's value| alone for p-values, so small p-values are held to six significant digits too.
enum SurvivalFixtures {
    static let tolerance = 1e-6

    static func load<T: Decodable>(_ type: T.Type, _ name: String) throws -> T {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/survival").appendingPathComponent(name)
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(T.self, from: Data(contentsOf: url))
    }

    /// Expects |mine − theirs| ≤ 1e-6 max(1, |theirs|); R's NA (nil) must meet NaN.
    static func expectClose(_ mine: Double, _ theirs: Double?, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        guard let theirs else {
            #expect(mine.isNaN, "\(label): \(mine) where R has NA", sourceLocation: sourceLocation)
            return
        }
        #expect(abs(mine - theirs) <= tolerance * max(1, abs(theirs)), "\(label): \(mine) vs R \(theirs)", sourceLocation: sourceLocation)
    }

    static func expectClose(_ mine: [Double], _ theirs: [Double?], _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(mine.count == theirs.count, "\(label): \(mine.count) values vs R \(theirs.count)", sourceLocation: sourceLocation)
        for (k, (a, b)) in zip(mine, theirs).enumerated() { expectClose(a, b, "\(label)[\(k)]", sourceLocation: sourceLocation) }
    }

    struct Test: Decodable { let statistic: Double; let df: Int; let p: Double }

    static func expectTest(_ mine: ChiSquareTest, _ theirs: Test, _ label: String, sourceLocation: SourceLocation = #_sourceLocation) {
        expectClose(mine.statistic, theirs.statistic, "\(label) statistic", sourceLocation: sourceLocation)
        #expect(mine.degreesOfFreedom == theirs.df, "\(label) df", sourceLocation: sourceLocation)
        #expect(abs(mine.pValue - theirs.p) <= tolerance * theirs.p, "\(label) p: \(mine.pValue) vs R \(theirs.p)", sourceLocation: sourceLocation)
    }
}

@Suite struct KaplanMeierFixtureTests {
    struct Row: Decodable { let time: Double; let status: Double; let sex: Double; let age: Double; let phEcog: Double? }
    struct Median: Decodable { let estimate: Double?; let lower: Double?; let upper: Double? }
    struct Curve: Decodable {
        let stratum: String
        let time: [Double]; let nRisk: [Double]; let nEvent: [Double]; let nCensor: [Double]
        let surv: [Double]; let stdErr: [Double?]; let lower: [Double?]; let upper: [Double?]
        let median: Median
    }
    struct Subset: Decodable { let rows: String; let curves: [Curve] }
    struct Fixture: Decodable { let data: [Row]; let overall: [Curve]; let bySex: [Curve]; let byPhEcog: Subset }

    static func compare(_ mine: [KaplanMeierCurve], _ theirs: [Curve], _ label: String) {
        #expect(mine.map(\.stratum) == theirs.map(\.stratum), "\(label) strata")
        for (a, b) in zip(mine, theirs) {
            let name = "\(label) stratum \(b.stratum)"
            SurvivalFixtures.expectClose(a.times, b.time, "\(name) time")
            SurvivalFixtures.expectClose(a.atRisk, b.nRisk, "\(name) n.risk")
            SurvivalFixtures.expectClose(a.events, b.nEvent, "\(name) n.event")
            SurvivalFixtures.expectClose(a.censored, b.nCensor, "\(name) n.censor")
            SurvivalFixtures.expectClose(a.survival, b.surv, "\(name) surv")
            SurvivalFixtures.expectClose(a.standardError, b.stdErr, "\(name) std.err")
            SurvivalFixtures.expectClose(a.lower, b.lower, "\(name) lower")
            SurvivalFixtures.expectClose(a.upper, b.upper, "\(name) upper")
            #expect(a.median.estimate == b.median.estimate && a.median.lower == b.median.lower && a.median.upper == b.median.upper,
                    "\(name) median \(a.median) vs R \(b.median)")
        }
    }

    @Test func matchesSurvfitOnLung() throws {
        let fixture = try SurvivalFixtures.load(Fixture.self, "lung_km.json")
        let time = fixture.data.map(\.time), event = try SurvivalData.eventIndicator(fixture.data.map(\.status))
        Self.compare(try KaplanMeier.fit(time: time, event: event), fixture.overall, "~1")
        Self.compare(try KaplanMeier.fit(time: time, event: event, strata: fixture.data.map { String(Int($0.sex)) }),
                     fixture.bySex, "~sex")
        let complete = fixture.data.filter { $0.phEcog != nil }
        Self.compare(try KaplanMeier.fit(time: complete.map(\.time), event: try SurvivalData.eventIndicator(complete.map(\.status)),
                                         strata: complete.map { String(Int($0.phEcog!)) }),
                     fixture.byPhEcog.curves, "~ph.ecog")
    }

    struct SmallData: Decodable { let time: [Double]; let status: [Double] }
    struct SmallCase: Decodable { let data: SmallData; let curve: Curve }

    /// quantile.survfit's rules on small curves: S = ½ exactly over a stretch, S ending at ½,
    /// tied deaths, limits never reaching ½, a curve ending at 0.
    @Test func matchesSurvfitMedianRules() throws {
        for (k, small) in try SurvivalFixtures.load([SmallCase].self, "small_km.json").enumerated() {
            let curves = try KaplanMeier.fit(time: small.data.time, event: SurvivalData.eventIndicator(small.data.status))
            Self.compare(curves, [small.curve], "small case \(k + 1)")
        }
    }
}

@Suite struct LogRankFixtureTests {
    struct Result: Decodable {
        let groups: [String]; let observed: [Double]; let expected: [Double]; let chisq: Double; let df: Int; let p: Double
    }
    struct Fixture: Decodable {
        let data: [KaplanMeierFixtureTests.Row]
        let sex: Result; let phEcog: Result; let sexStrataPhEcog: Result
    }

    static func compare(_ mine: LogRankResult, _ theirs: Result, _ label: String) {
        #expect(mine.groups == theirs.groups, "\(label) groups")
        SurvivalFixtures.expectClose(mine.observed, theirs.observed, "\(label) observed")
        SurvivalFixtures.expectClose(mine.expected, theirs.expected, "\(label) expected")
        SurvivalFixtures.expectTest(mine.test, .init(statistic: theirs.chisq, df: theirs.df, p: theirs.p), label)
    }

    @Test func matchesSurvdiffOnLung() throws {
        let fixture = try SurvivalFixtures.load(Fixture.self, "lung_logrank.json")
        let all = fixture.data, complete = all.filter { $0.phEcog != nil }
        let label: (Double) -> String = { String(Int($0)) }
        Self.compare(try LogRankTest.test(time: all.map(\.time), event: try SurvivalData.eventIndicator(all.map(\.status)),
                                          group: all.map { label($0.sex) }), fixture.sex, "~sex")
        let event = try SurvivalData.eventIndicator(complete.map(\.status))
        Self.compare(try LogRankTest.test(time: complete.map(\.time), event: event, group: complete.map { label($0.phEcog!) }),
                     fixture.phEcog, "~ph.ecog")
        Self.compare(try LogRankTest.test(time: complete.map(\.time), event: event, group: complete.map { label($0.sex) },
                                          strata: complete.map { label($0.phEcog!) }),
                     fixture.sexStrataPhEcog, "~sex + strata(ph.ecog)")
    }
}

@Suite struct CoxFixtureTests {
    struct Zph: Decodable { let terms: [String]; let chisq: [Double]; let df: [Int]; let p: [Double] }
    struct Counts: Decodable {
        let concordant: Double; let discordant: Double; let tiedX: Double; let tiedY: Double; let tiedXy: Double
        enum CodingKeys: String, CodingKey { case concordant, discordant, tiedX = "tied.x", tiedY = "tied.y", tiedXy = "tied.xy" }
    }
    struct Fit: Decodable {
        let names: [String]; let coef: [Double]; let se: [Double]; let robustSe: [Double]?; let `var`: [[Double]]
        let loglik: [Double]
        let wald: SurvivalFixtures.Test; let lr: SurvivalFixtures.Test; let score: SurvivalFixtures.Test
        let robustScore: SurvivalFixtures.Test?
        let hr: [Double]; let hrLower: [Double]; let hrUpper: [Double]
        let concordance: Double; let concordanceSe: Double; let concordanceCounts: Counts
        let zph: Zph
    }
    struct LungFixture: Decodable {
        let data: [KaplanMeierFixtureTests.Row]
        let efron: Fit; let breslow: Fit; let efronRobust: Fit; let breslowRobust: Fit; let efronStrataSex: Fit
    }
    struct HeartRow: Decodable {
        let id: Double; let start: Double; let stop: Double; let event: Double
        let age: Double; let year: Double; let surgery: Double; let transplant: Double
    }
    struct HeartFixture: Decodable { let data: [HeartRow]; let efron: Fit; let breslow: Fit; let efronCluster: Fit; let breslowCluster: Fit }

    static func compare(_ mine: CoxFit, _ theirs: Fit, _ label: String) {
        #expect(mine.converged, "\(label) converged")
        #expect(mine.names == theirs.names, "\(label) names")
        SurvivalFixtures.expectClose(mine.coefficients, theirs.coef, "\(label) coef")
        SurvivalFixtures.expectClose(mine.standardErrors, theirs.se, "\(label) se")
        if let robust = theirs.robustSe {
            SurvivalFixtures.expectClose(mine.robustStandardErrors ?? [], robust, "\(label) robust se")
        } else {
            #expect(mine.robustStandardErrors == nil, "\(label) robust se")
        }
        SurvivalFixtures.expectClose(mine.covariance.storage, theirs.var.flatMap { $0 }, "\(label) var")
        SurvivalFixtures.expectClose([mine.logLikelihoodNull, mine.logLikelihood], theirs.loglik, "\(label) loglik")
        SurvivalFixtures.expectTest(mine.waldTest, theirs.wald, "\(label) Wald")
        SurvivalFixtures.expectTest(mine.likelihoodRatioTest, theirs.lr, "\(label) LR")
        SurvivalFixtures.expectTest(mine.scoreTest, theirs.score, "\(label) score")
        if let robustScore = theirs.robustScore {
            if let test = mine.robustScoreTest { SurvivalFixtures.expectTest(test, robustScore, "\(label) robust score") } else {
                Issue.record("\(label): no robust score test")
            }
        }
        let ratios = mine.hazardRatios()
        SurvivalFixtures.expectClose(ratios.map(\.estimate), theirs.hr, "\(label) HR")
        SurvivalFixtures.expectClose(ratios.map(\.lower), theirs.hrLower, "\(label) HR lower")
        SurvivalFixtures.expectClose(ratios.map(\.upper), theirs.hrUpper, "\(label) HR upper")
        let c = mine.concordance, counts = theirs.concordanceCounts
        #expect([c.concordant, c.discordant, c.tiedRisk, c.tiedTime, c.tiedTimeAndRisk]
            == [counts.concordant, counts.discordant, counts.tiedX, counts.tiedY, counts.tiedXy], "\(label) concordance counts")
        SurvivalFixtures.expectClose(c.value, theirs.concordance, "\(label) concordance")
        SurvivalFixtures.expectClose(c.standardError, theirs.concordanceSe, "\(label) concordance se")
        let zph = mine.proportionalHazardsTest()
        #expect(zph.terms.map(\.name) + ["GLOBAL"] == theirs.zph.terms, "\(label) cox.zph terms")
        for (k, test) in (zph.terms.map(\.test) + [zph.global]).enumerated() {
            SurvivalFixtures.expectTest(test, .init(statistic: theirs.zph.chisq[k], df: theirs.zph.df[k], p: theirs.zph.p[k]),
                                        "\(label) cox.zph \(theirs.zph.terms[k])")
        }
    }

    static func lungData(_ rows: [KaplanMeierFixtureTests.Row], names: [String], strata: Bool = false) throws -> CoxData {
        let columns: [String: [Double]] = ["age": rows.map(\.age), "sex": rows.map(\.sex), "ph_ecog": rows.map { $0.phEcog! }]
        return try CoxData(stop: rows.map(\.time), event: SurvivalData.eventIndicator(rows.map(\.status)),
                           covariates: Matrix(columns: names.map { columns[$0]! }), names: names,
                           strata: strata ? rows.map { String(Int($0.sex)) } : nil)
    }

    @Test(arguments: CoxTies.allCases)
    func matchesCoxphOnLung(ties: CoxTies) throws {
        let fixture = try SurvivalFixtures.load(LungFixture.self, "lung_cox.json")
        let data = try Self.lungData(fixture.data, names: ["age", "sex", "ph_ecog"])
        let (plain, robust) = ties == .efron ? (fixture.efron, fixture.efronRobust) : (fixture.breslow, fixture.breslowRobust)
        Self.compare(try CoxModel.fit(data, ties: ties), plain, "lung \(ties)")
        Self.compare(try CoxModel.fit(data, ties: ties, robust: true), robust, "lung \(ties) robust")
    }

    @Test func matchesStratifiedCoxphOnLung() throws {
        let fixture = try SurvivalFixtures.load(LungFixture.self, "lung_cox.json")
        let data = try Self.lungData(fixture.data, names: ["age", "ph_ecog"], strata: true)
        Self.compare(try CoxModel.fit(data), fixture.efronStrataSex, "lung strata(sex)")
    }

    @Test(arguments: CoxTies.allCases)
    func matchesCountingProcessCoxphOnHeart(ties: CoxTies) throws {
        let fixture = try SurvivalFixtures.load(HeartFixture.self, "heart_cox.json")
        let rows = fixture.data
        func data(clustered: Bool) throws -> CoxData {
            try CoxData(start: rows.map(\.start), stop: rows.map(\.stop), event: SurvivalData.eventIndicator(rows.map(\.event)),
                        covariates: Matrix(columns: [rows.map(\.age), rows.map(\.year), rows.map(\.surgery), rows.map(\.transplant)]),
                        names: ["age", "year", "surgery", "transplant"],
                        cluster: clustered ? rows.map { String(Int($0.id)) } : nil)
        }
        let (plain, clustered) = ties == .efron ? (fixture.efron, fixture.efronCluster) : (fixture.breslow, fixture.breslowCluster)
        Self.compare(try CoxModel.fit(data(clustered: false), ties: ties), plain, "heart \(ties)")
        Self.compare(try CoxModel.fit(data(clustered: true), ties: ties), clustered, "heart \(ties) cluster(id)")
    }
}
