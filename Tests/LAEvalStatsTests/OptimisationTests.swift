import Foundation
import LAEvalStats
import Testing

/// Test problems with analytic derivatives.
enum OptimisationProblems {
    /// Chained Rosenbrock, Σ 100(x_{i+1} − x_i²)² + (1 − x_i)².
    static func rosenbrock(_ x: [Double]) -> Double {
        var total = 0.0
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i], b = 1 - x[i]
            total += 100 * a * a + b * b
        }
        return total
    }

    static func rosenbrockGradient(_ x: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        for i in 0..<(x.count - 1) {
            let a = x[i + 1] - x[i] * x[i]
            g[i] += -400 * x[i] * a - 2 * (1 - x[i])
            g[i + 1] += 200 * a
        }
        return g
    }

    /// Powell's singular function (Moré, Garbow & Hillstrom 1981, problem 13).
    static func powell(_ x: [Double]) -> Double {
        let a = x[0] + 10 * x[1], b = x[2] - x[3], c = x[1] - 2 * x[2], d = x[0] - x[3]
        return a * a + 5 * b * b + c * c * c * c + 10 * d * d * d * d
    }

    static func powellGradient(_ x: [Double]) -> [Double] {
        let a = x[0] + 10 * x[1], b = x[2] - x[3], c = x[1] - 2 * x[2], d = x[0] - x[3]
        return [2 * a + 40 * d * d * d, 20 * a + 4 * c * c * c, 10 * b - 8 * c * c * c, -10 * b - 40 * d * d * d]
    }

    /// R's ?optim "flb": Σ c_i (x_i − x_{i−1}²)², x_0 = 1, c = (1, 4, 4, …).
    static func flb(_ x: [Double]) -> Double {
        var total = 0.0, previous = 1.0
        for i in x.indices {
            let r = x[i] - previous * previous
            total += (i == 0 ? 1 : 4) * r * r
            previous = x[i]
        }
        return total
    }

    static func flbGradient(_ x: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: x.count)
        var previous = 1.0
        for i in x.indices {
            let c: Double = i == 0 ? 1 : 4
            let r = x[i] - previous * previous
            g[i] += 2 * c * r
            if i > 0 { g[i - 1] += 2 * c * r * (-2 * previous) }
            previous = x[i]
        }
        return g
    }

    /// Weibull negative log-likelihood in (shape k, scale λ).
    static func weibull(_ data: [Double], _ p: [Double]) -> Double {
        let k = p[0], lambda = p[1]
        guard k > 0, lambda > 0 else { return .nan }
        var total = 0.0
        for x in data {
            let z = log(x / lambda)
            total -= log(k) - log(lambda) + (k - 1) * z - exp(k * z)
        }
        return total
    }

    static func weibullGradient(_ data: [Double], _ p: [Double]) -> [Double] {
        let k = p[0], lambda = p[1]
        var dk = 0.0, dl = 0.0
        for x in data {
            let z = log(x / lambda), t = exp(k * z)
            dk += 1 / k + z - t * z
            dl += k / lambda * (t - 1)
        }
        return [-dk, -dl]
    }
}

