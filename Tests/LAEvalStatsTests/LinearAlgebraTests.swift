import Foundation
import LAEvalStats
import PropertyBased
import Testing

/// Properties of the decompositions on random matrices, and exact results where known.
@Suite struct LinearAlgebraTests {
    /// A random m × n matrix with entries in [-10, 10], from a property-test seed.
    static func matrix(rows: Int, columns: Int, seed: UInt64) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        return Matrix(rows: rows, columns: columns, columnMajor: (0..<(rows * columns)).map { _ in rng.uniform(-10, 10) })
    }

    static func maxDifference(_ a: Matrix, _ b: Matrix) -> Double {
        zip(a.storage, b.storage).reduce(0) { max($0, abs($1.0 - $1.1)) }
    }

    static var shapes: Generator<Int, Shrink.Integer<Int>> { Gen.int(in: 1...12) }
    static var seeds: Generator<UInt64, Shrink.Integer<UInt64>> { Gen.uint64() }

    @Test func qrReconstructsAAndQIsOrthogonal() async {
        await propertyCheck(count: 60, input: Self.shapes, Self.shapes, Self.seeds) { extraRows, columns, seed in
            let rows = columns + extraRows - 1
            let a = Self.matrix(rows: rows, columns: columns, seed: seed)
            let qr = QRDecomposition(a)
            #expect(qr.rank == columns)
            let q = qr.q
            #expect(Self.maxDifference(q.transposed * q, .identity(rows)) < 1e-13)
            var r = Matrix(rows: rows, columns: columns)
            for j in 0..<columns { for i in 0...min(j, rows - 1) { r[i, j] = qr.factors[i, j] } }
            let permuted = a.selectingColumns(qr.pivot)
            #expect(Self.maxDifference(q * r, permuted) < 1e-12 * (1 + permuted.maxAbs))
        }
    }

    @Test func qrDropsTheLaterOfCollinearColumnsAsLmDoes() {
        let x1: [Double] = [1, 2, 3, 4, 5, 6], x2: [Double] = [2, 1, 4, 3, 6, 5]
        let a = Matrix(columns: [Array(repeating: 1, count: 6), x1, x2, zip(x1, x2).map { 2 * $0 - $1 }, [1, 0, 0, 1, 1, 0]])
        let qr = QRDecomposition(a)
        #expect(qr.rank == 4)
        #expect(qr.aliasedColumns == [3])
        #expect(qr.pivot == [0, 1, 2, 4, 3])
        let y: [Double] = [3, 1, 4, 1, 5, 9]
        let beta = qr.solve(y)
        #expect(beta[3].isNaN)
        // the same fit as without the collinear column
        let reduced = QRDecomposition(a.selectingColumns([0, 1, 2, 4])).solve(y)
        for (b, c) in zip([beta[0], beta[1], beta[2], beta[4]], reduced) { #expect(abs(b - c) < 1e-12) }
    }

    @Test func choleskyReconstructsAndSolves() async {
        await propertyCheck(count: 60, input: Self.shapes, Self.seeds) { n, seed in
            let b = Self.matrix(rows: n + 3, columns: n, seed: seed)
            let a = b.gram
            let chol = try Cholesky(a)
            #expect(Self.maxDifference(chol.lower * chol.lower.transposed, a) < 1e-12 * a.maxAbs)
            let x = (0..<n).map { Double($0) - 1.5 }
            let solved = chol.solve(a * x)
            let solvedError = zip(solved, x).map { abs($0 - $1) / (1 + abs($1)) }.max() ?? 0
            #expect(solvedError < 1e-7)
            #expect(Self.maxDifference(chol.inverse * a, .identity(n)) < 1e-8)
        }
    }

    @Test func choleskyRejectsAnIndefiniteMatrix() {
        #expect(throws: Cholesky.Failure.notPositiveDefinite(pivot: 1)) { try Cholesky(Matrix([[1, 2], [2, 1]])) }
    }

    @Test func symmetricEigenReconstructs() async {
        await propertyCheck(count: 60, input: Self.shapes, Self.seeds) { n, seed in
            let b = Self.matrix(rows: n, columns: n, seed: seed)
            let a = 0.5 * (b + b.transposed)
            let eigen = SymmetricEigen(a)
            let v = eigen.vectors
            #expect(Self.maxDifference(v * Matrix.diagonal(eigen.values) * v.transposed, a) < 1e-12 * (1 + a.maxAbs))
            #expect(Self.maxDifference(v.transposed * v, .identity(n)) < 1e-13)
            let sorted = zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 >= $1 }
            #expect(sorted)
        }
    }

    @Test func svdReconstructs() async {
        await propertyCheck(count: 60, input: Self.shapes, Self.shapes, Self.seeds) { rows, columns, seed in
            let a = Self.matrix(rows: rows, columns: columns, seed: seed)
            let svd = SingularValueDecomposition(a)
            let reconstructed = svd.u * Matrix.diagonal(svd.values) * svd.v.transposed
            #expect(Self.maxDifference(reconstructed, a) < 1e-12 * (1 + a.maxAbs))
            #expect(svd.values.allSatisfy { $0 >= 0 })
        }
    }

    /// A random transition-intensity matrix: non-negative off-diagonal rates, rows summing to 0.
    static func generator(states: Int, seed: UInt64, scale: Double) -> Matrix {
        var rng = SeededGenerator(seed: seed)
        var q = Matrix(rows: states, columns: states)
        for i in 0..<states {
            for j in 0..<states where i != j && rng.bernoulli(0.7) { q[i, j] = scale * rng.uniform() }
            q[i, i] = -(0..<states).reduce(0) { $1 == i ? $0 : $0 + q[i, $1] }
        }
        return q
    }

    @Test func expOfAGeneratorIsAStochasticMatrix() async {
        await propertyCheck(count: 80, input: Gen.int(in: 2...6), Self.seeds, Gen.double(in: 0.001...50)) { states, seed, time in
            let p = MatrixExponential.exp(time * Self.generator(states: states, seed: seed, scale: 1))
            for i in 0..<states {
                let rowSum = p.row(i).reduce(0, +)
                #expect(abs(rowSum - 1) < 1e-12)
                let smallest = p.row(i).min() ?? 0
                #expect(smallest >= -1e-14)
            }
        }
    }

    @Test func expOfATwoStateGeneratorMatchesTheClosedForm() {
        // P(t) for rates a (1→2) and b (2→1): P₁₁ = (b + a e^{-(a+b)t}) / (a+b), etc.
        for (a, b, t) in [(0.3, 0.7, 0.5), (2.0, 0.01, 10.0), (1e-4, 3e-4, 1.0), (5.0, 8.0, 40.0)] {
            let p = MatrixExponential.exp(t * Matrix([[-a, a], [b, -b]]))
            let decay = Foundation.exp(-(a + b) * t)
            let expected = Matrix([[(b + a * decay) / (a + b), a * (1 - decay) / (a + b)],
                                   [b * (1 - decay) / (a + b), (a + b * decay) / (a + b)]])
            let error = zip(p.storage, expected.storage).map { abs($0 - $1) / max(1, abs($1)) }.max() ?? 0
            #expect(error <= 1e-13, "a=\(a) b=\(b) t=\(t)")
        }
    }

    @Test func expOfZeroAndOfADiagonal() {
        #expect(MatrixExponential.exp(Matrix(rows: 3, columns: 3)) == .identity(3))
        let d = MatrixExponential.exp(Matrix.diagonal([1, -2, 30]))
        for (value, exponent) in zip(d.diagonalValues, [1.0, -2, 30]) {
            let relative = abs(value - Foundation.exp(exponent)) / Foundation.exp(exponent)
            #expect(relative <= 1e-13)
        }
    }
}

