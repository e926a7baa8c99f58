import Foundation
import LAEvalStats

/// A fitted continuous-time Markov multi-state model (msm's `msm` object) and its summaries:
/// intensities with delta-method CIs (qmatrix.msm), hazard ratios (hazard.msm), transition
/// probabilities (pmatrix.msm), mean sojourn times (sojourn.msm), prevalences (prevalence.msm) and
/// likelihood-ratio tests (lrtest.msm) — Jackson 2011, J Stat Softw 38(8), §2 and §3.
///
/// Covariate arguments are raw (uncentred) values, one per covariate, in the data's order; nil
/// means the covariate means, where the baseline intensities are estimated (msm's
/// `covariates = "mean"`); pass zeros for the intensities at covariate value 0.
public struct MultiStateFit: Sendable {
    public struct Intensity: Sendable, Hashable {
        public let from: Int, to: Int, estimate: Double, standardError: Double, lower: Double, upper: Double
    }
    public struct HazardRatio: Sendable, Hashable {
        public let covariate: String, from: Int, to: Int, estimate: Double, lower: Double, upper: Double
    }
    /// The intensity matrix with its SEs and CIs (qmatrix.msm), states × states.
    public struct IntensityMatrix: Sendable {
        public let estimate: Matrix, standardError: Matrix, lower: Matrix, upper: Matrix
    }
    public struct SojournTime: Sendable, Hashable {
        public let state: Int, estimate: Double, standardError: Double, lower: Double, upper: Double
    }
    public struct TransitionProbabilities: Sendable {
        public let estimate: Matrix, lower: Matrix, upper: Matrix
    }
    public struct LikelihoodRatioTest: Sendable, Hashable {
        public let statistic: Double, degreesOfFreedom: Int, pValue: Double
    }

    public let data: MultiStateData
    public let model: MultiStateModel
    let layout: ParameterLayout
    /// The covariate means used for centring (zeros when not centred).
    public let covariateMeans: [Double]
    /// θ: log baseline intensities (at the means) in msm's transition order, then covariate effects.
    public let estimates: [Double]
    /// Inverse observed information of θ.
    public let covariance: Matrix
    public let minus2LogLikelihood: Double
    /// ∇(−2 log L) at the estimates.
    public let gradient: [Double]
    public let converged: Bool
    public let iterations: Int
    public let confidenceLevel: Double

    init(data: MultiStateData, model: MultiStateModel, layout: ParameterLayout, means: [Double], estimates: [Double],
         covariance: Matrix, minus2LogLikelihood: Double, gradient: [Double], converged: Bool, iterations: Int,
         confidenceLevel: Double) {
        self.data = data
        self.model = model
        self.layout = layout
        covariateMeans = means
        self.estimates = estimates
        self.covariance = covariance
        self.minus2LogLikelihood = minus2LogLikelihood
        self.gradient = gradient
        self.converged = converged
        self.iterations = iterations
        self.confidenceLevel = confidenceLevel
    }

    public var parameterNames: [String] { layout.names }
    public var parameterCount: Int { layout.count }
    var z: Double { Normal.standardQuantile(0.5 + confidenceLevel / 2) }

    func centred(_ covariates: [Double]?) -> [Double] {
        guard let covariates else { return [Double](repeating: 0, count: covariateMeans.count) }
        precondition(covariates.count == covariateMeans.count, "need \(covariateMeans.count) covariate values")
        return zip(covariates, covariateMeans).map { $0 - $1 }
    }

    func quadraticForm(_ g: [Double]) -> Double {
        var s = 0.0
        for i in g.indices where g[i] != 0 { for j in g.indices where g[j] != 0 { s += g[i] * covariance[i, j] * g[j] } }
        return s
    }

    /// The off-diagonal intensities at the covariate means, with CIs exp(log q ± z·SE(log q)).
    public var intensities: [Intensity] { intensities(covariates: nil) }

