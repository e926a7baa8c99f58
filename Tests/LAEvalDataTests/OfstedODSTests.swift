import Foundation
import LAEvalCore
import Testing
import ZIPFoundation
@testable import LAEvalData

/// Builds small .ods files in memory: a zip holding a `content.xml` with the given sheets.
private enum TinyODS {
    static func contentXML(_ tables: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" \
        xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
        xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"><office:body><office:spreadsheet>\
        \(tables)</office:spreadsheet></office:body></office:document-content>
        """
    }

    /// A zip with one entry per (path, text).
    static func zip(_ entries: [(String, String)]) throws -> Data {
        let archive = try Archive(data: Data(), accessMode: .create)
        for (path, text) in entries {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count),
                                 compressionMethod: .deflate) { position, size in
                bytes.subdata(in: Int(position)..<Int(position) + size)
            }
        }
        return try #require(archive.data)
    }

    static func workbook(_ tables: String, name: String = "tiny.ods") throws -> ODSWorkbook {
        try ODSWorkbook(data: zip([("mimetype", "application/vnd.oasis.opendocument.spreadsheet"),
                                   ("content.xml", contentXML(tables))]), name: name)
    }

    static func cell(_ text: String) -> String {
        text.isEmpty ? "<table:table-cell/>"
            : "<table:table-cell office:value-type=\"string\"><text:p>\(text)</text:p></table:table-cell>"
    }

    /// A sheet in Ofsted's layout: a title, a note, the header in row 3, then the rows; the
    /// trailing empty rows and columns are repeated as in Ofsted's files.
    static func ofstedSheet(_ name: String, header: [String], rows: [[String]]) -> String {
        let all = [["Title"], ["Note"], header] + rows
        let xmlRows = all.map { row in
            "<table:table-row>" + row.map(cell).joined()
                + "<table:table-cell table:number-columns-repeated=\"16370\"/></table:table-row>"
        }
        return "<table:table table:name=\"\(name)\">" + xmlRows.joined()
            + "<table:table-row table:number-rows-repeated=\"1048500\"><table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row></table:table>"
    }

    static let historyHeader = ["Web link", "Local authority area code", "Local authority name", "Local authority status",
                                "Ofsted region", "Inspection date", "Publication date", "Inspection type",
                                "Overall effectiveness",
                                "The impact of leaders on social work practice with children and families",
                                "The experiences and progress of children who need help and protection",
                                "The experiences and progress of children in care",
                                "The experiences and progress of care leavers"]

    static let latestHeader = ["Web link", "Local authority area code", "Local authority name", "Ofsted region",
                               "Inspection date", "Publication date", "Overall effectiveness"]

    /// A history row: code, date, type, overall, then the four sub-judgements.
    static func historyRow(_ code: String, _ date: String, _ type: String, _ overall: String,
                           _ subs: [String] = ["Good", "Good", "Good", ""]) -> [String] {
        ["Link", code, "Some name", "Current", "London", date, "01/01/2025", type, overall] + subs
    }

    static func history(_ rows: [[String]], header: [String] = historyHeader) throws -> OfstedSheetResult<Inspection> {
        let book = try workbook(ofstedSheet(OfstedInspections.historySheet, header: header, rows: rows))
        return try OfstedInspections.history(in: book)
    }

    static func latest(_ rows: [[String]]) throws -> OfstedSheetResult<LatestJudgement> {
        let book = try workbook(ofstedSheet(OfstedInspections.latestSheet, header: latestHeader, rows: rows))
        return try OfstedInspections.latest(in: book)
    }
}

@Suite("ODSWorkbook reads cell texts from content.xml")
struct ODSWorkbookTests {
    @Test("repeated rows and columns are expanded; trailing empty ones are not materialised")
    func repeats() throws {
        let sheet = """
            <table:table table:name="S"><table:table-column table:number-columns-repeated="16384"/>\
            <table:table-row><table:table-cell office:value-type="string"><text:p>a</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="2"><text:p>x</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="2"/>\
            <table:covered-table-cell/>\
            <table:table-cell><text:p>b</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="16377"/></table:table-row>\
            <table:table-row table:number-rows-repeated="2"><table:table-cell><text:p>r</text:p></table:table-cell>\
            <table:table-cell table:number-columns-repeated="16383"/></table:table-row>\
            <table:table-row table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>\
            <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell><text:p>c</text:p></table:table-cell></table:table-row>\
            <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>\
            </table:table>
            """
        let book = try TinyODS.workbook(sheet)
        #expect(book.sheetNames == ["S"])
        #expect(try book.sheet(named: "S") == [
            ["a", "x", "x", "", "", "", "b"],
            ["r"], ["r"],
            [], [], [],
            ["", "", "c"],
        ])
    }

    @Test("paragraphs, spans, spaces, tabs, line breaks and hyperlinks; comments and drawings are not text")
    func cellTexts() throws {
        let sheet = """
            <table:table table:name="T"><table:table-row>\
            <table:table-cell><text:p>Line one</text:p><text:p>Line <text:span>two</text:span><text:s text:c="3"/>end</text:p></table:table-cell>\
            <table:table-cell><text:p>a<text:s/>b<text:tab/>c<text:line-break/>d</text:p></table:table-cell>\
            <table:table-cell office:value-type="string" office:string-value="Web page"><text:p><text:a xlink:href="https://example.org">Web page</text:a></text:p></table:table-cell>\
            <table:table-cell><office:annotation><text:p>a comment</text:p></office:annotation><text:p>Good</text:p></table:table-cell>\
            <table:table-cell><draw:frame><draw:text-box><text:p>in a drawing</text:p></draw:text-box></draw:frame></table:table-cell>\
            <table:table-cell office:value-type="float" office:value="42"/>\
            <table:table-cell><text:h>Heading</text:h></table:table-cell>\
            <table:table-cell><text:p>&lt;5 &amp; &#8805;2</text:p></table:table-cell>\
            </table:table-row></table:table>\
            <table:table table:name="Empty"><table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>
            """
        let book = try TinyODS.workbook(sheet)
        #expect(book.sheetNames == ["T", "Empty"])
        #expect(try book.sheet(named: "T") == [
            ["Line one\nLine two   end", "a b\tc\nd", "Web page", "Good", "", "42", "Heading", "<5 & ≥2"],
        ])
        #expect(try book.sheet(named: "Empty") == [])
    }

    @Test("column letters as a spreadsheet shows them")
    func columnLetters() {
        #expect([0, 1, 25, 26, 27, 51, 52, 701, 702, 16383].map(ODSWorkbook.columnLetters)
            == ["A", "B", "Z", "AA", "AB", "AZ", "BA", "ZZ", "AAA", "XFD"])
    }

    @Test("errors name the file and what is wrong")
    func errors() throws {
        #expect(throws: ODSError(file: "notes.ods", reason: .notAZip)) {
            try ODSWorkbook(data: Data("hello".utf8), name: "notes.ods")
        }
        #expect(throws: ODSError(file: "empty.ods", reason: .noContentXML)) {
            try ODSWorkbook(data: TinyODS.zip([("mimetype", "x")]), name: "empty.ods")
        }
        let book = try TinyODS.workbook("<table:table table:name=\"A\"/><table:table table:name=\"B\"/>")
        #expect(throws: ODSError(file: "tiny.ods", reason: .sheetMissing("C", available: ["A", "B"]))) {
            try book.sheet(named: "C")
        }
        #expect(ODSError(file: "tiny.ods", reason: .sheetMissing("C", available: ["A", "B"])).description
            == "tiny.ods: no sheet named 'C'; its sheets are 'A', 'B'")
        #expect(ODSError(file: "notes.ods", reason: .notAZip).description
            == "notes.ods: not an OpenDocument spreadsheet: it is not a zip archive")
        #expect(ODSError(file: "empty.ods", reason: .noContentXML).description
            == "empty.ods: not an OpenDocument spreadsheet: the zip has no content.xml")
    }

    @Test("malformed XML and a missing file are errors naming the file")
    func unreadable() throws {
        let broken = try TinyODS.zip([("content.xml", "<office:document-content><table:table></office:document-content>")])
        do {
            _ = try ODSWorkbook(data: broken, name: "broken.ods")
            Issue.record("no error")
        } catch let error as ODSError {
            guard case .malformedXML = error.reason else { Issue.record("\(error)"); return }
            #expect(error.description.hasPrefix("broken.ods: content.xml is not well-formed XML at line 1: "))
        }
        do {
            _ = try ODSWorkbook(path: "/nonexistent/folder/missing.ods")
            Issue.record("no error")
        } catch let error as ODSError {
            guard case .unreadable = error.reason else { Issue.record("\(error)"); return }
            #expect(error.description.hasPrefix("missing.ods: cannot read the file: /nonexistent/folder/missing.ods: "))
        }
    }
}

@Suite("Ofsted's ILACS history and latest-judgement sheets")
struct OfstedSheetTests {
    @Test("standard and short inspections become ILACS inspections; a blank care-leavers cell stays absent")
    func inspections() throws {
        let result = try TinyODS.history([
            TinyODS.historyRow("E09000002", "18/02/2019", "ILACS Standard Inspection", "Requires improvement to be good",
                               ["Inadequate", "Requires improvement to be good", "Good", ""]),
            [],
            TinyODS.historyRow("E09000003", "10/06/2024", "ILACS Short Inspection", "Good",
                               ["Good", "Good", "Outstanding", "Good"]),
            // North Yorkshire's code since April 2023 (E10000023 before, same DfE code 815).
            TinyODS.historyRow("E06000065", "02/07/2018", "ILACS Standard Inspection", "Outstanding",
                               ["Outstanding", "Outstanding", "Outstanding", ""]),
        ])
        #expect(result.problems == [])
        #expect(result.dataRowCount == 3)
        #expect(result.records == [
            Inspection(laCode: "E09000002", date: CalendarDate(year: 2019, month: 2, day: 18)!, framework: .ilacs,
                       kind: .full, overall: .requiresImprovement,
                       subJudgements: [.leadership: .inadequate, .helpAndProtection: .requiresImprovement, .childrenInCare: .good]),
            Inspection(laCode: "E09000003", date: CalendarDate(year: 2024, month: 6, day: 10)!, framework: .ilacs,
                       kind: .short, overall: .good,
                       subJudgements: [.leadership: .good, .helpAndProtection: .good, .childrenInCare: .outstanding, .careLeavers: .good]),
            Inspection(laCode: "E06000065", date: CalendarDate(year: 2018, month: 7, day: 2)!, framework: .ilacs,
                       kind: .full, overall: .outstanding,
                       subJudgements: [.leadership: .outstanding, .helpAndProtection: .outstanding, .childrenInCare: .outstanding]),
        ])
    }

    @Test("each row that cannot be placed is a problem naming sheet, row, column and reason")
    func historyProblems() throws {
        let result = try TinyODS.history([
            TinyODS.historyRow("E09000099", "18/02/2019", "ILACS Standard Inspection", "Good"),
            TinyODS.historyRow("Barnet", "18/02/2019", "ILACS Standard Inspection", "Good"),
            TinyODS.historyRow("", "18/02/2019", "ILACS Standard Inspection", "Good"),
            TinyODS.historyRow("E09000003", "2019-02-18", "ILACS Standard Inspection", "Good"),
            TinyODS.historyRow("E09000003", "", "ILACS Standard Inspection", "Good"),
            TinyODS.historyRow("E09000003", "18/02/2019", "ILACS Standard Inspection", "Very good"),
            TinyODS.historyRow("E09000003", "18/02/2019", "ILACS Standard Inspection", ""),
            TinyODS.historyRow("E09000003", "18/02/2019", "Joint targeted area inspection", "Good"),
            TinyODS.historyRow("E09000003", "18/02/2019", "ILACS Short Inspection", "Good", ["Good", "Fine", "Good", ""]),
            TinyODS.historyRow("E06000028", "01/06/2019", "ILACS Standard Inspection", "Good"),
            TinyODS.historyRow("E09000003", "31/02/2019", "", "Good"),
        ])
        let sheet = "ILACS_inspection_history"
        #expect(result.records == [])
        #expect(result.dataRowCount == 11)
        #expect(result.problems.map(\.description) == [
            "tiny.ods, sheet \(sheet), cell B4: unknown LA code E09000099: not in DfE's LA lookup",
            "tiny.ods, sheet \(sheet), cell B5: malformed LA code 'Barnet': expected a 9-character ONS code such as E08000017",
            "tiny.ods, sheet \(sheet), cell B6: missing LA area code",
            "tiny.ods, sheet \(sheet), cell F7: unparseable date '2019-02-18': expected dd/mm/yyyy",
            "tiny.ods, sheet \(sheet), cell F8: missing inspection date",
            "tiny.ods, sheet \(sheet), cell I9: unknown grade 'Very good': expected Outstanding, Good, Requires improvement to be good or Inadequate",
            "tiny.ods, sheet \(sheet), cell I10: missing overall effectiveness",
            "tiny.ods, sheet \(sheet), cell H11: unknown inspection type 'Joint targeted area inspection': expected ILACS Standard Inspection, ILACS Short Inspection, ILACS Focused Visit or LA Monitoring visit",
            "tiny.ods, sheet \(sheet), cell K12: unknown grade 'Fine': expected Outstanding, Good, Requires improvement to be good or Inadequate",
            "tiny.ods, sheet \(sheet), cell B13: LA code E06000028 (Bournemouth) was not live on 2019-06-01: DfE's lookup has it from 2009-01-01 to 2019-03-31",
            "tiny.ods, sheet \(sheet), cell F14: unparseable date '31/02/2019': expected dd/mm/yyyy",
            "tiny.ods, sheet \(sheet), cell H14: missing inspection type",
        ])
        let first = try #require(result.problems.first)
        #expect((first.file, first.sheet, first.row, first.column) == ("tiny.ods", sheet, 4, "B"))
    }

    @Test("a sheet without the area-code column is one problem that counts the rows it cannot read")
    func missingCodeColumn() throws {
        var header = TinyODS.historyHeader
        header.remove(at: 1)
        let rows = [TinyODS.historyRow("E09000003", "18/02/2019", "ILACS Standard Inspection", "Good")]
        let result = try TinyODS.history(rows.map { row in var row = row; row.remove(at: 1); return row }, header: header)
        #expect(result.records == [])
        #expect(result.problems.map(\.description) == [
            "tiny.ods, sheet ILACS_inspection_history, row 3: no column headed 'Local authority area code' in the header row: LAs are identified by their ONS area code only, never by name, so its one data row cannot be read",
        ])
    }

    @Test("the latest-judgement sheet: dates, grades, Not yet inspected and repeated LAs")
    func latest() throws {
        let result = try TinyODS.latest([
            ["Link", "E09000002", "Barking and Dagenham", "London", "10/07/2023", "04/09/2023", "Requires improvement to be good"],
            ["Link", "E06000063", "Cumberland", "North West", "Not yet inspected"],
            ["Link", "E09000002", "Barking and Dagenham", "London", "10/07/2023", "04/09/2023", "Good"],
            ["Link", "E09000003", "Barnet", "London", "10/06/2024", "23/07/2024", "Excellent"],
        ])
        #expect(result.records == [
            LatestJudgement(laCode: "E09000002", date: CalendarDate(year: 2023, month: 7, day: 10), overall: .requiresImprovement),
            LatestJudgement(laCode: "E06000063", date: nil, overall: nil),
        ])
        #expect(result.records.map(\.isNotYetInspected) == [false, true])
        #expect(result.problems.map(\.description) == [
            "tiny.ods, sheet Inspections_as_at_31_March, cell B6: LA code E09000002 is listed again (first in row 4): the sheet has one row per LA",
            "tiny.ods, sheet Inspections_as_at_31_March, cell G7: unknown grade 'Excellent': expected Outstanding, Good, Requires improvement to be good or Inadequate",
        ])
    }

    @Test("a missing sheet is an error listing the sheets there are")
    func missingSheet() throws {
        let book = try TinyODS.workbook(TinyODS.ofstedSheet("Other", header: ["x"], rows: []))
        #expect(throws: ODSError(file: "tiny.ods", reason: .sheetMissing("ILACS_inspection_history", available: ["Other"]))) {
            try OfstedInspections.history(in: book)
        }
    }

    @Test("Ofsted's texts: grades, inspection types and dd/mm/yyyy dates")
    func texts() {
        #expect(OfstedText.grade("Requires improvement to be good") == .requiresImprovement)
        #expect(OfstedText.grade("  requires  improvement ") == .requiresImprovement)
        #expect(OfstedText.grade("Outstanding") == .outstanding)
        #expect(OfstedText.grade("RI") == nil)
        #expect(OfstedText.kind("ILACS Standard Inspection") == .full)
        #expect(OfstedText.kind("ILACS Short Inspection") == .short)
        #expect(OfstedText.kind("ILACS Focused Visit") == .focusedVisit)
        #expect(OfstedText.kind("LA Monitoring visit") == .monitoringVisit)
        #expect(OfstedText.date("29/01/2018") == CalendarDate(year: 2018, month: 1, day: 29))
        #expect(OfstedText.date("1/2/2018") == CalendarDate(year: 2018, month: 2, day: 1))
        for bad in ["2018-01-29", "29/01/18", "29/13/2018", "29/01/2018x", "", "٢٩/٠١/٢٠١٨"] {
            #expect(OfstedText.date(bad) == nil, "\(bad)")
        }
    }
}

/// Ofsted's real files in `../shared/data/ees/` next to the repository (see RealEESFilesTests).
private enum RealOfstedFiles {
    static let folder = RealFiles.folder

    static var available: Bool { RealFiles.available }

    static let file2025 = "LA_Inspection_Outcomes_as_at_31_March_2025.ods"
    static let file2024 = "LA_Inspection_Outcomes_as_at_March_2024.ods"

    static func workbook(_ name: String) throws -> ODSWorkbook { try ODSWorkbook(path: folder + "/" + name) }

    /// How many cells of a column, below the header in row 3, hold each text.
    static func counts(_ rows: [[String]], column: Int) -> [String: Int] {
        var counts: [String: Int] = [:]
        for row in rows.dropFirst(3) where column < row.count && !row[column].isEmpty { counts[row[column], default: 0] += 1 }
        return counts
    }
}

// The expected numbers below were produced independently with pandas + odfpy by
// Validation/ofsted/count_ilacs.py (pandas 3.1.1, odfpy 1.4.1); see Validation/ofsted/README.md.
@Suite("Ofsted's real inspection outcome files in ../shared/data/ees (skipped when the folder is absent)",
       .enabled(if: RealOfstedFiles.available, "../shared/data/ees is absent"))
struct RealOfstedFilesTests {
    @Test("2025: the ILACS history sheet gives 271 inspections of 156 LAs with no problems")
    func history2025() throws {
        let book = try RealOfstedFiles.workbook(RealOfstedFiles.file2025)
        #expect(book.sheetNames == ["Cover", "Contents", "Notes", "Inspections_as_at_31_March", "In-year_inspections",
                                    "ILACS_inspection_history"])
        #expect(try book.sheet(named: OfstedInspections.historySheet).count == 3 + 271)
        let result = try OfstedInspections.history(in: book)
        #expect(result.problems.isEmpty, "\(result.problems.prefix(5).map(\.description))")
        #expect(result.dataRowCount == 271)
        let inspections = result.records
        #expect(inspections.count == 271)
        #expect(Set(inspections.map(\.laCode)).count == 156)
        #expect(inspections.allSatisfy { $0.framework == .ilacs })
        #expect(Dictionary(grouping: inspections, by: { $0.overall }).mapValues(\.count)
            == [.good: 107, .inadequate: 35, .outstanding: 55, .requiresImprovement: 74])
        #expect(Dictionary(grouping: inspections, by: \.kind).mapValues(\.count) == [.full: 171, .short: 100])
        #expect(inspections.filter { $0.subJudgements[.careLeavers] != nil }.count == 103)
        #expect(inspections.allSatisfy { Set($0.subJudgements.keys).isSuperset(of: [.leadership, .helpAndProtection, .childrenInCare]) })
        #expect(inspections.map(\.date).min() == CalendarDate(year: 2018, month: 1, day: 29))
        #expect(inspections.map(\.date).max() == CalendarDate(year: 2025, month: 3, day: 24))
    }

    @Test("2025: the latest-judgement sheet gives 153 LAs, none Not yet inspected")
    func latest2025() throws {
        let result = try OfstedInspections.latest(in: RealOfstedFiles.workbook(RealOfstedFiles.file2025))
        #expect(result.problems.isEmpty, "\(result.problems.prefix(5).map(\.description))")
        #expect(result.records.count == 153)
        #expect(Set(result.records.map(\.laCode)).count == 153)
        #expect(Dictionary(grouping: result.records, by: { $0.overall }).mapValues(\.count)
            == [.good: 67, .inadequate: 19, .outstanding: 36, .requiresImprovement: 31])
        #expect(result.records.filter(\.isNotYetInspected).count == 0)
    }

    @Test("2024: no area-code column, so the latest sheet's 153 rows are one problem, not LAs matched by name")
    func latest2024() throws {
        let book = try RealOfstedFiles.workbook(RealOfstedFiles.file2024)
        let sheet = "Inspections_31_March_2024"
        let result = try OfstedInspections.latest(in: book, sheet: sheet)
        #expect(result.records == [])
        #expect(result.dataRowCount == 153)
        #expect(result.problems.map(\.description) == [
            "\(RealOfstedFiles.file2024), sheet \(sheet), row 3: no column headed 'Local authority area code' in the header row: LAs are identified by their ONS area code only, never by name, so none of its 153 data rows can be read",
        ])
        // The raw cells still read correctly: column E is Overall effectiveness, D the date.
        let rows = try book.sheet(named: sheet)
        #expect(rows[2][4] == "Overall effectiveness")
        #expect(RealOfstedFiles.counts(rows, column: 4)
            == ["Good": 61, "Inadequate": 17, "Outstanding": 30, "Requires improvement to be good": 43])
        #expect(RealOfstedFiles.counts(rows, column: 3)["Not yet inspected"] == 2)
    }

    @Test("2024: the ILACS history is a wide sheet under another name, with 150 standard and 69 short inspections")
    func history2024() throws {
        let book = try RealOfstedFiles.workbook(RealOfstedFiles.file2024)
        #expect(book.sheetNames == ["Cover", "Contents", "Notes", "Inspections_31_March_2024",
                                    "Inspections_in_year_2023-24", "ILACS_inspections_2018-2024"])
        #expect(throws: ODSError(file: RealOfstedFiles.file2024,
                                 reason: .sheetMissing(OfstedInspections.historySheet, available: book.sheetNames))) {
            try OfstedInspections.history(in: book)
        }
        let rows = try book.sheet(named: "ILACS_inspections_2018-2024")
        #expect(rows.count == 162)
        var types: [String: Int] = [:]
        for cell in rows.dropFirst(4).joined() where cell.hasPrefix("ILACS ") && cell.hasSuffix("Inspection") {
            types[cell, default: 0] += 1
        }
        #expect(types == ["ILACS Short Inspection": 69, "ILACS Standard Inspection": 150])
    }
}
