import Foundation

/// Adjusted p-values for a family of hypotheses tested together.
public enum MultipleTesting {
    /// Holm's (1979) step-down adjustment, as R's `p.adjust(method = "holm")`: with the m
    /// p-values sorted ascending, p̃₍ⱼ₎ = max over k ≤ j of min(1, (m − k + 1) p₍ₖ₎). NaN p-values
    /// stay NaN and do not count in m.
    public static func holm(_ p: [Double]) -> [Double] {
        let valid = p.indices.filter { !p[$0].isNaN }.sorted { (p[$0], $0) < (p[$1], $1) }
        let m = Double(valid.count)
        var adjusted = [Double](repeating: .nan, count: p.count)
        var running = 0.0
        for (rank, index) in valid.enumerated() {
            running = max(running, min(1, (m - Double(rank)) * p[index]))
            adjusted[index] = running
        }
        return adjusted
    }

    /// Romano & Wolf's (2005; 2016, algorithm 2) step-down adjustment from a bootstrap of the
    /// test statistics, which accounts for their dependence. `statistics[j]` is the observed
    /// |t| of hypothesis j; `nullDraws[b][j]` the bootstrap draw of |t*ⱼ − tⱼ| (the statistic
    /// centred at the estimate, so under the null). Hypotheses are ordered by |t| descending; the
    /// p-value at step k is the share of draws whose largest centred statistic among the
    /// hypotheses not yet rejected (steps k, k+1, …) reaches |t₍ₖ₎|, and p-values are made
    /// monotone down the steps: p̃₍ₖ₎ = max(p̃₍ₖ₋₁₎, p₍ₖ₎). NaN statistics stay NaN.
    public static func romanoWolf(statistics: [Double], nullDraws: [[Double]]) -> [Double] {
        let order = statistics.indices.filter { !statistics[$0].isNaN }.sorted { (-statistics[$0], $0) < (-statistics[$1], $1) }
        var adjusted = [Double](repeating: .nan, count: statistics.count)
        guard !nullDraws.isEmpty else { return adjusted }
        // the running maximum over steps k…end, computed once from the end backwards per draw
        var tailMax = [[Double]](repeating: [], count: nullDraws.count)
        for (b, draw) in nullDraws.enumerated() {
            var maxima = [Double](repeating: 0, count: order.count)
            var running = -Double.infinity
            for k in stride(from: order.count - 1, through: 0, by: -1) {
                running = max(running, draw[order[k]])
                maxima[k] = running
            }
            tailMax[b] = maxima
        }
        var previous = 0.0
        for (k, index) in order.enumerated() {
            let reached = tailMax.reduce(0) { $0 + ($1[k] >= statistics[index] ? 1 : 0) }
            previous = max(previous, Double(reached) / Double(nullDraws.count))
            adjusted[index] = previous
        }
        return adjusted
    }
}
