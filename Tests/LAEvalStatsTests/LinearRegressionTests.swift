import Foundation
import LAEvalStats
import Testing

/// OLS and WLS with every variance estimator against R's lm and sandwich (fixtures made by
/// Validation/stats/regression/make_fixtures.R). Tolerance: 1e-8 relative, as the issue asks.
@Suite struct LinearRegressionTests {
    static let tolerance = 1e-8

    static func fit(_ fixture: RegressionFixture, outcome: String, covariates: [String], weights: String? = nil,
                    clusters: [String] = []) throws -> (LinearFit, ModelFrame) {
        let frame = try ModelFrame(data: fixture.data(), outcome: outcome, covariates: covariates.map(CovariateSpec.init),
                                   intercept: true, numericExtras: weights.map { [$0] } ?? [], codedExtras: clusters)
        let fit = try LinearRegression.fit(y: frame.outcome, design: frame.design, terms: frame.terms,
                                           weights: weights.map { frame.numericExtras[$0]! })
        return (fit, frame)
    }

    static func checkCoefficients(_ fit: LinearFit, _ fixture: RegressionFixture) {
        #expect(fit.observations == fixture.nObs)
        if let df = fixture.dfResidual { #expect(fit.residualDegreesOfFreedom == df) }
        let expected = fit.estimableTerms.map { fixture.coefficients[$0] ?? .nan }
        let actual = fit.estimable.map { fit.coefficients[$0] }
        #expect(Compare.relativeError(actual, expected) < tolerance, "coefficients of \(fixture.rCall)")
        if let r2 = fixture.r2 { #expect(abs(fit.r2 - r2) < tolerance * r2) }
        if let sigma = fixture.sigma { #expect(abs(fit.sigma - sigma) < tolerance * sigma) }
    }

    static func checkVariance(_ fit: LinearFit, _ fixture: RegressionFixture, _ key: String, _ estimator: VarianceEstimator) {
        guard let expected = fixture.vcov[key] else {
            Issue.record("the fixture has no \(key)")
            return
        }
        #expect(expected.terms == fit.estimableTerms)
        let error = Compare.varianceError(fit.variance(estimator), expected)
        #expect(error < tolerance, "\(key) of \(fixture.rCall): relative error \(error)")
    }

    @Test func olsWithEveryHeteroskedasticityEstimator() throws {
        let fixture = try RegressionFixture.load("ols_mtcars.json")
        let (fit, _) = try Self.fit(fixture, outcome: "mpg", covariates: ["wt", "hp", "qsec", "factor(cyl)"])
        #expect(fit.terms == ["(Intercept)", "wt", "hp", "qsec", "factor(cyl)6", "factor(cyl)8"])
        Self.checkCoefficients(fit, fixture)
        #expect(abs(fit.adjustedR2() - fixture.adjR2!) < Self.tolerance)
        for (key, estimator) in [("iid", VarianceEstimator.iid), ("HC0", .hc0), ("HC1", .hc1), ("HC2", .hc2), ("HC3", .hc3)] {
            Self.checkVariance(fit, fixture, key, estimator)
        }
    }

    @Test func weightedLeastSquares() throws {
        let fixture = try RegressionFixture.load("wls_mtcars.json")
        var data = try fixture.data()
        guard case .numeric(let disp) = data["disp"]! else { throw ModelFrameError.notNumeric("disp") }
        data["w"] = .numeric(disp.map { 1 / $0 })
        let frame = try ModelFrame(data: data, outcome: "mpg", covariates: ["wt", "hp", "qsec", "factor(cyl)"].map(CovariateSpec.init),
                                   intercept: true, numericExtras: ["w"])
        let fit = try LinearRegression.fit(y: frame.outcome, design: frame.design, terms: frame.terms, weights: frame.numericExtras["w"])
        Self.checkCoefficients(fit, fixture)
        for (key, estimator) in [("iid", VarianceEstimator.iid), ("HC0", .hc0), ("HC1", .hc1), ("HC2", .hc2), ("HC3", .hc3)] {
            Self.checkVariance(fit, fixture, key, estimator)
        }
    }

    @Test func aCollinearColumnIsDroppedAsLmDrops() throws {
        let fixture = try RegressionFixture.load("collinear_mtcars.json")
        var data = try fixture.data()
        guard case .numeric(let wt) = data["wt"]!, case .numeric(let disp) = data["disp"]! else { return }
        data["wt2"] = .numeric(zip(wt, disp).map { 2 * $0 + $1 / 100 })
        let frame = try ModelFrame(data: data, outcome: "mpg", covariates: ["wt", "disp", "wt2", "hp"].map(CovariateSpec.init), intercept: true)
        let fit = try LinearRegression.fit(y: frame.outcome, design: frame.design, terms: frame.terms)
        #expect(fit.terms.indices.filter { fit.aliased[$0] }.map { fit.terms[$0] } == fixture.aliased)
        #expect(fit.coefficients[3].isNaN)
        Self.checkCoefficients(fit, fixture)
        Self.checkVariance(fit, fixture, "iid", .iid)
        Self.checkVariance(fit, fixture, "HC1", .hc1)
    }

    @Test func oneAndTwoWayClusterRobustVariances() throws {
        let fixture = try RegressionFixture.load("cluster_petersen.json")
        let (fit, frame) = try Self.fit(fixture, outcome: "y", covariates: ["x"], clusters: ["firm", "year"])
        Self.checkCoefficients(fit, fixture)
        let firm = frame.codedExtras["firm"]!, year = frame.codedExtras["year"]!
        Self.checkVariance(fit, fixture, "iid", .iid)
        Self.checkVariance(fit, fixture, "HC1", .hc1)
        Self.checkVariance(fit, fixture, "CR1_firm", .cluster([firm]))
        Self.checkVariance(fit, fixture, "CR1_year", .cluster([year]))
        Self.checkVariance(fit, fixture, "CR0_firm", .cluster([firm], .none))
        Self.checkVariance(fit, fixture, "CR0_year", .cluster([year], .none))
        Self.checkVariance(fit, fixture, "CR1_firm_year", .cluster([firm, year]))
        Self.checkVariance(fit, fixture, "CR0_firm_year", .cluster([firm, year], .none))
    }

    @Test func weightedClusterRobustVariance() throws {
        let fixture = try RegressionFixture.load("wls_petersen_cluster.json")
        let (fit, frame) = try Self.fit(fixture, outcome: "y", covariates: ["x"], weights: "w", clusters: ["firm"])
        Self.checkCoefficients(fit, fixture)
        Self.checkVariance(fit, fixture, "iid", .iid)
        Self.checkVariance(fit, fixture, "HC1", .hc1)
        Self.checkVariance(fit, fixture, "CR1_firm", .cluster([frame.codedExtras["firm"]!]))
        Self.checkVariance(fit, fixture, "CR0_firm", .cluster([frame.codedExtras["firm"]!], .none))
    }

    @Test func badInputGetsAnErrorAUserCanActOn() {
        let design = Matrix(columns: [[1, 1, 1], [1, 2, 3]])
        #expect(throws: RegressionError.lengthMismatch("the outcome and the design")) {
            try LinearRegression.fit(y: [1, 2], design: design, terms: ["a", "b"])
        }
        #expect(throws: RegressionError.nonPositiveWeight(row: 2)) {
            try LinearRegression.fit(y: [1, 2, 4], design: design, terms: ["a", "b"], weights: [1, 1, -1])
        }
        #expect(throws: RegressionError.tooFewObservations(observations: 2, parameters: 2)) {
            try LinearRegression.fit(y: [1, 2], design: Matrix(columns: [[1, 1], [1, 2]]), terms: ["a", "b"])
        }
        #expect(RegressionError.tooFewObservations(observations: 2, parameters: 2).description
            == "2 observations are too few to estimate 2 parameters: drop covariates or add data")
    }
}
