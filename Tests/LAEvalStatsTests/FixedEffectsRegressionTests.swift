import Foundation
import LAEvalStats
import Testing

/// Fixed-effects regressions against fixest's defaults (fixtures from pyfixest 0.60.0, which
/// reproduces fixest's ssc(); cross-checked in R against lm with dummies and sandwich: see
/// Validation/stats/regression/README.md).
@Suite struct FixedEffectsRegressionTests {
    static let tolerance = 1e-8

    @Test func twoWayFixedEffectsOnGrunfeld() throws {
        let fixture = try RegressionFixture.load("fe_grunfeld.json")
        let frame = try ModelFrame(data: fixture.data(), outcome: "inv", covariates: [CovariateSpec("value"), CovariateSpec("capital")],
                                   intercept: false, codedExtras: ["firm", "year"])
        let firm = frame.codedExtras["firm"]!, year = frame.codedExtras["year"]!
        let effects = FixedEffects(factors: [firm, year])
        #expect(effects.absorbedParameters == 29)
        let (fit, withinR2) = try LinearRegression.fit(y: frame.outcome, covariates: (0..<2).map { frame.design.column($0) },
                                                       terms: frame.terms, fixedEffects: effects)
        #expect(fit.residualDegreesOfFreedom == 169)
        #expect(Compare.relativeError(fit.coefficients, ["value", "capital"].map { fixture.coefficients[$0]! }) < Self.tolerance)
        #expect(abs(fit.r2 - fixture.r2!) < Self.tolerance)
        #expect(abs(withinR2 - fixture.r2Within!) < Self.tolerance)
        #expect(Compare.varianceError(fit.variance(.iid), fixture.vcov["iid"]!) < Self.tolerance)
        #expect(Compare.varianceError(fit.variance(.hc1), fixture.vcov["hetero"]!) < Self.tolerance)
        let kFirm = effects.clusterAdjustmentParameters(slopes: 2, clusters: [firm])
        #expect(kFirm == 22)
        #expect(Compare.varianceError(fit.variance(.cluster([firm], .fixest), adjustmentParameters: kFirm),
                                      fixture.vcov["cluster_firm"]!) < Self.tolerance)
        let kBoth = effects.clusterAdjustmentParameters(slopes: 2, clusters: [firm, year])
        #expect(kBoth == 3)
        #expect(Compare.varianceError(fit.variance(.cluster([firm, year], .fixest), adjustmentParameters: kBoth),
                                      fixture.vcov["twoway"]!) < Self.tolerance)
    }

    @Test func oneWayFixedEffectsOnPetersen() throws {
        let fixture = try RegressionFixture.load("fe1_petersen.json")
        let frame = try ModelFrame(data: fixture.data(), outcome: "y", covariates: [CovariateSpec("x")], intercept: false, codedExtras: ["firm"])
        let firm = frame.codedExtras["firm"]!
        let effects = FixedEffects(factors: [firm])
        let (fit, withinR2) = try LinearRegression.fit(y: frame.outcome, covariates: [frame.design.column(0)], terms: ["x"], fixedEffects: effects)
        #expect(fit.residualDegreesOfFreedom == 4499)
        #expect(Compare.relativeError(fit.coefficients, [fixture.coefficients["x"]!]) < Self.tolerance)
        #expect(abs(withinR2 - fixture.r2Within!) < Self.tolerance)
        #expect(Compare.varianceError(fit.variance(.iid), fixture.vcov["iid"]!) < Self.tolerance)
        let k = effects.clusterAdjustmentParameters(slopes: 1, clusters: [firm])
        #expect(k == 2)
        #expect(Compare.varianceError(fit.variance(.cluster([firm], .fixest), adjustmentParameters: k),
                                      fixture.vcov["cluster_firm"]!) < Self.tolerance)
    }

    @Test func disconnectedFactorsAbsorbOneParameterLessPerComponent() {
        // two groups of units observed in disjoint periods: two connected components
        let unit = [0, 0, 1, 1, 2, 2, 3, 3], period = [0, 1, 0, 1, 2, 3, 2, 3]
        #expect(FixedEffects(factors: [unit, period]).absorbedParameters == 4 + 4 - 2)
        #expect(FixedEffects(factors: [unit]).isNested(factor: 0, in: [5, 5, 6, 6, 7, 7, 8, 8]))
        #expect(!FixedEffects(factors: [period]).isNested(factor: 0, in: [5, 5, 6, 6, 7, 7, 8, 8]))
    }
}
