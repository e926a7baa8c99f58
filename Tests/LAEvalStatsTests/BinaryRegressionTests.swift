import Foundation
import LAEvalStats
import Testing

/// Logit and probit against R's glm fitted with epsilon 1e-14 (glm's default 1e-8 stops the
/// probit fit up to 7e-6 short: see the fixture's default_control block). Tolerance 1e-6, as the
/// issue asks, and 1e-9 as laeval reaches. Even at epsilon 1e-14 glm stops while the probit
/// coefficients are ~2e-8 from the optimum (the deviance is flat there), so the fixture script
/// restarts glm from its own solution until no coefficient moves; laeval waits for its
/// coefficients to settle as well.
@Suite struct BinaryRegressionTests {
    static func check(_ link: BinaryLink, fixture name: String) throws {
        let fixture = try RegressionFixture.load(name)
        let frame = try ModelFrame(data: fixture.data(), outcome: "low",
                                   covariates: ["age", "lwt", "factor(race)", "smoke"].map(CovariateSpec.init), intercept: true)
        let fit = try BinaryRegression.fit(y: frame.outcome, design: frame.design, terms: frame.terms, link: link)
        #expect(fit.converged)
        #expect(fit.terms == ["(Intercept)", "age", "lwt", "factor(race)2", "factor(race)3", "smoke"])
        let coefficientError = Compare.relativeError(fit.coefficients, fit.terms.map { fixture.coefficients[$0]! })
        #expect(coefficientError < 1e-6)
        #expect(coefficientError < 1e-9)
        #expect(Compare.varianceError(fit.variance, fixture.vcov["iid"]!) < 1e-6)
        let extra = try JSONSerialization.jsonObject(with: FixtureFiles.data("regression/\(name)")) as! [String: Any]
        #expect(abs(fit.deviance - (extra["deviance"] as! Double)) < 1e-9 * fit.deviance)
        #expect(fit.deviance <= (extra["deviance"] as! Double) + 1e-12, "laeval's optimum is at least as good as glm's")
        #expect(abs(fit.nullDeviance - (extra["null_deviance"] as! Double)) < 1e-9 * fit.nullDeviance)
        #expect(abs(fit.logLikelihood - (extra["logLik"] as! Double)) < 1e-9 * abs(fit.logLikelihood))
        #expect(abs(fit.aic - (extra["aic"] as! Double)) < 1e-9 * fit.aic)
    }

    @Test func logitMatchesGlm() throws { try Self.check(.logit, fixture: "logit_birthwt.json") }
    @Test func probitMatchesGlm() throws { try Self.check(.probit, fixture: "probit_birthwt.json") }

    @Test func anOutcomeOutsideZeroOneIsRejected() {
        #expect(throws: RegressionError.self) {
            try BinaryRegression.fit(y: [0, 2], design: Matrix(columns: [[1, 1]]), terms: ["(Intercept)"], link: .logit)
        }
    }
}
