import Foundation

/// A price index by year (e.g. the HM Treasury GDP deflator), used to express nominal amounts in
/// the prices of one base year, as the Green Book (2022, ch. 5: appraisal in real prices) asks:
/// real amount in base-year prices = nominal amount × index(base year) / index(year it arose).
///
/// Financial years are keyed by the calendar year they start in: "2019-20" (or "2019/20") is
/// 2019. The index's own reference year does not matter: only ratios are used.
public struct DeflatorSeries: Sendable, Codable, Hashable {
    /// The index by year.
    public let index: [Int: Double]

    /// Throws if an index is zero, negative or not finite.
    public init(index: [Int: Double]) throws {
        for (year, value) in index where !(value.isFinite && value > 0) {
            throw EconomicsError.invalidDeflatorIndex(year: year, value: value)
        }
        self.index = index
    }

    /// A series keyed by financial-year labels such as "2019-20" (see ``parseYear(_:)``).
    public init(labelled: [String: Double]) throws {
        var byYear: [Int: Double] = [:]
        for (label, value) in labelled { byYear[try Self.parseYear(label)] = value }
        try self.init(index: byYear)
    }

    /// The year a label stands for: "2019" is 2019; a financial year "2019-20", "2019/20",
    /// "2019-2020" or "2019/2020" is the year it starts in, 2019. The second part must be the
    /// following year.
    public static func parseYear(_ label: String) throws -> Int {
        let text = label.trimmingCharacters(in: .whitespaces)
        let parts = text.split(whereSeparator: { $0 == "-" || $0 == "/" }).map(String.init)
        guard (1...2).contains(parts.count), parts[0].count == 4, let start = Int(parts[0]) else {
            throw EconomicsError.badFinancialYear(label)
        }
        if parts.count == 2 {
            let next = start + 1
            let expected = parts[1].count == 2 ? String(format: "%02d", next % 100) : String(next)
            guard parts[1] == expected else { throw EconomicsError.badFinancialYear(label) }
        }
        return start
    }

    /// index(year); throws naming the missing year and the years the series covers.
    public func value(_ year: Int) throws -> Double {
        guard let value = index[year] else {
            throw EconomicsError.missingDeflatorYear(year: year, available: index.keys.sorted())
        }
        return value
    }

    /// amount × index(baseYear) / index(year): a nominal amount of `year` in `baseYear` prices.
    public func rebase(_ amount: Double, from year: Int, to baseYear: Int) throws -> Double {
        amount * (try value(baseYear)) / (try value(year))
    }

    /// Each (year, amount) rebased to `baseYear` prices.
    public func rebase(_ amounts: [(year: Int, amount: Double)], to baseYear: Int) throws -> [Double] {
        try amounts.map { try rebase($0.amount, from: $0.year, to: baseYear) }
    }
}
