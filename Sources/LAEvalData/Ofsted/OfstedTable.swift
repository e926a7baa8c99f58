import Foundation
import LAEvalCore

/// A problem with a cell, or with a whole row, of a spreadsheet.
public struct SheetProblem: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var sheet: String
    /// The row as a spreadsheet user sees it (1-based).
    public var row: Int
    /// The column's letters, such as "B"; nil when the problem concerns the whole row.
    public var column: String?
    public var message: String

    public init(file: String, sheet: String, row: Int, column: String?, message: String) {
        self.file = file
        self.sheet = sheet
        self.row = row
        self.column = column
        self.message = message
    }

    public var description: String {
        "\(file), sheet \(sheet), \(column.map { "cell \($0)\(row)" } ?? "row \(row)"): \(message)"
    }
}

/// The columns of Ofsted's inspection tables that laeval reads, with the headings Ofsted has
/// used for them (2025 spelling first, then the 2024 one).
enum OfstedColumn: CaseIterable {
    case code, date, type, overall, leadership, helpAndProtection, childrenInCare, careLeavers

    var headings: [String] {
        switch self {
        case .code: ["Local authority area code"]
        case .date: ["Inspection date"]
        case .type: ["Inspection type"]
        case .overall: ["Overall effectiveness"]
        case .leadership: ["The impact of leaders on social work practice with children and families", "Impact of leaders"]
        case .helpAndProtection: ["The experiences and progress of children who need help and protection",
                                  "Experiences and progress of children who need help and protection"]
        case .childrenInCare: ["The experiences and progress of children in care", "Experiences and progress of children in care"]
        case .careLeavers: ["The experiences and progress of care leavers", "Experiences and progress of care leavers"]
        }
    }

    /// The sub-judgement a column holds, if any.
    var subJudgement: SubJudgement? {
        switch self {
        case .leadership: .leadership
        case .helpAndProtection: .helpAndProtection
        case .childrenInCare: .childrenInCare
        case .careLeavers: .careLeavers
        default: nil
        }
    }
}

/// One of Ofsted's tables: a header row, then one record per non-blank row.
struct OfstedTable {
    let file: String
    let sheet: String
    let headerRow: Int
    private(set) var columns: [OfstedColumn: Int] = [:]
    /// The non-blank rows below the header, with their 1-based numbers.
    let dataRows: [(number: Int, cells: [String])]
    private(set) var headerProblems: [SheetProblem] = []

    init(workbook: ODSWorkbook, sheet: String, headerRow: Int, required: [OfstedColumn]) throws {
        let rows = try workbook.sheet(named: sheet)
        file = workbook.name
        self.sheet = sheet
        self.headerRow = headerRow
        dataRows = rows.enumerated().dropFirst(headerRow)
            .filter { !$0.element.allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty } }
            .map { (number: $0.offset + 1, cells: $0.element) }
        let header = rows.count >= headerRow ? rows[headerRow - 1] : []
        findColumns(header, required: required)
    }

    private mutating func findColumns(_ header: [String], required: [OfstedColumn]) {
        let normalisedHeader = header.map(OfstedText.normalised)
        for column in OfstedColumn.allCases {
            let names = Set(column.headings.map(OfstedText.normalised))
            if let index = normalisedHeader.firstIndex(where: names.contains) {
                columns[column] = index
            } else if required.contains(column) {
                headerProblems.append(missingColumn(column))
            }
        }
    }

    private func missingColumn(_ column: OfstedColumn) -> SheetProblem {
        let rows = dataRows.count == 1 ? "so its one data row cannot be read"
            : "so none of its \(dataRows.count) data rows can be read"
        let why = column == .code ? ": LAs are identified by their ONS area code only, never by name, " : ", "
        return SheetProblem(file: file, sheet: sheet, row: headerRow, column: nil,
                            message: "no column headed '\(column.headings[0])' in the header row\(why)\(rows)")
    }
}

/// Reads the cells of one data row of an `OfstedTable`, collecting problems.
struct OfstedRow {
    let table: OfstedTable
    let number: Int
    let cells: [String]
    /// The row's problems in column order.
    private(set) var problems: [SheetProblem] = []
    private var problemColumns: [Int] = []

    init(table: OfstedTable, number: Int, cells: [String]) {
        self.table = table
        self.number = number
        self.cells = cells
    }

    /// The trimmed text of a column's cell ("" when the row is shorter or the column absent).
    func text(_ column: OfstedColumn) -> String {
        guard let index = table.columns[column], index < cells.count else { return "" }
        return cells[index].trimmingCharacters(in: .whitespacesAndNewlines)
    }

    mutating func problem(_ column: OfstedColumn, _ message: String) {
        let index = table.columns[column]
        let problem = SheetProblem(file: table.file, sheet: table.sheet, row: number,
                                   column: index.map(ODSWorkbook.columnLetters), message: message)
        let position = problemColumns.firstIndex { $0 > index ?? Int.max } ?? problems.count
        problems.insert(problem, at: position)
        problemColumns.insert(index ?? Int.max, at: position)
    }
}
