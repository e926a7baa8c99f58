import Foundation

/// A continuous-time Markov multi-state model: the allowed transitions r → s with initial
/// intensities (msm's `qmatrix`), and log-linear covariate effects
/// log q_rs(x) = log q_rs0 + β_rsᵀ (x − x̄) (Kalbfleisch & Lawless 1985, "The analysis of panel
/// data under a Markov assumption", JASA 80, 863–871; Jackson 2011 §2.6).
///
/// Transitions are kept in msm's order — by from-state, then to-state (the row-major order of the
/// non-zero off-diagonal entries of the qmatrix) — whatever order they are given in. Parameters
/// are ordered as msm's: the log baseline intensities in that order, then for each covariate its
/// effects (one per transition, or one per constraint group).
public struct MultiStateModel: Sendable {
    public struct Transition: Sendable, Hashable {
        public let from: Int
        public let to: Int
        public let initial: Double
        public init(from: Int, to: Int, initial: Double) {
            self.from = from
            self.to = to
            self.initial = initial
        }
    }

    /// How a covariate acts on the transitions.
    public enum CovariateEffect: Sendable, Hashable {
        /// Its own β for every allowed transition (msm's default).
        case perTransition
        /// β equal within groups (msm `constraint`): `groups[k]` labels the k-th transition in
        /// msm's order; transitions with the same label share one β. Groups are numbered as
        /// parameters in order of first appearance. Label 0 means the covariate does not act on
        /// that transition (as msm's transition-specific covariate formulas allow).
        case constrained(groups: [Int])
    }

    public let states: Int
    /// Allowed transitions in msm's order (by from-state, then to-state).
    public let transitions: [Transition]
    /// One entry per covariate of the data; missing entries are `.perTransition`.
    public let covariateEffects: [CovariateEffect]

    public init(states: Int, transitions: [(from: Int, to: Int, initial: Double)],
                covariateEffects: [CovariateEffect] = []) throws {
        guard (2...64).contains(states) else { throw MultiStateError.invalidModel("a model needs 2 to 64 states") }
        var seen = Set<[Int]>()
        for t in transitions {
            guard (1...states).contains(t.from), (1...states).contains(t.to), t.from != t.to else {
                throw MultiStateError.invalidModel("transition \(t.from) → \(t.to) is not between two different states of 1...\(states)")
            }
            guard t.initial > 0, t.initial.isFinite else {
                throw MultiStateError.invalidModel("transition \(t.from) → \(t.to) needs a positive finite initial intensity")
            }
            guard seen.insert([t.from, t.to]).inserted else {
                throw MultiStateError.invalidModel("transition \(t.from) → \(t.to) is given twice")
            }
        }
        guard !transitions.isEmpty else { throw MultiStateError.invalidModel("no transitions are allowed") }
        self.states = states
        self.transitions = transitions.map { Transition(from: $0.from, to: $0.to, initial: $0.initial) }
            .sorted { ($0.from, $0.to) < ($1.from, $1.to) }
        for effect in covariateEffects {
            if case .constrained(let groups) = effect, groups.count != transitions.count {
                throw MultiStateError.invalidModel("a constraint needs one group label per transition (\(transitions.count)), got \(groups.count)")
            }
        }
        self.covariateEffects = covariateEffects
    }

    /// The effect of covariate c (`.perTransition` beyond the given list).
    func effect(_ c: Int) -> CovariateEffect { c < covariateEffects.count ? covariateEffects[c] : .perTransition }

    /// Whether state s has no transitions out.
    public func isAbsorbing(_ s: Int) -> Bool { !transitions.contains { $0.from == s } }

    /// reachable[i][j]: whether j can be reached from i (i itself included) by a path of allowed
    /// transitions (msm's check of the data against the qmatrix). 0-based.
    func reachability() -> [[Bool]] {
        var reach = (0..<states).map { i in (0..<states).map { $0 == i } }
        for t in transitions { reach[t.from - 1][t.to - 1] = true }
        for k in 0..<states { for i in 0..<states where reach[i][k] { for j in 0..<states where reach[k][j] { reach[i][j] = true } } }
        return reach
    }
}

/// Where each parameter sits: θ = (log q_a for each transition a, then covariate effects).
struct ParameterLayout: Sendable {
    let transitionCount: Int
    let covariateCount: Int
    /// betaIndex[c][a]: the index in θ of covariate c's effect on transition a (−1: none).
    let betaIndex: [[Int]]
    let count: Int
    /// Parameter names, msm-style: "q12", …, then "sex[1-2]" or "sex[group 1]".
    let names: [String]

    init(model: MultiStateModel, covariateNames: [String]) {
        transitionCount = model.transitions.count
        covariateCount = covariateNames.count
        var next = transitionCount
        var indices: [[Int]] = []
        var names = model.transitions.map { "q\($0.from)\($0.to)" }
        for (c, name) in covariateNames.enumerated() {
            switch model.effect(c) {
            case .perTransition:
                indices.append((0..<transitionCount).map { next + $0 })
                names += model.transitions.map { "\(name)[\($0.from)-\($0.to)]" }
                next += transitionCount
            case .constrained(let groups):
                var labels: [Int: Int] = [:]
                var row: [Int] = []
                for label in groups {
                    guard label != 0 else {
                        row.append(-1)
                        continue
                    }
                    if labels[label] == nil {
                        labels[label] = next
                        names.append("\(name)[group \(label)]")
                        next += 1
                    }
                    row.append(labels[label]!)
                }
                indices.append(row)
            }
        }
        betaIndex = indices
        count = next
        self.names = names
    }

    /// log q_a = θ_a + Σ_c z_c β_{c,a} for centred covariates z.
    func logIntensities(_ theta: [Double], centred z: [Double]) -> [Double] {
        (0..<transitionCount).map { a in
            var value = theta[a]
            for c in 0..<covariateCount where betaIndex[c][a] >= 0 { value += z[c] * theta[betaIndex[c][a]] }
            return value
        }
    }

    /// ∂ log q_a / ∂θ as a dense vector.
    func logIntensityGradient(transition a: Int, centred z: [Double]) -> [Double] {
        var g = [Double](repeating: 0, count: count)
        g[a] = 1
        for c in 0..<covariateCount where betaIndex[c][a] >= 0 { g[betaIndex[c][a]] += z[c] }
        return g
    }
}