@Suite struct OptimisationBFGSTests {
    static func relative(_ a: [Double], _ b: [Double]) -> Double { Compare.relativeError(a, b, floor: 1) }
    static func distance(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).map { abs($0 - $1) }.max() ?? 0 }

    /// Rosenbrock's minimum (1, …, 1) is well conditioned (smallest Hessian eigenvalue 0.5 in
    /// 10-D, 0.4 in 2-D), so the point is held to 1e-8 relative.
    @Test func rosenbrockWithAnalyticGradientReachesTheOptimumTo1e8() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Rosenbrock.self, "rosenbrock.json")
        for problem in fixture.cases {
            let result = BFGS.minimise(OptimisationProblems.rosenbrock, gradient: OptimisationProblems.rosenbrockGradient,
                                       from: problem.start)
            #expect(result.converged, "\(problem.name): \(result)")
            let error = Self.relative(result.point, problem.optimum)
            print("OPTIM bfgs \(problem.name) analytic: point error \(error), gradMax \(OptimisationVectorTest.maxAbs(result.gradient!)), iterations \(result.iterations)")
            #expect(error < 1e-8, "\(problem.name)")
            #expect(OptimisationVectorTest.maxAbs(result.gradient!) <= 1e-8)
            // tighter than SciPy's default (gtol 1e-5) on the same problem
            #expect(OptimisationVectorTest.maxAbs(result.gradient!) < problem.scipyDefaultBFGS.gradMax)
            #expect(Self.distance(result.point, problem.optimum) < Self.distance(problem.scipyDefaultBFGS.point, problem.optimum))
        }
    }

    /// With central-difference gradients the gradient's truncation error (h²/6 · f''' ≈ 1.4e-8 at
    /// (1, 1)) limits the point to about 1e-7; Richardson gradients remove it (1e-8 relative).
    @Test func rosenbrockWithNumericalGradientsBeatsOptimsDefaults() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Rosenbrock.self, "rosenbrock.json")
        let problem = fixture.cases.first { $0.name == "rosenbrock2" }!
        let central = BFGS.minimise(OptimisationProblems.rosenbrock, from: problem.start)
        let richardson = BFGS.minimise(OptimisationProblems.rosenbrock, from: problem.start,
                                       options: .init(numericalGradient: .richardson))
        let centralError = Self.relative(central.point, problem.optimum)
        let richardsonError = Self.relative(richardson.point, problem.optimum)
        print("OPTIM bfgs rosenbrock2 numerical: central error \(centralError) (\(central.evaluations) evals), richardson \(richardsonError) (\(richardson.evaluations) evals)")
        #expect(central.converged && richardson.converged)
        #expect(centralError < 1e-6)
        #expect(richardsonError < 1e-8)
        guard let r = fixture.rOptimDefault2 else { return }  // made without R
        // optim(method = "BFGS") with its default numerical gradient stops at (0.99980, 0.99961)
        #expect(Self.distance(central.point, problem.optimum) < Self.distance(r.bfgsNumericalGradient.par, problem.optimum) / 100)
        let analytic = BFGS.minimise(OptimisationProblems.rosenbrock, gradient: OptimisationProblems.rosenbrockGradient, from: problem.start)
        #expect(OptimisationVectorTest.maxAbs(analytic.gradient!) <= max(r.bfgs.gradMax, 1e-8))
    }

    /// Powell's singular function: the Hessian is singular at the minimum, so f ~ |x|⁴ and the
    /// point can only be located to about (gradient tolerance)^(1/3); we check f and |x| loosely.
    @Test func powellSingularFunction() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Powell.self, "powell.json")
        let result = BFGS.minimise(OptimisationProblems.powell, gradient: OptimisationProblems.powellGradient, from: fixture.start,
                                   options: .init(maxIterations: 5000))
        print("OPTIM bfgs powell: f \(result.value), |x| \(OptimisationVectorTest.maxAbs(result.point)), \(result.message)")
        #expect(result.converged, "\(result)")
        #expect(result.value < 1e-10)
        #expect(Self.distance(result.point, fixture.optimum) < 1e-2)
    }

    /// Box constraints against SciPy's L-BFGS-B (flb25) and the closed form (Rosenbrock on a box).
    /// Active bounds are hit exactly; free components are well conditioned: 1e-8 relative.
    @Test func boxConstrainedProblems() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Box.self, "box.json")
        for problem in fixture.cases {
            let isFlb = problem.name == "flb25"
            let f: ([Double]) -> Double = { isFlb ? OptimisationProblems.flb($0) : OptimisationProblems.rosenbrock($0) }
            let g: ([Double]) -> [Double] = {
                isFlb ? OptimisationProblems.flbGradient($0) : OptimisationProblems.rosenbrockGradient($0)
            }
            let options = BFGS.Options(lower: problem.lower, upper: problem.upper)
            var outside = 0
            let lower = problem.lower, upper = problem.upper
            let checked: ([Double]) -> Double = { x in
                for i in x.indices where x[i] < lower[i] || x[i] > upper[i] { outside += 1 }
                return f(x)
            }
            let analytic = BFGS.minimise(checked, gradient: g, from: problem.start, options: options)
            let numerical = BFGS.minimise(checked, from: problem.start, options: options)
            let analyticError = Self.relative(analytic.point, problem.point)
            let numericalError = Self.relative(numerical.point, problem.point)
            print("OPTIM box \(problem.name): analytic error \(analyticError) (\(analytic.iterations) it), numerical \(numericalError); \(analytic.message)")
            #expect(analytic.converged && numerical.converged, "\(problem.name): \(analytic) / \(numerical)")
            #expect(analyticError < 1e-8, "\(problem.name)")
            #expect(numericalError < 1e-6, "\(problem.name)")
            #expect(abs(analytic.value - problem.value) <= 1e-10 * max(1, problem.value))
            #expect(outside == 0, "f was called outside the box \(outside) times")
        }
    }

    /// Weibull MLE on log parameters against the closed-form profile solution: the likelihood
    /// is well conditioned here, so 1e-8 relative with analytic or Richardson gradients, 1e-7 with
    /// central differences (gradient error ≈ 1e-10·|f|).
    @Test func weibullMaximumLikelihood() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Weibull.self, "weibull.json")
        let data = fixture.data
        let f: ([Double]) -> Double = { OptimisationProblems.weibull(data, $0.map(exp)) }
        let g: ([Double]) -> [Double] = { theta in
            let p = theta.map(exp)
            let gradient = OptimisationProblems.weibullGradient(data, p)
            return [gradient[0] * p[0], gradient[1] * p[1]]
        }
        let analytic = BFGS.minimise(f, gradient: g, from: fixture.start)
        let central = BFGS.minimise(f, from: fixture.start)
        let richardson = BFGS.minimise(f, from: fixture.start, options: .init(numericalGradient: .richardson))
        let errors = [analytic, central, richardson].map { Self.relative($0.point.map(exp), fixture.mleShapeScale) }
        print("OPTIM weibull point errors analytic/central/richardson: \(errors); value error \(abs(analytic.value - fixture.minimum) / fixture.minimum)")
        #expect(analytic.converged && central.converged && richardson.converged)
        #expect(errors[0] < 1e-8)
        #expect(errors[1] < 1e-7)
        #expect(errors[2] < 1e-8)
        #expect(abs(analytic.value - fixture.minimum) < 1e-12 * fixture.minimum)
        // shape and scale directly, with a lower bound of zero keeping f finite
        let direct = BFGS.minimise({ OptimisationProblems.weibull(data, $0) }, from: [1, 1],
                                   options: .init(lower: [1e-8, 1e-8], upper: [.infinity, .infinity]))
        #expect(direct.converged, "\(direct)")
        #expect(Self.relative(direct.point, fixture.mleShapeScale) < 1e-7)
    }

    @Test func limitsAndFailuresAreReported() {
        let limited = BFGS.minimise(OptimisationProblems.rosenbrock, gradient: OptimisationProblems.rosenbrockGradient,
                                    from: [-1.2, 1], options: .init(maxIterations: 3))
        #expect(!limited.converged)
        #expect(limited.iterations == 3)
        #expect(limited.message.contains("iteration limit"))
        let notFinite = BFGS.minimise({ _ in .nan }, from: [0, 0])
        #expect(!notFinite.converged)
        // optim-style relative function tolerance stops earlier, as optim does
        let loose = BFGS.minimise(OptimisationProblems.rosenbrock, gradient: OptimisationProblems.rosenbrockGradient,
                                  from: [-1.2, 1], options: .init(gradientTolerance: 0, relativeFunctionTolerance: 1e-8))
        #expect(loose.converged)
        // a quadratic is minimised exactly, and non-finite values (a barrier) are stepped back from
        let barrier = BFGS.minimise({ x in x[0] <= 0 ? .infinity : x[0] - log(x[0]) + (x[1] - 2) * (x[1] - 2) }, from: [5, 0])
        #expect(barrier.converged)
        #expect(Self.relative(barrier.point, [1, 2]) < 1e-8)
    }
}

