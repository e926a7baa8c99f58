import Foundation

/// Special functions shared by the probability distributions: log-gamma, the Stirling error,
/// the binomial deviance term, the error function, and the regularised incomplete gamma and
/// beta functions. All take and return `Double`; invalid arguments give NaN.
public enum SpecialFunctions {}

extension SpecialFunctions {
    /// log √(2π).
    static let halfLogTwoPi = 0.918_938_533_204_672_741_78

    /// log Γ(x) for x > 0 (NaN for x < 0 or NaN, +∞ at 0 and +∞).
    ///
    /// - x ≥ 10: Stirling's series, log Γ(x) = (x − ½) log x − x + log √(2π) + δ(x), with the
    ///   Stirling error δ from ``stirlingError(_:)`` (Abramowitz & Stegun 6.1.40).
    /// - ½ ≤ x < 3/2 and 3/2 ≤ x < 5/2: the Taylor series log Γ(1 + z) = −γz +
    ///   Σₖ (−1)ᵏ ζ(k)/k zᵏ (A&S 6.1.33, |z| ≤ ½, 60 terms), and
    ///   log Γ(2 + z) = log1p(z) + log Γ(1 + z); this keeps full relative accuracy across the
    ///   zeros of log Γ at 1 and 2, where a shifted Stirling sum would cancel.
    /// - x < ½: log Γ(x) = log Γ(1 + x) − log x.
    /// - 5/2 ≤ x < 10: the recurrence downwards, log Γ(x) = log[(x − 1)…(x − n)] + log Γ(x − n)
    ///   with x − n in [3/2, 5/2), a sum of positive-leaning terms without cancellation.
    ///
    /// Accuracy: a few units in the last place across the range (tested against mpmath).
    public static func logGamma(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 || x.isInfinite { return .infinity }
        if x >= 10 { return (x - 0.5) * log(x) - x + halfLogTwoPi + stirlingError(x) }
        if x < 0.5 { return logGammaOnePlus(x) - log(x) }
        if x < 1.5 { return logGammaOnePlus(x - 1) }
        if x < 2.5 {
            let z = x - 2
            return log1p(z) + logGammaOnePlus(z)
        }
        var product = 1.0
        var shifted = x
        while shifted >= 2.5 {
            shifted -= 1
            product *= shifted
        }
        return log(product) + logGamma(shifted)
    }

    /// log Γ(1 + z) for |z| ≤ ½ by its Taylor series (A&S 6.1.33), coefficients ζ(k)/k.
    static func logGammaOnePlus(_ z: Double) -> Double {
        var sum = 0.0
        for k in stride(from: zetaOverK.count - 1, through: 0, by: -1) {
            // coefficient of z^(k+2) is (−1)^(k+2) ζ(k+2)/(k+2)
            let sign: Double = k % 2 == 0 ? 1 : -1
            sum = sum * z + sign * zetaOverK[k]
        }
        return z * (-eulerGamma + z * sum)
    }

    /// The Stirling error δ(z) = log Γ(z) − [(z − ½) log z − z + log √(2π)], z > 0.
    ///
    /// For z ≥ 10 the asymptotic series δ(z) = Σₖ B₂ₖ / (2k(2k − 1) z²ᵏ⁻¹) with ten Bernoulli
    /// terms (A&S 6.1.40; truncation error below 2e-19 at z = 10). At half-integers below 10 it is
    /// read from a table computed with mpmath (Validation/stats/distributions/make_constants.py),
    /// as Loader (2000, "Fast and accurate computation of binomial probabilities") recommends;
    /// elsewhere it is formed from ``logGamma(_:)`` directly (absolute error a few 1e-15).
    public static func stirlingError(_ z: Double) -> Double {
        if z.isNaN || z <= 0 { return z == 0 ? .infinity : .nan }
        if z >= 10 {
            if z.isInfinite { return 0 }
            let r = 1 / z
            let r2 = r * r
            var s = -174_611.0 / 125_400.0
            s = s * r2 + 43_867.0 / 244_188.0
            s = s * r2 - 3_617.0 / 122_400.0
            s = s * r2 + 1.0 / 156.0
            s = s * r2 - 691.0 / 360_360.0
            s = s * r2 + 1.0 / 1_188.0
            s = s * r2 - 1.0 / 1_680.0
            s = s * r2 + 1.0 / 1_260.0
            s = s * r2 - 1.0 / 360.0
            s = s * r2 + 1.0 / 12.0
            return s * r
        }
        let twice = 2 * z
        if twice == twice.rounded(), twice < Double(stirlingErrorHalfIntegers.count) {
            return stirlingErrorHalfIntegers[Int(twice)]
        }
        return logGamma(z) - (z - 0.5) * log(z) + z - halfLogTwoPi
    }