    public func intensities(covariates: [Double]?) -> [Intensity] {
        let zc = centred(covariates)
        let logq = layout.logIntensities(estimates, centred: zc)
        return model.transitions.enumerated().map { a, t in
            let lse = quadraticForm(layout.logIntensityGradient(transition: a, centred: zc)).squareRoot()
            let q = Foundation.exp(logq[a])
            return Intensity(from: t.from, to: t.to, estimate: q, standardError: q * lse,
                             lower: Foundation.exp(logq[a] - z * lse), upper: Foundation.exp(logq[a] + z * lse))
        }
    }

    /// qmatrix.msm(ci = "delta"): off-diagonal CIs on the log scale; the diagonal q_rr = −Σ_s q_rs
    /// with the delta-method SE of log Σ_s q_rs and CI −exp(log|q_rr| ± z·SE).
    public func intensityMatrix(covariates: [Double]? = nil) -> IntensityMatrix {
        let n = model.states
        var estimate = Matrix(rows: n, columns: n), se = estimate, lower = estimate, upper = estimate
        for q in intensities(covariates: covariates) {
            estimate[q.from - 1, q.to - 1] = q.estimate
            se[q.from - 1, q.to - 1] = q.standardError
            lower[q.from - 1, q.to - 1] = q.lower
            upper[q.from - 1, q.to - 1] = q.upper
        }
        for r in 1...n {
            guard let exit = exitRate(state: r, covariates: covariates) else { continue }
            estimate[r - 1, r - 1] = -exit.total
            se[r - 1, r - 1] = exit.total * exit.logSE
            lower[r - 1, r - 1] = -Foundation.exp(Foundation.log(exit.total) + z * exit.logSE)
            upper[r - 1, r - 1] = -Foundation.exp(Foundation.log(exit.total) - z * exit.logSE)
        }
        return IntensityMatrix(estimate: estimate, standardError: se, lower: lower, upper: upper)
    }

    /// Σ_s q_rs and the delta-method SE of its log, or nil for an absorbing state.
    func exitRate(state r: Int, covariates: [Double]?) -> (total: Double, logSE: Double)? {
        let zc = centred(covariates)
        let logq = layout.logIntensities(estimates, centred: zc)
        let out = model.transitions.indices.filter { model.transitions[$0].from == r }
        guard !out.isEmpty else { return nil }
        let total = out.reduce(0) { $0 + Foundation.exp(logq[$1]) }
        var g = [Double](repeating: 0, count: layout.count)
        for a in out {
            let share = Foundation.exp(logq[a]) / total
            for (k, v) in layout.logIntensityGradient(transition: a, centred: zc).enumerated() { g[k] += share * v }
        }
        return (total, quadraticForm(g).squareRoot())
    }

    /// hazard.msm: exp(β) for each covariate and transition, CI exp(β ± z·SE(β)).
    public var hazardRatios: [HazardRatio] {
        data.covariateNames.enumerated().flatMap { c, name in
            model.transitions.enumerated().compactMap { a, t in
                let index = layout.betaIndex[c][a]
                guard index >= 0 else { return nil }
                let beta = estimates[index], se = covariance[index, index].squareRoot()
                return HazardRatio(covariate: name, from: t.from, to: t.to, estimate: Foundation.exp(beta),
                                   lower: Foundation.exp(beta - z * se), upper: Foundation.exp(beta + z * se))
            }
        }
    }

    /// sojourn.msm: mean sojourn −1/q_rr in each transient state, SE by the delta method, CI
    /// exp(log(−1/q_rr) ± z·SE(log Σ_s q_rs)).
    public func sojournTimes(covariates: [Double]? = nil) -> [SojournTime] {
        (1...model.states).compactMap { r in
            guard let exit = exitRate(state: r, covariates: covariates) else { return nil }
            let mean = 1 / exit.total
            return SojournTime(state: r, estimate: mean, standardError: mean * exit.logSE,
                               lower: Foundation.exp(Foundation.log(mean) - z * exit.logSE),
                               upper: Foundation.exp(Foundation.log(mean) + z * exit.logSE))
        }
    }

