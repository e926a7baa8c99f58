import Foundation
import LAEvalStats

/// Maximum-likelihood fitting of continuous-time Markov multi-state models to panel data, as R's
/// msm (Jackson 2011, J Stat Softw 38(8)): the likelihood of Kalbfleisch & Lawless (1985, JASA 80)
/// with exact death times and censored states, maximised over θ = (log baseline intensities,
/// covariate effects) by BFGS with the analytic gradient (``TransitionKernel``), then polished by
/// Newton steps on the Hessian; covariance = inverse of the observed information, the Hessian of
/// −log L by central differences of the analytic gradient.
public enum MultiStateMarkov {
    public struct Options: Sendable {
        /// BFGS stops when ‖∇(−2 log L)‖∞ ≤ gradientTolerance · max(1, |−2 log L|).
        public var gradientTolerance: Double
        public var maxIterations: Int
        /// Centre covariates at their means (msm's default `center = TRUE`): the means are over
        /// the rows that start an interval (every row but each subject's last), as msm computes
        /// them; baseline intensities are then those at the means.
        public var centreCovariates: Bool
        /// Newton steps after BFGS (with the finite-difference Hessian of the analytic gradient at the BFGS point).
        public var newtonSteps: Int
        public var confidenceLevel: Double

        public init(gradientTolerance: Double = 1e-9, maxIterations: Int = 1000, centreCovariates: Bool = true,
                    newtonSteps: Int = 3, confidenceLevel: Double = 0.95) {
            self.gradientTolerance = gradientTolerance
            self.maxIterations = maxIterations
            self.centreCovariates = centreCovariates
            self.newtonSteps = newtonSteps
            self.confidenceLevel = confidenceLevel
        }
    }

    /// Fits `model` to `data`. Throws ``MultiStateError`` for states outside the model, transitions
    /// impossible under its allowed transitions, exact deaths into non-absorbing states, a
    /// covariate-effect list longer than the covariates, or a singular information matrix.
    public static func fit(_ data: MultiStateData, model: MultiStateModel, options: Options = .init()) throws -> MultiStateFit {
        try validate(data, against: model)
        let means = options.centreCovariates ? covariateMeans(data) : [Double](repeating: 0, count: data.covariates.count)
        let layout = ParameterLayout(model: model, covariateNames: data.covariateNames)
        let likelihood = MultiStateLikelihood(data: data, model: model, layout: layout, means: means)
        var start = model.transitions.map { Foundation.log($0.initial) }
        start += [Double](repeating: 0, count: layout.count - start.count)
        let objective: ([Double]) -> Double = { -2 * likelihood.evaluate($0, gradient: false).value }
        let gradient: ([Double]) -> [Double] = { likelihood.evaluate($0, gradient: true).gradient.map { -2 * $0 } }
        let bfgs = BFGS.minimise(objective, gradient: gradient, from: start,
                                 options: .init(gradientTolerance: options.gradientTolerance, maxIterations: options.maxIterations))
        guard bfgs.value.isFinite else { throw MultiStateError.fitFailed("−2 log L is not finite (\(bfgs.message))") }
        // the observed information at the BFGS point; Newton steps on it polish the optimum (the
        // Hessian changes negligibly over such steps, so it also gives the covariance)
        let hessian = NumericalDerivatives.hessian(gradient: gradient, at: bfgs.point)
        // −2 log L's Hessian is twice the information: Cov = (H/2)⁻¹
        guard let cholesky = try? Cholesky(0.5 * hessian) else {
            throw MultiStateError.fitFailed(singularInformationMessage(model: model, at: bfgs.point, start: start))
        }
        let polished = newtonPolish(objective, gradient, hessian: try Cholesky(hessian), from: bfgs.point, value: bfgs.value,
                                    steps: options.newtonSteps)
        let gradientNorm = polished.gradient.reduce(0) { max($0, abs($1)) }
        return MultiStateFit(
            data: data, model: model, layout: layout, means: means, estimates: polished.point, covariance: cholesky.inverse,
            minus2LogLikelihood: polished.value, gradient: polished.gradient,
            converged: bfgs.converged || gradientNorm <= options.gradientTolerance * max(1, abs(polished.value)) * 10,
            iterations: bfgs.iterations, confidenceLevel: options.confidenceLevel)
    }

