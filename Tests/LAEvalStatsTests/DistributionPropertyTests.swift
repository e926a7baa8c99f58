import Foundation
import Testing
@testable import LAEvalStats

/// A labelled distribution for parameterised tests.
struct NamedDistribution: CustomStringConvertible, Sendable {
    enum Support: Sendable { case real, positive, unit, counts }

    let description: String
    let model: any UnivariateDistribution
    let support: Support

    init(_ description: String, _ model: any UnivariateDistribution, support: Support = .real) {
        self.description = description
        self.model = model
        self.support = support
    }

    static let continuous: [NamedDistribution] = [
        NamedDistribution("Normal(0,1)", Normal()),
        NamedDistribution("Normal(3,2)", Normal(mean: 3, sd: 2)),
        NamedDistribution("t(1)", StudentT(df: 1)),
        NamedDistribution("t(2.5)", StudentT(df: 2.5)),
        NamedDistribution("t(30)", StudentT(df: 30)),
        NamedDistribution("t(1e6)", StudentT(df: 1e6)),
        NamedDistribution("ChiSq(1)", ChiSquared(df: 1), support: .positive),
        NamedDistribution("ChiSq(7)", ChiSquared(df: 7), support: .positive),
        NamedDistribution("ChiSq(1000)", ChiSquared(df: 1000), support: .positive),
        NamedDistribution("F(1,1)", FDistribution(d1: 1, d2: 1), support: .positive),
        NamedDistribution("F(4,12)", FDistribution(d1: 4, d2: 12), support: .positive),
        NamedDistribution("F(60,500)", FDistribution(d1: 60, d2: 500), support: .positive),
        NamedDistribution("Beta(0.5,0.5)", BetaDistribution(a: 0.5, b: 0.5), support: .unit),
        NamedDistribution("Beta(0.1,5)", BetaDistribution(a: 0.1, b: 5), support: .unit),
        NamedDistribution("Beta(2,3)", BetaDistribution(a: 2, b: 3), support: .unit),
        NamedDistribution("Beta(800,200)", BetaDistribution(a: 800, b: 200), support: .unit),
        NamedDistribution("Gamma(0.1,1)", GammaDistribution(shape: 0.1, scale: 1), support: .positive),
        NamedDistribution("Gamma(2.5,3)", GammaDistribution(shape: 2.5, scale: 3), support: .positive),
        NamedDistribution("Gamma(1000,0.1)", GammaDistribution(shape: 1000, scale: 0.1), support: .positive),
    ]

    static let counts: [NamedDistribution] = [
        NamedDistribution("Binomial(20,0.5)", Binomial(n: 20, p: 0.5), support: .counts),
        NamedDistribution("Binomial(300,0.02)", Binomial(n: 300, p: 0.02), support: .counts),
        NamedDistribution("Binomial(5000,0.9)", Binomial(n: 5000, p: 0.9), support: .counts),
        NamedDistribution("Poisson(0.001)", Poisson(lambda: 0.001), support: .counts),
        NamedDistribution("Poisson(3.5)", Poisson(lambda: 3.5), support: .counts),
        NamedDistribution("Poisson(2000)", Poisson(lambda: 2000), support: .counts),
    ]
}

@Suite("Distributions: properties")
struct DistributionPropertyTests {
    static let bodyProbabilities = [0.001, 0.01, 0.05, 0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9, 0.95, 0.99, 0.999]

    @Test("cdf + sf = 1 in the body", arguments: NamedDistribution.continuous + NamedDistribution.counts)
    func complementsSumToOne(_ d: NamedDistribution) {
        for p in Self.bodyProbabilities {
            let x = d.model.quantile(p)
            for point in [x, x * 0.97 + 0.01, x * 1.03 + 0.02] {
                let total = d.model.cdf(point) + d.model.sf(point)
                #expect(abs(total - 1) <= 1e-15, "\(d) at \(point): cdf + sf = \(total)")
            }
        }
    }

