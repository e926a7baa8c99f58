import Foundation

/// The log-likelihood of panel data under a continuous-time Markov model and its analytic
/// gradient (Kalbfleisch & Lawless 1985; Jackson 2011 §2.3–2.6):
///
/// log L = Σ_subjects Σ_k log P(t_{k+1} − t_k; x_k)[s_k, s_{k+1}]
///
/// with the exact-death term Σ_{m≠d} P[s_k, m] q_{m,d} for an observed entry into absorbing
/// state d at a known time, and, for subjects with censored states (state known to be in a set),
/// the forward recursion α_{k+1}(j) = 1{j allowed} Σ_i α_k(i) P[i, j] (L = Σ_j α_last(j)), which
/// reduces to the product above when every state is known. Covariates x_k are those of the row
/// starting the interval, centred at their means.
///
/// For speed, intervals of subjects with known states are aggregated by (Δt, covariate pattern,
/// from, to, type), so each distinct P(Δt) and its derivatives are computed once per evaluation
/// (as msm aggregates its data). Derivatives of P come from ``TransitionKernel``.
final class MultiStateLikelihood {
    struct Term { let from: Int; let to: Int; let death: Bool; let weight: Double }
    enum Allowed { case states([Int]); case death(Int) }
    struct Step { let key: Int; let allowed: Allowed }
    struct ForwardSubject { let initial: [Int]; let steps: [Step] }

    let n: Int
    let nn: Int
    let layout: ParameterLayout
    let transitions: [(from: Int, to: Int)]
    /// Distinct centred covariate vectors at interval starts.
    let patterns: [[Double]]
    let keys: [(dt: Double, pattern: Int)]
    let termStart: [Int]
    let terms: [Term]
    let forwardSubjects: [ForwardSubject]
    /// Slot of each key in the stored P/∂P buffers for the forward recursion (−1: not needed).
    let forwardSlot: [Int]
    /// Bit i set: row i of ∂P is needed at this key (every row for keys of the forward recursion).
    let rowsNeeded: [UInt64]

    /// Scratch owned by this object (allocated once, reused by every evaluation): P, ∂P, work
    /// space, and the stored P/∂P of the keys the forward recursion needs.
    private let p: UnsafeMutablePointer<Double>
    private let d: UnsafeMutablePointer<Double>
    private let work: UnsafeMutablePointer<Double>
    private let storedP: UnsafeMutablePointer<Double>
    private let storedD: UnsafeMutablePointer<Double>
    private let scratchSizes: [Int]

    /// `means` are the covariate means used for centring.
    init(data: MultiStateData, model: MultiStateModel, layout: ParameterLayout, means: [Double]) {
        n = model.states
        nn = n * n
        self.layout = layout
        transitions = model.transitions.map { ($0.from - 1, $0.to - 1) }
        var patternIndex: [[Double]: Int] = [:]
        var patterns: [[Double]] = []
        var keyIndex: [KeyID: Int] = [:]
        var keys: [(dt: Double, pattern: Int)] = []
        var termsByKey: [[TermID: Double]] = []
        var forward: [ForwardSubject] = []
        var forwardKeys = Set<Int>()
        func key(row: Int, next: Int) -> Int {
            let z = zip(data.covariateRow(row), means).map { $0 - $1 }
            let pattern: Int
            if let existing = patternIndex[z] {
                pattern = existing
            } else {
                pattern = patterns.count
                patternIndex[z] = pattern
                patterns.append(z)
            }
            let dt = data.times[next] - data.times[row]
            let id = KeyID(dt: dt.bitPattern, pattern: pattern)
            if let existing = keyIndex[id] { return existing }
            keyIndex[id] = keys.count
            keys.append((dt, pattern))
            termsByKey.append([:])
            return keys.count - 1
        }
        for rows in data.rowsBySubject {
            let censored = rows.contains { if case .censored = data.observationTypes[$0] { return true } else { return false } }
            if censored {
                var steps: [Step] = []
                for k in 1..<rows.count {
                    let kk = key(row: rows[k - 1], next: rows[k])
                    forwardKeys.insert(kk)
                    let row = rows[k]
                    switch data.observationTypes[row] {
                    case .panel: steps.append(Step(key: kk, allowed: .states([data.states[row] - 1])))
                    case .exactDeath: steps.append(Step(key: kk, allowed: .death(data.states[row] - 1)))
                    case .censored(let allowed): steps.append(Step(key: kk, allowed: .states(allowed.sorted().map { $0 - 1 })))
                    }
                }
                forward.append(ForwardSubject(initial: data.knownStates(rows[0]).map { $0 - 1 }, steps: steps))
            } else {
                for k in 1..<rows.count {
                    let kk = key(row: rows[k - 1], next: rows[k])
                    let death = data.observationTypes[rows[k]] == .exactDeath
                    let id = TermID(from: data.states[rows[k - 1]] - 1, to: data.states[rows[k]] - 1, death: death)
                    termsByKey[kk][id, default: 0] += 1
                }
            }
        }
        var start = [0], terms: [Term] = []
        for byKey in termsByKey {
            for (id, weight) in byKey.sorted(by: { ($0.key.from, $0.key.to, $0.key.death ? 1 : 0) < ($1.key.from, $1.key.to, $1.key.death ? 1 : 0) }) {
                terms.append(Term(from: id.from, to: id.to, death: id.death, weight: weight))
            }
            start.append(terms.count)
        }
        self.patterns = patterns
        self.keys = keys
        termStart = start
        self.terms = terms
        forwardSubjects = forward
        var slots = [Int](repeating: -1, count: keys.count)
        for (slot, k) in forwardKeys.sorted().enumerated() { slots[k] = slot }
        forwardSlot = slots
        rowsNeeded = keys.indices.map { k in
            slots[k] >= 0 ? UInt64.max : terms[start[k]..<start[k + 1]].reduce(UInt64(0)) { $0 | (1 << UInt64($1.from)) }
        }
        let nT = transitions.count
        scratchSizes = [nn, nT * nn, 3 * nn + n, max(1, forwardKeys.count * nn), max(1, forwardKeys.count * nT * nn)]
        let buffers = scratchSizes.map { size in
            let buffer = UnsafeMutablePointer<Double>.allocate(capacity: size)
            buffer.initialize(repeating: 0, count: size)
            return buffer
        }
        (p, d, work, storedP, storedD) = (buffers[0], buffers[1], buffers[2], buffers[3], buffers[4])
    }

