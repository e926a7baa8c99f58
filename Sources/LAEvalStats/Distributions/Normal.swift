import Foundation

/// The normal distribution N(mean, sd²). Invalid parameters (sd ≤ 0, non-finite mean or sd)
/// give NaN from every function.
public struct Normal: UnivariateDistribution, Hashable {
    public let mean: Double
    public let sd: Double

    public init(mean: Double = 0, sd: Double = 1) {
        self.mean = mean
        self.sd = sd
    }

    var isValid: Bool { mean.isFinite && sd.isFinite && sd > 0 }

    /// φ((x − μ)/σ)/σ, with e^(−z²/2) evaluated with z split so that z² is exact (see
    /// `SpecialFunctions.expMinusHalfSquare`), after Cody (1969).
    public func pdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        let z = (x - mean) / sd
        return SpecialFunctions.inverseSqrtTwoPi * SpecialFunctions.expMinusHalfSquare(z) / sd
    }

    /// −z²/2 − log(σ√(2π)).
    public func logPDF(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        let z = (x - mean) / sd
        return -0.5 * z * z - SpecialFunctions.halfLogTwoPi - log(sd)
    }

    /// Φ((x − μ)/σ); see ``Normal/standardCDF(_:)``.
    public func cdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        return Normal.standardCDF((x - mean) / sd)
    }

    /// 1 − Φ((x − μ)/σ) = Φ(−z), computed directly.
    public func sf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        return Normal.standardCDF(-(x - mean) / sd)
    }

    /// μ + σ Φ⁻¹(p); see ``Normal/standardQuantile(_:)``.
    public func quantile(_ p: Double) -> Double {
        guard isValid, isProbability(p) else { return .nan }
        return mean + sd * Normal.standardQuantile(p)
    }

    /// μ − σ Φ⁻¹(q), the x with P(X > x) = q, without forming 1 − q.
    public func upperQuantile(_ q: Double) -> Double {
        guard isValid, isProbability(q) else { return .nan }
        return mean - sd * Normal.standardQuantile(q)
    }

    /// Below this |z| the centred series is used; above it the continued fraction.
    static let seriesLimit = 2.0

    /// The standard normal distribution function Φ(z).
    ///
    /// - |z| < 2: Φ(z) = ½ + φ(z) Σₙ z²ⁿ⁺¹/(1·3·…·(2n + 1)) (Marsaglia, "Evaluating the
    ///   normal distribution", J. Stat. Softw. 2004), all terms of one sign.
    /// - otherwise the lower tail Φ(−|z|) = φ(z) R(|z|) with Laplace's continued fraction for
    ///   Mills' ratio R(z) = 1/(z + 1/(z + 2/(z + 3/(z + …)))) (A&S 26.2.14), so the far tail
    ///   keeps full relative accuracy down to the underflow threshold (Φ(−37.5) ≈ 4.6e-308).
    ///   φ(z) is formed with z split so that z² is exact.
    public static func standardCDF(_ z: Double) -> Double {
        if z.isNaN { return .nan }
        let a = abs(z)
        if a < seriesLimit {
            return 0.5 + SpecialFunctions.inverseSqrtTwoPi * SpecialFunctions.expMinusHalfSquare(z)
                * centredSeries(z)
        }
        let tail = a > 40 ? 0 : SpecialFunctions.inverseSqrtTwoPi
            * SpecialFunctions.expMinusHalfSquare(a) / SpecialFunctions.stieltjesFraction(a, step: 1)
        return z < 0 ? tail : 1 - tail
    }

    /// Σₙ z²ⁿ⁺¹/(2n + 1)!!, so that Φ(z) − ½ = φ(z) · series.
    static func centredSeries(_ z: Double) -> Double {
        let z2 = z * z
        var term = z
        var sum = z
        var n = 0.0
        while true {
            n += 1
            term *= z2 / (2 * n + 1)
            let next = sum + term
            if next == sum { break }
            sum = next
        }
        return sum
    }

    /// The standard normal quantile Φ⁻¹(p).
    ///
    /// A starting value from Abramowitz & Stegun 26.2.23 (|error| < 4.5e-4), refined by Halley's
    /// method on the logarithmic scale, g(z) = log Φ(z) − log p with g′ = φ/Φ = m and
    /// g″ = −m(z + m), for p < ¼; in the centre on g(z) = (Φ(z) − ½) − (p − ½), where
    /// p − ½ is exact and Φ(z) − ½ comes from the centred series, so small quantiles keep their
    /// relative accuracy. Upper half by symmetry (1 − p is exact there). Three Halley steps
    /// usually suffice; cubic convergence from 4.5e-4 is far below rounding after two.
    ///
    /// Note: Wichura's AS 241 (1988) rational approximations would give the same accuracy
    /// without iteration, but its coefficients were not available to us from the paper itself,
    /// so this refines a documented low-order approximation instead.
    public static func standardQuantile(_ p: Double) -> Double {
        if p.isNaN || p < 0 || p > 1 { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        if p == 0.5 { return 0 }
        if p > 0.5 { return -lowerHalfQuantile(1 - p) }
        return lowerHalfQuantile(p)
    }

    /// Φ⁻¹(p) for 0 < p < ½.
    static func lowerHalfQuantile(_ p: Double) -> Double {
        // A&S 26.2.23
        let t = (-2 * log(p)).squareRoot()
        let numerator = 2.515517 + t * (0.802853 + t * 0.010328)
        let denominator = 1 + t * (1.432788 + t * (0.189269 + t * 0.001308))
        var z = -(t - numerator / denominator)
        let centred = p > 0.25
        let logP = log(p)
        let offset = p - 0.5
        for _ in 0..<8 {
            let phi = SpecialFunctions.inverseSqrtTwoPi * SpecialFunctions.expMinusHalfSquare(z)
            let step: Double
            if centred {
                let h = phi * centredSeries(z) - offset
                let newton = h / phi
                step = newton / (1 + z * newton / 2)
            } else {
                let tail = standardCDF(z)
                let g = log(tail) - logP
                let m = phi / tail
                step = (g / m) / (1 + g * (z + m) / (2 * m))
            }
            if !step.isFinite { break }
            z -= step
            if abs(step) <= 0x1p-53 * abs(z) { break }
        }
        return z
    }
}
