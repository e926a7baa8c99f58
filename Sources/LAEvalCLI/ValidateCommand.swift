import ArgumentParser
import Foundation
import LAEvalCore
import LAEvalData

/// `laeval validate`: check a study folder, or one EES data file, and print every problem.
public struct ValidateCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check study folders, EES data files or Ofsted .ods spreadsheets and print every problem as file:line:column: message.",
        discussion: """
        A study folder holds study.yaml, local_authorities.csv, inspections.csv, support.csv, costs.csv
        and indicators/*.csv with their .meta.csv files. The column in file:line:column is the field's
        position in the row (1 = first column), as a spreadsheet numbers them. Exits with status 1 if
        there is any error; warnings alone exit 0. An EES file without its .meta.csv is read with
        inferred column types, which are reported. An Ofsted "LA inspection outcomes" .ods is read
        natively: its ILACS history and latest-judgement sheets, every LA placed by its ONS code
        (line = spreadsheet row, column = spreadsheet column number).

        Examples:
          laeval validate laeval-demo/study
          laeval validate downloads/c1_children_in_need_referrals.csv
          laeval validate downloads/*.csv downloads/LA_Inspection_Outcomes_as_at_31_March_2025.ods
          laeval validate my-study --format json
        """
    )

    @Argument(help: "Study folders, EES data files (a .meta.csv beside one is read when present) or Ofsted .ods files.")
    public var paths: [String]

    @Option(help: "Print problems as a table (one per line) or as JSON.")
    public var format: OutputFormat = .table

    public init() {}

    public func run() throws {
        var reports: [ValidationReport] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw CommandFailure("no such file or folder: \(path)")
            }
            let problems = isDirectory.boolValue ? StudyReader.check(folder: path).problems
                : path.lowercased().hasSuffix(".ods") ? try OfstedValidation.check(path: path) : try SingleFileValidation.check(path: path)
            let prefix = isDirectory.boolValue ? path.hasSuffix("/") ? path : path + "/" : ""
            reports.append(Self.report(path: path, problems: problems, prefix: prefix))
        }
        switch format {
        case .table:
            for report in reports {
                for problem in report.problems { print("\(problem.file):\(problem.line):\(problem.column): \(problem.severity == "warning" ? "warning: " : "")\(problem.message)") }
                print((reports.count > 1 ? "\(report.path): " : "") + "\(report.errors) errors, \(report.warnings) warnings")
            }
        case .json:
            print(reports.count == 1 ? try Terminal.jsonText(reports[0]) : try Terminal.jsonText(reports), terminator: "")
        }
        if reports.contains(where: { $0.errors > 0 }) { throw ExitCode(1) }
    }

    static func report(path: String, problems: [InputProblem], prefix: String) -> ValidationReport {
        let errors = problems.filter { $0.severity == .error }.count
        return ValidationReport(path: path, errors: errors, warnings: problems.count - errors, problems: problems.map {
            .init(file: prefix + $0.file, line: $0.line, column: $0.column, severity: $0.severity.rawValue, message: $0.message)
        })
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
                if meta == nil, !name.hasSuffix(".meta.csv") { problems.append(EESFormat.inferredTypes(result.table, file: name, stem: stem)) }
            }
        } catch let problem as InputProblem {
            problems.append(problem)
        }
        return problems
    }
}

/// Validation of an Ofsted inspection-outcomes spreadsheet: its ILACS history and latest-judgement
/// sheets as laeval reads them into inspections.
enum OfstedValidation {
    static func check(path: String) throws -> [InputProblem] {
        let name = (path as NSString).lastPathComponent
        let workbook: ODSWorkbook
        do {
            workbook = try ODSWorkbook(path: path)
        } catch let error as ODSError {
            return [InputProblem(file: name, line: 1, column: 1, message: error.description)]
        }
        // the latest-judgement sheet's name carries the year in some releases (Inspections_31_March_2024)
        let latest = workbook.sheetNames.first { $0 == OfstedInspections.latestSheet }
            ?? workbook.sheetNames.first { $0.hasPrefix("Inspections_") && $0.contains("31_March") }
        let sheets = [OfstedInspections.historySheet].filter(workbook.sheetNames.contains) + (latest.map { [$0] } ?? [])
        guard !sheets.isEmpty else {
            return [InputProblem(file: name, line: 1, column: 1, message: "no sheet \(OfstedInspections.historySheet) or \(OfstedInspections.latestSheet): "
                + "its sheets are \(workbook.sheetNames.map { "'\($0)'" }.joined(separator: ", "))")]
        }
        var problems: [SheetProblem] = []
        if sheets.contains(OfstedInspections.historySheet) { problems += try OfstedInspections.history(in: workbook).problems }
        if let latest { problems += try OfstedInspections.latest(in: workbook, sheet: latest).problems }
        return problems.map { problem in
            InputProblem(file: name, line: problem.row, column: problem.column.map(columnNumber) ?? 1, message: "sheet \(problem.sheet): \(problem.message)")
        }
    }

    /// "A" → 1, "AB" → 28.
    static func columnNumber(_ letters: String) -> Int {
        letters.uppercased().unicodeScalars.reduce(0) { $0 * 26 + Int($1.value) - 64 }
    }
}
