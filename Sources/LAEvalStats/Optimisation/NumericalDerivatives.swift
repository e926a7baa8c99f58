import Foundation

/// Finite-difference gradients and Hessians.
///
/// Sources: Nocedal & Wright, *Numerical Optimization* (2nd ed., 2006), §8.1 (central
/// differences, the step ε^(1/3) that balances truncation O(h²) against rounding O(ε/h), and
/// the second-difference formulas for Hessians); Richardson extrapolation of the central
/// difference as in Gilbert & Varadhan's numDeriv (`method = "Richardson"`: initial relative
/// step d = 1e-4, r = 4 levels, each halving the step), following Richardson (1911) / the
/// Romberg tableau of Dahlquist & Björck, *Numerical Methods in Scientific Computing* §3.4.
///
/// Every step is made exactly representable (h ← (x + h) − x) so the difference quotient
/// divides by the step actually taken.
public enum NumericalDerivatives {
    public enum Method: Sendable, Equatable {
        /// One central difference, h_i = ε^(1/3) · max(|x_i|, 1) for gradients (2n calls;
        /// relative error about 1e-10 on smooth functions) and h_i = ε^(1/4) · max(|x_i|, 1)
        /// for Hessians (relative error about 1e-7).
        case central
        /// Central differences at `levels` steps h₀/2^k, h₀,i = `relativeStep` · max(|x_i|, 1),
        /// combined by Richardson extrapolation, eliminating the h², h⁴, … error terms (numDeriv's
        /// "Richardson" with d = relativeStep, r = levels, v = 2; numDeriv uses d·|x_i| with a
        /// floor near zero, we use d·max(|x_i|, 1)).
        case richardson(relativeStep: Double, levels: Int)

        /// numDeriv's defaults for gradients: d = 1e-4, r = 4 (8n calls, ~1e-12 relative).
        public static let richardson = Method.richardson(relativeStep: 1e-4, levels: 4)
        /// The default for Hessians: d = 1e-2, r = 4 (8n² + 1 calls; ~1e-9 relative on smooth
        /// functions). The first step is larger than numDeriv's d = 1e-4 because second
        /// differences lose ε|f|/h² to rounding (d = 1e-3 gave 4e-8, d = 1e-2 gave 3e-10 on the
        /// Weibull test); f must be defined within 1% of max(|x_i|, 1) of x — parametrise
        /// positive quantities on the log scale, as msm does.
        public static let richardsonHessian = Method.richardson(relativeStep: 1e-2, levels: 4)
    }

    /// The gradient of f at x by central differences (`.central`, Nocedal & Wright eq. 8.7 with
    /// h_i = ε^(1/3) max(|x_i|, 1)) or Richardson-extrapolated central differences
    /// (`.richardson`, as numDeriv's `grad(method = "Richardson")`).
    public static func gradient(_ f: ([Double]) -> Double, at x: [Double], method: Method = .central) -> [Double] {
        var evaluations = 0
        return gradient(f, at: x, method: method, evaluations: &evaluations)
    }

    static func gradient(_ f: ([Double]) -> Double, at x: [Double], method: Method, evaluations: inout Int) -> [Double] {
        let n = x.count
        var result = [Double](repeating: 0, count: n)
        var point = x
        switch method {
        case .central:
            let base = pow(Double.ulpOfOne, 1.0 / 3.0)
            for i in 0..<n {
                let (hPlus, hMinus) = steps(x[i], base * max(abs(x[i]), 1))
                point[i] = x[i] + hPlus
                let up = f(point)
                point[i] = x[i] - hMinus
                let down = f(point)
                point[i] = x[i]
                evaluations += 2
                result[i] = (up - down) / (hPlus + hMinus)
            }
        case .richardson(let relativeStep, let levels):
            precondition(levels >= 1 && relativeStep > 0, "Richardson needs levels ≥ 1 and a positive step")
            for i in 0..<n {
                var table = [Double]()
                var h = relativeStep * max(abs(x[i]), 1)
                for _ in 0..<levels {
                    let (hPlus, hMinus) = steps(x[i], h)
                    point[i] = x[i] + hPlus
                    let up = f(point)
                    point[i] = x[i] - hMinus
                    let down = f(point)
                    point[i] = x[i]
                    evaluations += 2
                    table.append((up - down) / (hPlus + hMinus))
                    h /= 2
                }
                result[i] = extrapolate(table)
            }
        }
        return result
    }