    deinit {
        for (buffer, size) in zip([p, d, work, storedP, storedD], scratchSizes) {
            buffer.deinitialize(count: size)
            buffer.deallocate()
        }
    }

    private struct KeyID: Hashable { let dt: UInt64; let pattern: Int }
    private struct TermID: Hashable { let from: Int; let to: Int; let death: Bool }

    /// The generator Q(θ, z), row-major.
    func generator(_ theta: [Double], centred z: [Double]) -> [Double] {
        let logq = layout.logIntensities(theta, centred: z)
        var q = [Double](repeating: 0, count: nn)
        for (a, t) in transitions.enumerated() {
            let rate = Foundation.exp(logq[a])
            q[t.from * n + t.to] = rate
            q[t.from * n + t.from] -= rate
        }
        return q
    }

    func kernel(_ theta: [Double], centred z: [Double]) -> TransitionKernel {
        TransitionKernel(q: generator(theta, centred: z), n: n, transitions: transitions)
    }

    /// log L and, when asked, its gradient with respect to θ.
    func evaluate(_ theta: [Double], gradient wantGradient: Bool) -> (value: Double, gradient: [Double]) {
        let kernels = patterns.map { kernel(theta, centred: $0) }
        let nT = transitions.count
        var logL = 0.0
        var grad = [Double](repeating: 0, count: layout.count)
        var perTransition = [Double](repeating: 0, count: nT)
        for (k, key) in keys.enumerated() {
            let kernel = kernels[key.pattern]
            kernel.evaluate(t: key.dt, p: p, derivatives: wantGradient ? d : nil, rows: rowsNeeded[k], work: work)
            if forwardSlot[k] >= 0 { store(slot: forwardSlot[k], gradient: wantGradient) }
            guard termStart[k] < termStart[k + 1] else { continue }
            for a in 0..<nT { perTransition[a] = 0 }
            for index in termStart[k]..<termStart[k + 1] {
                let term = terms[index]
                if term.death {
                    logL += term.weight * addDeathTerm(term, q: kernel.q, gradient: wantGradient, into: &perTransition)
                } else {
                    let value = p[term.from * n + term.to]
                    logL += term.weight * Foundation.log(value)
                    if wantGradient {
                        for a in 0..<nT { perTransition[a] += term.weight * d[a * nn + term.from * n + term.to] / value }
                    }
                }
            }
            if wantGradient { push(perTransition, pattern: key.pattern, into: &grad) }
        }
        for subject in forwardSubjects {
            logL += forwardRecursion(subject, kernels: kernels, gradient: wantGradient, into: &grad)
        }
        return (logL, grad)
    }

