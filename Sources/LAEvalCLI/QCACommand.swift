import ArgumentParser
import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats

/// The JSON of `laeval estimate qca` (design.md §8).
struct QCAOutput: Encodable {
    struct Row: Encodable {
        var row: Int
        var values: [String: Int]
        var outcome: String
        var n: Int
        var consistency: Double?
        var pri: Double?
        var cases: [String]

        enum CodingKeys: String, CodingKey { case row, values, outcome, n, consistency, pri, cases }

        /// Writes null for an undefined PRI rather than leaving the key out.
        func encode(to encoder: Encoder) throws {
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

    struct Solutions: Encodable {
        var complex: [QCASolution]
        var parsimonious: [QCASolution]
        var intermediate: [QCAIntermediateSolutions]?
        /// Why a solution type has no solutions (e.g. no positive row), else null.
        var note: String?

        enum CodingKeys: String, CodingKey { case complex, parsimonious, intermediate, note }

        func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(complex, forKey: .complex)
            try c.encode(parsimonious, forKey: .parsimonious)
            if let intermediate { try c.encode(intermediate, forKey: .intermediate) }
            try c.encode(note, forKey: .note)
        }
    }

    var outcome: String
    var conditions: [String]
    var nCases: Int
    var inclusionCut: Double
    var frequencyCut: Int
    var truthTable: [Row]
    var solutions: Solutions
    var necessity: [QCANecessity]
}

/// `laeval estimate qca`: crisp- or fuzzy-set Qualitative Comparative Analysis, as R's QCA.
public struct QCACommand: ParsableCommand {
    public enum SetType: String, ExpressibleByArgument, CaseIterable { case crisp, fuzzy }

    public static let configuration = CommandConfiguration(
        commandName: "qca",
        abstract: "Qualitative Comparative Analysis (crisp or fuzzy sets): truth table, minimisation, necessity, as R's QCA.",
        discussion: """
        The conditions and the outcome are set memberships: 0/1 (--type crisp) or in [0, 1]
        (--type fuzzy, the default; calibrate raw values first). Each case belongs to the
        truth-table row in which its membership is above 0.5; a row with at least --n-cut cases is
        positive when its consistency sum(min(X,Y))/sum(X) reaches --incl-cut (and its PRI
        --pri-cut), a contradiction when below it but at least --incl-cut0, else negative; rows
        with fewer cases are remainders. Quine-McCluskey minimisation gives the complex
        solution (remainders excluded) and the parsimonious one (remainders as don't cares),
        each as every solution with the fewest prime implicants, in R's QCA order; --dir-exp
        adds the intermediate solutions (easy counterfactuals, Ragin & Sonnett). Necessity of
        each condition and its negation: consistency, relevance (RoN) and coverage.

        JSON: truth_table [{row, values {COND: 0|1}, outcome "1"|"0"|"C"|"?", n, consistency,
        pri, cases}] (rows with cases only); solutions {complex: [S], parsimonious: [S],
        intermediate: [{complex_index, parsimonious_index, easy_counterfactuals, solutions: [S]}],
        note} where S = {terms: [{term, consistency, pri, coverage, unique_coverage, cases}],
        consistency, pri, coverage} (several S when several solutions are equally minimal);
        necessity [{condition, consistency, ron, coverage}]. Terms: COND present, ~COND absent,
        * and, + or.

        Examples:
          laeval estimate qca --data lipset_crisp.csv --outcome SURV --conditions DEV,URB,LIT,IND --type crisp --case-id case
          laeval estimate qca --data lipset_fuzzy.csv --outcome SURV --conditions DEV,URB,LIT,IND,STB --incl-cut 0.8 --dir-exp DEV=1,URB=1,LIT=1,IND=1,STB=1 --case-id case --format json
          laeval estimate qca --data lipset_fuzzy.csv --outcome SURV --conditions DEV,URB,LIT,IND,STB --incl-cut 0.8 --negate-outcome
        """
    )