    /// P(t) = exp(Q(x) t) (pmatrix.msm).
    public func transitionProbabilities(t: Double, covariates: [Double]? = nil) -> Matrix {
        probabilities(estimates, t: t, centred: centred(covariates))
    }

    func probabilities(_ theta: [Double], t: Double, centred zc: [Double]) -> Matrix {
        let n = model.states
        let q = Matrix(rows: n, columns: n, columnMajor: probabilityGenerator(theta, centred: zc))
        return MatrixExponential.exp(t * q)
    }

    /// Q(θ, z) in column-major order.
    func probabilityGenerator(_ theta: [Double], centred zc: [Double]) -> [Double] {
        let n = model.states
        let logq = layout.logIntensities(theta, centred: zc)
        var q = [Double](repeating: 0, count: n * n)
        for (a, t) in model.transitions.enumerated() {
            let rate = Foundation.exp(logq[a])
            q[(t.to - 1) * n + (t.from - 1)] += rate
            q[(t.from - 1) * n + (t.from - 1)] -= rate
        }
        return q
    }

    /// P(t) with msm's `ci = "normal"` intervals: θ drawn `draws` times from N(θ̂, Cov) (seeded
    /// xoshiro256** and inverse-CDF normals), P(t) at each draw, and the (1 ± level)/2 sample
    /// quantiles (R's type 7) of each entry.
    public func transitionProbabilities(t: Double, covariates: [Double]? = nil, draws: Int, seed: UInt64) -> TransitionProbabilities {
        let zc = centred(covariates)
        let n = model.states, k = layout.count
        let lower = (try? Cholesky(covariance))?.lower ?? Matrix(rows: k, columns: k)
        var generator = SeededGenerator(seed: seed)
        var samples = [[Double]](repeating: [], count: n * n)
        for _ in 0..<draws {
            let e = (0..<k).map { _ in Normal.standardQuantile(Double.random(in: Double.ulpOfOne..<1, using: &generator)) }
            let theta = (0..<k).map { i in estimates[i] + (0...i).reduce(0) { $0 + lower[i, $1] * e[$1] } }
            let p = probabilities(theta, t: t, centred: zc)
            for i in 0..<(n * n) { samples[i].append(p.storage[i]) }
        }
        let alpha = (1 - confidenceLevel) / 2
        let lo = samples.map { Self.quantile($0.sorted(), alpha) }, hi = samples.map { Self.quantile($0.sorted(), 1 - alpha) }
        return TransitionProbabilities(estimate: probabilities(estimates, t: t, centred: zc),
                                       lower: Matrix(rows: n, columns: n, columnMajor: lo),
                                       upper: Matrix(rows: n, columns: n, columnMajor: hi))
    }

    /// R's type-7 sample quantile of sorted values.
    static func quantile(_ sorted: [Double], _ p: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let h = Double(sorted.count - 1) * p
        let lo = Int(h.rounded(.down)), hi = min(lo + 1, sorted.count - 1)
        return sorted[lo] + (h - Double(lo)) * (sorted[hi] - sorted[lo])
    }

    /// lrtest.msm: −2 log LR = (−2 log L_restricted) − (−2 log L_full), df = difference in the
    /// number of parameters, p = P(χ²_df > statistic).
    public static func likelihoodRatioTest(restricted: MultiStateFit, full: MultiStateFit) -> LikelihoodRatioTest {
        let statistic = restricted.minus2LogLikelihood - full.minus2LogLikelihood
        let df = full.parameterCount - restricted.parameterCount
        return LikelihoodRatioTest(statistic: statistic, degreesOfFreedom: df,
                                   pValue: df > 0 ? ChiSquared(df: Double(df)).sf(statistic) : .nan)
    }
}
