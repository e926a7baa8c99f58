/// The Cholesky factorisation A = LLᵀ of a symmetric positive-definite matrix
/// (Golub & Van Loan, *Matrix Computations*, 4th ed., algorithm 4.2.1).
public struct Cholesky: Sendable {
    /// Lower triangular L (the upper triangle is zero).
    public let lower: Matrix

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case notSquare(rows: Int, columns: Int)
        case notPositiveDefinite(pivot: Int)

        public var description: String {
            switch self {
            case .notSquare(let rows, let columns): "Cholesky needs a square matrix, not \(rows)×\(columns)"
            case .notPositiveDefinite(let pivot): "the matrix is not positive definite (pivot \(pivot + 1) is not positive)"
            }
        }
    }

    public init(_ a: Matrix) throws {
        guard a.rows == a.columns else { throw Failure.notSquare(rows: a.rows, columns: a.columns) }
        let n = a.rows
        var l = Matrix(rows: n, columns: n)
        for j in 0..<n {
            var diagonal = a[j, j]
            for k in 0..<j { diagonal -= l[j, k] * l[j, k] }
            guard diagonal > 0 else { throw Failure.notPositiveDefinite(pivot: j) }
            let root = diagonal.squareRoot()
            l[j, j] = root
            for i in (j + 1)..<max(j + 1, n) {
                var value = a[i, j]
                for k in 0..<j { value -= l[i, k] * l[j, k] }
                l[i, j] = value / root
            }
        }
        lower = l
    }

    /// Solves A x = b by forward then back substitution.
    public func solve(_ b: [Double]) -> [Double] {
        let n = lower.rows
        var y = b
        for i in 0..<n {
            var value = y[i]
            for k in 0..<i { value -= lower[i, k] * y[k] }
            y[i] = value / lower[i, i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            var value = y[i]
            for k in (i + 1)..<max(i + 1, n) { value -= lower[k, i] * y[k] }
            y[i] = value / lower[i, i]
        }
        return y
    }

    /// A⁻¹, column by column.
    public var inverse: Matrix {
        let n = lower.rows
        var result = Matrix(rows: n, columns: n)
        for j in 0..<n {
            var unit = [Double](repeating: 0, count: n)
            unit[j] = 1
            let column = solve(unit)
            for i in 0..<n { result[i, j] = column[i] }
        }
        return result
    }

    /// log det A = 2 Σ log L_ii.
    public var logDeterminant: Double { 2 * lower.diagonalValues.reduce(0) { $0 + log($1) } }
}

import Foundation

extension Matrix {
    /// uᵀA⁻¹u for this symmetric matrix A (by its Cholesky factor), nil when A is not positive
    /// definite: the statistic of Wald and score tests.
    public func inverseQuadraticForm(_ u: [Double]) -> Double? {
        guard let cholesky = try? Cholesky(self) else { return nil }
        return zip(u, cholesky.solve(u)).reduce(0) { $0 + $1.0 * $1.1 }
    }
}