    @Test("quantile and cdf are inverse", arguments: NamedDistribution.continuous)
    func quantileInvertsCDF(_ d: NamedDistribution) {
        // cdf(quantile(p)) = p and sf(upperQuantile(q)) = q, down to 1e-300. The tolerance
        // allows for the rounding of the quantile to a double, which moves the tail by
        // κ·2⁻⁵³ relative with κ = |x f(x)|/p (about 700 for a chi-square tail at 1e-300);
        // quantiles that are not representable (0, subnormal, or 1 on the unit interval) are
        // skipped.
        func check(_ x: Double, _ tail: Double, _ p: Double, _ what: String) {
            guard x.isNormal, !(d.support == .unit && x == 1) else { return }
            let kappa = abs(x) * d.model.pdf(x) / p
            let tolerance = p * (1e-13 + 8 * 0x1p-53 * kappa)
            #expect(abs(tail - p) <= tolerance, "\(d): \(what)(\(p)) = \(x), tail \(tail)")
        }
        for p in Self.bodyProbabilities + [1e-300, 1e-100, 1e-20, 1e-8] {
            let x = d.model.quantile(p)
            check(x, d.model.cdf(x), p, "quantile")
            let y = d.model.upperQuantile(p)
            check(y, d.model.sf(y), p, "upperQuantile")
        }
        // quantile(cdf(x)) = x in the body; the tolerance allows for the rounding of cdf(x)
        // itself, |dx| ≈ 2⁻⁵³ cdf(x)/pdf(x), a property of the problem rather than the code.
        for p in Self.bodyProbabilities {
            let x = d.model.quantile(p)
            for point in [x * 0.99 + 0.001, x, x * 1.01 + 0.001] {
                let c = d.model.cdf(point)
                guard c > 0 && c < 1 else { continue }
                let back = d.model.quantile(c)
                let conditioning = 4 * 0x1p-53 * min(c, 1 - c) / d.model.pdf(point)
                #expect(abs(back - point) <= 1e-13 * abs(point) + conditioning,
                        "\(d): quantile(cdf(\(point))) = \(back)")
            }
        }
    }

    @Test("density integrates to one (trapezoid)", arguments: NamedDistribution.continuous)
    func densityIntegrates(_ d: NamedDistribution) {
        // ∫ f between the 1e-6 and 1 − 1e-6 quantiles = 1 − 2e-6. The trapezoid rule runs in a
        // variable that makes the integrand smooth: u = asinh x on the real line (heavy t tails
        // become exponential), u = log x on (0, ∞),
        // u = logit x on (0, 1) (f(x) dx = f(x(u)) x′(u) du), which removes the integrable
        // singularities of, e.g., Beta(0.5, 0.5) and ChiSq(1) at the ends of the support.
        func point(_ u: Double) -> (x: Double, dx: Double) {
            switch d.support {
            case .real, .counts: return (sinh(u), cosh(u))
            case .positive:
                let x = exp(u)
                return (x, x)
            case .unit:
                let x = 1 / (1 + exp(-u))
                return (x, x * (1 - x))
            }
        }
        func variable(_ x: Double) -> Double {
            switch d.support {
            case .real, .counts: return asinh(x)
            case .positive: return log(x)
            case .unit: return log(x / (1 - x))
            }
        }
        let tail = 1e-6
        let a = variable(d.model.quantile(tail))
        let b = variable(d.model.upperQuantile(tail))
        let panels = 100_000
        let h = (b - a) / Double(panels)
        func integrand(_ u: Double) -> Double {
            let (x, dx) = point(u)
            return d.model.pdf(x) * dx
        }
        var sum = 0.5 * (integrand(a) + integrand(b))
        for i in 1..<panels { sum += integrand(a + Double(i) * h) }
        let integral = sum * h
        #expect(abs(integral - (1 - 2 * tail)) < 1e-7, "\(d): ∫f = \(integral)")
    }

    @Test("discrete cdf is the cumulative pmf and sf the remaining mass", arguments: NamedDistribution.counts)
    func cumulativeMass(_ d: NamedDistribution) {
        let top = d.model.quantile(1 - 1e-12)
        var cumulative = 0.0
        var k = 0.0
        while k <= top {
            cumulative += d.model.pdf(k)
            let cdf = d.model.cdf(k)
            // (Only where no summed term was subnormal.)
            if cdf > 1e-280 {
                #expect(abs(cumulative - cdf) <= 2e-12 * cdf, "\(d): Σ pmf(0…\(k)) = \(cumulative), cdf \(cdf)")
            }
            #expect(d.model.cdf(k + 0.5) == cdf, "\(d): cdf is a step function")
            #expect(d.model.pdf(k + 0.5) == 0)
            k += 1
        }
        // Upper tails summed from the far end down, checked against sf.
        k = (top * 1.5 + 20).rounded()
        var remaining = d.model.sf(k)
        while k >= d.model.quantile(0.5) {
            let sf = d.model.sf(k)
            #expect(abs(remaining - sf) <= 1e-12 * sf, "\(d): Σ pmf(>\(k)) = \(remaining), sf \(sf)")
            remaining += d.model.pdf(k)
            k -= 1
        }
    }

    @Test("discrete quantile is the smallest k with cdf(k) ≥ p", arguments: NamedDistribution.counts)
    func discreteQuantileDefinition(_ d: NamedDistribution) {
        for p in Self.bodyProbabilities + [1e-300, 1e-30, 1e-6, 1 - 1e-6] {
            let k = d.model.quantile(p)
            #expect(d.model.cdf(k) >= p)
            if k > 0 { #expect(d.model.cdf(k - 1) < p) }
            let u = d.model.upperQuantile(p)
            #expect(d.model.sf(u) <= p)
            if u > 0 { #expect(d.model.sf(u - 1) > p) }
        }
        #expect(d.model.quantile(0) == 0)
    }

    static let invalid: [NamedDistribution] = [
        NamedDistribution("Normal(sd: -1)", Normal(mean: 0, sd: -1)),
        NamedDistribution("Normal(sd: 0)", Normal(mean: 0, sd: 0)),
        NamedDistribution("Normal(mean: nan)", Normal(mean: .nan, sd: 1)),
        NamedDistribution("t(-1)", StudentT(df: -1)),
        NamedDistribution("t(0)", StudentT(df: 0)),
        NamedDistribution("t(nan)", StudentT(df: .nan)),
        NamedDistribution("ChiSq(-2)", ChiSquared(df: -2), support: .positive),
        NamedDistribution("ChiSq(0)", ChiSquared(df: 0), support: .positive),
        NamedDistribution("F(-1,3)", FDistribution(d1: -1, d2: 3), support: .positive),
        NamedDistribution("F(3,0)", FDistribution(d1: 3, d2: 0), support: .positive),
        NamedDistribution("Beta(0,1)", BetaDistribution(a: 0, b: 1), support: .unit),
        NamedDistribution("Beta(1,-1)", BetaDistribution(a: 1, b: -1), support: .unit),
        NamedDistribution("Gamma(-1,1)", GammaDistribution(shape: -1, scale: 1), support: .positive),
        NamedDistribution("Gamma(1,0)", GammaDistribution(shape: 1, scale: 0), support: .positive),
        NamedDistribution("Binomial(-1,0.5)", Binomial(n: -1, p: 0.5), support: .counts),
        NamedDistribution("Binomial(10,1.5)", Binomial(n: 10, p: 1.5), support: .counts),
        NamedDistribution("Binomial(10,-0.1)", Binomial(n: 10, p: -0.1), support: .counts),
        NamedDistribution("Poisson(-1)", Poisson(lambda: -1), support: .counts),
        NamedDistribution("Poisson(inf)", Poisson(lambda: .infinity), support: .counts),
    ]

    @Test("invalid parameters give NaN, as in R", arguments: invalid)
    func invalidParameters(_ d: NamedDistribution) {
        for x in [0.0, 0.5, 1.0, 3.0] {
            #expect(d.model.pdf(x).isNaN, "\(d) pdf")
            #expect(d.model.logPDF(x).isNaN, "\(d) logPDF")
            #expect(d.model.cdf(x).isNaN, "\(d) cdf")
            #expect(d.model.sf(x).isNaN, "\(d) sf")
        }
        for p in [0.0, 0.3, 1.0] {
            #expect(d.model.quantile(p).isNaN, "\(d) quantile")
            #expect(d.model.upperQuantile(p).isNaN, "\(d) upperQuantile")
        }
    }

    @Test("probabilities outside [0, 1] and NaN arguments give NaN",
          arguments: NamedDistribution.continuous + NamedDistribution.counts)
    func invalidArguments(_ d: NamedDistribution) {
        for p in [-0.1, 1.1, -.infinity, .infinity, .nan] {
            #expect(d.model.quantile(p).isNaN)
            #expect(d.model.upperQuantile(p).isNaN)
        }
        #expect(d.model.pdf(.nan).isNaN)
        #expect(d.model.cdf(.nan).isNaN)
        #expect(d.model.sf(.nan).isNaN)
    }

    @Test("quantile end points", arguments: NamedDistribution.continuous)
    func quantileEnds(_ d: NamedDistribution) {
        let low = d.model.quantile(0)
        let high = d.model.quantile(1)
        #expect(d.model.cdf(low) == 0)
        #expect(d.model.cdf(high) == 1)
        #expect(d.model.upperQuantile(1) == low)
        #expect(d.model.upperQuantile(0) == high)
    }

    @Test("logPDF agrees with log(pdf) and stays finite where pdf underflows")
    func logDensity() {
        #expect(abs(Normal().logPDF(40) - (-800 - SpecialFunctions.halfLogTwoPi)) < 1e-12)
        #expect(Normal().pdf(40) == 0)
        #expect(StudentT(df: 3).logPDF(1e200).isFinite)
        #expect(GammaDistribution(shape: 2, scale: 1).logPDF(1000).isFinite)
        #expect(Poisson(lambda: 1e4).logPMF(100_000).isFinite)
        #expect(Binomial(n: 1_000_000, p: 0.3).logPMF(900_000).isFinite)
        for d in NamedDistribution.continuous {
            for p in [0.01, 0.3, 0.7, 0.99] {
                let x = d.model.quantile(p)
                #expect(abs(d.model.logPDF(x) - log(d.model.pdf(x))) < 1e-13 * max(1, abs(d.model.logPDF(x))))
            }
        }
    }
}

@Suite("Special functions")
struct SpecialFunctionTests {
    @Test("log-gamma at exact points and across its zeros")
    func logGamma() {
        #expect(SpecialFunctions.logGamma(1) == 0)
        #expect(SpecialFunctions.logGamma(2) == 0)
        #expect(abs(SpecialFunctions.logGamma(0.5) - 0.572_364_942_924_700_087_07) < 2e-16)
        // log Γ(n) = log (n − 1)! summed exactly enough in Double for these n.
        var logFactorial = 0.0
        for n in 2...170 {
            logFactorial += log(Double(n - 1))
            let value = SpecialFunctions.logGamma(Double(n))
            #expect(abs(value - logFactorial) <= 1e-14 * max(1, logFactorial), "n = \(n)")
        }
        // Near the zeros the relative error stays small (mpmath values at the same doubles).
        let reference: [(Double, Double)] = [
            (1.0001, -5.7713342220471268005e-05), (1.9999, -4.2275208772153458011e-05),
            (2.5, 0.28468287047291915963), (0.3, 1.0957979948180755606),
            (7.7, 7.9265413562690047789), (1.5, -0.12078223763524522235),
        ]
        for (x, value) in reference {
            #expect(abs(SpecialFunctions.logGamma(x) / value - 1) < 1e-15, "logGamma(\(x))")
        }
        #expect(SpecialFunctions.logGamma(-1).isNaN)
        #expect(SpecialFunctions.logGamma(0) == .infinity)
    }

    @Test("erf, erfc and erfcx agree with each other and with known values")
    func errorFunction() {
        #expect(SpecialFunctions.erf(0) == 0)
        #expect(abs(SpecialFunctions.erf(0.5) - 0.520_499_877_813_046_537_68) < 2e-16)
        #expect(abs(SpecialFunctions.erfc(1) / 0.157_299_207_050_285_130_66 - 1) < 2e-15)
        #expect(abs(SpecialFunctions.erfc(5) / 1.537_459_794_428_034_850_2e-12 - 1) < 1e-14)
        #expect(abs(SpecialFunctions.erfc(26) / 5.663_192_408_856_142_846_1e-296 - 1) < 1e-13)
        #expect(abs(SpecialFunctions.erfcx(1e5) / 5.641_895_835_195_468_077_7e-6 - 1) < 1e-14)
        for x in stride(from: -3.0, through: 3.0, by: 0.25) {
            #expect(abs(SpecialFunctions.erf(x) + SpecialFunctions.erfc(x) - 1) < 4e-16)
            #expect(abs(SpecialFunctions.erf(-x) + SpecialFunctions.erf(x)) < 1e-16)
        }
    }

    @Test("incomplete gamma and beta: P + Q = 1 and known closed forms")
    func incompleteFunctions() {
        // P(1, x) = 1 − e^(−x); I_x(1, b) = 1 − (1 − x)^b; I_x(a, 1) = x^a.
        for x in [1e-8, 0.1, 1.0, 5.0, 40.0] {
            let (p, q) = SpecialFunctions.regularizedGamma(1, x)
            #expect(abs(p / -expm1(-x) - 1) < 1e-14)
            #expect(abs(q / exp(-x) - 1) < 1e-14)
        }
        for x in [1e-6, 0.1, 0.5, 0.9] {
            let (lower, upper) = SpecialFunctions.regularizedBeta(1, 3.5, x: x, y: 1 - x)
            #expect(abs(upper / pow(1 - x, 3.5) - 1) < 1e-14)
            #expect(abs(lower + upper - 1) < 1e-15)
            #expect(abs(SpecialFunctions.regularizedBeta(2.5, 1, x: x) / pow(x, 2.5) - 1) < 1e-14)
        }
        #expect(SpecialFunctions.regularizedGamma(-1, 1).p.isNaN)
        #expect(SpecialFunctions.regularizedBeta(1, 1, x: 1.5, y: -0.5).lower.isNaN)
    }
}
