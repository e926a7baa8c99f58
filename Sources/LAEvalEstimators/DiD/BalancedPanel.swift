import LAEvalStats

/// A balanced panel: every unit observed in every period, as Callaway & Sant'Anna's panel
/// estimators need. Units observed in only some periods are dropped (as R's did does for panel
/// data by default) and counted in `droppedUnits`.
public struct BalancedPanel: Sendable {
    /// Sorted distinct periods.
    public let periods: [Int]
    /// Unit identifiers in order.
    public let units: [Int]
    /// The period a unit is first treated in; 0 for never treated.
    public let firstTreated: [Int]
    /// outcome[unit][period index]
    public let outcome: [[Double]]
    /// covariates[unit][period index] = that row's covariate values.
    public let covariates: [[[Double]]]
    public let covariateNames: [String]
    public let droppedUnits: Int
    /// Rows dropped for a missing value before the panel was built (tidy input only).
    public private(set) var droppedRows = 0

    public enum Failure: Error, Equatable, CustomStringConvertible {
        case inconsistentGroup(unit: Int)
        case duplicateRow(unit: Int, period: Int)
        case tooFewPeriods

        public var description: String {
            switch self {
            case .inconsistentGroup(let unit): "unit \(unit) has more than one first-treatment period: the group column must be constant within a unit"
            case .duplicateRow(let unit, let period): "unit \(unit) has two rows for period \(period): expected one row per unit and period"
            case .tooFewPeriods: "difference-in-differences needs at least two periods"
            }
        }
    }

    /// A panel without covariates from a complete units × periods matrix (units numbered 0, 1, …).
    public init(periods: [Int], firstTreated: [Int], outcome: [[Double]]) throws {
        guard periods.count >= 2 else { throw Failure.tooFewPeriods }
        self.periods = periods
        units = Array(outcome.indices)
        self.firstTreated = firstTreated
        self.outcome = outcome
        covariates = outcome.map { _ in Array(repeating: [], count: periods.count) }
        covariateNames = []
        droppedUnits = 0
    }

    /// Rows are (unit, period, first-treated period, outcome, covariates); rows with a missing
    /// value should be removed before.
    public init(unit: [Int], period: [Int], group: [Int], outcome: [Double], covariates: [[Double]] = [],
                covariateNames: [String] = []) throws {
        let periods = Array(Set(period)).sorted()
        guard periods.count >= 2 else { throw Failure.tooFewPeriods }
        let periodIndex = Dictionary(uniqueKeysWithValues: periods.enumerated().map { ($1, $0) })
        var rowsOf: [Int: [Int]] = [:]
        var order: [Int] = []
        for (row, id) in unit.enumerated() {
            if rowsOf[id] == nil { order.append(id) }
            rowsOf[id, default: []].append(row)
        }
        var units: [Int] = [], groups: [Int] = [], outcomes: [[Double]] = [], xs: [[[Double]]] = []
        var dropped = 0
        for id in order {
            let rows = rowsOf[id]!
            guard Set(rows.map { group[$0] }).count == 1 else { throw Failure.inconsistentGroup(unit: id) }
            guard rows.count >= periods.count else { dropped += 1; continue }
            var y = [Double](repeating: .nan, count: periods.count)
            var x = [[Double]](repeating: [], count: periods.count)
            for row in rows {
                let t = periodIndex[period[row]]!
                guard y[t].isNaN else { throw Failure.duplicateRow(unit: id, period: period[row]) }
                y[t] = outcome[row]
                x[t] = covariates.map { $0[row] }
            }
            units.append(id)
            groups.append(group[rows[0]])
            outcomes.append(y)
            xs.append(x)
        }
        self.periods = periods
        self.units = units
        self.firstTreated = groups
        self.outcome = outcomes
        self.covariates = xs
        self.covariateNames = covariateNames
        self.droppedUnits = dropped
    }
}

extension BalancedPanel {
    public enum ColumnFailure: Error, Equatable, CustomStringConvertible {
        case unknownColumn(String, available: [String])
        case notWholeNumbers(String)
        case notNumeric(String)

        public var description: String {
            switch self {
            case .unknownColumn(let name, let available): "no column \(name) in the data: the columns are \(available.joined(separator: ", "))"
            case .notWholeNumbers(let name): "column \(name) must hold whole numbers (periods, or 0 for never treated)"
            case .notNumeric(let name): "column \(name) must be numeric"
            }
        }
    }

    /// A panel from tidy columns. The unit column may be text or numbers; time and group must be
    /// whole numbers (group: the first treated period, 0 for never treated). Rows missing a used
    /// value are dropped; `droppedRows` counts them.
    public init(data: [String: DataColumn], unit: String, time: String, group: String, outcome: String,
                covariates: [String] = []) throws {
        let available = data.keys.sorted()
        func column(_ name: String) throws -> DataColumn {
            guard let column = data[name] else { throw ColumnFailure.unknownColumn(name, available: available) }
            return column
        }
        func numbers(_ name: String) throws -> [Double] {
            guard case .numeric(let values) = try column(name) else { throw ColumnFailure.notNumeric(name) }
            return values
        }
        let unitColumn = try column(unit)
        let used = [try column(time), try column(group), try column(outcome)] + (try covariates.map(column)) + [unitColumn]
        let rows = (0..<unitColumn.count).filter { row in !used.contains { $0.isMissing(row) } }
        let times = try numbers(time), groups = try numbers(group), y = try numbers(outcome)
        for (name, values) in [(time, times), (group, groups)] where rows.contains(where: { values[$0] != values[$0].rounded() }) {
            throw ColumnFailure.notWholeNumbers(name)
        }
        let unitCodes: [Int]
        switch unitColumn {
        case .numeric(let values):
            unitCodes = rows.map { Int(values[$0]) }
        case .categorical(let values):
            var index: [String: Int] = [:]
            unitCodes = rows.map { row in
                if let code = index[values[row]!] { return code }
                index[values[row]!] = index.count
                return index.count - 1
            }
        }
        let x = try covariates.map { name in try numbers(name) }
        try self.init(unit: unitCodes, period: rows.map { Int(times[$0]) }, group: rows.map { Int(groups[$0]) },
                      outcome: rows.map { y[$0] }, covariates: x.map { values in rows.map { values[$0] } }, covariateNames: covariates)
        droppedRows = unitColumn.count - rows.count
    }
}
