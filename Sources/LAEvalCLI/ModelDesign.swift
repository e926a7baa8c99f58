import Foundation
import LAEvalData
import LAEvalStats

/// The rows and covariate design shared by the likelihood estimators' commands (ordinal, cox,
/// msm): complete cases of every used column, covariates expanded as R's `model.matrix` does
/// with an intercept (text columns and factor(x) dummy-coded, the first level in sorted order
/// the reference) and the intercept then removed, as clm and coxph do.
struct ModelDesign {
    var rows: [Int]
    var design: Matrix
    var terms: [String]
    var dropped: Int

    /// `required` columns must be present and non-missing on a used row; their values are read
    /// by the caller at `rows`.
    init(columns: [String: DataColumn], file: String, covariates: [String], required: [String]) throws {
        let name = (file as NSString).lastPathComponent
        for column in required where columns[column] == nil {
            throw CommandFailure("\(name): no column \(column) (columns: \(columns.keys.sorted().joined(separator: ", ")))")
        }
        let count = columns.values.first?.count ?? 0
        let complete = (0..<count).map { row in required.allSatisfy { !columns[$0]!.isMissing(row) } }
        var data = columns
        data["\u{1}row"] = .numeric((0..<count).map { complete[$0] ? Double($0) : .nan })
        do {
            let frame = try ModelFrame(data: data, outcome: "\u{1}row", covariates: covariates.map(CovariateSpec.init), intercept: true)
            rows = frame.outcome.map { Int($0) }
            terms = Array(frame.terms.dropFirst())
            design = Matrix(columns: (1..<frame.design.columns).map { j in (0..<frame.design.rows).map { frame.design[$0, j] } })
            if terms.isEmpty { design = Matrix(rows: rows.count, columns: 0) }
            dropped = count - rows.count
        } catch let error as ModelFrameError {
            throw CommandFailure("\(name): \(error.description)")
        }
    }

    /// A column's numbers at the used rows (the column must be numeric).
    static func numbers(_ columns: [String: DataColumn], _ column: String, rows: [Int], file: String) throws -> [Double] {
        guard case .numeric(let values) = columns[column] else {
            throw CommandFailure("\((file as NSString).lastPathComponent): column \(column) is not numeric")
        }
        return rows.map { values[$0] }
    }

    /// A column's values as text at the used rows (numbers written as R prints them).
    static func texts(_ columns: [String: DataColumn], _ column: String, rows: [Int]) -> [String] {
        let categories = columns[column]!.categories
        return rows.map { categories[$0] ?? "" }
    }
}
