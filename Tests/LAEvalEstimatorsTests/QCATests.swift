import LAEvalEstimators
import Testing

/// Small QCA checks whose answers are known by hand.
@Suite struct QCATests {
    /// Cases from 0/1 rows; one case per configuration given.
    static func table(_ rows: [[Int]], positive: Set<Int>, conditions: [String] = ["A", "B", "C"],
                      options: QCATruthTableOptions = QCATruthTableOptions()) throws -> QCATruthTable {
        let outcome = rows.indices.map { positive.contains($0) ? 1.0 : 0.0 }
        return try QCA.truthTable(cases: rows.map { $0.map(Double.init) }, outcome: outcome, conditions: conditions,
                                  caseIDs: rows.indices.map { "c\($0)" }, options: options)
    }

    static let all3: [[Int]] = (0..<8).map { n in [(n >> 2) & 1, (n >> 1) & 1, n & 1] }

    @Test func handMinimisation() throws {
        // Y = A*B + ~A*~B*C observed on 5 of 8 configurations; 110 and 001 positive.
        let rows = [[1, 1, 0], [1, 1, 1], [0, 0, 1], [0, 1, 0], [1, 0, 0]]
        let t = try Self.table(rows, positive: [0, 1, 2])
        #expect(t.observedRows.map(\.row) == [2, 3, 5, 7, 8])
        #expect(t.rows[6].values == [1, 1, 0] && t.rows[6].outcome == .positive && t.rows[6].cases == ["c0"])
        #expect(t.rows[0].outcome == .remainder && t.rows[0].consistency == nil)
        let complex = try QCA.minimise(t, includeRemainders: false)
        #expect(complex.map(\.expression) == ["A*B + ~A*~B*C"])
        #expect(complex[0].consistency == 1 && complex[0].coverage == 1)
        let parsimonious = try QCA.minimise(t, includeRemainders: true)
        // with the remainders 000, 011, 101 the prime implicants are C, ~A*~B and A*B; A*B is
        // essential and 001 is covered by C or by ~A*~B: two minimal solutions
        #expect(parsimonious.map(\.expression) == ["C + A*B", "~A*~B + A*B"])
    }

    @Test func cyclicChartGivesAllMinimalSolutions() throws {
        // positives 000, 001, 010, 101, 110, 111: the cyclic chart with two 3-term covers
        let t = try Self.table(Self.all3, positive: [0, 1, 2, 5, 6, 7])
        let solutions = try QCA.minimise(t, includeRemainders: false)
        #expect(solutions.map(\.expression) == ["~A*~B + A*C + B*~C", "~A*~C + A*B + ~B*C"])
        #expect(solutions.allSatisfy { $0.coverage == 1 && $0.consistency == 1 })
        // within M1 each term is the only one covering its two positive cases
        #expect(solutions[0].terms.allSatisfy { abs($0.uniqueCoverage! - 1.0 / 3) < 1e-12 })
    }

    @Test func noPositiveRowsThrows() throws {
        let t = try Self.table(Self.all3, positive: [])
        #expect(throws: QCAError.noPositiveRows) { try QCA.minimise(t, includeRemainders: true) }
        let all = try Self.table([[1, 1, 1]], positive: [0])
        #expect(throws: QCAError.everyConfigurationCovered) { try QCA.minimise(all, includeRemainders: true) }
    }

    @Test func negatedOutcomeAndCuts() throws {
        let t = try Self.table(Self.all3, positive: [0, 1, 2, 5, 6, 7], options: QCATruthTableOptions(negateOutcome: true))
        // QCA 3.19 lists these two in this order (its sort leaves the last term in place when
        // every term has the condition; see Fixtures/qca/README.md)
        #expect(try QCA.minimise(t, includeRemainders: false).map(\.expression) == ["A*~B*~C + ~A*B*C"])
        let few = try Self.table(Self.all3, positive: [7], options: QCATruthTableOptions(frequencyCut: 2))
        #expect(few.rows.allSatisfy { $0.outcome == .remainder })
    }

    @Test func membershipOutsideUnitIntervalIsRejected() {
        #expect(throws: QCAError.membershipOutOfRange(condition: "B", value: 1.2)) {
            try QCA.truthTable(cases: [[0.3, 1.2]], outcome: [1], conditions: ["A", "B"], caseIDs: ["x"])
        }
    }

    @Test func fuzzyRowMembershipAndCases() throws {
        // a case belongs to the row where its membership exceeds 0.5; one at 0.5 belongs nowhere
        let t = try QCA.truthTable(cases: [[0.8, 0.3], [0.6, 0.9], [0.5, 0.9]], outcome: [0.9, 0.2, 0.7],
                                   conditions: ["A", "B"], caseIDs: ["p", "q", "r"], options: QCATruthTableOptions(inclusionCut: 0.8))
        #expect(t.observedRows.map(\.row) == [3, 4])
        #expect(t.rows[2].cases == ["p"] && t.rows[3].cases == ["q"])
        // row A*~B: memberships min(A, 1-B) = 0.7, 0.1, 0.1; consistency (0.7+0.1+0.1)/0.9 = 1
        #expect(abs(t.rows[2].consistency! - 1) < 1e-12 && t.rows[2].outcome == .positive)
    }

    @Test func directCalibrationHitsTheAnchors() throws {
        let up = try QCACalibration.fuzzyDirect([350, 550, 900], exclusion: 350, crossover: 550, inclusion: 900)
        #expect(zip(up, [0.05, 0.5, 0.95]).allSatisfy { abs($0 - $1) < 1e-12 })
        let down = try QCACalibration.fuzzyDirect([14, 10, 5], exclusion: 14, crossover: 10, inclusion: 5)
        #expect(zip(down, [0.05, 0.5, 0.95]).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(throws: QCAError.self) { try QCACalibration.fuzzyDirect([1], exclusion: 1, crossover: 5, inclusion: 4) }
        #expect(QCACalibration.crisp([549, 550, 551], threshold: 550) == [0, 1, 1])
    }

    @Test func necessityOfASuperset() {
        // X contains Y: consistency of necessity 1; ~X: 0
        let rows = QCA.necessity(cases: [[1], [1], [0]], outcome: [1, 0, 0], conditions: ["x"])
        #expect(rows.map(\.condition) == ["X", "~X"])
        #expect(rows[0].consistency == 1 && rows[0].coverage == 0.5 && rows[1].consistency == 0)
        // RoN = sum(1-X)/sum(1-min(X,Y)) = 1/2
        #expect(rows[0].ron == 0.5)
    }
}
