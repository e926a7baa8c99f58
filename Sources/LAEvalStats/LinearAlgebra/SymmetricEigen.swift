import Foundation

/// The eigendecomposition A = V Λ Vᵀ of a symmetric matrix by the cyclic Jacobi method
/// (Golub & Van Loan, *Matrix Computations*, 4th ed., §8.5): plane rotations annihilate the
/// off-diagonal elements sweep by sweep. Slower than tridiagonal QR for large matrices but
/// accurate to high relative precision, and the matrices here are small (parameters, states).
public struct SymmetricEigen: Sendable {
    /// Eigenvalues in decreasing order.
    public let values: [Double]
    /// Eigenvectors as columns, in the order of `values`.
    public let vectors: Matrix

    public init(_ a: Matrix, tolerance: Double = 1e-15, maxSweeps: Int = 100) {
        precondition(a.rows == a.columns, "an eigendecomposition needs a square matrix")
        let n = a.rows
        var m = a
        var v = Matrix.identity(n)
        for _ in 0..<maxSweeps {
            var off = 0.0, total = 0.0
            for j in 0..<n { for i in 0..<n { total += m[i, j] * m[i, j]; if i != j { off += m[i, j] * m[i, j] } } }
            if off <= tolerance * tolerance * total || off == 0 { break }
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) where m[p, q] != 0 {
                    let theta = (m[q, q] - m[p, p]) / (2 * m[p, q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {  // columns p, q of m
                        let mkp = m[k, p], mkq = m[k, q]
                        m[k, p] = c * mkp - s * mkq
                        m[k, q] = s * mkp + c * mkq
                    }
                    for k in 0..<n {  // rows p, q of m
                        let mpk = m[p, k], mqk = m[q, k]
                        m[p, k] = c * mpk - s * mqk
                        m[q, k] = s * mpk + c * mqk
                    }
                    for k in 0..<n {
                        let vkp = v[k, p], vkq = v[k, q]
                        v[k, p] = c * vkp - s * vkq
                        v[k, q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { m[$0, $0] > m[$1, $1] }
        values = order.map { m[$0, $0] }
        vectors = v.selectingColumns(order)
    }
}

/// The singular value decomposition A = U Σ Vᵀ by one-sided Jacobi (Hestenes 1958; Demmel &
/// Veselić 1992): column pairs of A are rotated until orthogonal; their norms are the singular
/// values. For m × n with m ≥ n, U is m × n (thin).
public struct SingularValueDecomposition: Sendable {
    /// Singular values in decreasing order.
    public let values: [Double]
    public let u: Matrix
    public let v: Matrix

    public init(_ a: Matrix, tolerance: Double = 1e-15, maxSweeps: Int = 100) {
        let transposed = a.rows < a.columns
        var w = transposed ? a.transposed : a
        let m = w.rows, n = w.columns
        var v = Matrix.identity(n)
        for _ in 0..<maxSweeps {
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<m {
                        alpha += w[i, p] * w[i, p]
                        beta += w[i, q] * w[i, q]
                        gamma += w[i, p] * w[i, q]
                    }
                    guard abs(gamma) > tolerance * (alpha * beta).squareRoot(), gamma != 0 else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot(), s = c * t
                    for i in 0..<m {
                        let wp = w[i, p], wq = w[i, q]
                        w[i, p] = c * wp - s * wq
                        w[i, q] = s * wp + c * wq
                    }
                    for i in 0..<n {
                        let vp = v[i, p], vq = v[i, q]
                        v[i, p] = c * vp - s * vq
                        v[i, q] = s * vp + c * vq
                    }
                }
            }
            if !rotated { break }
        }
        let norms = (0..<n).map { j in (0..<m).reduce(0) { $0 + w[$1, j] * w[$1, j] }.squareRoot() }
        let order = (0..<n).sorted { norms[$0] > norms[$1] }
        var u = Matrix(rows: m, columns: n)
        for (k, j) in order.enumerated() where norms[j] > 0 {
            for i in 0..<m { u[i, k] = w[i, j] / norms[j] }
        }
        let sortedV = v.selectingColumns(order)
        values = order.map { norms[$0] }
        if transposed {
            self.u = sortedV
            self.v = u
        } else {
            self.u = u
            self.v = sortedV
        }
    }
}
