import Foundation

/// The Nelder–Mead downhill simplex method, derivative free.
///
/// Sources: Nelder & Mead, "A simplex method for function minimization", Computer Journal 7
/// (1965) 308–313; the precise variant of Lagarias, Reeds, Wright & Wright, "Convergence
/// properties of the Nelder–Mead simplex method in low dimensions", SIAM J. Optim. 9 (1998)
/// 112–147 — reflection ρ = 1, expansion χ = 2, contraction γ = ½, shrink σ = ½; outside and
/// inside contractions; greedy minimisation (the expansion point is kept only if it beats the
/// reflection point); ties broken so a new vertex goes after existing vertices of equal value.
/// With `adaptive`, the dimension-dependent coefficients of Gao & Han, "Implementing the
/// Nelder–Mead simplex algorithm with adaptive parameters", Comput. Optim. Appl. 51 (2012)
/// 259–277: ρ = 1, χ = 1 + 2/n, γ = ¾ − 1/(2n), σ = 1 − 1/n.
///
/// **Initial simplex**: x₀ and x₀ + δ_i e_i with δ_i = `initialStep` · max(|x₀,i|, 1), or the
/// absolute `initialSteps` when given.
///
/// **Stopping** (both must hold): the spread of f over the vertices
/// f_worst − f_best ≤ `functionTolerance` · max(1, |f_best|), and the simplex diameter
/// maxᵢ ‖xᵢ − x_best‖∞ ≤ `simplexTolerance` · max(1, ‖x_best‖∞). The defaults 1e-12 and 1e-10
/// are much tighter than R's `optim` (Nelder–Mead stops on the f-spread alone, reltol = 1e-8,
/// relative to |f| + reltol, and maxit 500), which on Rosenbrock from (−1.2, 1) stops at
/// (1.00026, 1.00051). Non-finite values of f count as +∞.
public enum NelderMead {
    public struct Options: Sendable {
        /// Relative size of the initial simplex: δ_i = initialStep · max(|x₀,i|, 1).
        public var initialStep: Double
        /// Absolute initial steps, one per coordinate (overrides `initialStep`).
        public var initialSteps: [Double]?
        public var functionTolerance: Double
        public var simplexTolerance: Double
        public var maxEvaluations: Int
        /// Gao & Han's dimension-dependent coefficients (better for n ≳ 5).
        public var adaptive: Bool
        /// After convergence, rebuild the initial simplex around the best point and run again,
        /// up to this many times while a run still lowers f (guards against the simplex
        /// collapsing onto a non-stationary point, McKinnon 1998).
        public var restarts: Int

        public init(initialStep: Double = 0.1, initialSteps: [Double]? = nil, functionTolerance: Double = 1e-12,
                    simplexTolerance: Double = 1e-10, maxEvaluations: Int = 20_000, adaptive: Bool = false, restarts: Int = 0) {
            self.initialStep = initialStep
            self.initialSteps = initialSteps
            self.functionTolerance = functionTolerance
            self.simplexTolerance = simplexTolerance
            self.maxEvaluations = maxEvaluations
            self.adaptive = adaptive
            self.restarts = restarts
        }
    }

    /// Minimises f from `start` by the Nelder–Mead simplex method (Lagarias et al. 1998 variant).
    public static func minimise(_ f: ([Double]) -> Double, from start: [Double], options: Options = .init()) -> OptimisationResult {
        let n = start.count
        precondition(n >= 1, "Nelder–Mead needs at least one variable")
        if let steps = options.initialSteps { precondition(steps.count == n, "initialSteps needs \(n) values") }
        var evaluations = 0
        var iterations = 0
        var best = start
        var bestValue = Double.infinity
        var converged = false
        var message = ""
        var run = 0
        while true {
            let outcome = simplexRun(f, from: best, options: options, evaluations: &evaluations, iterations: &iterations)
            let improved = outcome.value < bestValue - options.functionTolerance * max(1, abs(outcome.value))
            if outcome.value <= bestValue {
                best = outcome.point
                bestValue = outcome.value
            }
            converged = outcome.converged
            message = outcome.message
            run += 1
            if !converged || run > options.restarts || (run > 1 && !improved) { break }
        }
        return OptimisationResult(point: best, value: bestValue, gradient: nil, iterations: iterations, evaluations: evaluations,
                                  converged: converged, message: message + (run > 1 ? " (\(run) runs)" : ""))
    }

