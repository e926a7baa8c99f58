/// Intermediate solutions (Ragin & Sonnett 2005, "Between complexity and parsimony"; Ragin 2008,
/// ch. 9): only the "easy" counterfactuals — remainders whose use agrees with the directional
/// expectations — are used to simplify the complex solution.
enum QCAIntermediate {
    /// For each complex solution C and parsimonious solution P (C1P1, C1P2, ...): the simplifying
    /// assumptions of P are the remainders P covers; for each term c of C lying inside a term p
    /// of P, every literal of c that p lacks and that contradicts the expectation for its
    /// condition is dropped (literals agreeing with the expectation, or of a condition without
    /// one, stay); the simplifying assumptions inside a resulting term are the easy
    /// counterfactuals. The positive rows are then minimised with the easy counterfactuals as
    /// don't cares (all minimal solutions). Without any expectation, or when no parsimonious
    /// solution uses a remainder, the complex solution is returned (as QCA).
    static func solve(_ table: QCATruthTable, expectations: [String: Int]) throws -> [QCAIntermediateSolutions] {
        for name in expectations.keys where !table.conditions.contains(name) { throw QCAError.unknownCondition(name) }
        let expected = table.conditions.map { expectations[$0] }
        let remainders = QCASolutions.rows(table, .remainder)
        let complex = try QCASolutions.covers(table, dontCare: [])
        let parsimonious = try QCASolutions.covers(table, dontCare: remainders)
        let k = table.conditions.count
        let assumptionSets = parsimonious.map { p in
            remainders.filter { r in p.contains { $0.covers(QCATruthTable.values(of: r, k: k)) } }
        }
        let simplifies = expected.contains { $0 != nil } && assumptionSets.contains { !$0.isEmpty }
        var result: [QCAIntermediateSolutions] = []
        for (ci, c) in complex.enumerated() {
            for (pi, p) in parsimonious.enumerated() {
                let easy = simplifies ? easyCounterfactuals(complex: c, parsimonious: p, expected: expected,
                                                             assumptions: assumptionSets[pi], k: k) : []
                let solutions = simplifies ? try QCASolutions.solve(table, dontCare: easy) : [QCASolutions.fit(c, table)]
                result.append(QCAIntermediateSolutions(complexIndex: ci + 1, parsimoniousIndex: pi + 1,
                                                       easyCounterfactuals: easy.map { $0 + 1 }, solutions: solutions))
            }
        }
        return result
    }

    static func easyCounterfactuals(complex: [QCATerm], parsimonious: [QCATerm], expected: [Int?],
                                    assumptions: [Int], k: Int) -> [Int] {
        var easy = Set<Int>()
        for c in complex {
            for p in parsimonious where p.contains(c) {
                var reduced = c
                for i in 0..<k where p.literals[i] == nil {
                    if let literal = c.literals[i], let direction = expected[i], direction != literal {
                        reduced.literals[i] = nil
                    }
                }
                for r in assumptions where reduced.covers(QCATruthTable.values(of: r, k: k)) { easy.insert(r) }
            }
        }
        return easy.sorted()
    }
}