    /// The Hessian of f at x from second differences of f (Nocedal & Wright eqs. 8.21–8.22, the
    /// off-diagonal elements by the four-point formula
    /// [f(x+h_i e_i+h_j e_j) − f(x+h_i e_i−h_j e_j) − f(x−h_i e_i+h_j e_j) + f(x−h_i e_i−h_j e_j)] / (4 h_i h_j)),
    /// Richardson-extrapolated over halving steps by default. The result is exactly symmetric.
    ///
    /// msm-style use: the Hessian of −2 log L at the maximum, whose inverse times 2 is the
    /// covariance of the estimates.
    public static func hessian(_ f: ([Double]) -> Double, at x: [Double], method: Method = .richardsonHessian) -> Matrix {
        let n = x.count
        let f0 = f(x)
        func secondDifferences(_ h: [Double]) -> Matrix {
            var result = Matrix(rows: n, columns: n)
            var point = x
            var hUp = [Double](repeating: 0, count: n), hDown = hUp
            for i in 0..<n { (hUp[i], hDown[i]) = steps(x[i], h[i]) }
            for i in 0..<n {
                point[i] = x[i] + hUp[i]
                let up = f(point)
                point[i] = x[i] - hDown[i]
                let down = f(point)
                point[i] = x[i]
                // unequal representable steps: the three-point formula for a non-uniform grid
                let a = hUp[i], b = hDown[i]
                result[i, i] = 2 * (b * up - (a + b) * f0 + a * down) / (a * b * (a + b))
            }
            for i in 0..<n {
                for j in 0..<i {
                    func at(_ si: Double, _ sj: Double) -> Double {
                        point[i] = x[i] + si
                        point[j] = x[j] + sj
                        let value = f(point)
                        point[i] = x[i]
                        point[j] = x[j]
                        return value
                    }
                    let value = (at(hUp[i], hUp[j]) - at(hUp[i], -hDown[j]) - at(-hDown[i], hUp[j]) + at(-hDown[i], -hDown[j]))
                        / ((hUp[i] + hDown[i]) * (hUp[j] + hDown[j]))
                    result[i, j] = value
                    result[j, i] = value
                }
            }
            return result
        }
        switch method {
        case .central:
            let base = pow(Double.ulpOfOne, 0.25)
            return secondDifferences(x.map { base * max(abs($0), 1) })
        case .richardson(let relativeStep, let levels):
            precondition(levels >= 1 && relativeStep > 0, "Richardson needs levels ≥ 1 and a positive step")
            var h = x.map { relativeStep * max(abs($0), 1) }
            var tables: [Matrix] = []
            for _ in 0..<levels {
                tables.append(secondDifferences(h))
                h = h.map { $0 / 2 }
            }
            var result = Matrix(rows: n, columns: n)
            for k in 0..<(n * n) { result.storage[k] = extrapolate(tables.map { $0.storage[k] }) }
            return result
        }
    }

    /// The Hessian as the Jacobian of an analytic gradient, by central differences of the
    /// gradient (Nocedal & Wright eq. 8.17 applied to ∇f) with h_j = ε^(1/3) max(|x_j|, 1),
    /// symmetrised as (J + Jᵀ)/2.
    public static func hessian(gradient: ([Double]) -> [Double], at x: [Double]) -> Matrix {
        let n = x.count
        var jacobian = Matrix(rows: n, columns: n)
        let base = pow(Double.ulpOfOne, 1.0 / 3.0)
        var point = x
        for j in 0..<n {
            let (hPlus, hMinus) = steps(x[j], base * max(abs(x[j]), 1))
            point[j] = x[j] + hPlus
            let up = gradient(point)
            point[j] = x[j] - hMinus
            let down = gradient(point)
            point[j] = x[j]
            for i in 0..<n { jacobian[i, j] = (up[i] - down[i]) / (hPlus + hMinus) }
        }
        var result = jacobian
        for i in 0..<n {
            for j in 0..<i {
                let value = (jacobian[i, j] + jacobian[j, i]) / 2
                result[i, j] = value
                result[j, i] = value
            }
        }
        return result
    }

    /// The gradient for a box-constrained optimiser: central differences, but where x_i ± h
    /// would leave [lower_i, upper_i] the one-sided second-order formula
    /// (∓3f(x) ± 4f(x ± h) ∓ f(x ± 2h)) / (2h) on the feasible side, so f is never called
    /// outside the box (Nocedal & Wright §8.1; Fornberg 1988 for the one-sided weights).
    static func boxGradient(_ f: ([Double]) -> Double, at x: [Double], lower: [Double], upper: [Double],
                            evaluations: inout Int) -> [Double] {
        let n = x.count
        var result = [Double](repeating: 0, count: n)
        var point = x
        let base = pow(Double.ulpOfOne, 1.0 / 3.0)
        var f0: Double?
        for i in 0..<n {
            let h = base * max(abs(x[i]), 1)
            if x[i] - h >= lower[i] && x[i] + h <= upper[i] {
                let (hPlus, hMinus) = steps(x[i], h)
                point[i] = x[i] + hPlus
                let up = f(point)
                point[i] = x[i] - hMinus
                let down = f(point)
                point[i] = x[i]
                evaluations += 2
                result[i] = (up - down) / (hPlus + hMinus)
            } else {
                let direction: Double = upper[i] - x[i] >= x[i] - lower[i] ? 1 : -1
                let step = min(h, abs(direction > 0 ? upper[i] - x[i] : x[i] - lower[i]) / 2)
                guard step > 0 else { continue }  // a degenerate box: lower == upper
                let hh = ((x[i] + direction * step) - x[i]) * direction
                if f0 == nil {
                    f0 = f(x)
                    evaluations += 1
                }
                point[i] = x[i] + direction * hh
                let one = f(point)
                point[i] = x[i] + direction * 2 * hh
                let two = f(point)
                point[i] = x[i]
                evaluations += 2
                result[i] = direction * (-3 * f0! + 4 * one - two) / (2 * hh)
            }
        }
        return result
    }

    /// Steps up and down from x that are exactly representable: (x + h) − x and x − (x − h).
    @inline(__always)
    static func steps(_ x: Double, _ h: Double) -> (Double, Double) {
        ((x + h) - x, x - (x - h))
    }

    /// The last entry of the Richardson tableau for values D(h₀/2^k) whose error is a series in h².
    static func extrapolate(_ values: [Double]) -> Double {
        var column = values
        var factor = 4.0
        for m in stride(from: 1, to: values.count, by: 1) {
            var next = column
            for k in m..<values.count { next[k] = (factor * column[k] - column[k - 1]) / (factor - 1) }
            column = next
            factor *= 4
        }
        return column[values.count - 1]
    }
}
