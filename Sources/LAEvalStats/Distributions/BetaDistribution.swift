import Foundation

/// The beta distribution with shapes a > 0, b > 0 on (0, 1). Invalid parameters give NaN from
/// every function.
public struct BetaDistribution: UnivariateDistribution, Hashable {
    public let a: Double
    public let b: Double

    public init(a: Double, b: Double) {
        self.a = a
        self.b = b
    }

    var isValid: Bool { a > 0 && b > 0 && a.isFinite && b.isFinite }

    /// log f(x) = log[xᵃ (1 − x)ᵇ / B(a, b)] − log x − log(1 − x), the first term in Loader's
    /// saddle-point form (`SpecialFunctions.logBetaPrefactor`), so large shapes do not cancel.
    public func logPDF(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x < 0 || x > 1 { return -.infinity }
        if x == 0 {
            if a < 1 { return .infinity }
            return a == 1 ? log(b) : -.infinity
        }
        if x == 1 {
            if b < 1 { return .infinity }
            return b == 1 ? log(a) : -.infinity
        }
        let y = 1 - x
        return SpecialFunctions.logBetaPrefactor(a, b, x: x, y: y) - log(x) - log1p(-x)
    }

    /// I_x(a, b) (`SpecialFunctions.regularizedBeta`).
    public func cdf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        return SpecialFunctions.regularizedBeta(a, b, x: x, y: 1 - x).lower
    }

    /// 1 − I_x(a, b) = I_(1−x)(b, a), computed directly.
    public func sf(_ x: Double) -> Double {
        guard isValid, !x.isNaN else { return .nan }
        if x <= 0 { return 1 }
        if x >= 1 { return 0 }
        return SpecialFunctions.regularizedBeta(a, b, x: x, y: 1 - x).upper
    }

    /// The lower quantile (see ``upperQuantile(_:)`` for the method).
    public func quantile(_ p: Double) -> Double {
        guard isValid, isProbability(p) else { return .nan }
        if p > 0.5 { return solve(target: 1 - p, upper: true) }
        return solve(target: p, upper: false)
    }

    /// The x with P(X > x) = q, without forming 1 − q.
    ///
    /// Safeguarded Newton (`QuantileSolver`) on u = logit x = log(x/(1 − x)), with x and 1 − x
    /// both formed from u without subtraction, g(u) = log tail − log target and
    /// g′ = ±x(1 − x) f(x)/tail. Starting value: the tail asymptotes I_x(a, b) ≈ xᵃ/(a B(a, b))
    /// near 0 and 1 − I_x ≈ (1 − x)ᵇ/(b B(a, b)) near 1, or logit of the mean.
    public func upperQuantile(_ q: Double) -> Double {
        guard isValid, isProbability(q) else { return .nan }
        if q > 0.5 { return solve(target: 1 - q, upper: false) }
        return solve(target: q, upper: true)
    }

    func solve(target: Double, upper: Bool) -> Double {
        if target == 0 { return upper ? 1 : 0 }
        let logTarget = log(target)
        func parts(_ u: Double) -> (x: Double, y: Double) {
            if u > 0 {
                let e = exp(-u)
                return (1 / (1 + e), e / (1 + e))
            }
            let e = exp(u)
            return (e / (1 + e), 1 / (1 + e))
        }
        func g(_ u: Double) -> (value: Double, slope: Double) {
            let (x, y) = parts(u)
            let (lower, upperTail) = SpecialFunctions.regularizedBeta(a, b, x: x, y: y)
            let tail = upper ? upperTail : lower
            let density = exp(SpecialFunctions.logBetaPrefactor(a, b, x: x, y: y))  // x y f(x)
            return (log(tail) - logTarget, upper ? -density / tail : density / tail)
        }
        let logB = SpecialFunctions.logBeta(a, b)
        var start = log(a / b)
        if upper {
            let logY = (logTarget + log(b) + logB) / b
            if logY < log(b / (a + b)) { start = -logY }
        } else {
            let logX = (logTarget + log(a) + logB) / a
            if logX < log(a / (a + b)) { start = logX }
        }
        let u = QuantileSolver.solve(start: start, increasing: !upper, evaluate: g)
        return parts(u).x
    }
}
