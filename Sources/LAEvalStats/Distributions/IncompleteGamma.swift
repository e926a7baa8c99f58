import Foundation

extension SpecialFunctions {
    /// The regularised incomplete gamma functions P(a, x) = γ(a, x)/Γ(a) and
    /// Q(a, x) = Γ(a, x)/Γ(a) = 1 − P, each computed directly where it is the smaller, for
    /// a > 0, x ≥ 0 (NaN otherwise).
    ///
    /// - x < a + 1: the series P = e^(−x) xᵃ/Γ(a + 1) · Σₙ xⁿ/((a + 1)…(a + n))
    ///   (A&S 6.5.29), and Q = 1 − P (here P ≲ ½ … and Q ≳ 0.02, so nothing is lost).
    /// - otherwise Legendre's continued fraction Q = e^(−x) xᵃ/Γ(a) ·
    ///   1/(x + 1 − a − 1(1 − a)/(x + 3 − a − 2(2 − a)/(x + 5 − a − …))) (A&S 6.5.31), by the
    ///   modified Lentz method, and P = 1 − Q.
    ///
    /// The prefactor e^(−x) xᵃ/Γ(a + 1) is Loader's saddle-point form
    /// exp(−δ(a) − bd0(a, x))/√(2πa) (see ``deviance(_:_:)``), so it keeps full relative
    /// accuracy for large a and far into either tail. Both expansions need O(√a) terms near
    /// x ≈ a; the iteration cap (10⁶) is reached only for a beyond about 10¹¹.
    public static func regularizedGamma(_ a: Double, _ x: Double) -> (p: Double, q: Double) {
        if a.isNaN || x.isNaN || a <= 0 || x < 0 || a.isInfinite { return (.nan, .nan) }
        if x == 0 { return (0, 1) }
        if x.isInfinite { return (1, 0) }
        if x < a + 1 {
            let p = gammaSeries(a, x)
            return (p, 1 - p)
        }
        let q = gammaContinuedFraction(a, x)
        return (1 - q, q)
    }

    /// Lower regularised incomplete gamma P(a, x); see ``regularizedGamma(_:_:)``.
    public static func regularizedGammaP(_ a: Double, _ x: Double) -> Double { regularizedGamma(a, x).p }

    /// Upper regularised incomplete gamma Q(a, x), computed directly (not as 1 − P) in its
    /// tail; see ``regularizedGamma(_:_:)``.
    public static func regularizedGammaQ(_ a: Double, _ x: Double) -> Double { regularizedGamma(a, x).q }

    static func gammaSeries(_ a: Double, _ x: Double) -> Double {
        let logPrefactor = logPoissonTerm(a, x)
        if logPrefactor < -745.2 { return 0 }
        var sum = 1.0
        var term = 1.0
        var n = 1.0
        while n < 1e6 {
            term *= x / (a + n)
            sum += term
            if term <= sum * 1e-17 { break }
            n += 1
        }
        return exp(logPrefactor) * sum
    }

    static func gammaContinuedFraction(_ a: Double, _ x: Double) -> Double {
        let logPrefactor = log(a) + logPoissonTerm(a, x)
        if logPrefactor < -745.2 { return 0 }
        let tiny = 1e-300
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var h = d
        var i = 1.0
        while i < 1e6 {
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            h *= delta
            if abs(delta - 1) <= 1e-16 { break }
            i += 1
        }
        return exp(logPrefactor) * h
    }
}
