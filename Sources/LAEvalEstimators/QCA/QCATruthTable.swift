import Foundation

/// Options of a truth table, as R's `QCA::truthTable`.
public struct QCATruthTableOptions: Codable, Sendable, Equatable {
    /// incl.cut (its first value): a row is positive when its consistency reaches this.
    public var inclusionCut: Double
    /// incl.cut's second value: rows with consistency below `inclusionCut` but at least this are
    /// contradictions ("C"); nil means equal to `inclusionCut` (no contradictions).
    public var exclusionCut: Double?
    /// pri.cut: a positive row also needs a PRI at least this.
    public var priCut: Double
    /// n.cut: rows with fewer cases are remainders.
    public var frequencyCut: Int
    /// Analyse the negation of the outcome (1 - membership).
    public var negateOutcome: Bool

    public init(inclusionCut: Double = 1, exclusionCut: Double? = nil, priCut: Double = 0,
                frequencyCut: Int = 1, negateOutcome: Bool = false) {
        self.inclusionCut = inclusionCut
        self.exclusionCut = exclusionCut
        self.priCut = priCut
        self.frequencyCut = frequencyCut
        self.negateOutcome = negateOutcome
    }
}

/// The output value of a truth-table row.
public enum QCARowOutcome: String, Codable, Sendable, Equatable {
    case positive = "1", negative = "0", contradiction = "C", remainder = "?"
}

/// One row (configuration) of a truth table.
public struct QCATruthTableRow: Codable, Sendable, Equatable {
    /// QCA's row number: 1 + the configuration read as a binary number, first condition most
    /// significant.
    public var row: Int
    /// The configuration: 1 present, 0 absent, one per condition.
    public var values: [Int]
    public var outcome: QCARowOutcome
    /// Cases whose membership in the configuration is above 0.5.
    public var n: Int
    /// Sufficiency consistency sum(min(X, Y)) / sum(X) over all cases, X the membership in the
    /// configuration (Ragin 2008, ch. 3); nil for a row without cases.
    public var consistency: Double?
    /// Proportional reduction in inconsistency, (sum min(X, Y) - sum min(X, Y, 1 - Y)) /
    /// (sum X - sum min(X, Y, 1 - Y)) (Schneider & Wagemann 2012, 5.3); nil without cases or
    /// when the denominator is 0.
    public var pri: Double?
    /// Identifiers of the cases in the row.
    public var cases: [String]

    /// Writes null for an undefined consistency or PRI rather than leaving the key out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(row, forKey: .row)
        try c.encode(values, forKey: .values)
        try c.encode(outcome, forKey: .outcome)
        try c.encode(n, forKey: .n)
        try c.encode(consistency, forKey: .consistency)
        try c.encode(pri, forKey: .pri)
        try c.encode(cases, forKey: .cases)
    }
}

/// A truth table: every configuration of the conditions with its cases, consistency and output
/// value, plus the data, which the parameters of fit of solutions need.
public struct QCATruthTable: Codable, Sendable, Equatable {
    public static let maximumConditions = 16
    /// admisc's tolerance for "at least" comparisons with the cuts (sqrt of the double epsilon).
    static let tolerance = 1.490116e-08

    public var conditions: [String]
    public var caseIDs: [String]
    /// Memberships, one array per case, one value per condition.
    public var memberships: [[Double]]
    /// Outcome memberships as analysed (already negated when `options.negateOutcome`).
    public var outcome: [Double]
    public var options: QCATruthTableOptions
    /// All 2^k rows in row-number order (remainders included).
    public var rows: [QCATruthTableRow]

    public var observedRows: [QCATruthTableRow] { rows.filter { $0.n > 0 } }

    /// Builds the truth table (Ragin 2008, ch. 7; as `QCA::truthTable`): a case belongs to the
    /// row in which its membership is above 0.5; rows with fewer than `frequencyCut` cases are
    /// remainders; the others are positive when consistency >= inclusionCut and PRI >= priCut,
    /// contradictions when consistency >= exclusionCut, else negative.
    public init(cases: [[Double]], outcome: [Double], conditions: [String], caseIDs: [String],
                options: QCATruthTableOptions = QCATruthTableOptions()) throws {
        guard !conditions.isEmpty else { throw QCAError.noConditions }
        guard conditions.count <= Self.maximumConditions else { throw QCAError.tooManyConditions(conditions.count) }
        guard cases.count == outcome.count, caseIDs.count == outcome.count else {
            throw QCAError.dimensionMismatch("cases, outcome and case identifiers differ in length")
        }
        for row in cases {
            guard row.count == conditions.count else {
                throw QCAError.dimensionMismatch("a case has \(row.count) memberships for \(conditions.count) conditions")
            }
            for (value, name) in zip(row, conditions) where !(0...1).contains(value) {
                throw QCAError.membershipOutOfRange(condition: name, value: value)
            }
        }
        if let bad = outcome.first(where: { !(0...1).contains($0) }) {
            throw QCAError.membershipOutOfRange(condition: "the outcome", value: bad)
        }
        self.conditions = conditions
        self.caseIDs = caseIDs
        memberships = cases
        self.outcome = options.negateOutcome ? outcome.map { 1 - $0 } : outcome
        self.options = options
        rows = (0..<(1 << conditions.count)).map { [cases, outcome = self.outcome] number in
            Self.row(number: number, k: conditions.count, cases: cases, outcome: outcome, caseIDs: caseIDs, options: options)
        }
    }

    /// The configuration of row number `number` (0-based): first condition most significant.
    static func values(of number: Int, k: Int) -> [Int] {
        (0..<k).map { (number >> (k - 1 - $0)) & 1 }
    }

    private static func row(number: Int, k: Int, cases: [[Double]], outcome: [Double], caseIDs: [String],
                            options: QCATruthTableOptions) -> QCATruthTableRow {
        let values = values(of: number, k: k)
        let term = QCATerm(values: values)
        let x = cases.map(term.membership)
        let members = x.indices.filter { x[$0] > 0.5 }
        guard !members.isEmpty else {
            return QCATruthTableRow(row: number + 1, values: values, outcome: .remainder, n: 0, consistency: nil, pri: nil, cases: [])
        }
        let fit = QCAFit.sufficiency(x, outcome)
        let status = outcomeValue(n: members.count, consistency: fit.consistency, pri: fit.pri, options: options)
        return QCATruthTableRow(row: number + 1, values: values, outcome: status, n: members.count,
                                consistency: fit.consistency, pri: fit.pri, cases: members.map { caseIDs[$0] })
    }

    private static func outcomeValue(n: Int, consistency: Double?, pri: Double?, options: QCATruthTableOptions) -> QCARowOutcome {
        guard n >= options.frequencyCut, let consistency else { return .remainder }
        if consistency + tolerance > options.inclusionCut, (pri ?? 0) + tolerance > options.priCut { return .positive }
        if let exclusion = options.exclusionCut, consistency < options.inclusionCut, consistency + tolerance > exclusion {
            return .contradiction
        }
        return .negative
    }
}
