/// Complex and parsimonious solutions of a truth table and their parameters of fit.
enum QCASolutions {
    /// Positive rows (0-based numbers) and remainder rows of the table.
    static func rows(_ table: QCATruthTable, _ outcome: QCARowOutcome) -> [Int] {
        table.rows.filter { $0.outcome == outcome }.map { $0.row - 1 }
    }

    /// Minimises the positive rows with the given don't-care rows and returns every minimal
    /// solution with its fit.
    static func solve(_ table: QCATruthTable, dontCare: [Int]) throws -> [QCASolution] {
        try covers(table, dontCare: dontCare).map { fit($0, table) }
    }

    /// The prime-implicant sets of every minimal solution.
    static func covers(_ table: QCATruthTable, dontCare: [Int]) throws -> [[QCATerm]] {
        let positive = rows(table, .positive)
        guard !positive.isEmpty else { throw QCAError.noPositiveRows }
        let k = table.conditions.count
        let primes = QCAMinimisation.primeImplicants(positive: positive, dontCare: dontCare, k: k)
        if primes.contains(where: { $0.literalCount == 0 }) { throw QCAError.everyConfigurationCovered }
        let chart = QCAMinimisation.chart(primes, positiveValues: positive.map { QCATruthTable.values(of: $0, k: k) })
        return QCAMinimisation.minimalCovers(chart).map { cover in cover.map { primes[$0] } }
    }

    /// Parameters of fit of a solution on the table's cases (as `QCA::pof`, sufficiency).
    static func fit(_ terms: [QCATerm], _ table: QCATruthTable) -> QCASolution {
        let y = table.outcome
        let memberships = terms.map { term in table.memberships.map(term.membership) }
        let union = unionOf(memberships, count: y.count)
        let total = QCAFit.sufficiency(union, y)
        let positives = table.rows.filter { $0.outcome == .positive }
        let fits = terms.indices.map { i in
            let own = QCAFit.sufficiency(memberships[i], y)
            let others = unionOf(memberships.indices.filter { $0 != i }.map { memberships[$0] }, count: y.count)
            let unique = total.coverage.map { $0 - (QCAFit.coverage(others, y) ?? 0) }
            return QCATermFit(term: terms[i].notation(table.conditions), consistency: own.consistency, pri: own.pri,
                              coverage: own.coverage, uniqueCoverage: unique,
                              cases: positives.filter { terms[i].covers($0.values) }.flatMap(\.cases))
        }
        return QCASolution(terms: fits, consistency: total.consistency, pri: total.pri, coverage: total.coverage)
    }

    /// Case-wise maximum (fuzzy OR) of memberships; 0 for no sets.
    static func unionOf(_ sets: [[Double]], count: Int) -> [Double] {
        sets.reduce(Array(repeating: 0, count: count)) { acc, set in zip(acc, set).map { max($0, $1) } }
    }
}
