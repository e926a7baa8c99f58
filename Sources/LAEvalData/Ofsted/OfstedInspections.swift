import LAEvalCore

/// An LA's latest Ofsted judgement as a "latest judgements" sheet lists it.
public struct LatestJudgement: Sendable, Hashable {
    /// The LA's ONS area code.
    public var laCode: String
    /// The inspection date; nil when the LA is "Not yet inspected".
    public var date: CalendarDate?
    /// Overall effectiveness; nil when the LA is "Not yet inspected".
    public var overall: Grade?

    public init(laCode: String, date: CalendarDate?, overall: Grade?) {
        self.laCode = laCode
        self.date = date
        self.overall = overall
    }

    /// True for an LA the sheet lists as "Not yet inspected" (for example a new LA).
    public var isNotYetInspected: Bool { date == nil }
}

/// The records read from one of Ofsted's sheets and the problems with the rows that could not
/// be read. Every non-blank data row either becomes a record or has at least one problem.
public struct OfstedSheetResult<Record: Sendable & Hashable>: Sendable, Hashable {
    /// One record per readable row, in sheet order.
    public var records: [Record]
    /// The header's problems, then each unreadable row's, by row and column.
    public var problems: [SheetProblem]
    /// The non-blank rows below the header.
    public var dataRowCount: Int
}

/// Reads Ofsted's "LA inspection outcomes" OpenDocument spreadsheets. LAs are identified by the
/// "Local authority area code" column (ONS code, DfE's `new_la_code`) only, never by name, and
/// each code is checked against DfE's dated LA lookup: it must exist and be live on the
/// inspection date. Ofsted lists inspections before a code change without boundary change under
/// the LA's current code; such codes are accepted and kept as written.
public enum OfstedInspections {
    /// The sheet with every ILACS standard and short inspection since 2018 (2025 file onwards).
    public static let historySheet = "ILACS_inspection_history"
    /// The sheet with each LA's latest judgement at 31 March (2025 file onwards).
    public static let latestSheet = "Inspections_as_at_31_March"
    /// Ofsted's tables start in A3 with their header row.
    public static let headerRow = 3

    /// The ILACS inspections of the history sheet: framework `.ilacs`, kind from the inspection
    /// type, the overall grade and the sub-judgements given (care leavers is blank before 2023).
    /// Throws `ODSError` when the sheet is missing.
    public static func history(in workbook: ODSWorkbook, sheet: String = historySheet,
                               lookup: LALookup = .dfe) throws -> OfstedSheetResult<Inspection> {
        let required: [OfstedColumn] = [.code, .date, .type, .overall, .leadership, .helpAndProtection,
                                        .childrenInCare, .careLeavers]
        let table = try OfstedTable(workbook: workbook, sheet: sheet, headerRow: headerRow, required: required)
        return read(table) { row in row.inspection(lookup: lookup) }
    }

    /// Each LA's latest judgement from the latest-judgements sheet; "Not yet inspected" gives a
    /// judgement with no date and no grade. Throws `ODSError` when the sheet is missing.
    public static func latest(in workbook: ODSWorkbook, sheet: String = latestSheet,
                              lookup: LALookup = .dfe) throws -> OfstedSheetResult<LatestJudgement> {
        let table = try OfstedTable(workbook: workbook, sheet: sheet, headerRow: headerRow,
                                    required: [.code, .date, .overall])
        var firstRow: [String: Int] = [:]
        return read(table) { row in
            guard let judgement = row.latestJudgement(lookup: lookup) else { return nil }
            if let first = firstRow[judgement.laCode] {
                row.problem(.code, "LA code \(judgement.laCode) is listed again (first in row \(first)): the sheet has one row per LA")
                return nil
            }
            firstRow[judgement.laCode] = row.number
            return judgement
        }
    }

    private static func read<Record>(_ table: OfstedTable, _ record: (inout OfstedRow) -> Record?)
        -> OfstedSheetResult<Record> {
        var result = OfstedSheetResult<Record>(records: [], problems: table.headerProblems,
                                               dataRowCount: table.dataRows.count)
        guard table.headerProblems.isEmpty else { return result }
        for (number, cells) in table.dataRows {
            var row = OfstedRow(table: table, number: number, cells: cells)
            let value = record(&row)
            if let value, row.problems.isEmpty { result.records.append(value) }
            result.problems += row.problems
        }
        return result
    }
}

