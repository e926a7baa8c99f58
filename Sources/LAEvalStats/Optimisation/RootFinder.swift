import Foundation

/// One-dimensional root finding without derivatives.
public enum RootFinder {
    /// Why no root was found.
    public enum Failure: Error, Equatable, CustomStringConvertible {
        /// f has the same sign at both ends of the interval (or is not finite there).
        case noSignChange(lower: Double, upper: Double)

        public var description: String {
            switch self {
            case .noSignChange(let lower, let upper):
                "the function has the same sign at \(lower) and \(upper), so no root is bracketed"
            }
        }
    }

    /// A zero of f in [lower, upper], where f(lower) and f(upper) differ in sign, by Brent's
    /// method (Brent 1973, "Algorithms for Minimization without Derivatives", ch. 4: inverse
    /// quadratic or secant interpolation, falling back to bisection whenever the step would
    /// leave the bracket or shrink it too slowly) — the algorithm of R's `uniroot`, with a
    /// tighter default tolerance than its `.Machine$double.eps^0.25`.
    ///
    /// Stops when half the bracket is at most 2ε|b| + `tolerance`/2, b the current best
    /// point and ε = 2⁻⁵², or when f(b) = 0; at most `maxIterations` steps.
    public static func brent(
        lower: Double, upper: Double, tolerance: Double = 1e-12, maxIterations: Int = 1000,
        _ f: (Double) -> Double
    ) throws -> Double {
        var a = lower, b = upper
        var fa = f(a), fb = f(b)
        if fa == 0 { return a }
        if fb == 0 { return b }
        guard fa.isFinite, fb.isFinite, (fa > 0) != (fb > 0) else {
            throw Failure.noSignChange(lower: lower, upper: upper)
        }
        var c = a, fc = fa
        var d = b - a, e = d
        for _ in 0..<maxIterations {
            if (fb > 0) == (fc > 0) {
                c = a; fc = fa
                d = b - a; e = d
            }
            if abs(fc) < abs(fb) {
                a = b; b = c; c = a
                fa = fb; fb = fc; fc = fa
            }
            let tol = 2 * Double.ulpOfOne * abs(b) + tolerance / 2
            let m = (c - b) / 2
            if abs(m) <= tol || fb == 0 { return b }
            if abs(e) >= tol && abs(fa) > abs(fb) {
                let (p, q) = interpolationStep(a: a, b: b, c: c, fa: fa, fb: fb, fc: fc, m: m)
                if 2 * p < min(3 * m * q - abs(tol * q), abs(e * q)) {
                    e = d
                    d = p / q
                } else {
                    d = m; e = m
                }
            } else {
                d = m; e = m
            }
            a = b; fa = fb
            b += abs(d) > tol ? d : (m > 0 ? tol : -tol)
            fb = f(b)
            if !fb.isFinite { throw Failure.noSignChange(lower: lower, upper: upper) }
        }
        return b
    }

    /// The interpolation step p/q (p ≥ 0): secant when a = c, otherwise inverse quadratic.
    static func interpolationStep(
        a: Double, b: Double, c: Double, fa: Double, fb: Double, fc: Double, m: Double
    ) -> (p: Double, q: Double) {
        var p: Double, q: Double
        let s = fb / fa
        if a == c {
            p = 2 * m * s
            q = 1 - s
        } else {
            let r = fb / fc
            let t = fa / fc
            p = s * (2 * m * t * (t - r) - (b - a) * (r - 1))
            q = (t - 1) * (r - 1) * (s - 1)
        }
        if p > 0 { q = -q } else { p = -p }
        return (p, q)
    }

    /// A zero of a monotone f on [lower, upper] (`increasing` says which way it goes),
    /// bracketed first by stepping from `guess` towards the side where the sign of f says the
    /// root lies, with steps doubling from a quarter of |guess|, clamped to the limits; then
    /// ``brent(lower:upper:tolerance:maxIterations:_:)`` on that bracket. For monotone f it is
    /// the root Brent would find on the whole interval, but f is not evaluated at far ends of
    /// the interval, where it may be slow (a t distribution with 10⁹ degrees of freedom and a
    /// noncentrality of 10⁴, say) or imprecise. Throws `noSignChange` if f keeps its sign up to
    /// the limit.
    public static func monotoneRoot(
        lower: Double, upper: Double, guess: Double, increasing: Bool, tolerance: Double = 1e-12,
        _ f: (Double) -> Double
    ) throws -> Double {
        let start = guess.isFinite ? min(max(guess, lower), upper) : (lower + upper) / 2
        let value = f(start)
        if value == 0 { return start }
        guard value.isFinite else { return try brent(lower: lower, upper: upper, tolerance: tolerance, f) }
        let rootIsAbove = (value < 0) == increasing
        let limit = rootIsAbove ? upper : lower
        var near = start
        var step = max(abs(start) / 4, 1e-6)
        while true {
            let far = rootIsAbove ? min(near + step, limit) : max(near - step, limit)
            let farValue = f(far)
            if farValue == 0 { return far }
            if farValue.isFinite && (farValue > 0) != (value > 0) {
                return try brent(lower: min(near, far), upper: max(near, far), tolerance: tolerance, f)
            }
            if far == limit { throw Failure.noSignChange(lower: lower, upper: upper) }
            if farValue.isFinite { near = far }
            step *= 2
        }
    }
}
