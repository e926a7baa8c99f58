import Foundation

/// The BFGS quasi-Newton method, unconstrained or with box bounds.
///
/// **Unconstrained** (no bounds, or all bounds infinite): Nocedal & Wright, *Numerical
/// Optimization* (2nd ed., 2006), algorithm 6.1 — the inverse-Hessian update (eq. 6.17) with
/// the first-step scaling H₀ = (yᵀs / yᵀy) I (eq. 6.20) applied before the first update, and a
/// line search satisfying the strong Wolfe conditions (c₁ = 1e-4, c₂ = 0.9) by algorithms 3.5
/// (bracketing) and 3.6 (zoom, with the safeguarded cubic interpolation of eq. 3.59).
///
/// **Box bounds** (`lower ≤ x ≤ upper`): a projected quasi-Newton method, *not* L-BFGS-B and
/// not a variable transformation — Bertsekas, "Projected Newton methods for optimization
/// problems with simple constraints", SIAM J. Control Optim. 20 (1982) 221–246, with the BFGS
/// approximation of the reduced Hessian as in Kelley, *Iterative Methods for Optimization*
/// (SIAM 1999) §5.5.3. Each iteration finds the ε-active set (variables within
/// ε = min(1e-3, ‖P(x − ∇f) − x‖∞) of a bound whose gradient points out of the box), takes a
/// quasi-Newton step on the free variables (solving with the free–free block of the BFGS
/// Hessian approximation B) and a steepest-descent step on the active ones, and searches along
/// the projection arc x(α) = P(x + α d) with Bertsekas's Armijo rule (σ = 1e-4, halving).
/// B is updated (N&W eq. 6.19) whenever sᵀy > 0. f is never evaluated outside the box
/// (numerical gradients use one-sided differences at the bounds).
///
/// **Convergence** is declared when the max-norm of the gradient (with bounds: of the projected
/// gradient P(x − ∇f) − x) is at most `gradientTolerance · max(1, |f(x)|)`: an absolute test for
/// |f| ≤ 1, relative to |f| beyond, so a −2 log L of several thousand is not held to a test its
/// rounding cannot pass. With the default 1e-8 this is far tighter than R's `optim(method =
/// "BFGS")`, which stops when f changes by less than reltol·(|f| + reltol), reltol = 1e-8 — on
/// Rosenbrock with optim's default numerical gradient that stops at (0.99980, 0.99961) — and
/// than SciPy's `minimize(method="BFGS")`, whose default is gtol = 1e-5 on the max-norm.
public enum BFGS {
    public struct Options: Sendable {
        /// Stop when ‖∇f‖∞ ≤ gradientTolerance · max(1, |f|) (projected gradient with bounds).
        public var gradientTolerance: Double
        public var maxIterations: Int
        /// Optional optim-style stop: |f_k − f_{k+1}| ≤ relativeFunctionTolerance · (|f_k| + relativeFunctionTolerance).
        /// 0 (the default) turns it off.
        public var relativeFunctionTolerance: Double
        /// Lower bounds (−∞ allowed); nil for none.
        public var lower: [Double]?
        /// Upper bounds (+∞ allowed); nil for none.
        public var upper: [Double]?
        /// How the gradient is approximated when none is supplied.
        public var numericalGradient: NumericalDerivatives.Method

        public init(gradientTolerance: Double = 1e-8, maxIterations: Int = 1000, relativeFunctionTolerance: Double = 0,
                    lower: [Double]? = nil, upper: [Double]? = nil,
                    numericalGradient: NumericalDerivatives.Method = .central) {
            self.gradientTolerance = gradientTolerance
            self.maxIterations = maxIterations
            self.relativeFunctionTolerance = relativeFunctionTolerance
            self.lower = lower
            self.upper = upper
            self.numericalGradient = numericalGradient
        }
    }

    /// Minimises f from `start` by BFGS (Nocedal & Wright algorithm 6.1 with a strong-Wolfe line
    /// search), or by projected BFGS (Bertsekas 1982) when `options` has box bounds.
    /// Without `gradient`, central differences (`options.numericalGradient`) are used.
    /// Non-finite values of f are treated as "too far" by the line searches.
    public static func minimise(_ f: ([Double]) -> Double, gradient: (([Double]) -> [Double])? = nil, from start: [Double],
                                options: Options = .init()) -> OptimisationResult {
        let n = start.count
        let lower = options.lower ?? [Double](repeating: -.infinity, count: n)
        let upper = options.upper ?? [Double](repeating: .infinity, count: n)
        precondition(lower.count == n && upper.count == n, "bounds need \(n) values")
        precondition(zip(lower, upper).allSatisfy { $0 <= $1 }, "every lower bound must be ≤ its upper bound")
        let bounded = lower.contains { $0 > -.infinity } || upper.contains { $0 < .infinity }
        var evaluations = 0
        return withoutActuallyEscaping(f) { f in
            let objective: ([Double]) -> Double = { x in
                evaluations += 1
                return f(x)
            }
            let grad: ([Double]) -> [Double] = { x in
                if let gradient { return gradient(x) }
                if bounded {
                    return NumericalDerivatives.boxGradient(f, at: x, lower: lower, upper: upper, evaluations: &evaluations)
                }
                return NumericalDerivatives.gradient(f, at: x, method: options.numericalGradient, evaluations: &evaluations)
            }
            var result = bounded
                ? projected(objective, grad, start: OptimisationVector.project(start, lower, upper), lower: lower, upper: upper, options: options)
                : unconstrained(objective, grad, start: start, options: options)
            result.evaluations = evaluations
            return result
        }
    }

