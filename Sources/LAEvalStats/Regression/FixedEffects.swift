import Foundation

/// Absorbs fixed effects: sweeps factor means out of variables by the method of alternating
/// projections (Gaure 2013, "OLS with multiple high dimensional category variables",
/// Computational Statistics & Data Analysis 66; the approach of R's lfe, fixest and Stata's
/// reghdfe). By the Frisch–Waugh–Lovell theorem, least squares on the demeaned variables gives
/// the slope coefficients of the model with every factor level as a dummy.
public struct FixedEffects: Sendable {
    /// `levels[f][i]`: observation i's level (0-based, dense) of factor f.
    public let levels: [[Int]]
    public let levelCounts: [Int]
    public let weights: [Double]?

    /// Recodes each factor's values to dense levels 0..<G in order of first appearance.
    public init(factors: [[Int]], weights: [Double]? = nil) {
        var levels: [[Int]] = []
        var counts: [Int] = []
        for factor in factors {
            var index: [Int: Int] = [:]
            levels.append(factor.map { value in
                if let level = index[value] { return level }
                index[value] = index.count
                return index.count - 1
            })
            counts.append(index.count)
        }
        self.levels = levels
        self.levelCounts = counts
        self.weights = weights
    }

    /// The number of parameters the factors absorb: Σ G_f less the redundant ones. Exact for
    /// one factor (G) and two (G₁ + G₂ − the number of connected components of the bipartite
    /// graph of levels); for more, one redundancy per further factor is assumed, as fixest does.
    public var absorbedParameters: Int {
        guard !levels.isEmpty else { return 0 }
        var total = levelCounts.reduce(0, +)
        if levels.count >= 2 {
            total -= connectedComponents(levels[0], levelCounts[0], levels[1], levelCounts[1])
            total -= levels.count - 2
        }
        return total
    }

    /// Whether each level of factor `f` lies within a single cluster (the factor is nested in
    /// the clustering, so it uses no degrees of freedom of the cluster-robust variance).
    public func isNested(factor f: Int, in clusters: [Int]) -> Bool {
        var clusterOf = [Int?](repeating: nil, count: levelCounts[f])
        for (level, cluster) in zip(levels[f], clusters) {
            if let seen = clusterOf[level] {
                if seen != cluster { return false }
            } else {
                clusterOf[level] = cluster
            }
        }
        return true
    }

    private func connectedComponents(_ a: [Int], _ countA: Int, _ b: [Int], _ countB: Int) -> Int {
        var parent = Array(0..<(countA + countB))
        func find(_ x: Int) -> Int {
            var x = x
            while parent[x] != x {
                parent[x] = parent[parent[x]]
                x = parent[x]
            }
            return x
        }
        for (u, v) in zip(a, b) {
            let ru = find(u), rv = find(countA + v)
            if ru != rv { parent[ru] = rv }
        }
        return Set((0..<(countA + countB)).map(find)).count
    }

    /// Sweeps the factors out of each column: repeated passes subtracting (weighted) level means
    /// until no value changes by more than `tolerance` × (1 + the column's largest value).
    /// Columns are independent and are demeaned in parallel.
    public func demean(_ columns: [[Double]], tolerance: Double = 1e-13, maxIterations: Int = 100_000) -> [[Double]] {
        parallelMap(columns.count) { demean(columns[$0], tolerance: tolerance, maxIterations: maxIterations) }
    }

    public func demean(_ column: [Double], tolerance: Double = 1e-13, maxIterations: Int = 100_000) -> [Double] {
        var values = column
        let scale = 1 + column.reduce(0) { max($0, abs($1)) }
        let weightTotals = levels.indices.map { f -> [Double] in
            var totals = [Double](repeating: 0, count: levelCounts[f])
            for i in 0..<column.count { totals[levels[f][i]] += weights?[i] ?? 1 }
            return totals
        }
        for _ in 0..<maxIterations {
            var largestChange = 0.0
            for f in levels.indices {
                var sums = [Double](repeating: 0, count: levelCounts[f])
                let level = levels[f]
                if let weights {
                    for i in 0..<values.count { sums[level[i]] += weights[i] * values[i] }
                } else {
                    for i in 0..<values.count { sums[level[i]] += values[i] }
                }
                for g in 0..<sums.count { sums[g] /= weightTotals[f][g] }
                for g in 0..<sums.count { largestChange = max(largestChange, abs(sums[g])) }
                for i in 0..<values.count { values[i] -= sums[level[i]] }
            }
            if largestChange <= tolerance * scale || levels.count == 1 { break }
        }
        return values
    }
}

extension LinearRegression {
    /// Least squares with fixed effects absorbed (no intercept: the effects contain it). The
    /// fit's R² is about the overall (weighted) mean of y; `withinR2` is about the demeaned y.
    public static func fit(y: [Double], covariates: [[Double]], terms: [String], fixedEffects: FixedEffects,
                           weights: [Double]? = nil) throws -> (fit: LinearFit, withinR2: Double) {
        let demeaned = fixedEffects.demean([y] + covariates)
        let yWithin = demeaned[0]
        let design = Matrix(columns: Array(demeaned.dropFirst()))
        let total = totalSumOfSquares(y, weights: weights, centred: true)
        let fit = try fit(y: yWithin, design: design, terms: terms, weights: weights,
                          absorbedParameters: fixedEffects.absorbedParameters, totalSumOfSquares: total)
        let withinTotal = totalSumOfSquares(yWithin, weights: weights, centred: false)
        return (fit, 1 - fit.residualSumOfSquares / withinTotal)
    }
}

extension FixedEffects {
    /// The k of fixest's small-sample factor (n − 1)/(n − k) for a cluster-robust variance
    /// (fixest's default `ssc(fixef.K = "nested")`): a fixed effect nested in a clustering
    /// variable uses no cluster degrees of freedom, so its G − 1 parameters are not counted.
    public func clusterAdjustmentParameters(slopes: Int, clusters: [[Int]]) -> Int {
        var k = slopes + absorbedParameters
        for f in levels.indices where clusters.contains(where: { isNested(factor: f, in: $0) }) {
            k -= levelCounts[f] - 1
        }
        return k
    }
}
