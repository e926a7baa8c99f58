import Foundation
import LAEvalStats

/// Observed and expected numbers in each state at chosen times (msm's prevalence.msm with its
/// defaults; Gentleman et al. 1994, "Multi-state Markov models for analysing incomplete disease
/// history data with illustrations for HIV disease", Stat Med 13, 805–821; Jackson 2011 §3.7).
///
/// Observed: a subject is counted at time t in the state of its last observation at or before t
/// (msm's `interp = "start"`); before its first observation it is not counted; after its last
/// it is counted only if that last state is absorbing.
/// Expected: from time zero t₀ = the earliest observation time, the initial distribution is the
/// observed one at t₀; at each t the expected numbers are Σ_g N_g(t) · π₀ P_g(t₀, t), where the
/// subjects are grouped by covariate history g (the covariate values at the rows where they change,
/// and the change times — msm's `covariates = "population"`), N_g(t) is the number of group-g
/// subjects observed (counted) at t, and P_g is the product of P over the periods between the
/// group's change times, each with that period's covariates.
public struct MultiStatePrevalence: Sendable {
    public let times: [Double]
    /// times × (states + 1): counts in each state and the total.
    public let observed: Matrix
    /// times × (states + 1): expected counts and the total.
    public let expected: Matrix

    /// Percentages of the total in each state (times × states).
    public var observedPercent: Matrix { Self.percent(observed) }
    public var expectedPercent: Matrix { Self.percent(expected) }

    static func percent(_ m: Matrix) -> Matrix {
        var result = Matrix(rows: m.rows, columns: m.columns - 1)
        for i in 0..<m.rows { for j in 0..<(m.columns - 1) { result[i, j] = 100 * m[i, j] / m[i, m.columns - 1] } }
        return result
    }
}

extension MultiStateFit {
    /// prevalence.msm(times:) with msm's defaults. Throws for data with censored states (msm
    /// imputes those by the Viterbi algorithm, which is not implemented here).
    public func prevalence(times: [Double]) throws -> MultiStatePrevalence {
        guard !data.hasCensoredRows else { throw MultiStateError.censoredDataUnsupported("prevalence") }
        let n = model.states
        let occupancy = observedStates(at: times)
        let groups = covariateHistoryGroups()
        var observed = Matrix(rows: times.count, columns: n + 1)
        for (subject, row) in occupancy.enumerated() {
            _ = subject
            for (j, state) in row.enumerated() {
                guard let state else { continue }
                observed[j, state - 1] += 1
                observed[j, n] += 1
            }
        }
        let timeZero = data.times.min() ?? 0
        let initial = observedStates(at: [timeZero]).compactMap { $0[0] }
        var start = [Double](repeating: 0, count: n)
        for s in initial { start[s - 1] += 1 }
        let initialTotal = start.reduce(0, +)
        start = start.map { $0 / initialTotal }
        var expected = Matrix(rows: times.count, columns: n + 1)
        for (j, t) in times.enumerated() where t >= timeZero {
            for group in groups {
                let risk = group.members.reduce(0.0) { $0 + (occupancy[$1][j] == nil ? 0 : 1) }
                if risk == 0 { continue }
                let p = piecewiseProbabilities(from: timeZero, to: t, cuts: group.changeTimes, covariates: group.covariates)
                for s in 0..<n {
                    var value = 0.0
                    for r in 0..<n { value += start[r] * p[r, s] }
                    expected[j, s] += risk * value
                    expected[j, n] += risk * value
                }
            }
        }
        return MultiStatePrevalence(times: times, observed: observed, expected: expected)
    }

    /// For each subject and time, the state counted there (nil: not counted).
    func observedStates(at times: [Double]) -> [[Int?]] {
        data.rowsBySubject.map { rows in
            let lastRow = rows[rows.count - 1]
            return times.map { t -> Int? in
                if t < data.times[rows[0]] { return nil }
                if t > data.times[lastRow] { return model.isAbsorbing(data.states[lastRow]) ? data.states[lastRow] : nil }
                let row = rows.last { data.times[$0] <= t }!
                return data.states[row]
            }
        }
    }

    struct CovariateHistory {
        var members: [Int]
        let changeTimes: [Double]
        let covariates: [[Double]]
    }

    /// Subjects grouped by covariate history, as msm's get.covhist: a subject's history is the
    /// covariate values at its first row, at rows where they differ from the previous row, and at
    /// its last row, with the times of the changes (first and last rows excluded). The periods
    /// use the values of those rows except the last.
    func covariateHistoryGroups() -> [CovariateHistory] {
        guard !data.covariates.isEmpty else {
            return [CovariateHistory(members: Array(data.rowsBySubject.indices), changeTimes: [], covariates: [[]])]
        }
        var index: [String: Int] = [:]
        var groups: [CovariateHistory] = []
        for (subject, rows) in data.rowsBySubject.enumerated() {
            var kept: [Int] = []
            for (k, row) in rows.enumerated() {
                let changed = k > 0 && data.covariateRow(row) != data.covariateRow(rows[k - 1])
                if k == 0 || k == rows.count - 1 || changed { kept.append(row) }
            }
            let values = kept.map { data.covariateRow($0) }
            let changeTimes = kept.dropFirst().dropLast().map { data.times[$0] }
            let key = "\(values)|\(changeTimes)"
            if let g = index[key] {
                groups[g].members.append(subject)
            } else {
                index[key] = groups.count
                groups.append(CovariateHistory(members: [subject], changeTimes: changeTimes, covariates: Array(values.dropLast())))
            }
        }
        return groups
    }

    /// P from t1 to t2 with covariates `covariates[k]` on the k-th period (cut_{k−1}, cut_k]
    /// (msm's pmatrix.piecewise.msm).
    func piecewiseProbabilities(from t1: Double, to t2: Double, cuts: [Double], covariates: [[Double]]) -> Matrix {
        func period(_ t: Double) -> Int { cuts.firstIndex { t <= $0 } ?? cuts.count }
        let covariateFor: (Int) -> [Double]? = { covariates.isEmpty || covariates[0].isEmpty ? nil : covariates[$0] }
        let first = period(t1), last = period(t2)
        var result = Matrix.identity(model.states)
        var from = t1
        for k in first...last {
            let to = k == last ? t2 : cuts[k]
            result = result * transitionProbabilities(t: to - from, covariates: covariateFor(k))
            from = to
        }
        return result
    }
}