    // MARK: - Unconstrained: N&W algorithm 6.1

    static func unconstrained(_ f: ([Double]) -> Double, _ grad: ([Double]) -> [Double], start: [Double],
                              options: Options) -> OptimisationResult {
        let n = start.count
        var x = start
        var fx = f(x)
        guard fx.isFinite else {
            return OptimisationResult(point: x, value: fx, gradient: nil, iterations: 0, evaluations: 0, converged: false,
                                      message: "f is not finite at the starting point")
        }
        var g = grad(x)
        var h = Matrix.identity(n)
        var scaled = false
        var iteration = 0
        func finish(_ converged: Bool, _ message: String) -> OptimisationResult {
            OptimisationResult(point: x, value: fx, gradient: g, iterations: iteration, evaluations: 0, converged: converged,
                               message: message)
        }
        while true {
            if OptimisationVector.maxAbs(g) <= options.gradientTolerance * max(1, abs(fx)) {
                return finish(true, "gradient max-norm ≤ \(options.gradientTolerance)·max(1, |f|)")
            }
            if iteration >= options.maxIterations { return finish(false, "iteration limit \(options.maxIterations) reached") }
            iteration += 1
            var p = (h * g).map { -$0 }
            var slope = OptimisationVector.dot(g, p)
            if !(slope < 0) {  // lost positive definiteness to rounding: restart from steepest descent
                h = .identity(n)
                scaled = false
                p = g.map { -$0 }
                slope = OptimisationVector.dot(g, p)
            }
            let initial = scaled ? 1 : min(1, 1 / OptimisationVector.maxAbs(p))
            var search = WolfeLineSearch.search(f, grad, x: x, fx: fx, g: g, direction: p, initialStep: initial)
            if search == nil && scaled {
                // retry once along steepest descent with a fresh H
                h = .identity(n)
                scaled = false
                p = g.map { -$0 }
                search = WolfeLineSearch.search(f, grad, x: x, fx: fx, g: g, direction: p,
                                                initialStep: min(1, 1 / OptimisationVector.maxAbs(p)))
            }
            guard let step = search else {
                return finish(false, "the line search found no decrease (f cannot be reduced further at this precision)")
            }
            let s = (0..<n).map { step.x[$0] - x[$0] }
            let y = (0..<n).map { step.g[$0] - g[$0] }
            let sy = OptimisationVector.dot(s, y)
            let previous = fx
            x = step.x
            fx = step.f
            g = step.g
            if sy > 0 {
                if !scaled {
                    h = (sy / OptimisationVector.dot(y, y)) * Matrix.identity(n)
                    scaled = true
                }
                update(&h, s: s, y: y, sy: sy)
            }
            if options.relativeFunctionTolerance > 0,
               abs(previous - fx) <= options.relativeFunctionTolerance * (abs(previous) + options.relativeFunctionTolerance) {
                return finish(true, "relative change in f ≤ \(options.relativeFunctionTolerance)")
            }
        }
    }

    /// H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, ρ = 1/yᵀs (N&W eq. 6.17), expanded as
    /// H − ρ (H y sᵀ + s yᵀ H) + (ρ² yᵀHy + ρ) s sᵀ.
    static func update(_ h: inout Matrix, s: [Double], y: [Double], sy: Double) {
        let n = s.count
        let rho = 1 / sy
        let hy = h * y
        let yhy = OptimisationVector.dot(y, hy)
        let c = rho * rho * yhy + rho
        for j in 0..<n {
            for i in 0..<n {
                h[i, j] += -rho * (hy[i] * s[j] + s[i] * hy[j]) + c * s[i] * s[j]
            }
        }
    }

    // MARK: - Box bounds: projected BFGS (Bertsekas 1982; Kelley 1999 §5.5.3)