@Suite struct OptimisationNelderMeadTests {
    /// Rosenbrock 2-D: NM's point is limited by how finely f-differences resolve the valley;
    /// with the default tolerances (f spread 1e-12, simplex 1e-10) it lands within 1e-7 of (1, 1) —
    /// over a thousand times closer than R's optim default (reltol 1e-8: error 5e-4).
    @Test func rosenbrock() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Rosenbrock.self, "rosenbrock.json")
        let result = NelderMead.minimise(OptimisationProblems.rosenbrock, from: [-1.2, 1])
        let error = OptimisationBFGSTests.distance(result.point, [1, 1])
        print("OPTIM nelder-mead rosenbrock2: error \(error), \(result.evaluations) evaluations; \(result.message)")
        #expect(result.converged)
        #expect(error < 1e-7)
        if let r = fixture.rOptimDefault2 {
            #expect(error < OptimisationBFGSTests.distance(r.nelderMead.par, [1, 1]) / 1000)
        }
    }

    /// Weibull MLE by Nelder–Mead: f ≈ 40 is resolved to ~ε|f|, so the point to about
    /// √(ε|f|/H) ≈ 1e-8; tested to 1e-6 relative.
    @Test func weibull() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Weibull.self, "weibull.json")
        let data = fixture.data
        let result = NelderMead.minimise({ OptimisationProblems.weibull(data, $0.map(exp)) }, from: fixture.start)
        let error = Compare.relativeError(result.point.map(exp), fixture.mleShapeScale)
        print("OPTIM nelder-mead weibull: error \(error), \(result.evaluations) evaluations")
        #expect(result.converged)
        #expect(error < 1e-6)
    }

    @Test func adaptiveCoefficientsAndRestartsInHigherDimension() {
        let start = [Double](repeating: 0, count: 6)
        let result = NelderMead.minimise(OptimisationProblems.rosenbrock, from: start,
                                         options: .init(maxEvaluations: 200_000, adaptive: true, restarts: 3))
        print("OPTIM nelder-mead rosenbrock6 adaptive: error \(OptimisationBFGSTests.distance(result.point, [Double](repeating: 1, count: 6))), \(result.evaluations) evaluations; \(result.message)")
        #expect(result.converged)
        #expect(OptimisationBFGSTests.distance(result.point, [Double](repeating: 1, count: 6)) < 1e-5)
        let limited = NelderMead.minimise(OptimisationProblems.rosenbrock, from: [-1.2, 1], options: .init(maxEvaluations: 50))
        #expect(!limited.converged)
        #expect(limited.evaluations <= 53)
    }
}

