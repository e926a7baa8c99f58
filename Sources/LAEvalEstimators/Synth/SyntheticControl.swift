import Foundation
import LAEvalStats

/// A fitted synthetic control for one treated unit.
public struct SyntheticControlFit: Sendable {
    /// Index (into the problem's units) of the treated unit.
    public let treated: Int
    /// Indices of the donor units, in the order of `donorWeights`.
    public let donors: [Int]
    /// W*: non-negative, summing to one.
    public let donorWeights: [Double]
    /// The diagonal of V, non-negative, summing to one (predictors scaled as described in
    /// ``SyntheticControl``).
    public let predictorWeights: [Double]
    /// The synthetic unit's outcome Σⱼ wⱼ Y_jt at every time of the problem.
    public let synthetic: [Double]
    /// Y_treated,t − synthetic_t at every time.
    public let gaps: [Double]
    /// √(mean of gap² over the fit periods) = √lossV.
    public let fitRMSPE: Double
    /// √(mean of gap² over all times before the treatment start).
    public let preRMSPE: Double
    /// √(mean of gap² over all times from the treatment start).
    public let postRMSPE: Double
    /// postRMSPE / preRMSPE (Abadie, Diamond & Hainmueller 2010, §3.2 and fig. 5).
    public var postPreRatio: Double { postRMSPE / preRMSPE }
    /// The outer loss: mean of gap² over the fit periods (pysyncon's `loss_V`, Synth's `loss.v`).
    public let lossV: Double
    /// The inner loss Σₖ vₖ (x₁ₖ − (X₀w)ₖ)² on the scaled predictors (Synth's `loss.w`).
    public let lossW: Double
    /// Which start of the outer optimisation gave V ("equal", "regression", "fixed").
    public let start: String
    /// Evaluations of the outer objective (each one exact inner solve) over every start.
    public let evaluations: Int
}

/// The synthetic control method of Abadie & Gardeazabal (AER 2003) and Abadie, Diamond &
/// Hainmueller (JASA 2010): the donor weights W*(V) = argmin_{w ∈ simplex} (X₁ − X₀w)ᵀV(X₁ − X₀w)
/// with the diagonal predictor-importance matrix V chosen to minimise the pre-period outcome fit
/// mean_{t ∈ fit} (Z₁t − Z₀t W*(V))² (the nested optimisation of Synth and pysyncon).
///
/// **Scaling** (as Synth and pysyncon): each predictor row is divided by its sample standard
/// deviation (n − 1) over the treated unit and the donors of the fit (a constant row is left
/// unscaled: it cannot affect W). V is normalised to sum to one.
///
/// **Inner problem**: exact, by ``SimplexLeastSquares`` (active set; pysyncon uses SLSQP, Synth
/// `ipop`, both iterative and approximate).
///
/// **Outer problem**: V = softmax(θ, 0) (vₖ = e^θₖ / Σ e^θ with θ_K = 0), θ ∈ ℝᴷ⁻¹, minimised by ``NelderMead``
/// (Gao–Han adaptive coefficients, initial steps of 1 in θ, i.e. a factor e in vₖ, with restarts)
/// from each start in `Options.starts`: "equal" (vₖ = 1/K, pysyncon's default) and "regression"
/// (Synth's and pysyncon's `ols` start: regress the fit-period outcomes of all fitted units on
/// an intercept and the scaled predictors, vₖ ∝ Σ_t β_kt², skipped when the regression is not of
/// full rank). The V with the smallest loss is kept (ties: the earlier start). The nested problem
/// is not convex and V is not identified in general (whole regions of V give the same W); what
/// is unique is W*(V) for a given V, and the loss a good optimiser reaches.
public enum SyntheticControl {
    /// Settings of the outer optimisation.
    public struct Options: Sendable {
        public enum Start: String, Sendable { case equal, regression }
        /// Start points of the outer Nelder–Mead, tried in order.
        public var starts: [Start]
        /// A given V (diagonal, normalised to sum one): no outer optimisation (pysyncon's `custom_V`).
        public var fixedV: [Double]?
        /// Outer objective evaluations allowed per start.
        public var maxEvaluations: Int
        /// Nelder–Mead restarts around the best point while they still lower the loss.
        public var restarts: Int
        /// Relative tolerance on the loss spread over the Nelder–Mead simplex.
        public var functionTolerance: Double

