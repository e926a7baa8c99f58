import Foundation
import LAEvalStats

extension CoxRiskData {
    /// Score residuals (Therneau, Grambsch & Fleming 1990), the rows of the n × p matrix whose column
    /// sums are the score: for row i at risk over (startᵢ, stopᵢ],
    /// Lᵢ = δᵢ(xᵢ − x̄(stopᵢ)) − wᵢ Σ_{event times t ∈ (startᵢ, stopᵢ]} Σₖ cᵢₖ (xᵢ − x̄ₖ(t))/s0ₖ(t),
    /// where cᵢₖ = 1 − k/d for a death at t under Efron's approximation and 1 otherwise (as R's
    /// `residuals.coxph(type = "score")`). Prefix sums over each stratum's event times make it O(n (p + log n)).
    func scoreResiduals(beta: [Double], eventTimes: [CoxEventTime]) -> [[Double]] {
        let weight = linearPredictor(beta).map(exp)
        let byStratum = Dictionary(grouping: eventTimes, by: \.stratum).mapValues { $0.sorted { $0.time < $1.time } }
        var prefixes: [Int: (times: [Double], hazard: [Double], mean: [[Double]])] = [:]
        for (s, times) in byStratum {
            var hazard = [0.0], mean = [[Double](repeating: 0, count: p)]
            for record in times {
                hazard.append(hazard.last! + record.hazard)
                mean.append(zip(mean.last!, record.hazardMean).map(+))
            }
            prefixes[s] = (times.map(\.time), hazard, mean)
        }
        return (0..<rows).map { i in
            var residual = [Double](repeating: 0, count: p)
            guard let prefix = prefixes[stratum[i]], let records = byStratum[stratum[i]] else { return residual }
            let upper = Self.countAtOrBelow(prefix.times, stop[i]), lower = Self.countAtOrBelow(prefix.times, start[i])
            let hazard = prefix.hazard[upper] - prefix.hazard[lower]
            for j in 0..<p {
                let xij = x[i * p + j]
                residual[j] = -weight[i] * (xij * hazard - (prefix.mean[upper][j] - prefix.mean[lower][j]))
            }
            if event[i] {
                let own = records[upper - 1]
                for j in 0..<p {
                    let xij = x[i * p + j]
                    residual[j] += xij - own.deathMean[j] + weight[i] * (xij * own.tieHazard - own.tieHazardMean[j])
                }
            }
            return residual
        }
    }

    /// The number of sorted values ≤ limit.
    static func countAtOrBelow(_ sorted: [Double], _ limit: Double) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] <= limit { low = middle + 1 } else { high = middle }
        }
        return low
    }
}

/// Small dense helpers for the Cox fitter and concordance.
enum SurvivalAlgebra {
    /// Rows summed within clusters (in order of first appearance); each row its own cluster when nil.
    static func clusterSums(_ rows: [[Double]], cluster: [String]?) -> [[Double]] {
        guard let cluster else { return rows }
        var index: [String: Int] = [:], sums: [[Double]] = []
        for (row, label) in zip(rows, cluster) {
            if let k = index[label] { sums[k] = zip(sums[k], row).map(+) } else { index[label] = sums.count; sums.append(row) }
        }
        return sums
    }

    /// Σᵢ rᵢrᵢᵀ for rows rᵢ of length p.
    static func crossProduct(_ rows: [[Double]], p: Int) -> Matrix {
        var result = Matrix(rows: p, columns: p)
        for row in rows { for j in 0..<p { for k in 0..<p { result[j, k] += row[j] * row[k] } } }
        return result
    }

    /// uᵀA⁻¹u, NaN when A is not positive definite.
    static func quadraticForm(_ u: [Double], inverseOf a: Matrix) -> Double {
        a.inverseQuadraticForm(u) ?? .nan
    }
}