@Suite struct OptimisationDerivativeTests {
    static func matrixError(_ actual: Matrix, _ expected: [[Double]]) -> Double {
        let scale = expected.flatMap { $0 }.map(abs).max()!
        var worst = 0.0
        for i in expected.indices { for j in expected[i].indices { worst = max(worst, abs(actual[i, j] - expected[i][j]) / scale) } }
        return worst
    }

    /// Numerical gradients against the analytic Weibull and Rosenbrock gradients, relative to
    /// max(‖∇f‖∞, 1): 1e-9 for Richardson everywhere and for central differences on the Weibull
    /// likelihood. Central differences on Rosenbrock are held to 3e-8: their truncation error
    /// h²/6 · ∂³f/∂x³ with h = ε^(1/3) and ∂³f/∂x³ = 2400x is 1.47e-8 at (1, 1), where ∇f = 0.
    @Test func gradientsAgainstAnalytic() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Weibull.self, "weibull.json")
        let data = fixture.data
        let f: ([Double]) -> Double = { OptimisationProblems.weibull(data, $0) }
        var worst: [String: Double] = [:]
        for (name, method) in [("central", NumericalDerivatives.Method.central), ("richardson", .richardson)] {
            let weibull = NumericalDerivatives.gradient(f, at: fixture.otherPoint, method: method)
            let weibullError = Compare.relativeError(weibull, fixture.otherGradient, floor: OptimisationVectorTest.maxAbs(fixture.otherGradient))
            #expect(weibullError < 1e-9, "\(name) Weibull gradient")
            var rosenbrockError = 0.0
            for point in [[-1.2, 1.0], [0.3, -0.7], [1.0, 1.0], [2.0, 3.5, -1.0, 0.25]] {
                let expected = OptimisationProblems.rosenbrockGradient(point)
                let actual = NumericalDerivatives.gradient(OptimisationProblems.rosenbrock, at: point, method: method)
                rosenbrockError = max(rosenbrockError, Compare.relativeError(actual, expected, floor: max(OptimisationVectorTest.maxAbs(expected), 1)))
            }
            #expect(rosenbrockError < (method == .central ? 3e-8 : 1e-9), "\(name) Rosenbrock gradient")
            worst["\(name) weibull"] = weibullError
            worst["\(name) rosenbrock"] = rosenbrockError
        }
        print("OPTIM gradient worst relative errors: \(worst)")
        #expect(abs(fixture.otherValue - f(fixture.otherPoint)) < 1e-12 * fixture.otherValue)
    }

    /// Hessians against the analytic Weibull Hessian (at the MLE and away from it) and the
    /// log-parametrised Hessian at the MLE: 1e-6 relative to the largest element, as asked
    /// (observed: Richardson ~3e-10, central ~5e-8, from an analytic gradient ~1e-10).
    @Test func hessiansAgainstAnalytic() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.Weibull.self, "weibull.json")
        let data = fixture.data
        let f: ([Double]) -> Double = { OptimisationProblems.weibull(data, $0) }
        let g: ([Double]) -> [Double] = { OptimisationProblems.weibullGradient(data, $0) }
        var errors: [String: Double] = [:]
        for (label, point, expected) in [("mle", fixture.mleShapeScale, fixture.hessianShapeScale),
                                         ("other", fixture.otherPoint, fixture.otherHessian)] {
            let richardson = NumericalDerivatives.hessian(f, at: point)
            let central = NumericalDerivatives.hessian(f, at: point, method: .central)
            let fromGradient = NumericalDerivatives.hessian(gradient: g, at: point)
            for (name, h) in [("richardson", richardson), ("central", central), ("gradient", fromGradient)] {
                #expect(h.isSymmetric())
                let error = Self.matrixError(h, expected)
                errors["\(label) \(name)"] = error
                #expect(error < 1e-6, "\(label) \(name)")
            }
        }
        let logHessian = NumericalDerivatives.hessian({ OptimisationProblems.weibull(data, $0.map(exp)) }, at: fixture.mleLog)
        errors["mle log"] = Self.matrixError(logHessian, fixture.hessianLog)
        #expect(errors["mle log"]! < 1e-6)
        // the msm use: covariance of the estimates from the Hessian of −2 log L
        let covariance = try Cholesky(2 * logHessian).inverse
        #expect(covariance[0, 0] > 0 && covariance[1, 1] > 0)
        print("OPTIM hessian relative errors: \(errors.sorted { $0.key < $1.key })")
    }

    @Test func richardsonExtrapolationOfAPolynomialIsExact() {
        // a quartic's central differences have error terms up to h²·f⁽⁴⁾ only: one level removes them
        let f: ([Double]) -> Double = { x in pow(x[0], 4) + 3 * x[0] * x[1] * x[1] }
        let gradient = NumericalDerivatives.gradient(f, at: [1.5, -2], method: .richardson)
        #expect(Compare.relativeError(gradient, [4 * pow(1.5, 3) + 12, 3 * 2 * 1.5 * -2]) < 1e-11)
    }
}

