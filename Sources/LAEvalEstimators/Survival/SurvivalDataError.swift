import Foundation

/// Why survival data were refused. Rows are 1-based, as a user counts them in a data file.
public enum SurvivalDataError: Error, Equatable, CustomStringConvertible {
    case empty
    case lengthMismatch(field: String, expected: Int, actual: Int)
    case nonFiniteTime(field: String, row: Int)
    case negativeTime(field: String, row: Int, value: Double)
    case stopNotAfterStart(row: Int, start: Double, stop: Double)
    case eventNotBinary(row: Int, value: Double)
    case nonFiniteCovariate(name: String, row: Int)
    case covariateNamesMismatch(names: Int, columns: Int)
    case noEvents
    case invalidConfidenceLevel(Double)
    case singularInformation(iteration: Int)

    public var description: String {
        switch self {
        case .empty: "survival data need at least one row"
        case .lengthMismatch(let field, let expected, let actual): "\(field) has \(actual) values but there are \(expected) rows"
        case .nonFiniteTime(let field, let row): "row \(row): \(field) is not a finite number"
        case .negativeTime(let field, let row, let value): "row \(row): \(field) \(value) is negative"
        case .stopNotAfterStart(let row, let start, let stop): "row \(row): stop \(stop) is not after start \(start)"
        case .eventNotBinary(let row, let value): "row \(row): event \(value) is not 0 or 1"
        case .nonFiniteCovariate(let name, let row): "row \(row): covariate \(name) is not a finite number"
        case .covariateNamesMismatch(let names, let columns): "\(names) covariate names for \(columns) covariate columns"
        case .noEvents: "there are no events"
        case .invalidConfidenceLevel(let level): "confidence level \(level) is not between 0 and 1"
        case .singularInformation(let iteration): "the Cox information matrix is singular at iteration \(iteration)"
        }
    }
}

/// Survival-data checks shared by the Kaplan–Meier, log-rank and Cox fitters.
public enum SurvivalData {
    /// An event indicator from 0/1 codes (R's `Surv(time, status)` with status 0 = censored,
    /// 1 = event); throws `eventNotBinary` naming the first other value.
    public static func eventIndicator(_ codes: [Double]) throws -> [Bool] {
        try codes.enumerated().map { row, code in
            guard code == 0 || code == 1 else { throw SurvivalDataError.eventNotBinary(row: row + 1, value: code) }
            return code == 1
        }
    }

    static func checkLength(_ field: String, _ count: Int, rows: Int) throws {
        guard count == rows else { throw SurvivalDataError.lengthMismatch(field: field, expected: rows, actual: count) }
    }

    /// Times must be finite and not negative.
    static func checkTimes(_ field: String, _ times: [Double]) throws {
        for (row, value) in times.enumerated() {
            guard value.isFinite else { throw SurvivalDataError.nonFiniteTime(field: field, row: row + 1) }
            guard value >= 0 else { throw SurvivalDataError.negativeTime(field: field, row: row + 1, value: value) }
        }
    }

    /// Checks right-censored data (time, event, optional labels) and returns the row count.
    static func checkRightCensored(time: [Double], event: [Bool], labelled: [(String, [String]?)]) throws -> Int {
        let rows = time.count
        guard rows > 0 else { throw SurvivalDataError.empty }
        try checkLength("event", event.count, rows: rows)
        for (field, labels) in labelled { if let labels { try checkLength(field, labels.count, rows: rows) } }
        try checkTimes("time", time)
        return rows
    }

    /// Labels in R's factor order: numerically when every label is a number, otherwise as text.
    static func sortedLevels(_ labels: [String]) -> [String] {
        let unique = Array(Set(labels))
        let numbers = unique.compactMap(Double.init)
        if numbers.count == unique.count {
            return unique.sorted { Double($0)! < Double($1)! || (Double($0)! == Double($1)! && $0 < $1) }
        }
        return unique.sorted()
    }

    /// Each row's position in `sortedLevels(labels)`, and those levels.
    static func levelCodes(_ labels: [String]) -> (codes: [Int], levels: [String]) {
        let levels = sortedLevels(labels)
        let index = Dictionary(uniqueKeysWithValues: levels.enumerated().map { ($1, $0) })
        return (labels.map { index[$0]! }, levels)
    }
}