extension OfstedRow {
    mutating func inspection(lookup: LALookup) -> Inspection? {
        let date = requiredDate()
        let code = laCode(lookup: lookup, on: date)
        let kind = inspectionKind()
        let overall = grade(.overall, required: kind?.isGraded ?? true)
        var subJudgements: [SubJudgement: Grade] = [:]
        for column in OfstedColumn.allCases {
            if let key = column.subJudgement, let value = grade(column, required: false) { subJudgements[key] = value }
        }
        guard let date, let code, let kind, problems.isEmpty else { return nil }
        return Inspection(laCode: code, date: date, framework: .ilacs, kind: kind, overall: overall,
                          subJudgements: subJudgements)
    }

    mutating func latestJudgement(lookup: LALookup) -> LatestJudgement? {
        let notInspected = [text(.date), text(.overall)].contains { OfstedText.normalised($0) == OfstedText.notYetInspected }
        guard !notInspected else {
            return laCode(lookup: lookup, on: nil).map { LatestJudgement(laCode: $0, date: nil, overall: nil) }
        }
        let date = requiredDate()
        let code = laCode(lookup: lookup, on: date)
        let overall = grade(.overall, required: true)
        guard let code, let date, let overall else { return nil }
        return LatestJudgement(laCode: code, date: date, overall: overall)
    }

    /// The row's LA code if DfE's lookup has it and, when `date` is given, it or a code with the
    /// same DfE code (a code change without boundary change) was live on that day.
    mutating func laCode(lookup: LALookup, on date: CalendarDate?) -> String? {
        let code = text(.code)
        guard !code.isEmpty else { return reject(.code, "missing LA area code") }
        guard LACodeFormat.isValidONSCode(code) else { return reject(.code, LACodeChecker.malformedONS(code)) }
        let entries = lookup.entries(newCode: code)
        guard !entries.isEmpty else { return reject(.code, "unknown LA code \(code): not in DfE's LA lookup") }
        guard let date, !entries.contains(where: { $0.isLive(on: date) }) else { return code }
        // A code change without boundary change keeps the DfE code (North Yorkshire E10000023 →
        // E06000065 in April 2023): Ofsted lists earlier inspections under the current code.
        let sameDfECode = entries.flatMap { lookup.entries(oldCode: $0.oldCode) }
        guard !sameDfECode.contains(where: { $0.isLive(on: date) }) else { return code }
        let spans = entries.map { "\($0.validFrom) to \($0.validTo.map(\.description) ?? "now")" }.joined(separator: ", ")
        return reject(.code, "LA code \(code) (\(entries[0].name)) was not live on \(date): DfE's lookup has it from \(spans)")
    }

    mutating func requiredDate() -> CalendarDate? {
        let value = text(.date)
        guard !value.isEmpty else { return reject(.date, "missing inspection date") }
        guard let date = OfstedText.date(value) else { return reject(.date, "unparseable date '\(value)': expected dd/mm/yyyy") }
        return date
    }

    mutating func inspectionKind() -> InspectionKind? {
        let value = text(.type)
        guard !value.isEmpty else { return reject(.type, "missing inspection type") }
        guard let kind = OfstedText.kind(value) else {
            return reject(.type, "unknown inspection type '\(value)': \(OfstedText.kindExpectation)")
        }
        return kind
    }

    /// The grade in a column; a blank cell is a problem only when `required`.
    mutating func grade(_ column: OfstedColumn, required: Bool) -> Grade? {
        let value = text(column)
        guard !value.isEmpty else { return required ? reject(column, "missing \(column.headings[0].lowercased())") : nil }
        guard let grade = OfstedText.grade(value) else {
            return reject(column, "unknown grade '\(value)': \(OfstedText.gradeExpectation)")
        }
        return grade
    }

    private mutating func reject<Value>(_ column: OfstedColumn, _ message: String) -> Value? {
        problem(column, message)
        return nil
    }
}