@Suite struct OptimisationSimplexLeastSquaresTests {
    /// KKT for min Σ v_k (x1 − X0 w)_k² on the simplex: w ≥ 0, Σw = 1, the gradient equal on the
    /// support and no smaller off it (relative to the gradient's scale). Returns the worst violation.
    static func kktViolation(_ x0: Matrix, _ x1: [Double], _ v: [Double], _ w: [Double]) -> Double {
        let fitted = x0 * w
        let weightedResidual = (0..<x1.count).map { 2 * v[$0] * (fitted[$0] - x1[$0]) }
        let gradient = x0.transposeTimes(weightedResidual)
        let support = w.indices.filter { w[$0] > 0 }
        let level = support.map { gradient[$0] }.reduce(0, +) / Double(support.count)
        var scale = 0.0
        for j in 0..<x0.columns {
            var columnNorm = 0.0
            for k in 0..<x0.rows { columnNorm += v[k] * x0[k, j] * x0[k, j] }
            scale = max(scale, columnNorm.squareRoot())
        }
        let targetNorm = (0..<x1.count).reduce(0.0) { $0 + v[$1] * x1[$1] * x1[$1] }.squareRoot()
        scale = 2 * scale * (scale + targetNorm)
        var violation = max(0, -(w.min() ?? 0))
        violation = max(violation, abs(w.reduce(0, +) - 1))
        for j in w.indices {
            if w[j] > 0 {
                violation = max(violation, abs(gradient[j] - level) / scale)
            } else {
                violation = max(violation, max(0, level - gradient[j]) / scale)
            }
        }
        return violation
    }

