import Foundation
import LAEvalStats
import Testing

/// `laeval estimate ols` end to end on the fixtures' data: estimates, standard errors, t and
/// p-values (p-values far in the tail, e.g. 5e-35 and 2e-89, must not round to 0) against R
/// (lm + lmtest::coeftest) and fixest's rules (pyfixest, p-values recomputed from the t
/// distribution as fixest does).
@Suite struct OLSEstimationTests {
    struct Table: Decodable {
        let terms: [String]
        let estimate: [Double]
        let stdError: [Double]
        let statistic: [Double]
        let pValue: [Double]
        let df: Int?
    }

    static func tables(_ fixture: String, key: String) throws -> [String: Table] {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let object = try JSONSerialization.jsonObject(with: FixtureFiles.data("regression/\(fixture)")) as! [String: Any]
        let data = try JSONSerialization.data(withJSONObject: object[key]!)
        return try decoder.decode([String: Table].self, from: data)
    }

    static func check(_ result: OLSResult, _ table: Table, tolerance: Double = 1e-8) {
        #expect(result.coefficients.map(\.term) == table.terms)
        #expect(Compare.relativeError(result.coefficients.map(\.estimate), table.estimate) < tolerance)
        #expect(Compare.relativeError(result.coefficients.map(\.se), table.stdError) < tolerance)
        #expect(Compare.relativeError(result.coefficients.map(\.t), table.statistic) < tolerance)
        #expect(Compare.relativeError(result.coefficients.map(\.p), table.pValue) < 1e-6, "p-values \(result.coefficients.map(\.p)) vs \(table.pValue)")
        if let df = table.df { #expect(result.dfT == df) }
    }

    @Test func ordinaryLeastSquaresAsLmAndCoeftest() throws {
        let fixture = try RegressionFixture.load("ols_mtcars.json")
        let tables = try Self.tables("ols_mtcars.json", key: "coeftest")
        for (variance, key) in [(OLSVariance.iid, "iid"), (.hc1, "HC1"), (.hc3, "HC3")] {
            let options = OLSEstimation.Options(outcome: "mpg", covariates: ["wt", "hp", "qsec", "factor(cyl)"].map(CovariateSpec.init), variance: variance)
            let result = try OLSEstimation.run(data: fixture.data(), options: options)
            #expect(result.nObs == 32 && result.nDropped == 0)
            Self.check(result, tables[key]!)
        }
    }

    @Test func clusteredAsVcovCLAndCoeftest() throws {
        let fixture = try RegressionFixture.load("cluster_petersen.json")
        let tables = try Self.tables("cluster_petersen.json", key: "coeftest")
        let options = OLSEstimation.Options(outcome: "y", covariates: [CovariateSpec("x")], cluster: ["firm"])
        let result = try OLSEstimation.run(data: fixture.data(), options: options)
        #expect(result.vcov == "cluster" && result.clusters == ["firm"])
        Self.check(result, tables["CR1_firm"]!)
        #expect(result.coefficients[1].p > 0, "a p-value of 2e-89 must not round to 0")
    }

    @Test func fixedEffectsAsFixest() throws {
        let fixture = try RegressionFixture.load("fe_grunfeld.json")
        let tables = try Self.tables("fe_grunfeld.json", key: "coeftable")
        let covariates = [CovariateSpec("value"), CovariateSpec("capital")]
        let byDefault = try OLSEstimation.run(data: fixture.data(), options: .init(outcome: "inv", covariates: covariates, fixedEffects: ["firm", "year"]))
        #expect(byDefault.clusters == ["firm"], "fixest clusters by the first fixed effect by default")
        Self.check(byDefault, tables["cluster_firm"]!)
        #expect(abs(byDefault.r2Within! - fixture.r2Within!) < 1e-8)
        for (variance, cluster, key) in [(OLSVariance.iid, [String](), "iid"), (.hc1, [], "hetero"), (.cluster, ["firm", "year"], "twoway")] {
            let result = try OLSEstimation.run(data: fixture.data(), options: .init(outcome: "inv", covariates: covariates, fixedEffects: ["firm", "year"],
                                                                                    variance: variance, cluster: cluster))
            Self.check(result, tables[key]!)
        }
    }

    @Test func rowsWithMissingValuesAreDroppedAndCounted() throws {
        var data = try RegressionFixture.load("ols_mtcars.json").data()
        guard case .numeric(var hp) = data["hp"]! else { return }
        hp[0] = .nan
        hp[5] = .nan
        data["hp"] = .numeric(hp)
        let result = try OLSEstimation.run(data: data, options: .init(outcome: "mpg", covariates: [CovariateSpec("wt"), CovariateSpec("hp")]))
        #expect(result.nObs == 30 && result.nDropped == 2)
    }

    @Test func badRequestsSayWhatToDo() throws {
        let data = try RegressionFixture.load("ols_mtcars.json").data()
        #expect(throws: OLSEstimation.Failure.clusterNeedsColumns) {
            try OLSEstimation.run(data: data, options: .init(outcome: "mpg", covariates: [CovariateSpec("wt")], variance: .cluster))
        }
        #expect(throws: ModelFrameError.self) {
            try OLSEstimation.run(data: data, options: .init(outcome: "mpg", covariates: [CovariateSpec("weight")]))
        }
        #expect(throws: ModelFrameError.notNumeric("row")) {
            try OLSEstimation.run(data: data, options: .init(outcome: "row", covariates: [CovariateSpec("wt")]))
        }
    }
}
