import Foundation
import Testing
@testable import LAEvalStats

/// The serial-correlation-robust difference-in-differences power formula of Burlig, Preonas &
/// Woerman (2020), checked against a seeded Monte Carlo simulation of its model and against
/// closed forms derived independently.
@Suite("Power: panel difference-in-differences (Burlig, Preonas & Woerman 2020)")
struct DiDPowerTests {
    /// A panel design to simulate: Y_it = υ_i + δ_t + ω_it + τ D_it with ω stationary AR(1).
    struct Design {
        var units: Int
        var treated: Int
        var pre: Int
        var post: Int
        var idiosyncraticVariance: Double
        var rho: Double
        var unitVariance: Double
        var timeVariance: Double

        var outcomeVariance: Double { idiosyncraticVariance + unitVariance + timeVariance }

        func power(_ criticalValues: DiDPower.CriticalValues = .normal) throws -> DiDPower {
            try .twoWayFixedEffects(prePeriods: pre, postPeriods: post, treatedShare: Double(treated) / Double(units),
                                    outcomeVariance: outcomeVariance, unitShare: unitVariance / outcomeVariance,
                                    timeShare: timeVariance / outcomeVariance, rho: rho, criticalValues: criticalValues)
        }

        /// τ̂ with τ = 0: treated-minus-control mean of each unit's post-period mean minus its
        /// pre-period mean (the two-way fixed-effects estimate in this balanced design).
        func nullEstimate(_ generator: inout SeededGenerator) -> Double {
            let periods = pre + post
            let time = (0..<periods).map { _ in generator.normal() * timeVariance.squareRoot() }
            let sd = idiosyncraticVariance.squareRoot(), innovation = sd * (1 - rho * rho).squareRoot()
            var treatedSum = 0.0, controlSum = 0.0
            for unit in 0..<units {
                let unitEffect = generator.normal() * unitVariance.squareRoot()
                var error = sd * generator.normal()
                var preSum = 0.0, postSum = 0.0
                for t in 0..<periods {
                    if t > 0 { error = rho * error + innovation * generator.normal() }
                    let y = unitEffect + time[t] + error
                    if t < pre { preSum += y } else { postSum += y }
                }
                let change = postSum / Double(post) - preSum / Double(pre)
                if unit < treated { treatedSum += change } else { controlSum += change }
            }
            return treatedSum / Double(treated) - controlSum / Double(units - treated)
        }

        func simulate(replicates: Int, seed: UInt64) -> [Double] {
            (0..<replicates).map { replicate in
                var generator = SeededGenerator(seed: seed, stream: UInt64(replicate))
                return nullEstimate(&generator)
            }
        }
    }

    static let designs = [
        Design(units: 40, treated: 20, pre: 4, post: 3, idiosyncraticVariance: 1, rho: 0.6, unitVariance: 0.5, timeVariance: 0.3),
        Design(units: 30, treated: 12, pre: 1, post: 1, idiosyncraticVariance: 2, rho: 0.3, unitVariance: 1, timeVariance: 0),
        Design(units: 24, treated: 6, pre: 2, post: 6, idiosyncraticVariance: 0.5, rho: -0.4, unitVariance: 0, timeVariance: 1),
    ]

    /// The formula's standard error is the simulated SD of τ̂ within 3 standard errors of an SD
    /// estimated from 4000 replicates (SD/√(2(R − 1))), and a known-variance two-sided z test
    /// at the solved MDE rejects 80% of the time within 3 binomial standard errors.
    @Test(arguments: designs.indices)
    func formulaMatchesSimulation(index: Int) throws {
        let design = Self.designs[index]
        let replicates = 4000
        let estimates = design.simulate(replicates: replicates, seed: 20_260_000 + UInt64(index))
        let sd = SampleStatistics.standardDeviation(estimates)
        let formula = try design.power()
        let se = formula.standardError(units: Double(design.units))
        let sdError = se / (2 * Double(replicates - 1)).squareRoot()
        #expect(abs(sd - se) <= 3 * sdError, "simulated SD \(sd), formula SE \(se)")

        let mde = try formula.solve(units: Double(design.units), power: 0.8).effectSize
        let critical = Normal.standardQuantile(0.975) * se
        let rejections = estimates.filter { abs($0 + mde) > critical }.count
        let rate = Double(rejections) / Double(replicates)
        #expect(abs(rate - 0.8) <= 3 * (0.8 * 0.2 / Double(replicates)).squareRoot(), "rejection rate \(rate) at MDE \(mde)")
        print("DiD design \(index): simulated SD \(sd), formula SE \(se) (±\(3 * sdError)); rejection rate at the MDE \(rate)")
    }

