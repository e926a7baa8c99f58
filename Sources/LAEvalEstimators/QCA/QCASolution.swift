/// One term of a solution with its parameters of fit.
public struct QCATermFit: Codable, Sendable, Equatable {
    public var term: String
    /// Sufficiency consistency of the term (QCA's inclS).
    public var consistency: Double?
    public var pri: Double?
    /// Raw coverage (covS).
    public var coverage: Double?
    /// Unique coverage (covU): the solution's coverage minus that of the solution without this
    /// term (Ragin 2006).
    public var uniqueCoverage: Double?
    /// The cases of the positive truth-table rows that the term covers, in row order.
    public var cases: [String]

    /// Writes null for an undefined value rather than leaving the key out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(term, forKey: .term)
        try c.encode(consistency, forKey: .consistency)
        try c.encode(pri, forKey: .pri)
        try c.encode(coverage, forKey: .coverage)
        try c.encode(uniqueCoverage, forKey: .uniqueCoverage)
        try c.encode(cases, forKey: .cases)
    }
}

/// A solution: a disjunction of prime implicants (joined by ` + `) with its parameters of fit,
/// computed with the solution's membership max over its terms (Ragin 2008, ch. 3).
public struct QCASolution: Codable, Sendable, Equatable {
    public var terms: [QCATermFit]
    public var consistency: Double?
    public var pri: Double?
    public var coverage: Double?

    /// The solution in QCA's notation, terms joined by ` + `.
    public var expression: String { terms.map(\.term).joined(separator: " + ") }

    /// Writes null for an undefined value rather than leaving the key out.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(terms, forKey: .terms)
        try c.encode(consistency, forKey: .consistency)
        try c.encode(pri, forKey: .pri)
        try c.encode(coverage, forKey: .coverage)
    }
}

/// The intermediate solutions derived from one complex and one parsimonious solution (QCA's
/// "C<i>P<j>"), with the easy counterfactuals used (truth-table row numbers).
public struct QCAIntermediateSolutions: Codable, Sendable, Equatable {
    /// 1-based index of the complex solution.
    public var complexIndex: Int
    /// 1-based index of the parsimonious solution.
    public var parsimoniousIndex: Int
    public var easyCounterfactuals: [Int]
    public var solutions: [QCASolution]
}
