import Foundation
import LAEvalStats

/// Transition probabilities P(t) = exp(Q t) of one intensity matrix Q and their derivatives with
/// respect to the log intensities, for many t.
///
/// When Q has real eigenvalues and a well-conditioned eigenvector matrix (Q = A Λ A⁻¹), this is
/// Kalbfleisch & Lawless (1985, JASA 80, §2 and appendix): P(t) = A diag(e^{λ_k t}) A⁻¹ and
/// ∂P/∂θ = A V A⁻¹ with G = A⁻¹ (∂Q/∂θ) A, V_kl = G_kl (e^{λ_k t} − e^{λ_l t}) / (λ_k − λ_l)
/// (k ≠ l, written e^{λ_l t} t·expm1(x)/x with x = (λ_k − λ_l) t for accuracy at close eigenvalues)
/// and V_kk = G_kk t e^{λ_k t}. Otherwise (complex or defective eigenvalues) P comes from the
/// Padé matrix exponential and ∂P/∂θ from Van Loan's block exponential
/// exp([[Q t, (∂Q/∂θ) t], [0, Q t]]), whose top-right block is ∂P/∂θ (Van Loan 1978,
/// "Computing integrals involving the matrix exponential", IEEE TAC 23(3), theorem 1).
///
/// Matrices are n × n, row-major, flattened. The derivative for transition a = (r → s) is with
/// respect to log q_rs: ∂Q/∂log q_rs = q_rs (e_r e_sᵀ − e_r e_rᵀ).
struct TransitionKernel {
    let n: Int
    let q: [Double]
    let transitions: [(from: Int, to: Int)]
    /// Whether the eigen-decomposition is used (else the Van Loan fallback).
    let isSpectral: Bool
    /// Flat spectral storage: eigenvalues λ (n), A (n², row-major), A⁻¹ (n²), then
    /// G_a = A⁻¹ (∂Q/∂log q_a) A (n² each) for every transition a.
    let spectral: [Double]

    /// `transitions` are 0-based (from, to); `q` is the full generator, row-major.
    init(q: [Double], n: Int, transitions: [(from: Int, to: Int)]) {
        self.n = n
        self.q = q
        self.transitions = transitions
        guard let eigen = RealEigenDecomposition.decompose(q, n: n) else {
            isSpectral = false
            spectral = []
            return
        }
        isSpectral = true
        var storage = eigen.values + eigen.vectors + eigen.inverse
        for t in transitions {
            let rate = q[t.from * n + t.to]
            var g = [Double](repeating: 0, count: n * n)
            for k in 0..<n {
                let u = eigen.inverse[k * n + t.from] * rate
                if u == 0 { continue }
                for l in 0..<n { g[k * n + l] = u * (eigen.vectors[t.to * n + l] - eigen.vectors[t.from * n + l]) }
            }
            storage += g
        }
        spectral = storage
    }

    /// P(t) into `p` (n²), and, when `derivatives` is non-nil, ∂P/∂log q_a into
    /// `derivatives[a·n² ..< (a+1)·n²]` — only the rows i with bit i of `rows` set are filled
    /// when the eigen-decomposition is used. `work` is scratch of at least 3n² + n.
    func evaluate(t: Double, p: UnsafeMutablePointer<Double>, derivatives: UnsafeMutablePointer<Double>?,
                  rows: UInt64 = .max, work: UnsafeMutablePointer<Double>) {
        if isSpectral {
            spectral.withUnsafeBufferPointer {
                evaluateSpectral($0.baseAddress!, t: t, p: p, derivatives: derivatives, rows: rows, work: work)
            }
        } else {
            evaluateVanLoan(t: t, p: p, derivatives: derivatives)
        }
    }

