import ArgumentParser
import Foundation
import LAEvalCore
import LAEvalData

/// `laeval validate`: check a study folder, or one EES data file, and print every problem.
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check a study folder (or one EES data file) and print every problem as file:line:column: message.",
        discussion: """
        A study folder holds study.yaml, local_authorities.csv, inspections.csv, support.csv, costs.csv
        and indicators/*.csv with their .meta.csv files. The column in file:line:column is the field's
        position in the row (1 = first column), as a spreadsheet numbers them. Exits with status 1 if
        there is any error; warnings alone exit 0.

        Examples:
          laeval validate laeval-demo/study
          laeval validate downloads/c1_children_in_need_referrals.csv
          laeval validate my-study --format json
        """
    )

    @Argument(help: "A study folder, or an EES data file (its .meta.csv beside it is read when present).")
    public var path: String

    @Option(help: "Print problems as a table (one per line) or as JSON.")
    public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw CommandFailure("no such file or folder: \(path)")
        }
        let problems = isDirectory.boolValue ? StudyReader.check(folder: path).problems : try SingleFileValidation.check(path: path)
        let errors = problems.filter { $0.severity == .error }.count
        let warnings = problems.count - errors
        let prefix = isDirectory.boolValue ? path.hasSuffix("/") ? path : path + "/" : ""
        switch format {
        case .table:
            for problem in problems {
                var shown = problem
                if isDirectory.boolValue { shown.file = prefix + problem.file }
                print(shown)
            }
            print("\(errors) errors, \(warnings) warnings")
        case .json:
            let report = ValidationReport(path: path, errors: errors, warnings: warnings, problems: problems.map {
                .init(file: $0.file, line: $0.line, column: $0.column, severity: $0.severity.rawValue, message: $0.message)
            })
            print(try Terminal.jsonText(report), terminator: "")
        }
        if errors > 0 { throw ExitCode(1) }
    }
}

struct ValidationReport: Encodable {
    struct Item: Encodable {
        var file: String
        var line: Int
        var column: Int
        var severity: String
        var message: String
    }

    var path: String
    var errors: Int
    var warnings: Int
    var problems: [Item]
}

/// Validation of a lone EES file: the format rules, and LA code pairs against DfE's lookup
/// (without a study there is no LA set or period to check against).
enum SingleFileValidation {
    static func check(path: String) throws -> [InputProblem] {
        let name = (path as NSString).lastPathComponent
        let stem = name.hasSuffix(".csv") ? String(name.dropLast(4)) : name
        let metaPath = ((path as NSString).deletingLastPathComponent as NSString).appendingPathComponent("\(stem).meta.csv")
        var problems: [InputProblem] = []
        var meta: [EESMetaRow]?
        if !name.hasSuffix(".meta.csv"), FileManager.default.fileExists(atPath: metaPath) {
            let read = EESReader.readMeta(try CSVTable(path: metaPath, displayName: "\(stem).meta.csv"))
            meta = read.rows
            problems += read.problems
        }
        do {
            let result = try EESReader.read(path: path, displayName: name, meta: meta, metaFile: "\(stem).meta.csv")
            problems += result.problems
            if !result.problems.contains(where: { $0.severity == .error }) {
                problems += EESCodeCheck.problems(result.table, file: name, lookup: .dfe)
                if meta == nil, !name.hasSuffix(".meta.csv") { problems.append(inferredTypes(result.table, file: name, stem: stem)) }
            }
        } catch let problem as InputProblem {
            problems.append(problem)
        }
        return problems
    }

    /// Without a .meta.csv the reader infers each column's type (an indicator when every value is
    /// a number or an EES symbol); the user is told which, so a mistaken inference is seen.
    static func inferredTypes(_ table: EESTable, file: String, stem: String) -> InputProblem {
        let indicators = table.indicatorNames
        let filters = table.columnNames.filter { !EESFormat.mandatoryColumns.contains($0) && !EESFormat.geographyColumns.contains($0) && !indicators.contains($0) }
        return InputProblem(file: file, line: 1, column: 1, message: "no \(stem).meta.csv beside it: column types inferred; filters: "
            + (filters.isEmpty ? "none" : filters.joined(separator: ", ")) + "; indicators: " + indicators.joined(separator: ", "), severity: .warning)
    }
}
