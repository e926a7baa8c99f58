import Foundation

extension SpecialFunctions {
    /// The regularised incomplete beta function Iₓ(a, b) and its complement 1 − Iₓ(a, b) =
    /// I_y(b, a), for a, b > 0 and 0 ≤ x ≤ 1, with y = 1 − x passed separately so that a
    /// caller who knows 1 − x exactly (t and F distributions, far tails) loses nothing to the
    /// subtraction. NaN for invalid arguments.
    ///
    /// Method: the continued fraction (A&S 26.5.8)
    /// Iₓ(a, b) = xᵃ yᵇ/(a B(a, b)) · 1/(1 + d₁/(1 + d₂/(1 + …))),
    /// d₂ₘ₊₁ = −(a + m)(a + b + m)x / ((a + 2m)(a + 2m + 1)),
    /// d₂ₘ = m(b − m)x / ((a + 2m − 1)(a + 2m)),
    /// evaluated by the modified Lentz method, on the side where it converges quickly: directly
    /// when x < (a + 1)/(a + b + 2), otherwise for I_y(b, a) by the symmetry
    /// Iₓ(a, b) = 1 − I_y(b, a). The prefactor xᵃ yᵇ / B(a, b) uses Loader's saddle-point form
    /// (see `logBetaPrefactor`), so large shapes (10⁶) keep full accuracy.
    public static func regularizedBeta(
        _ a: Double, _ b: Double, x: Double, y: Double
    ) -> (lower: Double, upper: Double) {
        if a.isNaN || b.isNaN || x.isNaN || y.isNaN || a <= 0 || b <= 0 || a.isInfinite
            || b.isInfinite || x < 0 || y < 0 || x > 1 || y > 1
        {
            return (.nan, .nan)
        }
        if x == 0 { return (0, 1) }
        if y == 0 { return (1, 0) }
        // One shape large, the other small, x near 1 (the t distribution with large df, for
        // instance): the continued fraction cancels there, so use the expansion in 1/T.
        if a >= largeShape, b <= smallShape, y < 0.6 {
            return betaLargeShape(a, b, x: x, y: y)
        }
        if b >= largeShape, a <= smallShape, x < 0.6 {
            let (lower, upper) = betaLargeShape(b, a, x: y, y: x)
            return (upper, lower)
        }
        if x < (a + 1) / (a + b + 2) {
            let w = betaContinuedFraction(a, b, x: x, y: y)
            return (w, 1 - w)
        }
        let w = betaContinuedFraction(b, a, x: y, y: x)
        return (1 - w, w)
    }

    /// Iₓ(a, b) with y = 1 − x computed by the caller; see
    /// ``regularizedBeta(_:_:x:y:)``.
    public static func regularizedBeta(_ a: Double, _ b: Double, x: Double) -> Double {
        regularizedBeta(a, b, x: x, y: 1 - x).lower
    }

    static let largeShape = 500.0
    static let smallShape = 3.0

    /// Iₓ(a, b) and its complement for large a and small b with x near 1, by the expansion of
    /// DiDonato & Morris (1992, "Algorithm 708", the BGRAT idea), derived here as follows.
    /// With t = e^(−s), u₀ = −log x and T = a + (b − 1)/2,
    /// B(a, b) Iₓ(a, b) = ∫_{u₀}^∞ e^(−Ts) s^(b−1) exp((b − 1) h(s)) ds,
    /// h(s) = log(sinh(s/2)/(s/2)) = Σₙ B₂ₙ s²ⁿ/(2n (2n)!). Expanding exp((b − 1)h) = Σ fₙ s²ⁿ
    /// and integrating term by term,
    /// Iₓ(a, b) = Γ(b)/(B(a, b) Tᵇ) Σₙ fₙ (b)₂ₙ T^(−2n) Q(b + 2n, T u₀),
    /// and the complement the same with P in place of Q. The series converges like
    /// ((b + 2n)/(2πT))²ⁿ, so a few terms suffice for T ≥ 500; u₀ = −log1p(−y) is exact
    /// for x near 1, and no O(1) quantities cancel.
    static func betaLargeShape(_ a: Double, _ b: Double, x: Double, y: Double) -> (lower: Double, upper: Double) {
        let u0 = x < 0.5 ? -log(x) : -log1p(-y)
        let t = a + (b - 1) / 2
        let z = t * u0
        // log[Γ(b) / (B(a, b) Tᵇ)] = −b log T − [log B(a, b) − log Γ(b)]
        let shift: Double = (a - 0.5) * log1p(b / a) + b * log(a + b)
        let corrections: Double = stirlingError(a) - stirlingError(a + b)
        let logBetaMinusLogGammaB: Double = b - shift + corrections
        let front: Double = exp(-b * log(t) - logBetaMinusLogGammaB)
        // Coefficients of exp((b − 1) h) in powers of w = s², via f_n = (1/n) Σ k g_k f_{n−k}.
        let hCoefficients: [Double] = [
            1 / 24.0, -1 / 2_880.0, 1 / 181_440.0, -1 / 9_676_800.0, 1 / 479_001_600.0,
            -691 / 15_692_092_416_000.0,
        ]
        let beta = b - 1
        var f: [Double] = [1]
        var lowerSum = 0.0
        var upperSum = 0.0
        var pochhammer = 1.0  // (b)_{2n} / T^{2n}
        for n in 0...hCoefficients.count {
            if n > 0 {
                var fn = 0.0
                for k in 1...n {
                    let g: Double = Double(k) * beta * hCoefficients[k - 1]
                    fn += g * f[n - k]
                }
                f.append(fn / Double(n))
                let m = Double(2 * n)
                let rise: Double = (b + m - 2) * (b + m - 1)
                pochhammer *= rise / (t * t)
            }
            let (p, q) = regularizedGamma(b + Double(2 * n), z)
            let weight: Double = f[n] * pochhammer
            lowerSum += weight * q
            upperSum += weight * p
            if n > 0 && abs(weight) <= 1e-17 * abs(lowerSum) && abs(weight * p) <= 1e-17 * abs(upperSum) {
                break
            }
        }
        return (front * lowerSum, front * upperSum)
    }

    static func betaContinuedFraction(_ a: Double, _ b: Double, x: Double, y: Double) -> Double {
        let logFront = logBetaPrefactor(a, b, x: x, y: y) - log(a)
        if logFront < -745.2 { return 0 }
        let tiny = 1e-300
        // K = 1 + d1/(1 + d2/(1 + ...)); I = front / K.
        var f = 1.0
        var c = 1.0
        var d = 0.0
        var m = 0.0
        var odd = true
        var step = 1
        while step < 2_000_000 {
            let coefficient: Double
            if odd {
                coefficient = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
                m += 1
            } else {
                coefficient = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
            }
            odd.toggle()
            d = 1 + coefficient * d
            if abs(d) < tiny { d = tiny }
            c = 1 + coefficient / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = c * d
            f *= delta
            if abs(delta - 1) <= 1e-16 { break }
            step += 1
        }
        return exp(logFront) / f
    }
}