    /// The simulation with ρ = 0.6 checked against the formula with ρ = 0.3 (an SE about 5%
    /// too small) fails the same check: the test can fail.
    @Test func aWrongCovarianceIsDetected() throws {
        let design = Self.designs[0]
        let estimates = design.simulate(replicates: 4000, seed: 20_260_000)
        let sd = SampleStatistics.standardDeviation(estimates)
        var wrong = design
        wrong.rho = 0.3
        let se = try wrong.power().standardError(units: Double(design.units))
        print("DiD with a wrong ρ: simulated SD \(sd), formula SE \(se)")
        #expect(abs(sd - se) > 3 * se / (2 * 3999.0).squareRoot())
    }

    /// ψ's of an AR(1) against closed forms: ψᴮ = 2σ²/(m(m−1)) Σₖ₌₁^{m−1} (m − k) ρᵏ (pairs k
    /// apart), and ψˣ = σ² ρ (1 − ρᵐ)(1 − ρʳ) / (m r (1 − ρ)²) (a product of geometric sums).
    @Test func ar1AveragesMatchClosedForms() throws {
        for (m, r, rho) in [(4, 3, 0.6), (1, 5, 0.8), (6, 1, -0.3), (3, 3, 0.95), (2, 2, 0.0)] {
            let sigma2 = 2.5
            let power = try DiDPower.ar1(prePeriods: m, postPeriods: r, treatedShare: 0.5, variance: sigma2, rho: rho)
            func within(_ count: Int) -> Double {
                guard count > 1 else { return 0 }
                let sum = (1..<count).reduce(0.0) { $0 + Double(count - $1) * pow(rho, Double($1)) }
                return 2 * sigma2 * sum / Double(count * (count - 1))
            }
            let cross = rho == 0 ? 0 : sigma2 * rho * (1 - pow(rho, Double(m))) * (1 - pow(rho, Double(r))) / (Double(m * r) * (1 - rho) * (1 - rho))
            #expect(abs(power.psiPre - within(m)) < 1e-14, "ψᴮ m=\(m) r=\(r) ρ=\(rho)")
            #expect(abs(power.psiPost - within(r)) < 1e-14, "ψᴬ m=\(m) r=\(r) ρ=\(rho)")
            #expect(abs(power.psiCross - cross) < 1e-14, "ψˣ m=\(m) r=\(r) ρ=\(rho)")
        }
    }

    /// With ψ = 0 the formula is McKenzie's (2012) (BPW eq. 3): Var = (m + r)/(m r) σ²/(P(1−P)J);
    /// one period each side gives the classic 2σ²(1/J_T + 1/J_C).
    @Test func independentErrorsGiveMcKenziesFormula() throws {
        let power = try DiDPower(prePeriods: 3, postPeriods: 5, treatedShare: 0.25, variance: 4)
        #expect(abs(power.unitVariance - 8.0 / 15 * 4) < 1e-15)
        let twoByTwo = try DiDPower(prePeriods: 1, postPeriods: 1, treatedShare: 0.5, variance: 1.5)
        let j = 60.0
        #expect(abs(twoByTwo.standardError(units: j) - (2 * 1.5 * (1 / 30.0 + 1 / 30.0)).squareRoot()) < 1e-15)
    }

    /// A unit effect adds the same constant to σ², ψᴮ, ψᴬ and ψˣ; its weights in the formula
    /// sum to zero, so the MDE is unchanged (the difference-in-differences removes it).
    @Test func aCommonCovarianceCancels() throws {
        let base = try DiDPower(prePeriods: 4, postPeriods: 2, treatedShare: 0.4, variance: 1, psiPre: 0.3, psiPost: 0.5, psiCross: 0.2)
        let shifted = try DiDPower(prePeriods: 4, postPeriods: 2, treatedShare: 0.4, variance: 1.7, psiPre: 1.0, psiPost: 1.2, psiCross: 0.9)
        #expect(abs(base.unitVariance - shifted.unitVariance) < 1e-14)
    }