    /// log of Σ_{m≠d} P[i, m] q_{m,d}; adds weight × its gradient per transition.
    private func addDeathTerm(_ term: Term, q: [Double], gradient: Bool, into perTransition: inout [Double]) -> Double {
        let i = term.from, death = term.to
        var value = 0.0
        for m in 0..<n where m != death { value += p[i * n + m] * q[m * n + death] }
        guard gradient else { return Foundation.log(value) }
        for (a, t) in transitions.enumerated() {
            var dv = 0.0
            for m in 0..<n where m != death { dv += d[a * nn + i * n + m] * q[m * n + death] }
            if t.to == death { dv += p[i * n + t.from] * q[t.from * n + death] }
            perTransition[a] += term.weight * dv / value
        }
        return Foundation.log(value)
    }

    /// grad_θ += Σ_a g_a ∂log q_a/∂θ at pattern z.
    private func push(_ perTransition: [Double], pattern: Int, into grad: inout [Double]) {
        let z = patterns[pattern]
        for a in 0..<perTransition.count {
            let g = perTransition[a]
            grad[a] += g
            for c in 0..<layout.covariateCount where layout.betaIndex[c][a] >= 0 { grad[layout.betaIndex[c][a]] += z[c] * g }
        }
    }

    private func store(slot: Int, gradient: Bool) {
        let nT = transitions.count
        for i in 0..<nn { storedP[slot * nn + i] = p[i] }
        if gradient { for i in 0..<(nT * nn) { storedD[slot * nT * nn + i] = d[i] } }
    }

    /// The forward recursion for a subject with censored states, with α and ∂α/∂θ rescaled
    /// at each step (the scale factors' logs summed into log L).
    private func forwardRecursion(_ subject: ForwardSubject, kernels: [TransitionKernel], gradient: Bool,
                                  into grad: inout [Double]) -> Double {
        let nP = layout.count, nT = transitions.count
        var alpha = [Double](repeating: 0, count: n)
        for s in subject.initial { alpha[s] = 1 }
        var dAlpha = [Double](repeating: 0, count: gradient ? nP * n : 0)
        var logScale = 0.0
        var next = [Double](repeating: 0, count: n)
        var dNext = dAlpha
        var perTransition = [Double](repeating: 0, count: nT * n)
        for step in subject.steps {
            let slot = forwardSlot[step.key]
            let pBase = slot * nn, dBase = slot * nT * nn
            let key = keys[step.key]
            let q = kernels[key.pattern].q
            let z = patterns[key.pattern]
            // the "emission" into state j from state i: P[i, j], or for a death Σ_{m≠d} P[i, m] q_{m,d}
            func weight(_ i: Int, _ j: Int, death: Bool) -> Double {
                guard death else { return storedP[pBase + i * n + j] }
                var s = 0.0
                for m in 0..<n where m != j { s += storedP[pBase + i * n + m] * q[m * n + j] }
                return s
            }
            func dWeight(_ a: Int, _ i: Int, _ j: Int, death: Bool) -> Double {
                guard death else { return storedD[dBase + a * nn + i * n + j] }
                var s = 0.0
                for m in 0..<n where m != j { s += storedD[dBase + a * nn + i * n + m] * q[m * n + j] }
                let t = transitions[a]
                if t.to == j { s += storedP[pBase + i * n + t.from] * q[t.from * n + j] }
                return s
            }
            let targets: [Int], death: Bool
            switch step.allowed {
            case .states(let s): (targets, death) = (s, false)
            case .death(let s): (targets, death) = ([s], true)
            }
            for j in 0..<n { next[j] = 0 }
            if gradient {
                for i in 0..<dNext.count { dNext[i] = 0 }
                for i in 0..<perTransition.count { perTransition[i] = 0 }
            }
            for j in targets {
                for i in 0..<n {
                    let w = weight(i, j, death: death)
                    next[j] += alpha[i] * w
                    if gradient {
                        for param in 0..<nP where dAlpha[param * n + i] != 0 { dNext[param * n + j] += dAlpha[param * n + i] * w }
                        if alpha[i] != 0 { for a in 0..<nT { perTransition[a * n + j] += alpha[i] * dWeight(a, i, j, death: death) } }
                    }
                }
            }
            if gradient {
                for a in 0..<nT {
                    for j in targets {
                        let g = perTransition[a * n + j]
                        dNext[a * n + j] += g
                        for c in 0..<layout.covariateCount where layout.betaIndex[c][a] >= 0 { dNext[layout.betaIndex[c][a] * n + j] += z[c] * g }
                    }
                }
            }
            let scale = next.reduce(0, +)
            logScale += Foundation.log(scale)
            guard scale > 0 && scale.isFinite else { return -.infinity }
            for j in 0..<n { alpha[j] = next[j] / scale }
            if gradient { for i in 0..<dAlpha.count { dAlpha[i] = dNext[i] / scale } }
        }
        if gradient {
            for param in 0..<nP { for j in 0..<n { grad[param] += dAlpha[param * n + j] } }
        }
        return logScale
    }
}
