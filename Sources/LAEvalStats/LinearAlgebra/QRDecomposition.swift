import Foundation

/// Householder QR with R's limited column pivoting: A P = Q R.
///
/// Columns are processed in their given order; a column whose remaining norm falls below
/// `tolerance` × its original norm is linearly dependent on the earlier ones and is moved to
/// the end (LINPACK `dqrdc2`, the factorisation behind R's `lm`; Golub & Van Loan §5.2 for the
/// Householder steps). So of a set of collinear columns the later ones are reported as aliased
/// and dropped, exactly as `lm` reports NA coefficients.
public struct QRDecomposition: Sendable {
    /// R on and above the diagonal, the Householder vectors (with implicit leading 1) below,
    /// columns in pivoted order.
    public let factors: Matrix
    /// Householder scalars τ: H = I − τ v vᵀ.
    public let tau: [Double]
    /// `pivot[k]` is the original index of the k-th column of the factorisation.
    public let pivot: [Int]
    /// The number of linearly independent columns (the first `rank` of `pivot`).
    public let rank: Int

    public init(_ a: Matrix, tolerance: Double = 1e-7) {
        var qr = a
        let n = a.rows, p = a.columns
        var pivot = Array(0..<p)
        var originalNorm = (0..<p).map { j -> Double in
            let norm = qr.storage[(j * n)..<((j + 1) * n)].reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm == 0 ? 1 : norm
        }
        var tau = [Double](repeating: 0, count: min(n, p))
        var lastCandidate = p  // columns at or after this index are aliased
        var l = 0
        qr.storage.withUnsafeMutableBufferPointer { s in
            while l < min(lastCandidate, n) {
                var remaining = 0.0
                for i in l..<n { remaining += s[l * n + i] * s[l * n + i] }
                if remaining.squareRoot() < tolerance * originalNorm[l] {
                    // move column l to the end; the others shift left
                    let column = Array(s[(l * n)..<((l + 1) * n)])
                    for j in l..<(p - 1) {
                        for i in 0..<n { s[j * n + i] = s[(j + 1) * n + i] }
                    }
                    for i in 0..<n { s[(p - 1) * n + i] = column[i] }
                    pivot.append(pivot.remove(at: l))
                    originalNorm.append(originalNorm.remove(at: l))
                    lastCandidate -= 1
                    continue
                }
                tau[l] = Self.reflect(s, column: l, rows: n, columns: p)
                l += 1
            }
        }
        factors = qr
        self.tau = tau
        self.pivot = pivot
        rank = l
    }

    /// Forms the Householder reflector of column `l` below the diagonal (LAPACK dlarfg) and
    /// applies it to the columns after it; returns τ.
    private static func reflect(_ s: UnsafeMutableBufferPointer<Double>, column l: Int, rows n: Int, columns p: Int) -> Double {
        let base = l * n
        let alpha = s[base + l]
        let readable = UnsafeBufferPointer(s)
        let tail = n - l - 1
        var tailNorm = tail > 0 ? dot(readable, base + l + 1, readable, base + l + 1, count: tail) : 0
        tailNorm = tailNorm.squareRoot()
        guard tailNorm > 0 else { return 0 }
        let beta = -(alpha >= 0 ? 1.0 : -1.0) * (alpha * alpha + tailNorm * tailNorm).squareRoot()
        let tau = (beta - alpha) / beta
        let scale = 1 / (alpha - beta)
        for i in (l + 1)..<n { s[base + i] *= scale }
        s[base + l] = beta
        for j in (l + 1)..<max(l + 1, p) {
            let other = j * n
            var w = s[other + l] + (tail > 0 ? dot(readable, base + l + 1, readable, other + l + 1, count: tail) : 0)
            w *= tau
            s[other + l] -= w
            let v = s.baseAddress! + base, column = s.baseAddress! + other
            for i in (l + 1)..<n { column[i] -= w * v[i] }
        }
        return tau
    }

    /// Qᵀ y.
    public func qTransposeTimes(_ y: [Double]) -> [Double] {
        let n = factors.rows
        precondition(y.count == n, "Qᵀy needs a vector of \(n)")
        var result = y
        factors.storage.withUnsafeBufferPointer { s in
            for l in 0..<rank where tau[l] != 0 {
                let base = l * n
                var w = result[l]
                for i in (l + 1)..<n { w += s[base + i] * result[i] }
                w *= tau[l]
                result[l] -= w
                for i in (l + 1)..<n { result[i] -= w * s[base + i] }
            }
        }
        return result
    }

    /// The rank × rank upper-triangular R.
    public var r: Matrix {
        var result = Matrix(rows: rank, columns: rank)
        for j in 0..<rank { for i in 0...j { result[i, j] = factors[i, j] } }
        return result
    }