    static func simplexRun(_ f: ([Double]) -> Double, from start: [Double], options: Options, evaluations: inout Int,
                           iterations: inout Int) -> (point: [Double], value: Double, converged: Bool, message: String) {
        let n = start.count
        let dimension = Double(n)
        let rho = 1.0
        let chi = options.adaptive ? 1 + 2 / dimension : 2
        let gamma = options.adaptive ? 0.75 - 1 / (2 * dimension) : 0.5
        let sigma = options.adaptive ? 1 - 1 / dimension : 0.5

        func value(_ x: [Double]) -> Double {
            evaluations += 1
            let v = f(x)
            return v.isNaN ? .infinity : v
        }
        // vertices sorted by value, best first
        var vertices: [[Double]] = [start]
        var values: [Double] = [value(start)]
        for i in 0..<n {
            var vertex = start
            vertex[i] += options.initialSteps?[i] ?? options.initialStep * max(abs(start[i]), 1)
            vertices.append(vertex)
            values.append(value(vertex))
        }
        // stable sort keeps the original order among ties (Lagarias et al.'s rule for the start)
        var order = Array(0...n)
        order.sort { values[$0] < values[$1] }
        vertices = order.map { vertices[$0] }
        values = order.map { values[$0] }

        /// Replaces the worst vertex and reinserts it after every vertex with value ≤ its own.
        func replaceWorst(_ x: [Double], _ fx: Double) {
            vertices.removeLast()
            values.removeLast()
            let position = values.firstIndex { $0 > fx } ?? values.count
            vertices.insert(x, at: position)
            values.insert(fx, at: position)
        }

        while true {
            let spread = values[n] - values[0]
            var diameter = 0.0
            for i in 1...n { for j in 0..<n { diameter = max(diameter, abs(vertices[i][j] - vertices[0][j])) } }
            if spread <= options.functionTolerance * max(1, abs(values[0]))
                && diameter <= options.simplexTolerance * max(1, OptimisationVector.maxAbs(vertices[0])) {
                return (vertices[0], values[0], true,
                        "f spread ≤ \(options.functionTolerance)·max(1, |f|) and simplex size ≤ \(options.simplexTolerance)·max(1, ‖x‖∞)")
            }
            if evaluations >= options.maxEvaluations {
                return (vertices[0], values[0], false, "evaluation limit \(options.maxEvaluations) reached")
            }
            iterations += 1
            var centroid = [Double](repeating: 0, count: n)
            for i in 0..<n { for j in 0..<n { centroid[j] += vertices[i][j] } }
            for j in 0..<n { centroid[j] /= dimension }
            let worst = vertices[n]
            func along(_ t: Double) -> [Double] { (0..<n).map { centroid[$0] + t * (centroid[$0] - worst[$0]) } }

            let reflected = along(rho)
            let fr = value(reflected)
            if fr < values[0] {
                let expanded = along(rho * chi)
                let fe = value(expanded)
                if fe < fr { replaceWorst(expanded, fe) } else { replaceWorst(reflected, fr) }
                continue
            }
            if fr < values[n - 1] {
                replaceWorst(reflected, fr)
                continue
            }
            if fr < values[n] {
                let outside = along(rho * gamma)
                let fc = value(outside)
                if fc <= fr {
                    replaceWorst(outside, fc)
                    continue
                }
            } else {
                let inside = along(-gamma)
                let fcc = value(inside)
                if fcc < values[n] {
                    replaceWorst(inside, fcc)
                    continue
                }
            }
            // shrink towards the best vertex
            let bestVertex = vertices[0]
            var shrunk: [([Double], Double)] = [(bestVertex, values[0])]
            for i in 1...n {
                let vertex = (0..<n).map { bestVertex[$0] + sigma * (vertices[i][$0] - bestVertex[$0]) }
                shrunk.append((vertex, value(vertex)))
            }
            // the best vertex stays first among ties; the others keep their relative order
            let rest = shrunk[1...].enumerated().sorted { $0.element.1 < $1.element.1 || ($0.element.1 == $1.element.1 && $0.offset < $1.offset) }
            var merged = [shrunk[0]]
            for entry in rest.map(\.element) {
                let position = merged.firstIndex { $0.1 > entry.1 } ?? merged.count
                merged.insert(entry, at: position)
            }
            vertices = merged.map(\.0)
            values = merged.map(\.1)
        }
    }
}