    private func evaluateSpectral(_ s: UnsafePointer<Double>, t: Double, p: UnsafeMutablePointer<Double>,
                                  derivatives: UnsafeMutablePointer<Double>?, rows: UInt64, work: UnsafeMutablePointer<Double>) {
        let n = self.n, nn = n * n
        let values = s, vectors = s + n, inverse = s + n + nn
        let expo = work, f = work + n, tmp = work + n + nn
        for k in 0..<n { expo[k] = Foundation.exp(values[k] * t) }
        // P = A diag(e) A⁻¹
        for k in 0..<n { for j in 0..<n { tmp[k * n + j] = expo[k] * inverse[k * n + j] } }
        for i in 0..<n {
            for j in 0..<n {
                var sum = 0.0
                for k in 0..<n { sum += vectors[i * n + k] * tmp[k * n + j] }
                p[i * n + j] = sum
            }
        }
        guard let derivatives else { return }
        for k in 0..<n {
            for l in 0..<n {
                if k == l {
                    f[k * n + l] = t * expo[k]
                } else {
                    let x = (values[k] - values[l]) * t
                    f[k * n + l] = x == 0 ? t * expo[l] : expo[l] * t * (Foundation.expm1(x) / x)
                }
            }
        }
        for a in 0..<transitions.count {
            let g = s + n + 2 * nn + a * nn
            let out = derivatives + a * nn
            // row i of ∂P = A[i, ·] (G ∘ F) A⁻¹: w_l = Σ_k A[i, k] G_kl F_kl, then Σ_l w_l A⁻¹[l, ·]
            for i in 0..<n where rows & (1 << i) != 0 {
                for l in 0..<n { tmp[l] = 0 }
                for k in 0..<n {
                    let v = vectors[i * n + k]
                    if v == 0 { continue }
                    for l in 0..<n { tmp[l] += v * g[k * n + l] * f[k * n + l] }
                }
                for j in 0..<n { out[i * n + j] = 0 }
                for l in 0..<n {
                    let w = tmp[l]
                    if w == 0 { continue }
                    for j in 0..<n { out[i * n + j] += w * inverse[l * n + j] }
                }
            }
        }
    }

    private func evaluateVanLoan(t: Double, p: UnsafeMutablePointer<Double>, derivatives: UnsafeMutablePointer<Double>?) {
        let n = self.n, nn = n * n
        let qt = Matrix(rows: n, columns: n, columnMajor: (0..<nn).map { q[($0 % n) * n + $0 / n] * t })
        let pm = MatrixExponential.exp(qt)
        for i in 0..<n { for j in 0..<n { p[i * n + j] = pm[i, j] } }
        guard let derivatives else { return }
        for (a, tr) in transitions.enumerated() {
            var block = Matrix(rows: 2 * n, columns: 2 * n)
            for i in 0..<n {
                for j in 0..<n {
                    block[i, j] = qt[i, j]
                    block[n + i, n + j] = qt[i, j]
                }
            }
            let rate = q[tr.from * n + tr.to] * t
            block[tr.from, n + tr.to] += rate
            block[tr.from, n + tr.from] -= rate
            let e = MatrixExponential.exp(block)
            for i in 0..<n { for j in 0..<n { derivatives[a * nn + i * n + j] = e[i, n + j] } }
        }
    }
}

/// Real eigen-decomposition Q = A Λ A⁻¹ of a small real matrix whose eigenvalues are all real:
/// Householder reduction to Hessenberg form, then the shifted QR algorithm with Givens rotations
/// and deflation (Golub & Van Loan, *Matrix Computations*, 4th ed., §7.4–7.5, Wilkinson shifts),
/// eigenvectors by inverse iteration (§7.6.1), A⁻¹ by Gaussian elimination. Returns nil when an
/// eigenvalue pair is complex, the iteration does not converge, or A is ill-conditioned — callers
/// then use the matrix exponential.
enum RealEigenDecomposition {
    static func decompose(_ a: [Double], n: Int) -> (values: [Double], vectors: [Double], inverse: [Double])? {
        guard let values = eigenvalues(a, n: n) else { return nil }
        let scale = max(a.reduce(0) { max($0, abs($1)) }, 1e-300)
        var vectors = [Double](repeating: 0, count: n * n)
        for (k, lambda) in values.enumerated() {
            guard let v = eigenvector(a, n: n, lambda: lambda, scale: scale) else { return nil }
            for i in 0..<n { vectors[i * n + k] = v[i] }
        }
        guard let inverse = SmallLinearAlgebra.inverse(vectors, n: n) else { return nil }
        // accept only a well-conditioned, accurate decomposition
        let normA = SmallLinearAlgebra.infinityNorm(vectors, n: n), normInv = SmallLinearAlgebra.infinityNorm(inverse, n: n)
        guard normA * normInv < 1e8 else { return nil }
        var residual = 0.0
        for i in 0..<n {
            for j in 0..<n {
                var s = 0.0
                for k in 0..<n { s += vectors[i * n + k] * values[k] * inverse[k * n + j] }
                residual = max(residual, abs(s - a[i * n + j]))
            }
        }
        guard residual <= 1e-10 * scale else { return nil }
        return (values, vectors, inverse)
    }