        public init(starts: [Start] = [.equal, .regression], fixedV: [Double]? = nil, maxEvaluations: Int = 6000,
                    restarts: Int = 3, functionTolerance: Double = 1e-12) {
            self.starts = starts
            self.fixedV = fixedV
            self.maxEvaluations = maxEvaluations
            self.restarts = restarts
            self.functionTolerance = functionTolerance
        }
    }

    /// Fits the synthetic control of `treated` from `donors` (default: every other unit).
    public static func fit(_ problem: SyntheticControlProblem, treated: Int, donors: [Int]? = nil,
                           options: Options = .init()) throws -> SyntheticControlFit {
        let donors = donors ?? problem.units.indices.filter { $0 != treated }
        try validate(problem, treated: treated, donors: donors)
        let nested = NestedProblem(problem, treated: treated, donors: donors)
        let choice: (v: [Double], start: String, evaluations: Int)
        if let fixed = options.fixedV {
            guard fixed.count == problem.predictorNames.count, fixed.allSatisfy({ $0 >= 0 && $0.isFinite }),
                  fixed.reduce(0, +) > 0 else {
                throw SyntheticControlError.invalidV("needs \(problem.predictorNames.count) finite non-negative values, not all zero")
            }
            let total = fixed.reduce(0, +)
            choice = (fixed.map { $0 / total }, "fixed", 0)
        } else {
            choice = nested.optimiseV(options)
        }
        return nested.result(v: choice.v, start: choice.start, evaluations: choice.evaluations)
    }

    static func validate(_ problem: SyntheticControlProblem, treated: Int, donors: [Int]) throws {
        guard problem.units.indices.contains(treated) else { throw SyntheticControlError.unknownUnit("#\(treated)") }
        guard !donors.isEmpty else { throw SyntheticControlError.noDonors }
        for donor in donors where !problem.units.indices.contains(donor) { throw SyntheticControlError.unknownUnit("#\(donor)") }
        if donors.contains(treated) { throw SyntheticControlError.treatedAmongDonors(problem.units[treated]) }
        guard Set(donors).count == donors.count else { throw SyntheticControlError.dimensionMismatch("a donor is listed twice") }
    }
}

/// The matrices of one nested fit: scaled predictors of the treated unit and donors, and the
/// fit-period outcomes.
struct NestedProblem {
    let problem: SyntheticControlProblem
    let treated: Int
    let donors: [Int]
    /// K × J scaled donor predictors, and the treated unit's K scaled predictors.
    let x0: Matrix
    let x1: [Double]
    /// fit periods × J donor outcomes, and the treated unit's.
    let z0: Matrix
    let z1: [Double]

    init(_ problem: SyntheticControlProblem, treated: Int, donors: [Int]) {
        self.problem = problem
        self.treated = treated
        self.donors = donors
        let k = problem.predictorNames.count
        let fitted = [treated] + donors
        var x0 = Matrix(rows: k, columns: donors.count)
        var x1 = [Double](repeating: 0, count: k)
        for r in 0..<k {
            let row = fitted.map { problem.predictors[r, $0] }
            let scale = SampleStatistics.standardDeviation(row)
            let divisor = scale > 0 && scale.isFinite ? scale : 1
            x1[r] = row[0] / divisor
            for j in donors.indices { x0[r, j] = row[j + 1] / divisor }
        }
        self.x0 = x0
        self.x1 = x1
        z0 = problem.outcome.selectingRows(problem.fitTimes).selectingColumns(donors)
        z1 = problem.fitTimes.map { problem.outcome[$0, treated] }
    }

    /// W*(V) by the exact simplex least squares.
    func weights(_ v: [Double]) -> (weights: [Double], loss: Double) {
        SimplexLeastSquares.solve(design: x0, target: x1, weights: v)
    }

    /// Mean squared fit-period gap of the weights w.
    func lossV(_ w: [Double]) -> Double {
        let synthetic = z0 * w
        var total = 0.0
        for t in z1.indices { total += (z1[t] - synthetic[t]) * (z1[t] - synthetic[t]) }
        return total / Double(z1.count)
    }

