/// Qualitative Comparative Analysis (Ragin 1987, 2008; crisp and fuzzy sets), as R's QCA package
/// (Dusa 2019, *QCA with R*): truth table, Boolean minimisation to complex, parsimonious and
/// intermediate solutions, parameters of fit and necessity analysis. See docs/methods/qca.md.
public enum QCA {
    /// The truth table of the cases (one array of condition memberships per case, crisp 0/1 or
    /// fuzzy in [0, 1]) for the outcome (see QCATruthTable.init).
    public static func truthTable(cases: [[Double]], outcome: [Double], conditions: [String], caseIDs: [String],
                                  options: QCATruthTableOptions = QCATruthTableOptions()) throws -> QCATruthTable {
        try QCATruthTable(cases: cases, outcome: outcome, conditions: conditions, caseIDs: caseIDs, options: options)
    }

    /// Every minimal solution (fewest prime implicants) of the positive rows: the complex
    /// (conservative) solution with remainders excluded, or the parsimonious one with
    /// remainders as don't cares. Prime implicants are listed in QCA's order and the solutions
    /// (QCA's M1, M2, ...) in lexicographic order of their prime implicants.
    public static func minimise(_ table: QCATruthTable, includeRemainders: Bool) throws -> [QCASolution] {
        try QCASolutions.solve(table, dontCare: includeRemainders ? QCASolutions.rows(table, .remainder) : [])
    }

    /// Intermediate solutions for directional expectations (condition name to 1: presence
    /// expected to contribute to the outcome, 0: absence; conditions left out have none), one
    /// set per pair of complex and parsimonious solutions (see QCAIntermediate.solve).
    public static func intermediate(_ table: QCATruthTable, directionalExpectations: [String: Int]) throws -> [QCAIntermediateSolutions] {
        try QCAIntermediate.solve(table, expectations: directionalExpectations)
    }

    /// Necessity of each condition and of its negation for the outcome (as `QCA::pof` with
    /// relation "necessity"): consistency, relevance (RoN) and coverage, see QCAFit.necessity.
    public static func necessity(cases: [[Double]], outcome: [Double], conditions: [String],
                                 negateOutcome: Bool = false) -> [QCANecessity] {
        let y = negateOutcome ? outcome.map { 1 - $0 } : outcome
        return conditions.indices.flatMap { i -> [QCANecessity] in
            let x = cases.map { $0[i] }
            return [(conditions[i].uppercased(), x), ("~" + conditions[i].uppercased(), x.map { 1 - $0 })].map { name, values in
                let fit = QCAFit.necessity(values, y)
                return QCANecessity(condition: name, consistency: fit.consistency, ron: fit.ron, coverage: fit.coverage)
            }
        }
    }
}

/// Necessity of one condition (or its negation) for the outcome.
public struct QCANecessity: Codable, Sendable, Equatable {
    public var condition: String
    /// Consistency of necessity, sum min(X, Y) / sum Y (QCA's inclN).
    public var consistency: Double?
    /// Relevance of necessity, sum(1 - X) / sum(1 - min(X, Y)).
    public var ron: Double?
    /// Coverage of necessity, sum min(X, Y) / sum X (covN).
    public var coverage: Double?

    /// Writes null for an undefined value rather than leaving the key out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(condition, forKey: .condition)
        try c.encode(consistency, forKey: .consistency)
        try c.encode(ron, forKey: .ron)
        try c.encode(coverage, forKey: .coverage)
    }
}