    /// Against SLSQP (ftol 1e-15) refined to the exact KKT point on its support: weights to 1e-10
    /// absolute and loss to 1e-12 relative (the problems are well posed: the support's columns are
    /// affinely independent, so the weights are unique); KKT to 1e-12.
    @Test func againstScipyAndTheKKTConditions() throws {
        let fixture = try OptimisationFixture.load(OptimisationFixture.SimplexProblems.self, "simplex_least_squares.json")
        var worstWeights = 0.0, worstLoss = 0.0, worstKKT = 0.0, worstSLSQP = 0.0
        for problem in fixture.cases {
            let x0 = Matrix(problem.X0)
            let v = problem.v ?? [Double](repeating: 1, count: problem.x1.count)
            let (w, loss) = SimplexLeastSquares.solve(design: x0, target: problem.x1, weights: problem.v)
            let weightError = OptimisationBFGSTests.distance(w, problem.weightsKKT)
            let lossError = abs(loss - problem.lossKKT) / max(problem.lossKKT, 1e-300)
            let kkt = Self.kktViolation(x0, problem.x1, v, w)
            worstWeights = max(worstWeights, weightError)
            worstLoss = max(worstLoss, lossError)
            worstKKT = max(worstKKT, kkt)
            worstSLSQP = max(worstSLSQP, OptimisationBFGSTests.distance(w, problem.weightsSLSQP))
            #expect(weightError < 1e-10, "\(problem.name) weights")
            #expect(lossError < 1e-12, "\(problem.name) loss")
            // SLSQP meets the constraints only to ~1e-9, so its loss can be a hair below the
            // feasible optimum; it agrees to 1e-9 relative
            #expect(abs(loss - problem.lossSLSQP) <= 1e-9 * problem.lossSLSQP, "\(problem.name): SLSQP's loss")
            #expect(kkt < 1e-12, "\(problem.name) KKT")
            #expect(w.indices.filter { w[$0] > 0 } == problem.support, "\(problem.name) support")
        }
        print("OPTIM simplex LS worst: weights vs KKT reference \(worstWeights), vs SLSQP \(worstSLSQP), loss \(worstLoss), KKT \(worstKKT)")
    }

