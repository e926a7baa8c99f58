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