    /// The deviance term bd0(x, m) = x log(x/m) + m − x ≥ 0 (Loader 2000, section 2), for
    /// x ≥ 0, m > 0.
    ///
    /// When x and m are close the direct form cancels; there, with v = (x − m)/(x + m),
    /// log(x/m) = 2 artanh v gives bd0 = (x − m) v + 2x Σⱼ v²ʲ⁺¹/(2j + 1), a sum of positive
    /// terms.
    public static func deviance(_ x: Double, _ m: Double) -> Double {
        if x.isNaN || m.isNaN || x < 0 || m < 0 { return .nan }
        if x == 0 { return m }
        if m == 0 || m.isInfinite || x.isInfinite { return .infinity }
        let diff = x - m
        if abs(diff) < 0.1 * (x + m) {
            let v = diff / (x + m)
            let v2 = v * v
            var sum = diff * v
            var power = 2 * x * v
            var j = 1.0
            while true {
                power *= v2
                let term = power / (2 * j + 1)
                let next = sum + term
                if next == sum { break }
                sum = next
                j += 1
            }
            return sum
        }
        let ratio = x / m
        guard ratio.isFinite, ratio > 0x1p-1000 else { return x * (log(x) - log(m)) + m - x }
        // log(x/m) with the rounding of the quotient corrected: x − r·m is exact by FMA, and
        // log(x/m) = log r + log1p((x − r·m)/(r·m)); log1p(r − 1) (exact argument) near r = 1.
        // The result is then combined with one rounding, x·L + (m − x) by FMA. For large x the
        // plain formula would lose |x|·2⁻⁵³ in absolute terms (1e-12 at x = 10⁴).
        let remainder = x.addingProduct(-ratio, m)
        var logRatio = ratio > 0.5 && ratio < 2 ? log1p(ratio - 1) : log(ratio)
        logRatio += remainder / (ratio * m)
        return (m - x).addingProduct(x, logRatio)
    }

    /// log of the Poisson-type term e^(−m) mˣ / Γ(x + 1) for real x ≥ 0, m ≥ 0, by Loader's
    /// saddle-point form −δ(x) − bd0(x, m) − ½ log(2πx) (Loader 2000, eq. 3), which avoids the
    /// cancellation in x log m − m − log Γ(x + 1) for large x and m.
    static func logPoissonTerm(_ x: Double, _ m: Double) -> Double {
        if x.isNaN || m.isNaN || x < 0 || m < 0 { return .nan }
        if m == 0 { return x == 0 ? 0 : -.infinity }
        if x == 0 { return -m }
        if m.isInfinite || x.isInfinite { return -.infinity }
        return -stirlingError(x) - deviance(x, m) - halfLogTwoPi - 0.5 * log(x)
    }

