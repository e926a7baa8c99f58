import Foundation

/// A column of tidy data: numbers (NaN marks a missing cell), or categories (text; nil marks
/// a missing cell).
public enum DataColumn: Sendable, Equatable {
    case numeric([Double])
    case categorical([String?])

    public var count: Int {
        switch self {
        case .numeric(let values): values.count
        case .categorical(let values): values.count
        }
    }

    public func isMissing(_ row: Int) -> Bool {
        switch self {
        case .numeric(let values): !values[row].isFinite
        case .categorical(let values): values[row] == nil
        }
    }

    /// Text cells: "" and "NA" are missing; a column whose every other cell is a number is numeric.
    public static func parse(_ cells: [String]) -> DataColumn {
        let missing: Set<String> = ["", "NA"]
        var numbers: [Double] = []
        numbers.reserveCapacity(cells.count)
        for cell in cells {
            if missing.contains(cell) {
                numbers.append(.nan)
            } else if let value = Double(cell), value.isFinite {
                numbers.append(value)
            } else {
                return .categorical(cells.map { missing.contains($0) ? nil : $0 })
            }
        }
        return .numeric(numbers)
    }

    /// The cells as text (numbers in Swift's shortest form), for use as categories.
    public var categories: [String?] {
        switch self {
        case .categorical(let values): values
        case .numeric(let values): values.map { $0.isFinite ? ($0 == $0.rounded() && abs($0) < 1e15 ? String(Int64($0)) : "\($0)") : nil }
        }
    }
}

/// A covariate of a model: a numeric column as it is, or a categorical one dummy-coded with
/// its first level (in sorted order) as the reference, as R's default treatment contrasts do.
/// `factor(x)` treats a numeric column as categorical and names its dummies `factor(x)6`, as R does.
public struct CovariateSpec: Sendable, Equatable {
    public var column: String
    public var forceCategorical: Bool

    /// Parses `x` or `factor(x)`.
    public init(_ text: String) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("factor("), trimmed.hasSuffix(")") {
            column = String(trimmed.dropFirst(7).dropLast())
            forceCategorical = true
        } else {
            column = trimmed
            forceCategorical = false
        }
    }

    public var label: String { forceCategorical ? "factor(\(column))" : column }
}

public enum ModelFrameError: Error, Equatable, CustomStringConvertible {
    case unknownColumn(String, available: [String])
    case notNumeric(String)
    case noObservations

    public var description: String {
        switch self {
        case .unknownColumn(let name, let available):
            "no column \(name) in the data: the columns are \(available.joined(separator: ", "))"
        case .notNumeric(let name): "column \(name) must be numeric (it has text that is not a number)"
        case .noObservations: "no row has every used column present"
        }
    }
}

/// The rows and design matrix a model uses: complete cases of every used column, the outcome,
/// the covariates expanded to model terms (R's `model.matrix`), and the other columns' values.
public struct ModelFrame: Sendable {
    public let outcome: [Double]
    public let design: Matrix
    public let terms: [String]
    /// Rows of the data used (complete cases), in order.
    public let rows: [Int]
    /// Rows dropped for a missing value in a used column.
    public let droppedRows: Int
    /// Numeric extras (e.g. weights) on the used rows.
    public let numericExtras: [String: [Double]]
    /// Categorical extras (clusters, fixed effects) as integer codes on the used rows.
    public let codedExtras: [String: [Int]]

    /// Sorts category levels as R's `factor()` does: numerically when every level is a
    /// number, otherwise by Unicode code points (R in the C locale).
    public static func sortedLevels(_ values: Set<String>) -> [String] {
        let numbers = values.compactMap { Double($0) }
        if numbers.count == values.count {
            return values.sorted { Double($0)! < Double($1)! }
        }
        return values.sorted { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }
    }

    /// Dense integer codes 0..<G in order of first appearance.
    static func codes<T: Hashable>(_ values: [T]) -> [Int] {
        var index: [T: Int] = [:]
        return values.map { value in
            if let code = index[value] { return code }
            index[value] = index.count
            return index.count - 1
        }
    }

    public init(data: [String: DataColumn], outcome: String, covariates: [CovariateSpec], intercept: Bool,
                numericExtras: [String] = [], codedExtras: [String] = []) throws {
        let available = data.keys.sorted()
        func column(_ name: String) throws -> DataColumn {
            guard let column = data[name] else { throw ModelFrameError.unknownColumn(name, available: available) }
            return column
        }
        let used = [outcome] + covariates.map(\.column) + numericExtras + codedExtras
        let columns = try used.map(column)
        let count = columns.first?.count ?? 0
        let rows = (0..<count).filter { row in !columns.contains { $0.isMissing(row) } }
        guard !rows.isEmpty else { throw ModelFrameError.noObservations }
        let complete = rows.count == count
        func kept(_ values: [Double]) -> [Double] { complete ? values : rows.map { values[$0] } }
        guard case .numeric(let y) = try column(outcome) else { throw ModelFrameError.notNumeric(outcome) }
        var designColumns: [[Double]] = []
        var terms: [String] = []
        if intercept {
            designColumns.append(Array(repeating: 1, count: rows.count))
            terms.append("(Intercept)")
        }
        for spec in covariates {
            let data = try column(spec.column)
            if case .numeric(let values) = data, !spec.forceCategorical {
                designColumns.append(kept(values))
                terms.append(spec.column)
                continue
            }
            let categories = data.categories
            let levels = Self.sortedLevels(Set(rows.map { categories[$0]! }))
            // With no intercept, the first factor keeps every level (as R's model.matrix does).
            let dropsReference = intercept || terms.contains { !$0.isEmpty }
            for level in levels.dropFirst(dropsReference ? 1 : 0) {
                designColumns.append(rows.map { categories[$0]! == level ? 1 : 0 })
                terms.append(spec.label + level)
            }
        }
        var numeric: [String: [Double]] = [:]
        for name in numericExtras {
            guard case .numeric(let values) = try column(name) else { throw ModelFrameError.notNumeric(name) }
            numeric[name] = kept(values)
        }
        var coded: [String: [Int]] = [:]
        for name in codedExtras {
            switch try column(name) {
            case .numeric(let values):
                coded[name] = Self.codes(kept(values))
            case .categorical(let values):
                coded[name] = Self.codes(rows.map { values[$0]! })
            }
        }
        self.outcome = kept(y)
        var storage: [Double] = []
        storage.reserveCapacity(rows.count * designColumns.count)
        for column in designColumns { storage.append(contentsOf: column) }
        self.design = Matrix(rows: rows.count, columns: designColumns.count, columnMajor: storage)
        self.terms = terms
        self.rows = rows
        self.droppedRows = count - rows.count
        self.numericExtras = numeric
        self.codedExtras = coded
    }
}
