/// A conjunction of conditions (a configuration or a prime implicant): for each condition 1
/// (present), 0 (absent, negated) or nil (not in the term, minimised away).
public struct QCATerm: Codable, Sendable, Hashable {
    public var literals: [Int?]

    public init(literals: [Int?]) { self.literals = literals }

    /// The full configuration of a truth-table row (every condition present or absent).
    public init(values: [Int]) { literals = values.map { $0 } }

    public var literalCount: Int { literals.reduce(0) { $0 + ($1 == nil ? 0 : 1) } }

    /// QCA's notation: conditions in upper case for presence, `~COND` for absence, `*` for AND.
    public func notation(_ conditions: [String]) -> String {
        zip(literals, conditions).compactMap { literal, name in
            literal.map { $0 == 1 ? name.uppercased() : "~" + name.uppercased() }
        }.joined(separator: "*")
    }

    /// A case's membership in the term: the minimum over its literals of the membership in the
    /// condition (present) or in its negation, 1 - membership (absent); 1 for the empty term.
    public func membership(_ memberships: [Double]) -> Double {
        var value = 1.0
        for (literal, x) in zip(literals, memberships) {
            guard let literal else { continue }
            value = min(value, literal == 1 ? x : 1 - x)
        }
        return value
    }

    /// Whether the configuration (0/1 values) lies in this term.
    public func covers(_ values: [Int]) -> Bool {
        zip(literals, values).allSatisfy { literal, value in literal == nil || literal == value }
    }

    /// Whether every configuration of `other` lies in this term (this term's literals are a
    /// subset of `other`'s).
    public func contains(_ other: QCATerm) -> Bool {
        zip(literals, other.literals).allSatisfy { mine, theirs in mine == nil || mine == theirs }
    }

    /// Prime implicants in the order R's QCA lists them (and so numbers them in its solutions):
    /// condition by condition from the last to the first, a stable sort putting terms with
    /// the condition present first, then absent, then without it, after which the terms with
    /// the condition (present or absent) are re-sorted stably with absence first; finally a
    /// stable sort by number of literals. As in QCA 3.19, when every term has the condition the
    /// re-sorting leaves out the last term, which keeps its place (so ties are not always
    /// lexicographic); see Fixtures/qca/README.md.
    public static func qcaSorted(_ terms: [QCATerm]) -> [QCATerm] {
        var order = terms
        guard !order.isEmpty, let k = order.first?.literals.count else { return order }
        for i in stride(from: k - 1, through: 0, by: -1) {
            order = stableSorted(order) { rank($0.literals[i]) > rank($1.literals[i]) }
            let firstAbsent = order.firstIndex { $0.literals[i] == nil } ?? order.count - 1
            order.replaceSubrange(0..<firstAbsent, with: stableSorted(Array(order[0..<firstAbsent])) {
                rank($0.literals[i]) < rank($1.literals[i])
            })
        }
        return stableSorted(order) { $0.literalCount < $1.literalCount }
    }

    /// 0 absent (negated), 1 present, -1 not in the term: QCA's coding less one.
    private static func rank(_ literal: Int?) -> Int { literal ?? -1 }

    private static func stableSorted(_ terms: [QCATerm], by before: (QCATerm, QCATerm) -> Bool) -> [QCATerm] {
        terms.enumerated().sorted { a, b in
            before(a.element, b.element) || (!before(b.element, a.element) && a.offset < b.offset)
        }.map(\.element)
    }
}
