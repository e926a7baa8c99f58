import Foundation

/// What an optimiser (``BFGS``, ``NelderMead``) returns.
public struct OptimisationResult: Sendable, CustomStringConvertible {
    /// The best point found.
    public var point: [Double]
    /// f at `point`.
    public var value: Double
    /// The gradient at `point` (analytic or numerical, as the optimiser used); nil for
    /// derivative-free methods.
    public var gradient: [Double]?
    /// Iterations of the method's main loop.
    public var iterations: Int
    /// Calls of the objective f, including those spent on numerical gradients.
    public var evaluations: Int
    /// Whether the method's convergence test was met (false: iteration limit, or no further
    /// progress possible; `message` says which).
    public var converged: Bool
    /// Why the method stopped.
    public var message: String

    public init(point: [Double], value: Double, gradient: [Double]?, iterations: Int, evaluations: Int,
                converged: Bool, message: String) {
        self.point = point
        self.value = value
        self.gradient = gradient
        self.iterations = iterations
        self.evaluations = evaluations
        self.converged = converged
        self.message = message
    }

    public var description: String {
        "\(converged ? "converged" : "not converged") after \(iterations) iterations, \(evaluations) evaluations: "
            + "f = \(value) at \(point) (\(message))"
    }
}

/// Small dense-vector helpers shared by the optimisers.
enum OptimisationVector {
    @inline(__always)
    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    @inline(__always)
    static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }

    /// a + t·b
    @inline(__always)
    static func axpy(_ a: [Double], _ t: Double, _ b: [Double]) -> [Double] {
        var result = a
        for i in a.indices { result[i] += t * b[i] }
        return result
    }

    /// The projection onto the box [lower, upper].
    static func project(_ x: [Double], _ lower: [Double], _ upper: [Double]) -> [Double] {
        var result = x
        for i in x.indices { result[i] = min(max(x[i], lower[i]), upper[i]) }
        return result
    }
}