    /// Random problems up to 50 × 50 (and J ≫ K), including targets inside the hull (loss 0):
    /// the KKT conditions certify optimality of a convex problem.
    @Test func randomProblemsSatisfyKKT() {
        var generator = SeededGenerator(seed: 20_240_611)
        var worst = 0.0
        for (k, j) in [(3, 2), (5, 5), (10, 40), (50, 50), (50, 10), (2, 50), (20, 35)] {
            for trial in 0..<5 {
                var x0 = Matrix(rows: k, columns: j)
                for index in x0.storage.indices { x0.storage[index] = generator.uniform(-1, 1) }
                let inside = trial == 4
                var x1 = (0..<k).map { _ in generator.uniform(-1.5, 1.5) }
                if inside {  // a convex combination of three donors: loss 0
                    x1 = (0..<k).map { 0.2 * x0[$0, 0] + 0.3 * x0[$0, j / 2] + 0.5 * x0[$0, j - 1] }
                }
                let v = (0..<k).map { _ in generator.uniform(0.1, 3) }
                let (w, loss) = SimplexLeastSquares.solve(design: x0, target: x1, weights: v)
                let violation = Self.kktViolation(x0, x1, v, w)
                worst = max(worst, violation)
                #expect(violation < 1e-12, "K=\(k) J=\(j) trial \(trial)")
                if inside { #expect(loss < 1e-24) }
            }
        }
        print("OPTIM simplex LS random KKT worst \(worst)")
    }

    @Test func degenerateCases() {
        // one donor
        let one = SimplexLeastSquares.solve(design: Matrix([[1], [2]]), target: [0, 0])
        #expect(one.weights == [1])
        #expect(one.loss == 5)
        // duplicated donors: any split is optimal; the weights still sum to 1 and fit exactly
        let duplicated = SimplexLeastSquares.solve(design: Matrix([[1, 1, 0], [0, 0, 1]]), target: [0.5, 0.5])
        #expect(abs(duplicated.weights.reduce(0, +) - 1) < 1e-15)
        #expect(duplicated.loss < 1e-30)
        // zero predictor weight: the predictor is ignored
        let ignored = SimplexLeastSquares.solve(design: Matrix([[0, 1], [5, -5]]), target: [0.25, 100], weights: [1, 0])
        #expect(abs(ignored.weights[1] - 0.25) < 1e-15)
    }

    /// The synthetic-control pattern: an outer optimiser over predictor weights V (softmax of θ),
    /// an inner simplex least squares for W, judged on a pre-period outcome fit.
    @Test func nestedSyntheticControlRuns() {
        var generator = SeededGenerator(seed: 7)
        let k = 4, j = 8, periods = 6
        var x0 = Matrix(rows: k, columns: j), z0 = Matrix(rows: periods, columns: j)
        for index in x0.storage.indices { x0.storage[index] = generator.uniform(0, 1) }
        for index in z0.storage.indices { z0.storage[index] = generator.uniform(0, 1) }
        let truth = [0.5, 0.3, 0.2, 0, 0, 0, 0, 0]
        let x1 = x0 * truth, z1 = (z0 * truth).map { $0 + 0.01 }
        func outer(_ theta: [Double]) -> Double {
            let e = theta.map(exp), total = e.reduce(0, +)
            let w = SimplexLeastSquares.solve(design: x0, target: x1, weights: e.map { $0 / total }).weights
            let fitted = z0 * w
            return zip(z1, fitted).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        }
        let result = NelderMead.minimise(outer, from: [Double](repeating: 0, count: k))
        #expect(result.value <= outer([Double](repeating: 0, count: k)))
        #expect(result.value < 1e-3)
    }
}

enum OptimisationVectorTest {
    static func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
}
