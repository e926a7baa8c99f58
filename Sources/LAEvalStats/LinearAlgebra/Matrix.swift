/// A dense matrix of doubles stored column by column (column-major, as LAPACK and R store
/// them), so that a column is contiguous.
public struct Matrix: Sendable, Equatable, CustomStringConvertible {
    public let rows: Int
    public let columns: Int
    /// Element (i, j) is at `storage[j * rows + i]`.
    public var storage: [Double]

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        precondition(rows >= 0 && columns >= 0, "a matrix needs non-negative dimensions")
        self.rows = rows
        self.columns = columns
        storage = Array(repeating: value, count: rows * columns)
    }

    /// From column-major storage.
    public init(rows: Int, columns: Int, columnMajor: [Double]) {
        precondition(columnMajor.count == rows * columns, "storage has \(columnMajor.count) values for \(rows)×\(columns)")
        self.rows = rows
        self.columns = columns
        storage = columnMajor
    }

    /// From rows, as written on paper: `Matrix([[1, 2], [3, 4]])`.
    public init(_ rowValues: [[Double]]) {
        let rows = rowValues.count, columns = rowValues.first?.count ?? 0
        precondition(rowValues.allSatisfy { $0.count == columns }, "every row needs \(columns) values")
        self.init(rows: rows, columns: columns)
        for i in 0..<rows { for j in 0..<columns { self[i, j] = rowValues[i][j] } }
    }

    /// From columns: `Matrix(columns: [x1, x2])` is the n × 2 matrix with those columns.
    public init(columns columnValues: [[Double]]) {
        let rows = columnValues.first?.count ?? 0
        precondition(columnValues.allSatisfy { $0.count == rows }, "every column needs \(rows) values")
        self.init(rows: rows, columns: columnValues.count, columnMajor: columnValues.flatMap { $0 })
    }

    public static func identity(_ n: Int) -> Matrix {
        var result = Matrix(rows: n, columns: n)
        for i in 0..<n { result[i, i] = 1 }
        return result
    }

    public static func diagonal(_ values: [Double]) -> Matrix {
        var result = Matrix(rows: values.count, columns: values.count)
        for (i, value) in values.enumerated() { result[i, i] = value }
        return result
    }

    @inline(__always)
    public subscript(row: Int, column: Int) -> Double {
        get { storage[column * rows + row] }
        set { storage[column * rows + row] = newValue }
    }

    public func column(_ j: Int) -> [Double] { Array(storage[(j * rows)..<((j + 1) * rows)]) }

    public func row(_ i: Int) -> [Double] { (0..<columns).map { self[i, $0] } }

    public var rowArrays: [[Double]] { (0..<rows).map(row) }

    public var diagonalValues: [Double] { (0..<min(rows, columns)).map { self[$0, $0] } }

    public var transposed: Matrix {
        var result = Matrix(rows: columns, columns: rows)
        for j in 0..<columns { for i in 0..<rows { result[j, i] = self[i, j] } }
        return result
    }

    /// The columns at `indices`, in that order.
    public func selectingColumns(_ indices: [Int]) -> Matrix {
        var values: [Double] = []
        values.reserveCapacity(rows * indices.count)
        for j in indices { values.append(contentsOf: storage[(j * rows)..<((j + 1) * rows)]) }
        return Matrix(rows: rows, columns: indices.count, columnMajor: values)
    }

    /// The rows at `indices`, in that order.
    public func selectingRows(_ indices: [Int]) -> Matrix {
        var result = Matrix(rows: indices.count, columns: columns)
        for j in 0..<columns { for (k, i) in indices.enumerated() { result[k, j] = self[i, j] } }
        return result
    }

    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.columns == rhs.rows, "cannot multiply \(lhs.rows)×\(lhs.columns) by \(rhs.rows)×\(rhs.columns)")
        var result = Matrix(rows: lhs.rows, columns: rhs.columns)
        lhs.storage.withUnsafeBufferPointer { a in
            result.storage.withUnsafeMutableBufferPointer { c in
                for j in 0..<rhs.columns {
                    for k in 0..<lhs.columns {
                        let scale = rhs[k, j]
                        if scale == 0 { continue }
                        let aColumn = k * lhs.rows, cColumn = j * lhs.rows
                        for i in 0..<lhs.rows { c[cColumn + i] += a[aColumn + i] * scale }
                    }
                }
            }
        }
        return result
    }

    public static func * (lhs: Matrix, vector: [Double]) -> [Double] {
        precondition(lhs.columns == vector.count, "cannot multiply \(lhs.rows)×\(lhs.columns) by a vector of \(vector.count)")
        var result = [Double](repeating: 0, count: lhs.rows)
        for k in 0..<lhs.columns where vector[k] != 0 {
            let scale = vector[k], base = k * lhs.rows
            for i in 0..<lhs.rows { result[i] += lhs.storage[base + i] * scale }
        }
        return result
    }

    public static func + (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "cannot add matrices of different shapes")
        return Matrix(rows: lhs.rows, columns: lhs.columns, columnMajor: zip(lhs.storage, rhs.storage).map(+))
    }

    public static func - (lhs: Matrix, rhs: Matrix) -> Matrix {
        precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns, "cannot subtract matrices of different shapes")
        return Matrix(rows: lhs.rows, columns: lhs.columns, columnMajor: zip(lhs.storage, rhs.storage).map(-))
    }

    public static func * (scalar: Double, matrix: Matrix) -> Matrix {
        Matrix(rows: matrix.rows, columns: matrix.columns, columnMajor: matrix.storage.map { $0 * scalar })
    }

    /// AᵀA, computed by dot products of contiguous columns (symmetric, both halves filled).
    public var gram: Matrix {
        var result = Matrix(rows: columns, columns: columns)
        storage.withUnsafeBufferPointer { a in
            for i in 0..<columns {
                for j in 0...i {
                    let value = dot(a, i * rows, a, j * rows, count: rows)
                    result[i, j] = value
                    result[j, i] = value
                }
            }
        }
        return result
    }

    /// Aᵀv.
    public func transposeTimes(_ vector: [Double]) -> [Double] {
        precondition(vector.count == rows, "cannot multiply the transpose of \(rows)×\(columns) by a vector of \(vector.count)")
        return storage.withUnsafeBufferPointer { a in
            vector.withUnsafeBufferPointer { v in (0..<columns).map { dot(a, $0 * rows, v, 0, count: rows) } }
        }
    }

    /// The largest absolute element.
    public var maxAbs: Double { storage.reduce(0) { max($0, abs($1)) } }

    /// Whether A equals Aᵀ to within `tolerance` (absolute).
    public func isSymmetric(tolerance: Double = 0) -> Bool {
        guard rows == columns else { return false }
        for i in 0..<rows { for j in 0..<i where abs(self[i, j] - self[j, i]) > tolerance { return false } }
        return true
    }

    public var description: String {
        rowArrays.map { $0.map { "\($0)" }.joined(separator: "\t") }.joined(separator: "\n")
    }
}

/// Σ a[aStart + k] · b[bStart + k] for k < count, with four accumulators for speed.
@inline(__always)
func dot(_ a: UnsafeBufferPointer<Double>, _ aStart: Int, _ b: UnsafeBufferPointer<Double>, _ bStart: Int, count: Int) -> Double {
    var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
    var k = 0
    while k + 4 <= count {
        s0 += a[aStart + k] * b[bStart + k]
        s1 += a[aStart + k + 1] * b[bStart + k + 1]
        s2 += a[aStart + k + 2] * b[bStart + k + 2]
        s3 += a[aStart + k + 3] * b[bStart + k + 3]
        k += 4
    }
    while k < count {
        s0 += a[aStart + k] * b[bStart + k]
        k += 1
    }
    return (s0 + s1) + (s2 + s3)
}
