import Foundation
import LAEvalEstimators
import Testing

/// QCA against R's QCA 3.19 (fixtures by Validation/qca/make_fixtures.R; see
/// Fixtures/qca/README.md): truth tables (rows, output values, n, cases identical; consistency
/// and PRI to 1e-6), complex, parsimonious and intermediate solutions identical (every minimal
/// solution, in QCA's order), parameters of fit to 1e-6, on the Lipset data (crisp and fuzzy,
/// negated outcome, incl.cut pair) and 40 seeded random tables; necessity and calibration of
/// the raw Lipset data to 1e-6.
@Suite struct QCAFixtureTests {
    /// A JSON value written by jsonlite: a number, or a string for R's "-"/"NA".
    struct Flexible: Decodable {
        let number: Double?
        let text: String?
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            number = try? c.decode(Double.self)
            text = number == nil ? try c.decode(String.self) : nil
        }
    }

    struct Row: Decodable {
        let row: Int
        let values: [Int]
        let out: String
        let n: Int
        let incl, pri: Double
        let cases: [String]
    }

    struct Term: Decodable { let term: String; let incl, pri, cov: Double; let cov_unique: Double? }
    struct Solution: Decodable { let terms: [Term]; let incl, pri, cov: Double }

    /// A list of solutions, or the text of QCA's error.
    struct Solutions: Decodable {
        let list: [Solution]?
        let error: String?
        init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            list = try? c.decode([Solution].self)
            error = list == nil ? try c.decode(String.self) : nil
        }
    }

    struct Intermediate: Decodable {
        let complex_index, parsimonious_index: Int
        let easy_counterfactuals: [Int]
        let solutions: [Solution]
    }

    struct Case: Decodable {
        let name, outcome: String
        let negate_outcome: Bool
        let conditions: [String]
        let incl_cut: [Double]
        let n_cut: Int
        let case_ids: [String]
        let data: [String: [Double]]
        let truth_table: [Row]
        let complex, parsimonious: Solutions
        let dir_exp: [String: Flexible]?
        let intermediate: [Intermediate]?
    }

    struct Necessity: Decodable { let condition: String; let incl, ron, cov: Double }
    struct NecessitySet: Decodable { let outcome: String; let conditions: [String]; let rows: [Necessity] }
    struct CaseFile: Decodable { let cases: [Case]; let necessity: NecessitySet? }

    struct Calibrated: Decodable {
        let variable: String
        let exclusion, crossover, inclusion: Double
        let raw, fuzzy, crisp: [Double]
    }
    struct CalibrationFile: Decodable { let variables: [Calibrated] }

    static func load<T: Decodable>(_ name: String, as type: T.Type) throws -> T {
        let url = Bundle.module.resourceURL!.appendingPathComponent("Fixtures/qca/\(name)")
        return try JSONDecoder().decode(T.self, from: Data(contentsOf: url))
    }

    static let tolerance = 1e-6

    static func table(_ c: Case) throws -> QCATruthTable {
        let cases = c.case_ids.indices.map { i in c.conditions.map { c.data[$0]![i] } }
        let options = QCATruthTableOptions(inclusionCut: c.incl_cut[0], exclusionCut: c.incl_cut.count > 1 ? c.incl_cut[1] : nil,
                                           frequencyCut: c.n_cut, negateOutcome: c.negate_outcome)
        return try QCA.truthTable(cases: cases, outcome: c.data[c.outcome]!, conditions: c.conditions, caseIDs: c.case_ids, options: options)
    }

    /// The largest absolute difference found, or nil when the structure differs.
    static func compare(_ mine: [QCASolution], _ theirs: [Solution], _ label: String) -> Double {
        #expect(mine.map(\.expression) == theirs.map { $0.terms.map(\.term).joined(separator: " + ") }, "\(label)")
        var worst = 0.0
        for (m, t) in zip(mine, theirs) {
            worst = max(worst, abs(m.consistency! - t.incl), abs(m.pri! - t.pri), abs(m.coverage! - t.cov))
            for (mt, tt) in zip(m.terms, t.terms) {
                worst = max(worst, abs(mt.consistency! - tt.incl), abs(mt.pri! - tt.pri), abs(mt.coverage! - tt.cov))
                if let unique = tt.cov_unique { worst = max(worst, abs(mt.uniqueCoverage! - unique)) }
            }
        }
        #expect(worst < tolerance, "\(label): worst difference \(worst)")
        return worst
    }

    static func check(_ c: Case) throws -> Double {
        let table = try table(c)
        let observed = table.observedRows
        #expect(observed.map(\.row) == c.truth_table.map(\.row), "\(c.name) rows")
        #expect(observed.map(\.values) == c.truth_table.map(\.values), "\(c.name) values")
        #expect(observed.map(\.outcome.rawValue) == c.truth_table.map(\.out), "\(c.name) OUT")
        #expect(observed.map(\.n) == c.truth_table.map(\.n), "\(c.name) n")
        #expect(observed.map(\.cases) == c.truth_table.map(\.cases), "\(c.name) cases")
        var worst = 0.0
        for (m, t) in zip(observed, c.truth_table) {
            worst = max(worst, abs(m.consistency! - t.incl), abs((m.pri ?? 0) - t.pri))
        }
        #expect(worst < tolerance, "\(c.name) truth table: \(worst)")
        for (include, reference) in [(false, c.complex), (true, c.parsimonious)] {
            let label = "\(c.name) \(include ? "parsimonious" : "complex")"
            if let list = reference.list {
                worst = max(worst, compare(try QCA.minimise(table, includeRemainders: include), list, label))
            } else {
                #expect(throws: QCAError.self, "\(label): QCA says \(reference.error ?? "")") {
                    try QCA.minimise(table, includeRemainders: include)
                }
            }
        }
        if let expectations = c.dir_exp, let reference = c.intermediate {
            var directions: [String: Int] = [:]
            for (name, value) in expectations {
                if let number = value.number { directions[name] = Int(number) } else if let text = value.text, let number = Int(text) { directions[name] = number }
            }
            let mine = try QCA.intermediate(table, directionalExpectations: directions)
            #expect(mine.map { [$0.complexIndex, $0.parsimoniousIndex] } == reference.map { [$0.complex_index, $0.parsimonious_index] }, "\(c.name) C*P*")
            for (m, t) in zip(mine, reference) {
                #expect(m.easyCounterfactuals == t.easy_counterfactuals, "\(c.name) C\(m.complexIndex)P\(m.parsimoniousIndex) EC")
                worst = max(worst, compare(m.solutions, t.solutions, "\(c.name) intermediate C\(m.complexIndex)P\(m.parsimoniousIndex)"))
            }
        }
        return worst
    }

    @Test func lipsetCasesMatchQCA() throws {
        let file = try Self.load("lipset.json", as: CaseFile.self)
        #expect(file.cases.count == 7)
        let worst = try file.cases.map(Self.check).max() ?? 0
        print("QCA Lipset worst difference: \(worst)")
    }

    @Test func randomTablesMatchQCA() throws {
        let file = try Self.load("random.json", as: CaseFile.self)
        #expect(file.cases.count == 40)
        let worst = try file.cases.map(Self.check).max() ?? 0
        print("QCA random worst difference: \(worst)")
    }

    @Test func necessityMatchesQCA() throws {
        let file = try Self.load("lipset.json", as: CaseFile.self)
        let reference = try #require(file.necessity)
        let c = try #require(file.cases.first { $0.name == "fuzzy_negated_incl08" })
        let cases = c.case_ids.indices.map { i in reference.conditions.map { c.data[$0]![i] } }
        let mine = QCA.necessity(cases: cases, outcome: c.data[reference.outcome]!, conditions: reference.conditions)
        #expect(mine.map(\.condition) == reference.rows.map(\.condition))
        var worst = 0.0
        for (m, t) in zip(mine, reference.rows) {
            worst = max(worst, abs(m.consistency! - t.incl), abs(m.ron! - t.ron), abs(m.coverage! - t.cov))
        }
        #expect(worst < Self.tolerance)
        print("QCA necessity worst difference: \(worst)")
    }

    @Test func calibrationMatchesQCA() throws {
        let file = try Self.load("calibration.json", as: CalibrationFile.self)
        var worst = 0.0
        for v in file.variables {
            let fuzzy = try QCACalibration.fuzzyDirect(v.raw, exclusion: v.exclusion, crossover: v.crossover, inclusion: v.inclusion)
            worst = max(worst, zip(fuzzy, v.fuzzy).map { abs($0 - $1) }.max() ?? 0)
            #expect(QCACalibration.crisp(v.raw, threshold: v.crossover) == v.crisp, "\(v.variable) crisp")
        }
        #expect(worst < Self.tolerance)
        print("QCA calibration worst difference: \(worst)")
    }
}
