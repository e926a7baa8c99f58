import Foundation

extension SpecialFunctions {
    /// 1/√π.
    static let inverseSqrtPi = 0.564_189_583_547_756_286_95
    /// 1/√(2π).
    static let inverseSqrtTwoPi = 0.398_942_280_401_432_677_94

    /// Below this the error function is summed as a series; above it the complementary
    /// function comes from the continued fraction.
    static let erfSeriesLimit = 1.0

    /// The error function erf(x) = (2/√π) ∫₀ˣ e^(−t²) dt.
    ///
    /// For |x| < 1 the series erf x = (2/√π) e^(−x²) Σₙ 2ⁿ x²ⁿ⁺¹ / (1·3·…·(2n + 1))
    /// (A&S 7.1.6), whose terms are all positive; otherwise 1 − ``erfc(_:)``.
    public static func erf(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        let a = abs(x)
        if a < erfSeriesLimit { return erfSeries(x) }
        let complement = erfc(a)
        return x < 0 ? complement - 1 : 1 - complement
    }

    /// The complementary error function erfc(x) = 1 − erf(x), computed without cancellation
    /// for large x: erfc x = e^(−x²) · erfcx(x) with e^(−x²) evaluated by splitting x into a
    /// 24-bit head and a tail so x² is exact (as W. J. Cody, "Rational Chebyshev approximations
    /// for the error function", Math. Comp. 1969, does), and the scaled function from
    /// ``erfcx(_:)``. Accurate to about 1e-15 relative until it underflows near x = 27.2.
    public static func erfc(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < 0 { return 2 - erfc(-x) }
        if x < erfSeriesLimit { return 1 - erfSeries(x) }
        if x > 27.3 { return 0 }
        return expMinusSquare(x) * erfcx(x)
    }

    /// The scaled complementary error function erfcx(x) = e^(x²) erfc(x), x ≥ 0 (for x < 0
    /// it is formed from erfc directly and overflows past x ≈ −26.6).
    ///
    /// For x ≥ 1 the Laplace continued fraction erfc x = (e^(−x²)/√π) /
    /// (x + ½/(x + 1/(x + (3/2)/(x + 2/(x + …))))) (A&S 7.1.14), evaluated by the modified
    /// Lentz method (Thompson & Barnett 1986); for x → ∞, erfcx(x) ~ 1/(x√π).
    public static func erfcx(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x < erfSeriesLimit { return exp(x * x) * erfc(x) }
        if x > 1e8 { return inverseSqrtPi / x }
        return inverseSqrtPi / stieltjesFraction(x, step: 0.5)
    }

    /// x + s/(x + 2s/(x + 3s/(x + …))) by the modified Lentz method; converges for x > 0
    /// (a Stieltjes fraction), quickly once x is above about 1.
    static func stieltjesFraction(_ x: Double, step: Double) -> Double {
        let tiny = 1e-300
        var f = x
        var c = x
        var d = 0.0
        var k = 1.0
        while k < 100_000 {
            let a = k * step
            d = x + a * d
            if d == 0 { d = tiny }
            c = x + a / c
            if c == 0 { c = tiny }
            d = 1 / d
            let delta = c * d
            f *= delta
            if abs(delta - 1) <= 1e-16 { break }
            k += 1
        }
        return f
    }

    /// erf by the positive series (A&S 7.1.6), |x| < 1.
    static func erfSeries(_ x: Double) -> Double {
        let x2 = x * x
        var term = x
        var sum = x
        var n = 0.0
        while true {
            n += 1
            term *= 2 * x2 / (2 * n + 1)
            let next = sum + term
            if next == sum { break }
            sum = next
        }
        return 2 * inverseSqrtPi * exp(-x2) * sum
    }

    /// e^(−x²) with x split into a head of 24 significant bits, whose square is exact, and a
    /// tail: e^(−h²) · e^(−(x − h)(x + h)). The rounding of x² would otherwise cost a relative
    /// error of x²·2⁻⁵³ (1.6e-13 at x = 27).
    static func expMinusSquare(_ x: Double) -> Double {
        let a = abs(x)
        if a > 1e10 { return 0 }
        let head = Double(Float(a))
        let tail = (a - head) * (a + head)
        return exp(-head * head) * exp(-tail)
    }

    /// e^(−z²/2), split as in ``expMinusSquare(_:)``.
    static func expMinusHalfSquare(_ z: Double) -> Double {
        let a = abs(z)
        if a > 1e10 { return 0 }
        let head = Double(Float(a))
        let tail = (a - head) * (a + head)
        return exp(-0.5 * head * head) * exp(-0.5 * tail)
    }
}