    @Option(help: "The tidy CSV file.") public var data: String
    @Option(help: "The outcome column (set memberships).") public var outcome: String
    @Option(help: "Condition columns (set memberships), comma-separated.") public var conditions: String
    @Option(help: "crisp (0/1 memberships) or fuzzy ([0, 1]).") public var type: SetType = .fuzzy
    @Option(name: .customLong("incl-cut"), help: "Consistency a row needs to be positive (QCA's incl.cut).") public var inclCut: Double = 1
    @Option(name: .customLong("incl-cut0"), help: "Rows below --incl-cut but at least this are contradictions (C).") public var inclCut0: Double?
    @Option(name: .customLong("pri-cut"), help: "PRI a row needs to be positive.") public var priCut: Double = 0
    @Option(name: .customLong("n-cut"), help: "Cases a row needs not to be a remainder.") public var nCut: Int = 1
    @Flag(name: .customLong("negate-outcome"), help: "Analyse the absence of the outcome (1 - membership).") public var negateOutcome = false
    @Option(name: .customLong("dir-exp"), help: "Directional expectations for intermediate solutions, e.g. A=1,B=0 (1 presence, 0 absence).") public var dirExp: String?
    @Option(name: .customLong("case-id"), help: "Column naming the cases (default: row numbers from 1).") public var caseID: String?
    @Option(help: "Print a table for people or JSON.") public var format: OutputFormat = .table

    public init() {}

    public func validate() throws {
        guard !OLSCommand.list(conditions).isEmpty else { throw ValidationError("--conditions needs at least one column") }
        guard nCut >= 1 else { throw ValidationError("--n-cut must be at least 1") }
        if let inclCut0, inclCut0 > inclCut { throw ValidationError("--incl-cut0 must not exceed --incl-cut") }
    }

    public func run() throws {
        let name = (data as NSString).lastPathComponent
        let columns = try TidyCSVReader.read(path: data).columns
        let conditionNames = OLSCommand.list(conditions)
        for column in conditionNames + [outcome] where columns[column] == nil {
            throw CommandFailure("\(name): no column \(column) (columns: \(columns.keys.sorted().joined(separator: ", ")))")
        }
        let memberships = try conditionNames.map { try Self.memberships(columns, $0, type: type, file: name) }
        let y = try Self.memberships(columns, outcome, type: type, file: name)
        let ids = try Self.caseIDs(columns, caseID, count: y.count, file: name)
        let cases = y.indices.map { i in memberships.map { $0[i] } }
        let options = QCATruthTableOptions(inclusionCut: inclCut, exclusionCut: inclCut0, priCut: priCut,
                                           frequencyCut: nCut, negateOutcome: negateOutcome)
        let table: QCATruthTable
        do {
            table = try QCA.truthTable(cases: cases, outcome: y, conditions: conditionNames, caseIDs: ids, options: options)
        } catch let error as QCAError {
            throw CommandFailure("\(name): \(error.description)")
        }
        let expectations = try Self.expectations(dirExp, conditions: conditionNames)
        let output = QCAOutput(outcome: (negateOutcome ? "~" : "") + outcome, conditions: conditionNames, nCases: y.count,
                               inclusionCut: inclCut, frequencyCut: nCut,
                               truthTable: Self.rows(table), solutions: Self.solutions(table, expectations),
                               necessity: QCA.necessity(cases: cases, outcome: y, conditions: conditionNames, negateOutcome: negateOutcome))
        switch format {
        case .json: print(try Terminal.jsonText(output), terminator: "")
        case .table: print(Self.text(output))
        }
    }

    /// A column's memberships, checked: numeric, complete, 0/1 (crisp) or in [0, 1] (fuzzy).
    static func memberships(_ columns: [String: DataColumn], _ column: String, type: SetType, file: String) throws -> [Double] {
        guard case .numeric(let numbers) = columns[column] else { throw CommandFailure("\(file): column \(column) is not numeric") }
        for (row, x) in numbers.enumerated() {
            let line = row + 2
            guard x.isFinite else { throw CommandFailure("\(file): line \(line), column \(column): missing value (QCA needs complete data)") }
            switch type {
            case .crisp where x != 0 && x != 1:
                throw CommandFailure("\(file): line \(line), column \(column): \(shown(x)) is not a crisp membership (0 or 1)")
            case .fuzzy where !(0...1).contains(x):
                throw CommandFailure("\(file): line \(line), column \(column): \(shown(x)) is not a fuzzy membership (between 0 and 1)")
            default: continue
            }
        }
        return numbers
    }

    /// A number as written in a file: no ".0" on whole numbers.
    static func shown(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : "\(x)"
    }

    static func caseIDs(_ columns: [String: DataColumn], _ column: String?, count: Int, file: String) throws -> [String] {
        guard let column else { return (0..<count).map { String($0 + 1) } }
        guard columns[column] != nil else { throw CommandFailure("\(file): no column \(column) (the --case-id column)") }
        return ModelDesign.texts(columns, column, rows: Array(0..<count))
    }