    /// Serial correlation raises the MDE exactly when (m−1)/m ψᴮ + (r−1)/r ψᴬ > 2ψˣ (BPW eq. 4).
    @Test func serialCorrelationRaisesTheMDEByEquationFour() throws {
        for (m, r, rho) in [(1, 1, 0.5), (5, 5, 0.5), (10, 10, 0.9), (2, 8, 0.3)] {
            let correlated = try DiDPower.ar1(prePeriods: m, postPeriods: r, treatedShare: 0.5, variance: 1, rho: rho)
            let independent = try DiDPower.ar1(prePeriods: m, postPeriods: r, treatedShare: 0.5, variance: 1, rho: 0)
            let raises = Double(m - 1) / Double(m) * correlated.psiPre + Double(r - 1) / Double(r) * correlated.psiPost
                > 2 * correlated.psiCross
            #expect((correlated.standardError(units: 50) > independent.standardError(units: 50)) == raises)
        }
    }

    /// The paper's closed form (t_{1−κ} + t_{1−α/2})·SE on J degrees of freedom leaves out the
    /// far tail, so it is slightly above the solved MDE; units, effect and power round-trip.
    @Test func solvingRoundTripsAndMatchesThePapersClosedForm() throws {
        let power = try DiDPower.ar1(prePeriods: 3, postPeriods: 3, treatedShare: 0.5, variance: 1, rho: 0.5)
        let units = 80.0
        let mde = try power.solve(units: units, power: 0.8).effectSize
        let closed = power.closedFormMDE(units: units, power: 0.8)
        let t = StudentT(df: units)
        #expect(abs(closed - (t.quantile(0.8) + t.quantile(0.975)) * power.standardError(units: units)) < 1e-14)
        #expect(closed >= mde && (closed - mde) / mde < 1e-5)
        #expect(abs(power.power(units: units, effect: mde) - 0.8) < 1e-12)
        let needed = try power.solve(effect: mde, power: 0.8)
        #expect(abs(needed.n - units) < 1e-8 * units)
        #expect(needed.nCeiling == 80)
        var normal = power
        normal.criticalValues = .normal
        #expect(try normal.solve(units: units, power: 0.8).effectSize < mde)
        let z = (Normal.standardQuantile(0.8) + Normal.standardQuantile(0.975)) * power.standardError(units: units)
        #expect(abs(normal.closedFormMDE(units: units, power: 0.8) - z) < 1e-14)
    }

    @Test func oneSidedTestsUseTheirOwnTail() throws {
        var power = try DiDPower(prePeriods: 2, postPeriods: 2, treatedShare: 0.5, variance: 1, criticalValues: .normal)
        power.alternative = .greater
        let se = power.standardError(units: 100)
        #expect(abs(power.power(units: 100, effect: 0.3) - Normal.standardCDF(0.3 / se - Normal.standardQuantile(0.95))) < 1e-15)
        power.alternative = .less
        let mde = try power.solve(units: 100, power: 0.9).effectSize
        #expect(mde < 0)
        #expect(abs(mde + (Normal.standardQuantile(0.9) + Normal.standardQuantile(0.95)) * se) < 1e-12)
    }

    @Test func badInputThrowsWithAClearMessage() throws {
        let power = try DiDPower(prePeriods: 2, postPeriods: 2, treatedShare: 0.5, variance: 1)
        func message(_ body: () throws -> Any) -> String {
            do {
                _ = try body()
                return "no error"
            } catch {
                return "\(error)"
            }
        }
        #expect(message { try power.solve(units: 50) } == "exactly one of units, effect and power must be left unknown to be solved for, but 2 are")
        #expect(message { try power.solve(effect: 0.5, power: 0.03) }
            == "power 0.03 is not above the significance level 0.05, which a test has with no effect at all")
        #expect(message { try power.solve(effect: 0, power: 0.8) } == "no number of units between 2 and 1e+09 gives the requested power")
        #expect(message { try DiDPower(prePeriods: 0, postPeriods: 2, treatedShare: 0.5, variance: 1) }
            == "the number of pre-treatment periods must be at least 1, not 0")
        #expect(message { try DiDPower(prePeriods: 2, postPeriods: 2, treatedShare: 1, variance: 1) }
            == "the treated share must be between 0 and 1 (exclusive), not 1")
        #expect(message { try DiDPower.ar1(prePeriods: 2, postPeriods: 2, treatedShare: 0.5, variance: 1, rho: 1) }
            == "the autocorrelation rho must be between -1 and 1 (exclusive), not 1")
        #expect(message { try DiDPower(prePeriods: 2, postPeriods: 2, treatedShare: 0.5, variance: 1, psiCross: 5) }
            == "the variance of a unit's post-minus-pre change implied by the covariances must be positive, not -9")
    }
}
