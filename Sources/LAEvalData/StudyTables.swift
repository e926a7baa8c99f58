import LAEvalCore

/// Column layouts of the study folder's CSV files (design.md §4).
public enum StudyTables {
    public static let localAuthoritiesFile = "local_authorities.csv"
    public static let inspectionsFile = "inspections.csv"
    public static let supportFile = "support.csv"
    public static let costsFile = "costs.csv"
    public static let indicatorsFolder = "indicators"

    public static let localAuthorityColumns = ["new_la_code", "old_la_code", "la_name", "region_code", "region_name", "alliance"]
    public static let inspectionColumns = ["new_la_code", "inspection_date", "framework", "kind", "overall"]
        + SubJudgement.allCases.map(\.rawValue)
    public static let supportColumns = ["new_la_code", "programme", "model", "provider_la_code", "activity",
                                        "start_date", "end_date", "intensity"]
    public static let costColumns = ["programme", "model", "new_la_code", "time_period", "amount_gbp", "price_base", "kind"]

    /// The longitudinal survey (optional): waves, questionnaires, respondents and answers.
    public static let surveyFolder = "survey"
    public static let surveyWavesFile = "survey/waves.csv"
    public static let surveyRespondentsFile = "survey/respondents.csv"
    public static let surveyResponsesFile = "survey/responses.csv"
    public static let surveyWaveColumns = ["wave", "questionnaire", "opened", "closed"]
    public static let surveyRespondentColumns = ["wave", "respondent_id", "new_la_code", "role", "status", "started_at", "submitted_at"]
    public static let surveyResponseColumns = ["wave", "respondent_id", "new_la_code", "question_id", "value"]

    /// Separator of several activities in one `activity` cell.
    public static let activitySeparator: Character = ";"
}

/// Gives named access to the rows of a `CSVTable` and reports problems with their position.
struct TableRows {
    let table: CSVTable
    private var index: [String: Int] = [:]
    var problems: [InputProblem] = []

    /// Checks the header has `required` columns; when `allowExtra` is false other columns are errors.
    init(_ table: CSVTable, required: [String], allowExtra: Bool) {
        self.table = table
        for (position, name) in table.header.enumerated() {
            if let earlier = index[name] {
                problems.append(InputProblem(file: table.file, line: table.headerLine, column: position + 1,
                                             message: "duplicate column \(name): it is also column \(earlier + 1)"))
            } else {
                index[name] = position
            }
        }
        for name in required where index[name] == nil {
            problems.append(InputProblem(file: table.file, line: table.headerLine, column: table.header.count + 1,
                                         message: "missing column \(name): expected columns \(required.joined(separator: ", "))"))
        }
        if !allowExtra {
            for (position, name) in table.header.enumerated() where !required.contains(name) {
                problems.append(InputProblem(file: table.file, line: table.headerLine, column: position + 1,
                                             message: "unknown column \(name): expected columns \(required.joined(separator: ", "))"))
            }
        }
    }

    var headerIsUsable: Bool { problems.isEmpty }

    func column(_ name: String) -> Int { index[name]! + 1 }

    /// The rows that have as many fields as the header; the ragged ones are reported.
    mutating func wellFormedRows() -> [Row] {
        var result: [Row] = []
        for (fields, line) in zip(table.rows, table.lines) {
            guard fields.count == table.header.count else {
                problems.append(EESReader.raggedRow(file: table.file, line: line, found: fields.count, expected: table.header.count))
                continue
            }
            result.append(Row(fields: fields, line: line, index: index))
        }
        return result
    }

    mutating func fail(_ row: Row, _ column: String, _ message: String, severity: InputProblem.Severity = .error) {
        problems.append(InputProblem(file: table.file, line: row.line, column: self.column(column), message: message, severity: severity))
    }

    struct Row {
        let fields: [String]
        let line: Int
        let index: [String: Int]

        subscript(_ name: String) -> String { fields[index[name]!] }
    }
}

/// Parsing of the values in study tables, each returning nil after reporting a problem.
extension TableRows {
    mutating func choice<T: RawRepresentable & CaseIterable>(_ row: Row, _ column: String, _ what: String, as: T.Type) -> T? where T.RawValue == String {
        let text = row[column]
        if let value = T(rawValue: text) { return value }
        fail(row, column, "unknown \(what) '\(text)': expected \(Self.list(T.allCases.map(\.rawValue)))")
        return nil
    }

    static func list(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }

    mutating func date(_ row: Row, _ column: String, period: StudyPeriod?) -> CalendarDate? {
        let text = row[column]
        guard let date = CalendarDate(iso: text) else {
            fail(row, column, "\(column) '\(text)' is not a date: expected YYYY-MM-DD")
            return nil
        }
        if let period, !period.contains(date) {
            fail(row, column, "\(column) \(date) is outside the study period \(period.firstDay) to \(period.lastDay)")
        }
        return date
    }

    mutating func number(_ row: Row, _ column: String) -> Double? {
        let text = row[column]
        if let value = NumberText.parseDouble(text) { return value }
        fail(row, column, "'\(text)' in \(column) is not a number")
        return nil
    }

    mutating func wholeNumber(_ row: Row, _ column: String, digits: Int, example: String) -> Int? {
        let text = row[column]
        if text.utf8.count == digits, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int(text) { return value }
        fail(row, column, "\(column) '\(text)' is not valid: expected \(digits) digits such as \(example)")
        return nil
    }
}