    /// Crude starting intensities, as msm's crudeinits.msm: moves r → s seen between a subject's
    /// consecutive observations of known state (rows with censored states skipped) over the
    /// time spent in intervals starting in r; moves never seen start at a tenth of the smallest
    /// seen rate.
    public static func crudeIntensities(_ data: MultiStateData, transitions moves: [(from: Int, to: Int)]) -> [Double] {
        var count: [[Int]: Double] = [:], exposure: [Int: Double] = [:]
        for rows in data.rowsBySubject {
            let observed = rows.filter { if case .censored = data.observationTypes[$0] { false } else { true } }
            for (a, b) in zip(observed, observed.dropFirst()) {
                exposure[data.states[a], default: 0] += data.times[b] - data.times[a]
                if data.states[a] != data.states[b] { count[[data.states[a], data.states[b]], default: 0] += 1 }
            }
        }
        let rates = moves.map { move -> Double? in
            guard let n = count[[move.from, move.to]], let time = exposure[move.from], time > 0 else { return nil }
            return n / time
        }
        let floor = (rates.compactMap { $0 }.min() ?? 1) / 10
        return rates.map { $0 ?? floor }
    }

    /// Why the information is singular, as far as the estimates show it: intensities that ran
    /// off to more than 100 times their largest starting value mean the likelihood has no finite
    /// maximum (it keeps rising as those moves become instantaneous), as msm's fits show too.
    static func singularInformationMessage(model: MultiStateModel, at point: [Double], start: [Double]) -> String {
        let largestStart = start.prefix(model.transitions.count).map { Foundation.exp($0) }.max() ?? 1
        let runaway = model.transitions.enumerated().filter { Foundation.exp(point[$0.offset]) > 100 * largestStart }
        guard !runaway.isEmpty else {
            return "the information matrix is not positive definite at the estimates (unidentifiable parameters?)"
        }
        let moves = runaway.map { "\($0.element.from) → \($0.element.to)" }.joined(separator: ", ")
        return "the likelihood has no finite maximum: the intensities of \(moves) run off to infinity (the data cannot tell those states apart)"
    }

    /// Newton steps x ← x − H⁻¹ g with a fixed Hessian while they lower f and the gradient.
    static func newtonPolish(_ f: ([Double]) -> Double, _ gradient: ([Double]) -> [Double], hessian: Cholesky,
                             from start: [Double], value: Double, steps: Int) -> (point: [Double], value: Double, gradient: [Double]) {
        var x = start, fx = value, g = gradient(start)
        for _ in 0..<steps {
            let size = g.reduce(0) { max($0, abs($1)) }
            if size == 0 { break }
            let step = hessian.solve(g)
            let candidate = zip(x, step).map { $0 - $1 }
            let fc = f(candidate)
            guard fc.isFinite, fc <= fx + 1e-12 * abs(fx) else { break }
            let gc = gradient(candidate)
            guard gc.reduce(0, { max($0, abs($1)) }) < size else { break }
            (x, fx, g) = (candidate, fc, gc)
        }
        return (x, fx, g)
    }

    /// Means of the covariates over the rows that start an interval (msm's centring).
    static func covariateMeans(_ data: MultiStateData) -> [Double] {
        let rows = data.rowsBySubject.flatMap { $0.dropLast() }
        return data.covariates.map { column in rows.reduce(0) { $0 + column[$1] } / Double(rows.count) }
    }

    static func validate(_ data: MultiStateData, against model: MultiStateModel) throws {
        guard model.covariateEffects.count <= data.covariates.count else {
            throw MultiStateError.invalidModel("\(model.covariateEffects.count) covariate effects for \(data.covariates.count) covariates")
        }
        let reach = model.reachability()
        for rows in data.rowsBySubject {
            let subject = data.subjects[rows[0]]
            var previous: Int?
            for row in rows {
                for state in data.knownStates(row) where !(1...model.states).contains(state) {
                    throw MultiStateError.stateOutOfRange(subject: subject, row: row + 1, state: state, states: model.states)
                }
                switch data.observationTypes[row] {
                case .censored:
                    previous = nil
                    continue
                case .exactDeath where row != rows[0]:
                    guard model.isAbsorbing(data.states[row]) else {
                        throw MultiStateError.exactDeathNotAbsorbing(subject: subject, row: row + 1, state: data.states[row])
                    }
                default: break
                }
                let state = data.states[row]
                if let from = previous, !reach[from - 1][state - 1] {
                    throw MultiStateError.impossibleTransition(subject: subject, row: row + 1, from: from, to: state)
                }
                previous = state
            }
        }
    }
}