    /// All eigenvalues if all are real, else nil.
    static func eigenvalues(_ a: [Double], n: Int) -> [Double]? {
        var h = a
        hessenberg(&h, n: n)
        var values: [Double] = []
        var hi = n - 1
        var iterations = 0
        let eps = Double.ulpOfOne
        while hi >= 0 {
            if hi == 0 { values.append(h[0]); break }
            var l = hi
            while l > 0 {
                let sub = abs(h[l * n + l - 1])
                if sub <= eps * (abs(h[(l - 1) * n + l - 1]) + abs(h[l * n + l])) || sub < 1e-300 {
                    h[l * n + l - 1] = 0
                    break
                }
                l -= 1
            }
            if l == hi {
                values.append(h[hi * n + hi])
                hi -= 1
                iterations = 0
                continue
            }
            if l == hi - 1 {
                guard let pair = blockEigenvalues(h, n: n, at: hi - 1) else { return nil }
                values += [pair.0, pair.1]
                hi -= 2
                iterations = 0
                continue
            }
            iterations += 1
            if iterations > 200 { return nil }
            var shift = h[hi * n + hi]
            if iterations % 11 == 10 {
                shift += abs(h[hi * n + hi - 1])
            } else if let pair = blockEigenvalues(h, n: n, at: hi - 1) {
                shift = abs(pair.0 - h[hi * n + hi]) < abs(pair.1 - h[hi * n + hi]) ? pair.0 : pair.1
            }
            qrStep(&h, n: n, low: l, high: hi, shift: shift)
        }
        return values
    }

    /// Eigenvalues of the 2 × 2 block at (k, k), or nil if complex.
    static func blockEigenvalues(_ h: [Double], n: Int, at k: Int) -> (Double, Double)? {
        let a = h[k * n + k], b = h[k * n + k + 1], c = h[(k + 1) * n + k], d = h[(k + 1) * n + k + 1]
        let half = (a - d) / 2
        let disc = half * half + b * c
        guard disc >= 0 else { return nil }
        let root = disc.squareRoot()
        let mean = (a + d) / 2
        return (mean + root, mean - root)
    }

    /// Householder reduction to upper Hessenberg form (similarity, in place).
    static func hessenberg(_ h: inout [Double], n: Int) {
        guard n > 2 else { return }
        for k in 0..<(n - 2) {
            var norm = 0.0
            for i in (k + 1)..<n { norm += h[i * n + k] * h[i * n + k] }
            norm = norm.squareRoot()
            if norm == 0 { continue }
            let alpha = h[(k + 1) * n + k] > 0 ? -norm : norm
            var v = [Double](repeating: 0, count: n)
            for i in (k + 1)..<n { v[i] = h[i * n + k] }
            v[k + 1] -= alpha
            var vv = 0.0
            for i in (k + 1)..<n { vv += v[i] * v[i] }
            if vv == 0 { continue }
            for j in 0..<n {
                var s = 0.0
                for i in (k + 1)..<n { s += v[i] * h[i * n + j] }
                s *= 2 / vv
                for i in (k + 1)..<n { h[i * n + j] -= s * v[i] }
            }
            for i in 0..<n {
                var s = 0.0
                for j in (k + 1)..<n { s += h[i * n + j] * v[j] }
                s *= 2 / vv
                for j in (k + 1)..<n { h[i * n + j] -= s * v[j] }
            }
        }
    }

    /// One shifted QR step H − μI = QR, H ← RQ + μI on the active window [low, high] of a
    /// Hessenberg matrix, by Givens rotations.
    static func qrStep(_ h: inout [Double], n: Int, low: Int, high: Int, shift: Double) {
        for k in low...high { h[k * n + k] -= shift }
        var rotations: [(Double, Double)] = []
        for k in low..<high {
            let a = h[k * n + k], b = h[(k + 1) * n + k]
            let r = (a * a + b * b).squareRoot()
            let (c, s) = r == 0 ? (1.0, 0.0) : (a / r, b / r)
            rotations.append((c, s))
            for j in k...high {
                let t1 = h[k * n + j], t2 = h[(k + 1) * n + j]
                h[k * n + j] = c * t1 + s * t2
                h[(k + 1) * n + j] = -s * t1 + c * t2
            }
        }
        for (offset, (c, s)) in rotations.enumerated() {
            let k = low + offset
            for i in low...min(k + 2, high) {
                let t1 = h[i * n + k], t2 = h[i * n + k + 1]
                h[i * n + k] = c * t1 + s * t2
                h[i * n + k + 1] = -s * t1 + c * t2
            }
        }
        for k in low...high { h[k * n + k] += shift }
    }