/// Blocked least squares gives what one QR gives, collinear columns included.
@Suite struct TallLeastSquaresTests {
    @Test func blocksGiveTheSameSolutionAsOneFactorisation() {
        var rng = SeededGenerator(seed: 99)
        let n = 5_000
        let x1 = (0..<n).map { _ in rng.normal() }, x2 = (0..<n).map { _ in rng.normal() }
        let x = Matrix(columns: [Array(repeating: 1, count: n), x1, x2, zip(x1, x2).map { 3 * $0 - $1 + 2 }, x2.map { $0 * $0 }])
        let y = (0..<n).map { 1 + 2 * x1[$0] - x2[$0] + rng.normal() }
        let single = QRDecomposition(x)
        let reference = single.solve(y)
        for blocks in [2, 3, 8] {
            let (qr, beta) = QRDecomposition.tallLeastSquares(x, y, blocks: blocks)
            #expect(qr.rank == single.rank && qr.pivot == single.pivot, "\(blocks) blocks")
            #expect(beta[3].isNaN && qr.aliasedColumns == [3])
            let error = zip(beta, reference).filter { !$0.0.isNaN }.map { abs($0 - $1) / abs($1) }.max() ?? 0
            #expect(error < 1e-12, "\(blocks) blocks: \(error)")
            let rError = zip(qr.r.storage, single.r.storage).map { abs(abs($0) - abs($1)) / max(abs($1), 1e-300) }.max() ?? 0
            #expect(rError < 1e-10, "R agrees up to signs")
        }
    }
}
