import Foundation
import LAEvalData
import LAEvalStats
import Testing

/// A reference fit produced by R (Validation/stats/regression/make_fixtures.R).
struct RegressionFixture: Decodable {
    struct NamedMatrix: Decodable {
        let terms: [String]
        let matrix: [[Double]]
    }

    let dataset: String
    let rCall: String
    let nObs: Int
    let dfResidual: Int?
    let coefficients: [String: Double]
    let aliased: [String]?
    let r2: Double?
    let adjR2: Double?
    let r2Within: Double?
    let sigma: Double?
    let vcov: [String: NamedMatrix]

    static func load(_ name: String) throws -> RegressionFixture {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(RegressionFixture.self, from: FixtureFiles.data("regression/\(name)"))
    }

    /// The fixture's dataset as tidy columns.
    func data() throws -> [String: DataColumn] {
        let table = try CSVTable(bytes: Array(FixtureFiles.data("regression/\(dataset)")), file: dataset)
        var columns: [String: DataColumn] = [:]
        for (index, name) in table.header.enumerated() { columns[name] = DataColumn.parse(table.rows.map { $0[index] }) }
        return columns
    }
}

enum Compare {
    /// Largest |a − b| / |b| over pairs, with |b| floored at `floor`.
    static func relativeError(_ a: [Double], _ b: [Double], floor: Double = 0) -> Double {
        zip(a, b).map { abs($0 - $1) / max(abs($1), floor) }.max() ?? 0
    }

    /// Largest element error of a variance matrix relative to √(V_ii V_jj) (the scale of that
    /// covariance), so off-diagonal elements near zero are judged on the matrix's own scale.
    static func varianceError(_ actual: Matrix, _ expected: RegressionFixture.NamedMatrix) -> Double {
        let n = expected.terms.count
        guard actual.rows == n, actual.columns == n else { return .infinity }
        var worst = 0.0
        for i in 0..<n {
            for j in 0..<n {
                let scale = (abs(expected.matrix[i][i] * expected.matrix[j][j])).squareRoot()
                worst = max(worst, abs(actual[i, j] - expected.matrix[i][j]) / scale)
            }
        }
        return worst
    }
}
