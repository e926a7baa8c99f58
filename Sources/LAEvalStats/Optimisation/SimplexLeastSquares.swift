import Foundation

/// Least squares on the probability simplex: the donor weights of a synthetic control.
///
/// Minimises Σ_k v_k (x1_k − (X0 w)_k)² subject to w ≥ 0 and Σ_j w_j = 1, where X0 is
/// predictors × donors (K × J) and x1 the treated unit's K predictors (Abadie, Diamond &
/// Hainmueller, JASA 2010, eq. for W*(V)).
///
/// Method: the active-set algorithm of Lawson & Hanson, *Solving Least Squares Problems*
/// (1974, SIAM reprint 1995), ch. 23 (NNLS), adapted to the equality constraint. With
/// A = diag(√v) X0, b = √v x1 and g = Aᵀ(A w − b), the KKT conditions are g_j + μ = λ_j with
/// λ_j ≥ 0, λ_j w_j = 0: the gradient is equal (to −μ) on the support and no smaller off it.
/// The passive set P starts at the single best donor (a feasible vertex). The outer loop adds
/// the donor with the most negative λ_j; the inner loop solves the equality-constrained least
/// squares problem on P exactly — eliminating Σw = 1 by w_c = 1 − Σ_{p≠c} w_p for a reference
/// donor c, and solving the reduced problem by Householder QR — and, if some weight is not
/// positive, moves back along the segment to the boundary and drops the donors that reach
/// zero (L&H steps 8–11). A donor that is an affine combination of the passive ones has λ = 0
/// and never enters, so the reduced problems stay full rank even when J > K.
/// Exact (to rounding, ~1e-13 on weights of well-posed problems) after finitely many steps.
public enum SimplexLeastSquares {
    /// Solves min Σ_k v_k (x1_k − (X0 w)_k)² over the simplex. `v` (predictor weights, ≥ 0)
    /// defaults to all ones. Returns the weights and the loss at them.
    public static func solve(design x0: Matrix, target x1: [Double], weights v: [Double]? = nil) -> (weights: [Double], loss: Double) {
        let k = x0.rows, j = x0.columns
        precondition(j >= 1, "at least one donor is needed")
        precondition(x1.count == k, "the target needs \(k) predictors")
        let v = v ?? [Double](repeating: 1, count: k)
        precondition(v.count == k && v.allSatisfy { $0 >= 0 && $0.isFinite }, "v needs \(k) finite non-negative values")
        let root = v.map { $0.squareRoot() }
        var a = x0
        for c in 0..<j { for r in 0..<k { a[r, c] *= root[r] } }
        let b = (0..<k).map { x1[$0] * root[$0] }

        func loss(_ w: [Double]) -> Double {
            let fitted = x0 * w
            var total = 0.0
            for r in 0..<k { total += v[r] * (x1[r] - fitted[r]) * (x1[r] - fitted[r]) }
            return total
        }
        if j == 1 { return ([1], loss([1])) }

        let columns = (0..<j).map { a.column($0) }
        let columnNorms = columns.map { $0.reduce(0) { $0 + $1 * $1 }.squareRoot() }
        let bNorm = b.reduce(0) { $0 + $1 * $1 }.squareRoot()
        let maxColumn = columnNorms.max() ?? 0
        // the scale of the multipliers λ_j = a_jᵀr + μ, for the entry test
        let tolerance = 1e-12 * max(maxColumn * (bNorm + maxColumn), .leastNormalMagnitude)

        // start: the single donor closest to the target
        var bestStart = 0, bestDistance = Double.infinity
        for c in 0..<j {
            var distance = 0.0
            for r in 0..<k { distance += (columns[c][r] - b[r]) * (columns[c][r] - b[r]) }
            if distance < bestDistance { (bestStart, bestDistance) = (c, distance) }
        }
        var w = [Double](repeating: 0, count: j)
        w[bestStart] = 1
        var passive: [Int] = [bestStart]
        var excluded = Set<Int>()  // donors whose entry made no progress (rounding); not tried again

        for _ in 0..<(3 * j + 10) {
            // multipliers
            let residual = (0..<k).map { r in passive.reduce(-b[r]) { $0 + columns[$1][r] * w[$1] } }
            let g = a.transposeTimes(residual)
            let mu = -passive.reduce(0) { $0 + g[$1] } / Double(passive.count)
            var entering = -1, mostNegative = -tolerance
            for c in 0..<j where w[c] == 0 && !passive.contains(c) && !excluded.contains(c) {
                let lambda = g[c] + mu
                if lambda < mostNegative { (entering, mostNegative) = (c, lambda) }
            }
            if entering < 0 { break }
            passive.append(entering)
            var entered = true
            // inner loop
            for _ in 0..<(j + 1) {
                let z = equalityConstrained(columns, b, passive: passive, reference: passive.max { w[$0] < w[$1] }!)
                if passive.allSatisfy({ z[$0] > 0 }) {
                    for c in passive { w[c] = z[c] }
                    break
                }
                var alpha = 1.0, blocking = -1
                for c in passive where z[c] <= 0 {
                    let ratio = w[c] / (w[c] - z[c])
                    if ratio < alpha { (alpha, blocking) = (ratio, c) }
                }
                if blocking == entering && alpha == 0 { entered = false }
                for c in passive { w[c] += alpha * (z[c] - w[c]) }
                if blocking >= 0 { w[blocking] = 0 }
                passive.removeAll { w[$0] <= 0 }
                for c in 0..<j where !passive.contains(c) { w[c] = 0 }
                if !entered || passive.isEmpty { break }
            }
            if !entered { excluded.insert(entering) }
            if passive.isEmpty {  // cannot happen in exact arithmetic; restart from the best vertex
                passive = [bestStart]
                w = [Double](repeating: 0, count: j)
                w[bestStart] = 1
            }
        }
        // Σw = 1 to the last bit: spread the rounding over the support
        let total = passive.reduce(0) { $0 + w[$1] }
        for c in passive { w[c] /= total }
        return (w, loss(w))
    }

    /// min ‖A_P z − b‖² subject to Σ z = 1, with z zero off P: z_c = 1 − Σ_{p≠c} z_p, the others
    /// from the least-squares problem with columns a_p − a_c and target b − a_c (Householder QR).
    static func equalityConstrained(_ columns: [[Double]], _ b: [Double], passive: [Int], reference c: Int) -> [Double] {
        let k = b.count
        var z = [Double](repeating: 0, count: columns.count)
        let others = passive.filter { $0 != c }
        if others.isEmpty {
            z[c] = 1
            return z
        }
        var reduced = Matrix(rows: k, columns: others.count)
        for (index, p) in others.enumerated() { for r in 0..<k { reduced[r, index] = columns[p][r] - columns[c][r] } }
        let rhs = (0..<k).map { b[$0] - columns[c][$0] }
        let solution = QRDecomposition(reduced, tolerance: 1e-10).solve(rhs)
        var sum = 0.0
        for (index, p) in others.enumerated() {
            let value = solution[index].isNaN ? 0 : solution[index]
            z[p] = value
            sum += value
        }
        z[c] = 1 - sum
        return z
    }
}