    /// A unit eigenvector for a (computed) eigenvalue, by two steps of inverse iteration.
    static func eigenvector(_ a: [Double], n: Int, lambda: Double, scale: Double) -> [Double]? {
        var m = a
        let perturbed = lambda + 1e-10 * scale
        for i in 0..<n { m[i * n + i] -= perturbed }
        guard let lu = SmallLinearAlgebra.LU(m, n: n, pivotFloor: 1e-14 * scale) else { return nil }
        var x = [Double](repeating: 1 / Double(n).squareRoot(), count: n)
        for i in 0..<n { x[i] += 1e-3 * Double(i + 1) }
        for _ in 0..<3 {
            x = lu.solve(x)
            let norm = x.reduce(0) { $0 + $1 * $1 }.squareRoot()
            guard norm.isFinite, norm > 0 else { return nil }
            x = x.map { $0 / norm }
        }
        return x
    }
}

/// Gaussian elimination for small row-major matrices.
enum SmallLinearAlgebra {
    struct LU {
        let n: Int
        var lu: [Double]
        var pivots: [Int]

        /// Partial pivoting; pivots smaller than `pivotFloor` are replaced by it (for inverse
        /// iteration on a nearly singular matrix); nil if a pivot is exactly zero and no floor is set.
        init?(_ a: [Double], n: Int, pivotFloor: Double = 0) {
            self.n = n
            lu = a
            pivots = Array(0..<n)
            for k in 0..<n {
                var p = k
                for i in (k + 1)..<max(k + 1, n) where abs(lu[i * n + k]) > abs(lu[p * n + k]) { p = i }
                if p != k {
                    for j in 0..<n { lu.swapAt(k * n + j, p * n + j) }
                    pivots.swapAt(k, p)
                }
                if abs(lu[k * n + k]) <= pivotFloor {
                    if pivotFloor == 0 { return nil }
                    lu[k * n + k] = lu[k * n + k] < 0 ? -pivotFloor : pivotFloor
                }
                for i in (k + 1)..<max(k + 1, n) {
                    let factor = lu[i * n + k] / lu[k * n + k]
                    lu[i * n + k] = factor
                    if factor == 0 { continue }
                    for j in (k + 1)..<n { lu[i * n + j] -= factor * lu[k * n + j] }
                }
            }
        }

        func solve(_ b: [Double]) -> [Double] {
            var x = pivots.map { b[$0] }
            for i in 0..<n { for k in 0..<i { x[i] -= lu[i * n + k] * x[k] } }
            for i in stride(from: n - 1, through: 0, by: -1) {
                for k in (i + 1)..<max(i + 1, n) { x[i] -= lu[i * n + k] * x[k] }
                x[i] /= lu[i * n + i]
            }
            return x
        }
    }

    static func inverse(_ a: [Double], n: Int) -> [Double]? {
        guard let lu = LU(a, n: n) else { return nil }
        var result = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var e = [Double](repeating: 0, count: n)
            e[j] = 1
            let column = lu.solve(e)
            guard column.allSatisfy(\.isFinite) else { return nil }
            for i in 0..<n { result[i * n + j] = column[i] }
        }
        return result
    }

    static func infinityNorm(_ a: [Double], n: Int) -> Double {
        (0..<n).map { i in (0..<n).reduce(0) { $0 + abs(a[i * n + $1]) } }.max() ?? 0
    }

    /// C = A B for n × n row-major matrices.
    static func multiply(_ a: [Double], _ b: [Double], n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: n * n)
        for i in 0..<n { for k in 0..<n where a[i * n + k] != 0 { for j in 0..<n { c[i * n + j] += a[i * n + k] * b[k * n + j] } } }
        return c
    }
}