    static func projected(_ f: ([Double]) -> Double, _ grad: ([Double]) -> [Double], start: [Double],
                          lower: [Double], upper: [Double], options: Options) -> OptimisationResult {
        let n = start.count
        var x = start
        var fx = f(x)
        guard fx.isFinite else {
            return OptimisationResult(point: x, value: fx, gradient: nil, iterations: 0, evaluations: 0, converged: false,
                                      message: "f is not finite at the starting point")
        }
        var g = grad(x)
        var b = Matrix.identity(n)
        var scaled = false
        var iteration = 0
        func finish(_ converged: Bool, _ message: String) -> OptimisationResult {
            OptimisationResult(point: x, value: fx, gradient: g, iterations: iteration, evaluations: 0, converged: converged,
                               message: message)
        }
        let sigma = 1e-4
        while true {
            let projectedStep = (0..<n).map { min(max(x[$0] - g[$0], lower[$0]), upper[$0]) - x[$0] }
            let pgNorm = OptimisationVector.maxAbs(projectedStep)
            if pgNorm <= options.gradientTolerance * max(1, abs(fx)) {
                return finish(true, "projected-gradient max-norm ≤ \(options.gradientTolerance)·max(1, |f|)")
            }
            if iteration >= options.maxIterations { return finish(false, "iteration limit \(options.maxIterations) reached") }
            iteration += 1
            let epsilon = min(1e-3, pgNorm)
            let active = (0..<n).map { i in
                (x[i] <= lower[i] + epsilon && g[i] > 0) || (x[i] >= upper[i] - epsilon && g[i] < 0)
            }
            var attempt = 0
            var accepted: (x: [Double], f: Double)?
            while accepted == nil && attempt < 2 {
                attempt += 1
                let direction = Self.direction(b, g: g, active: active)
                // first iteration (B = I): a unit step in the largest coordinate
                var alpha = scaled ? 1 : min(1, 1 / max(OptimisationVector.maxAbs(direction), .leastNormalMagnitude))
                for _ in 0..<60 {
                    let trial = OptimisationVector.project(OptimisationVector.axpy(x, alpha, direction), lower, upper)
                    var predicted = 0.0  // Bertsekas (1982) eq. (29): the decrease the Armijo rule asks for
                    for i in 0..<n {
                        predicted += active[i] ? g[i] * (x[i] - trial[i]) : -alpha * g[i] * direction[i]
                    }
                    if trial == x { break }
                    let value = f(trial)
                    if value.isFinite && value <= fx - sigma * predicted {
                        accepted = (trial, value)
                        break
                    }
                    alpha /= 2
                }
                if accepted == nil {
                    if !scaled { break }
                    b = .identity(n)  // retry once with a fresh B
                    scaled = false
                }
            }
            guard let (newX, newF) = accepted else {
                return finish(false, "the projected line search found no decrease (f cannot be reduced further at this precision)")
            }
            let newG = grad(newX)
            let s = (0..<n).map { newX[$0] - x[$0] }
            let y = (0..<n).map { newG[$0] - g[$0] }
            let sy = OptimisationVector.dot(s, y)
            let previous = fx
            x = newX
            fx = newF
            g = newG
            if sy > 0 {
                if !scaled {
                    b = (OptimisationVector.dot(y, y) / sy) * Matrix.identity(n)
                    scaled = true
                }
                // B ← B − (Bs)(Bs)ᵀ / sᵀBs + y yᵀ / yᵀs (N&W eq. 6.19)
                let bs = b * s
                let sbs = OptimisationVector.dot(s, bs)
                if sbs > 0 {
                    for j in 0..<n {
                        for i in 0..<n { b[i, j] += y[i] * y[j] / sy - bs[i] * bs[j] / sbs }
                    }
                }
            }
            if options.relativeFunctionTolerance > 0,
               abs(previous - fx) <= options.relativeFunctionTolerance * (abs(previous) + options.relativeFunctionTolerance) {
                return finish(true, "relative change in f ≤ \(options.relativeFunctionTolerance)")
            }
        }
    }

    /// d_F = −(B_FF)⁻¹ g_F on the free variables, d_A = −g_A / B_ii on the active ones
    /// (Bertsekas's diagonal scaling); falls back to −g if B_FF has lost positive definiteness.
    static func direction(_ b: Matrix, g: [Double], active: [Bool]) -> [Double] {
        let n = g.count
        let free = (0..<n).filter { !active[$0] }
        var d = (0..<n).map { -g[$0] / max(b[$0, $0], .leastNormalMagnitude) }
        guard !free.isEmpty else { return d }
        let reduced = b.selectingRows(free).selectingColumns(free)
        guard let cholesky = try? Cholesky(reduced) else { return g.map { -$0 } }
        let solution = cholesky.solve(free.map { g[$0] })
        for (k, i) in free.enumerated() { d[i] = -solution[k] }
        return d
    }
}