    /// v = softmax(θ₁, …, θ_{K−1}, 0): the last log-weight is pinned at 0, which removes the
    /// softmax's invariance to a common shift of θ (a flat direction for Nelder–Mead).
    static func softmax(_ theta: [Double]) -> [Double] {
        let full = theta + [0]
        let top = full.max() ?? 0
        let e = full.map { Foundation.exp($0 - top) }
        let total = e.reduce(0, +)
        return e.map { $0 / total }
    }

    /// The outer Nelder–Mead from each start; the V with the smallest loss.
    func optimiseV(_ options: SyntheticControl.Options) -> (v: [Double], start: String, evaluations: Int) {
        let k = x1.count
        let equal = [Double](repeating: 1 / Double(k), count: k)
        if k == 1 { return (equal, "equal", 0) }
        var best: (v: [Double], loss: Double, start: String) = (equal, .infinity, "equal")
        var evaluations = 0
        let nelderMead = NelderMead.Options(initialSteps: [Double](repeating: 1, count: k - 1),
                                            functionTolerance: options.functionTolerance, simplexTolerance: 1e-4,
                                            maxEvaluations: options.maxEvaluations, adaptive: true, restarts: options.restarts)
        for start in options.starts {
            guard let v0 = startPoint(start) else { continue }
            let theta0 = Self.logRatios(v0)
            let result = NelderMead.minimise({ theta in lossV(weights(Self.softmax(theta)).weights) }, from: theta0,
                                             options: nelderMead)
            evaluations += result.evaluations
            if result.value < best.loss { best = (Self.softmax(result.point), result.value, start.rawValue) }
        }
        return (best.v, best.start, evaluations)
    }

    /// θₖ = log(vₖ / v_K), the inverse of ``softmax(_:)`` (weights floored at 1e-12).
    static func logRatios(_ v: [Double]) -> [Double] {
        let last = Foundation.log(max(v[v.count - 1], 1e-12))
        return v.dropLast().map { Foundation.log(max($0, 1e-12)) - last }
    }

    func startPoint(_ start: SyntheticControl.Options.Start) -> [Double]? {
        let k = x1.count
        switch start {
        case .equal: return [Double](repeating: 1 / Double(k), count: k)
        case .regression: return regressionStart()
        }
    }

    /// Synth's start: regress each fit-period outcome across the fitted units on an intercept and
    /// the scaled predictors; vₖ ∝ Σ_t β_kt². Nil when the regression is rank deficient.
    func regressionStart() -> [Double]? {
        let k = x1.count, n = donors.count + 1
        guard n > k + 1 else { return nil }
        var design = Matrix(rows: n, columns: k + 1)
        for i in 0..<n {
            design[i, 0] = 1
            for r in 0..<k { design[i, r + 1] = i == 0 ? x1[r] : x0[r, i - 1] }
        }
        let qr = QRDecomposition(design, tolerance: 1e-10)
        guard qr.rank == k + 1 else { return nil }
        var v = [Double](repeating: 0, count: k)
        for t in z1.indices {
            let y = [z1[t]] + (0..<donors.count).map { z0[t, $0] }
            let beta = qr.solve(y)
            for r in 0..<k { v[r] += beta[r + 1] * beta[r + 1] }
        }
        let total = v.reduce(0, +)
        guard total > 0, total.isFinite else { return nil }
        return v.map { $0 / total }
    }

    /// The fit at a chosen V: weights, the synthetic path, gaps and RMSPEs.
    func result(v: [Double], start: String, evaluations: Int) -> SyntheticControlFit {
        let (w, lossW) = weights(v)
        let outcome = problem.outcome
        let synthetic = problem.times.indices.map { t in donors.indices.reduce(0.0) { $0 + w[$1] * outcome[t, donors[$1]] } }
        let gaps = problem.times.indices.map { outcome[$0, treated] - synthetic[$0] }
        func rmspe(_ indices: [Int]) -> Double {
            (indices.reduce(0.0) { $0 + gaps[$1] * gaps[$1] } / Double(indices.count)).squareRoot()
        }
        let lossV = lossV(w)
        return SyntheticControlFit(treated: treated, donors: donors, donorWeights: w, predictorWeights: v,
                                   synthetic: synthetic, gaps: gaps, fitRMSPE: lossV.squareRoot(),
                                   preRMSPE: rmspe(problem.preTimes), postRMSPE: rmspe(problem.postTimes),
                                   lossV: lossV, lossW: lossW, start: start, evaluations: evaluations)
    }
}