    /// log[xᵃ yᵇ / B(a, b)] with y = 1 − x supplied separately (so it is exact when x ≈ 1).
    ///
    /// Stirling's formula with the error terms δ turns Γ(a + b)/(Γ(a)Γ(b)) xᵃ yᵇ into
    /// √(ab/(2πn)) exp(δ(n) − δ(a) − δ(b) − bd0(a, nx) − bd0(b, ny)), n = a + b — the form
    /// Loader (2000) uses for the binomial density; no large terms cancel for large a, b.
    static func logBetaPrefactor(_ a: Double, _ b: Double, x: Double, y: Double) -> Double {
        if x <= 0 || y <= 0 { return -.infinity }
        let n = a + b
        if a < 1 || b < 1 {
            // Small shapes: δ of a small argument is large and the direct form is exact enough.
            let lx = x < 0.5 ? log(x) : log1p(-y)
            let ly = y < 0.5 ? log(y) : log1p(-x)
            return a * lx + b * ly - logBeta(a, b)
        }
        return 0.5 * log(a / (2 * Double.pi) * (b / n)) + stirlingError(n) - stirlingError(a)
            - stirlingError(b) - deviance(a, n * x) - deviance(b, n * y)
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), with the large argument handled by
    /// the Stirling error so the large log-gamma values do not cancel (a, b > 0).
    public static func logBeta(_ a: Double, _ b: Double) -> Double {
        if a.isNaN || b.isNaN || a <= 0 || b <= 0 { return .nan }
        let small = min(a, b)
        let large = max(a, b)
        if large < 10 { return logGamma(a) + logGamma(b) - logGamma(a + b) }
        let n = small + large
        // log Γ(L) − log Γ(n) = (L − ½) log L − L − (n − ½) log n + n + δ(L) − δ(n)
        //                     = −(L − ½) log1p(s/L) − s log n + s + δ(L) − δ(n), s = small
        let difference = -(large - 0.5) * log1p(small / large) - small * log(n) + small
            + stirlingError(large) - stirlingError(n)
        return logGamma(small) + difference
    }

    static let eulerGamma = 0.577_215_664_901_532_860_61

    /// ζ(k)/k for k = 2…60 (mpmath, Validation/stats/distributions/make_constants.py).
    static let zetaOverK: [Double] = [
        0.8224670334241132, 0.40068563438653143, 0.27058080842778454, 0.20738555102867398,
        0.16955717699740819, 0.14404989676884611, 0.12550966952474304, 0.11133426586956469,
        0.10009945751278181, 0.090954017145829041, 0.083353840546109004, 0.076932516411352195,
        0.07143294629536133, 0.066668705882420465, 0.062500955141213038, 0.058823978658684585,
        0.055555767627403614, 0.052631679379616658, 0.050000047698101693, 0.047619070330142226,
        0.045454556293204669, 0.043478266053040261, 0.041666669150341208, 0.040000001192140137,
        0.038461539034675182, 0.037037037312989324, 0.035714285847333355, 0.034482758684919304,
        0.033333333364377583, 0.032258064531150418, 0.031250000007275971, 0.030303030306558044,
        0.029411764707594344, 0.02857142857226011, 0.027777777778181998, 0.027027027027223673,
        0.026315789473779948, 0.025641025641072283, 0.025000000000022737, 0.024390243902450117,
        0.023809523809529224, 0.023255813953491015, 0.022727272727274019, 0.022222222222222855,
        0.021739130434782917, 0.021276595744681003, 0.020833333333333409, 0.020408163265306159,
        0.020000000000000018, 0.019607843137254912, 0.019230769230769235, 0.01886792452830189,
        0.018518518518518521, 0.018181818181818181, 0.017857142857142856, 0.017543859649122806,
        0.017241379310344827, 0.016949152542372881, 0.016666666666666666,
    ]

    /// δ(n/2) for n = 0…19 (index n; entry 0 unused), mpmath at 40 digits.
    static let stirlingErrorHalfIntegers: [Double] = [
        0, 0.15342640972002736, 0.081061466795327261, 0.054814121051917651,
        0.041340695955409297, 0.033162873519936291, 0.027677925684998338, 0.023746163656297496,
        0.020790672103765093, 0.018488450532673187, 0.016644691189821193, 0.015134973221917378,
        0.013876128823070748, 0.012810465242920227, 0.01189670994589177, 0.011104559758206917,
        0.010411265261972096, 0.0097994161261588039, 0.0092554621827127329,
        0.0087687001341393862,
    ]
}