/// A line search for the strong Wolfe conditions: Nocedal & Wright algorithms 3.5 and 3.6.
enum WolfeLineSearch {
    struct Point {
        var alpha: Double
        var x: [Double]
        var f: Double
        var g: [Double]?
        var slope: Double?
    }

    static let c1 = 1e-4
    static let c2 = 0.9

    /// A step satisfying f(x + αp) ≤ f(x) + c₁α∇fᵀp and |∇f(x + αp)ᵀp| ≤ c₂|∇fᵀp|, or, when the
    /// interval shrinks to rounding level first, the best step meeting the sufficient-decrease
    /// condition; nil if no step decreases f.
    static func search(_ f: ([Double]) -> Double, _ grad: ([Double]) -> [Double], x: [Double], fx: Double, g: [Double],
                       direction p: [Double], initialStep: Double) -> (x: [Double], f: Double, g: [Double])? {
        let slope0 = OptimisationVector.dot(g, p)
        guard slope0 < 0 else { return nil }
        let pNorm = OptimisationVector.maxAbs(p)
        let xNorm = max(OptimisationVector.maxAbs(x), 1)
        func evaluate(_ alpha: Double) -> Point {
            let point = OptimisationVector.axpy(x, alpha, p)
            let value = f(point)
            return Point(alpha: alpha, x: point, f: value.isNaN ? .infinity : value, g: nil, slope: nil)
        }
        func differentiate(_ point: inout Point) {
            let gradient = grad(point.x)
            point.g = gradient
            point.slope = OptimisationVector.dot(gradient, p)
        }
        func sufficient(_ point: Point) -> Bool { point.f.isFinite && point.f <= fx + c1 * point.alpha * slope0 }
        func result(_ point: Point) -> (x: [Double], f: Double, g: [Double]) { (point.x, point.f, point.g!) }

        // algorithm 3.6
        func zoom(_ lowStart: Point, _ highStart: Point) -> (x: [Double], f: Double, g: [Double])? {
            var low = lowStart, high = highStart
            for _ in 0..<60 {
                let width = high.alpha - low.alpha
                if abs(width) * pNorm <= 4 * Double.ulpOfOne * xNorm { break }
                var alpha = interpolate(low, high, slope0: slope0, fx: fx)
                let lo = min(low.alpha, high.alpha), hi = max(low.alpha, high.alpha)
                let margin = 0.1 * (hi - lo)
                if !(alpha >= lo + margin && alpha <= hi - margin) { alpha = (low.alpha + high.alpha) / 2 }
                var trial = evaluate(alpha)
                if !sufficient(trial) || trial.f >= low.f {
                    high = trial
                } else {
                    differentiate(&trial)
                    if abs(trial.slope!) <= -c2 * slope0 { return result(trial) }
                    if trial.slope! * (high.alpha - low.alpha) >= 0 { high = low }
                    low = trial
                }
            }
            // the interval has collapsed: accept the best sufficient-decrease point, if any
            return low.alpha > 0 && low.f < fx ? result(low) : nil
        }

        var previous = Point(alpha: 0, x: x, f: fx, g: g, slope: slope0)
        var alpha = initialStep
        for i in 0..<50 {
            var trial = evaluate(alpha)
            if !sufficient(trial) || (i > 0 && trial.f >= previous.f) { return zoom(previous, trial) }
            differentiate(&trial)
            if abs(trial.slope!) <= -c2 * slope0 { return result(trial) }
            if trial.slope! >= 0 { return zoom(trial, previous) }
            previous = trial
            alpha *= 2
        }
        return previous.alpha > 0 ? result(previous) : nil
    }

    /// The minimiser of the cubic through (low, high) with their values and slopes
    /// (N&W eq. 3.59), or of the quadratic through low's value and slope and high's value when
    /// high has no slope; NaN when neither exists (the caller then bisects).
    static func interpolate(_ low: Point, _ high: Point, slope0: Double, fx: Double) -> Double {
        let a = low.alpha, b = high.alpha
        let fa = low.f, fb = high.f
        guard let da = low.slope, fb.isFinite else { return .nan }
        if let db = high.slope {
            let d1 = da + db - 3 * (fa - fb) / (a - b)
            let radicand = d1 * d1 - da * db
            guard radicand >= 0 else { return .nan }
            let d2 = (b - a >= 0 ? 1.0 : -1.0) * radicand.squareRoot()
            return b - (b - a) * (db + d2 - d1) / (db - da + 2 * d2)
        }
        let width = b - a
        let curvature = fb - fa - da * width
        guard curvature > 0 else { return .nan }
        return a - da * width * width / (2 * curvature)
    }
}