    /// Parses "A=1,B=0" into condition → expected value.
    static func expectations(_ text: String?, conditions: [String]) throws -> [String: Int]? {
        guard let text else { return nil }
        var result: [String: Int] = [:]
        for item in OLSCommand.list(text) {
            let parts = item.split(separator: "=").map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, let value = Int(parts[1]), value == 0 || value == 1 else {
                throw CommandFailure("--dir-exp: '\(item)' is not CONDITION=1 or CONDITION=0")
            }
            guard conditions.contains(parts[0]) else { throw CommandFailure("--dir-exp: \(parts[0]) is not one of the conditions") }
            result[parts[0]] = value
        }
        return result
    }

    static func rows(_ table: QCATruthTable) -> [QCAOutput.Row] {
        table.observedRows.map { row in
            QCAOutput.Row(row: row.row, values: Dictionary(uniqueKeysWithValues: zip(table.conditions, row.values)),
                          outcome: row.outcome.rawValue, n: row.n, consistency: row.consistency, pri: row.pri, cases: row.cases)
        }
    }

    static func solutions(_ table: QCATruthTable, _ expectations: [String: Int]?) -> QCAOutput.Solutions {
        do {
            let complex = try QCA.minimise(table, includeRemainders: false)
            let parsimonious = try QCA.minimise(table, includeRemainders: true)
            let intermediate = try expectations.map { try QCA.intermediate(table, directionalExpectations: $0) }
            return QCAOutput.Solutions(complex: complex, parsimonious: parsimonious, intermediate: intermediate, note: nil)
        } catch let error as QCAError {
            let complex = (try? QCA.minimise(table, includeRemainders: false)) ?? []
            return QCAOutput.Solutions(complex: complex, parsimonious: [], intermediate: expectations.map { _ in [] },
                                       note: error.description)
        } catch {
            return QCAOutput.Solutions(complex: [], parsimonious: [], intermediate: nil, note: "\(error)")
        }
    }

    /// The table for people: truth table, solutions, necessity.
    static func text(_ output: QCAOutput) -> String {
        var lines = ["QCA of \(output.outcome) on \(output.conditions.joined(separator: ", ")) (\(output.nCases) cases; incl.cut \(output.inclusionCut), n.cut \(output.frequencyCut))", "", "Truth table (rows with cases):"]
        let header = ["row"] + output.conditions + ["OUT", "n", "incl", "PRI", "cases"]
        lines.append(header.joined(separator: "  "))
        for row in output.truthTable {
            let cells = ["\(row.row)"] + output.conditions.map { "\(row.values[$0] ?? 0)" }
                + [row.outcome, "\(row.n)", number(row.consistency), number(row.pri), row.cases.joined(separator: ",")]
            lines.append(cells.joined(separator: "  "))
        }
        lines.append("")
        lines += solutionLines("Complex", output.solutions.complex)
        lines += solutionLines("Parsimonious", output.solutions.parsimonious)
        for set in output.solutions.intermediate ?? [] {
            lines += solutionLines("Intermediate C\(set.complexIndex)P\(set.parsimoniousIndex)", set.solutions)
        }
        if let note = output.solutions.note { lines += ["Note: \(note)", ""] }
        lines.append("Necessity: condition  inclN  RoN  covN")
        for row in output.necessity {
            lines.append("  \(row.condition)  \(number(row.consistency))  \(number(row.ron))  \(number(row.coverage))")
        }
        return lines.joined(separator: "\n")
    }

    static func solutionLines(_ title: String, _ solutions: [QCASolution]) -> [String] {
        var lines = ["\(title) solution\(solutions.count > 1 ? "s" : ""):"]
        for (i, solution) in solutions.enumerated() {
            lines.append("  M\(i + 1): \(solution.expression)   (incl \(number(solution.consistency)), PRI \(number(solution.pri)), cov \(number(solution.coverage)))")
            for term in solution.terms {
                lines.append("    \(term.term): incl \(number(term.consistency)), PRI \(number(term.pri)), covS \(number(term.coverage)), covU \(number(term.uniqueCoverage))")
            }
        }
        if solutions.isEmpty { lines.append("  (none)") }
        return lines + [""]
    }

    static func number(_ value: Double?) -> String {
        value.map { String(format: "%.3f", $0) } ?? "-"
    }
}