    /// R⁻¹ (rank × rank, upper triangular) by back substitution.
    public var rInverse: Matrix {
        var inverse = Matrix(rows: rank, columns: rank)
        for j in stride(from: rank - 1, through: 0, by: -1) {
            inverse[j, j] = 1 / factors[j, j]
            for i in stride(from: j - 1, through: 0, by: -1) {
                var sum = 0.0
                for k in (i + 1)...j { sum += factors[i, k] * inverse[k, j] }
                inverse[i, j] = -sum / factors[i, i]
            }
        }
        return inverse
    }

    /// Least-squares coefficients of y on the original columns: NaN for aliased columns.
    public func solve(_ y: [Double]) -> [Double] {
        let qty = qTransposeTimes(y)
        var b = [Double](repeating: 0, count: rank)
        for i in stride(from: rank - 1, through: 0, by: -1) {
            var value = qty[i]
            for k in (i + 1)..<rank { value -= factors[i, k] * b[k] }
            b[i] = value / factors[i, i]
        }
        var coefficients = [Double](repeating: .nan, count: factors.columns)
        for k in 0..<rank { coefficients[pivot[k]] = b[k] }
        return coefficients
    }

    /// The original indices of the linearly dependent (aliased) columns, in original order.
    public var aliasedColumns: [Int] { pivot[rank...].sorted() }

    /// The explicit n × n orthogonal Q (for tests and small problems).
    public var q: Matrix {
        let n = factors.rows
        var result = Matrix.identity(n)
        for j in 0..<n { result.storage.replaceSubrange((j * n)..<((j + 1) * n), with: qTimes(result.column(j))) }
        return result
    }

    /// Q v: the reflectors applied in reverse order.
    public func qTimes(_ v: [Double]) -> [Double] {
        let n = factors.rows
        var result = v
        for l in stride(from: rank - 1, through: 0, by: -1) where tau[l] != 0 {
            let base = l * n
            var w = result[l]
            for i in (l + 1)..<n { w += factors.storage[base + i] * result[i] }
            w *= tau[l]
            result[l] -= w
            for i in (l + 1)..<n { result[i] -= w * factors.storage[base + i] }
        }
        return result
    }
}

extension QRDecomposition {
    /// Least squares for a tall matrix by communication-avoiding "TSQR" (Demmel, Grigori, Hoemmen
    /// & Langou 2012): the rows are split into blocks, each [X_b y_b] is reduced to its triangle
    /// R_b in parallel, and the stacked triangles are factorised with R's pivoting. Since
    /// Σ R_bᵀR_b = [X y]ᵀ[X y], the stacked problem has the same solution, residual sum of
    /// squares, R (up to signs) and — column norms being preserved — the same collinear columns.
    /// Returns the factorisation of the stacked X triangles and the coefficients (NaN if aliased).
    public static func tallLeastSquares(_ x: Matrix, _ y: [Double], blocks requested: Int? = nil,
                                        tolerance: Double = 1e-7) -> (qr: QRDecomposition, coefficients: [Double]) {
        let n = x.rows, p = x.columns
        let blocks = max(1, min(requested ?? ProcessInfo.processInfo.activeProcessorCount, n / max(4 * (p + 1), 1)))
        guard blocks > 1 else {
            let qr = QRDecomposition(x, tolerance: tolerance)
            return (qr, qr.solve(y))
        }
        let xs = x, ys = y
        let triangles = parallelMap(blocks) { block -> Matrix in
            let lower = n * block / blocks, upper = n * (block + 1) / blocks
            var storage: [Double] = []
            storage.reserveCapacity((upper - lower) * (p + 1))
            for j in 0..<p { storage.append(contentsOf: xs.storage[(j * n + lower)..<(j * n + upper)]) }
            storage.append(contentsOf: ys[lower..<upper])
            // no pivoting inside a block: collinearity is judged once, on the stacked triangles
            let qr = QRDecomposition(Matrix(rows: upper - lower, columns: p + 1, columnMajor: storage), tolerance: 0)
            var r = Matrix(rows: p + 1, columns: p + 1)
            for j in 0...p { for i in 0...j { r[i, j] = qr.factors[i, j] } }
            return r
        }
        var stacked = Matrix(rows: blocks * (p + 1), columns: p)
        var stackedY = [Double](repeating: 0, count: blocks * (p + 1))
        for (block, r) in triangles.enumerated() {
            for j in 0..<p { for i in 0...j { stacked[block * (p + 1) + i, j] = r[i, j] } }
            for i in 0...p { stackedY[block * (p + 1) + i] = r[i, p] }
        }
        let qr = QRDecomposition(stacked, tolerance: tolerance)
        return (qr, qr.solve(stackedY))
    }
}
