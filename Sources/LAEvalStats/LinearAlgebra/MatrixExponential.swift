import Foundation

/// The matrix exponential e^A by scaling and squaring with a [13/13] Padé approximant
/// (Higham 2005, "The scaling and squaring method for the matrix exponential revisited",
/// SIAM J. Matrix Anal. Appl. 26(4), algorithm 2.3), used for transition probabilities
/// P(t) = exp(Q t) of continuous-time Markov models. Lower-degree approximants (3, 5, 7, 9) are
/// used when the 1-norm of A is small enough for them to reach double precision.
public enum MatrixExponential {
    /// θ_m: the largest 1-norm for which the degree-m approximant is accurate (Higham's table 2.3).
    static let theta: [(degree: Int, norm: Double)] = [
        (3, 1.495585217958292e-2), (5, 2.539398330063230e-1), (7, 9.504178996162932e-1), (9, 2.097847961257068e0),
    ]
    static let theta13 = 5.371920351148152

    /// Padé coefficients b_0…b_m (Higham 2005, §2).
    static func coefficients(_ degree: Int) -> [Double] {
        switch degree {
        case 3: return [120, 60, 12, 1]
        case 5: return [30240, 15120, 3360, 420, 30, 1]
        case 7: return [17_297_280, 8_648_640, 1_995_840, 277_200, 25_200, 1512, 56, 1]
        case 9: return [17_643_225_600, 8_821_612_800, 2_075_673_600, 302_702_400, 30_270_240, 2_162_160, 110_880, 3960, 90, 1]
        default:
            return [64_764_752_532_480_000, 32_382_376_266_240_000, 7_771_770_303_897_600, 1_187_353_796_428_800,
                    129_060_195_264_000, 10_559_470_521_600, 670_442_572_800, 33_522_128_640, 1_323_241_920,
                    40_840_800, 960_960, 16380, 182, 1]
        }
    }

    public static func exp(_ a: Matrix) -> Matrix {
        precondition(a.rows == a.columns, "the matrix exponential needs a square matrix")
        let n = a.rows
        let norm = oneNorm(a)
        let identity = Matrix.identity(n)
        for entry in theta where norm <= entry.norm {
            return pade(a, degree: entry.degree, identity: identity)
        }
        let squarings = max(0, Int(ceil(log2(norm / theta13))))
        let scaled = pow(2, -Double(squarings)) * a
        var result = pade(scaled, degree: 13, identity: identity)
        for _ in 0..<squarings { result = result * result }
        return result
    }

    static func oneNorm(_ a: Matrix) -> Double {
        (0..<a.columns).map { j in (0..<a.rows).reduce(0) { $0 + abs(a[$1, j]) } }.max() ?? 0
    }

    /// r_m(A) = q_m(A)⁻¹ p_m(A), with p = U + V and q = −U + V from even and odd powers.
    static func pade(_ a: Matrix, degree: Int, identity: Matrix) -> Matrix {
        let b = coefficients(degree)
        let a2 = a * a
        var u: Matrix, v: Matrix
        if degree == 13 {
            let a4 = a2 * a2, a6 = a4 * a2
            let innerU = b[13] * a6 + b[11] * a4 + b[9] * a2
            u = a * (a6 * innerU + b[7] * a6 + b[5] * a4 + b[3] * a2 + b[1] * identity)
            let innerV = b[12] * a6 + b[10] * a4 + b[8] * a2
            v = a6 * innerV + b[6] * a6 + b[4] * a4 + b[2] * a2 + b[0] * identity
        } else {
            var powers = [identity, a2]
            while powers.count <= degree / 2 { powers.append(powers.last! * a2) }
            var odd = Matrix(rows: a.rows, columns: a.columns), even = Matrix(rows: a.rows, columns: a.columns)
            for k in 0...(degree / 2) {
                odd = odd + b[2 * k + 1] * powers[k]
                even = even + b[2 * k] * powers[k]
            }
            u = a * odd
            v = even
        }
        return solve(v - u, v + u)
    }

    /// X with A X = B, by Gaussian elimination with partial pivoting.
    static func solve(_ a: Matrix, _ b: Matrix) -> Matrix {
        let n = a.rows
        var m = a, x = b
        for k in 0..<n {
            var pivotRow = k
            for i in (k + 1)..<max(k + 1, n) where abs(m[i, k]) > abs(m[pivotRow, k]) { pivotRow = i }
            if pivotRow != k {
                for j in 0..<n { let t = m[k, j]; m[k, j] = m[pivotRow, j]; m[pivotRow, j] = t }
                for j in 0..<x.columns { let t = x[k, j]; x[k, j] = x[pivotRow, j]; x[pivotRow, j] = t }
            }
            for i in (k + 1)..<max(k + 1, n) {
                let factor = m[i, k] / m[k, k]
                if factor == 0 { continue }
                for j in k..<n { m[i, j] -= factor * m[k, j] }
                for j in 0..<x.columns { x[i, j] -= factor * x[k, j] }
            }
        }
        for j in 0..<x.columns {
            for i in stride(from: n - 1, through: 0, by: -1) {
                var value = x[i, j]
                for k in (i + 1)..<max(i + 1, n) { value -= m[i, k] * x[k, j] }
                x[i, j] = value / m[i, i]
            }
        }
        return x
    }
}
