import LAEvalCore
import Testing
@testable import LAEvalData

/// A small EES file in the shape DfE publishes: geography columns, one filter, two indicators.
private enum Sample {
    static let header = "time_period,time_identifier,geographic_level,country_code,country_name,region_code,region_name,old_la_code,new_la_code,la_name,category,referrals,rereferral_percent"
    // columns: 1 time_period, 2 time_identifier, 3 geographic_level, …, 8 old_la_code, 9 new_la_code,
    // 10 la_name, 11 category, 12 referrals, 13 rereferral_percent
    static let rows = [
        "2024,Reporting year,National,E92000001,England,,,,,,All,632830,22.6",
        "2024,Reporting year,Regional,E92000001,England,E12000001,North East,,,,All,40000,c",
        "2024,Reporting year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,All,1200,x",
        "2024,Reporting year,Local authority,E92000001,England,E12000009,South West,801,E06000023,\"Bristol, City of\",All,z,low",
        "2024,Reporting year,Local authority,E92000001,England,E12000009,South West,839,E06000058,\"Bournemouth, Christchurch and Poole\",All,k,u",
        "2023,Reporting year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,All,-1.5e3,0.30000000000000004",
        "2024,Reporting year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,Under 5,000017,0",
    ]
    static var text: String { ([header] + rows).joined(separator: "\n") + "\n" }

    static let metaText = """
        col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column
        category,Filter,Category,,,,Choose a category,
        referrals,Indicator,Number of referrals,,,0,,
        rereferral_percent,Indicator,Re-referral rate,Rates,%,1,,

        """

    static var meta: [EESMetaRow] {
        [
            EESMetaRow(colName: "category", colType: .filter, label: "Category", filterHint: "Choose a category"),
            EESMetaRow(colName: "referrals", colType: .indicator, label: "Number of referrals", indicatorDP: "0"),
            EESMetaRow(colName: "rereferral_percent", colType: .indicator, label: "Re-referral rate",
                       indicatorGrouping: "Rates", indicatorUnit: "%", indicatorDP: "1"),
        ]
    }

    /// The sample with one row replaced (index into `rows`) or fields changed.
    static func with(row index: Int, _ replacement: String) -> String {
        var changed = rows
        changed[index] = replacement
        return ([header] + changed).joined(separator: "\n") + "\n"
    }

    /// The sample with field `column` (1-based) of row `index` set to `value`.
    static func with(row index: Int, column: Int, _ value: String) -> String {
        var fields = rows[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        precondition(!rows[index].contains("\""), "choose a row without quoted fields")
        fields[column - 1] = value
        return with(row: index, fields.joined(separator: ","))
    }
}

private func read(_ text: String, meta: [EESMetaRow]? = Sample.meta, metaFile: String? = "t.meta.csv") throws -> EESReadResult {
    try EESReader.read(bytes: Array(text.utf8), file: "t.csv", meta: meta, metaFile: metaFile)
}

/// A text column's values as plain strings (nil when the column is missing or an indicator).
private func strings(_ table: EESTable, _ name: String) -> [String]? {
    table.text(name).map { Array($0) }
}

private func readMeta(_ text: String) throws -> (rows: [EESMetaRow], problems: [InputProblem]) {
    EESReader.readMeta(try CSVTable(bytes: Array(text.utf8), file: "t.meta.csv"))
}

@Suite("EESReader, EESWriter and EESCodeCheck")
struct EESReaderTests {
    // MARK: reading with metadata

    @Test("columns are typed by the metadata, numbers parsed, symbols kept")
    func readsSample() throws {
        let result = try read(Sample.text)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let table = result.table
        #expect(table.columnNames == Sample.header.split(separator: ",").map(String.init))
        #expect(table.rowCount == 7)
        #expect(table.sourceLines == [2, 3, 4, 5, 6, 7, 8])
        #expect(table.indicatorNames == ["referrals", "rereferral_percent"])
        for name in ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code",
                     "region_name", "old_la_code", "new_la_code", "la_name", "category"] {
            #expect(table.text(name) != nil, "\(name) should be a text column")
            #expect(table.indicator(name) == nil)
        }
        #expect(strings(table, "time_period") == ["2024", "2024", "2024", "2024", "2024", "2023", "2024"])
        #expect(strings(table, "geographic_level") == ["National", "Regional", "Local authority", "Local authority",
                                                   "Local authority", "Local authority", "Local authority"])
        #expect(strings(table, "la_name") == ["", "", "Hartlepool", "Bristol, City of", "Bournemouth, Christchurch and Poole",
                                          "Hartlepool", "Hartlepool"])
        #expect(strings(table, "category") == ["All", "All", "All", "All", "All", "All", "Under 5"])
        #expect(table.indicator("referrals") == [.number(632_830), .number(40000), .number(1200), .missing(.notApplicable),
                                                 .missing(.lowK), .number(-1500), .number(17)])
        #expect(table.indicator("rereferral_percent") == [.number(22.6), .missing(.confidential), .missing(.unavailable),
                                                          .missing(.low), .missing(.lowReliability),
                                                          .number(0.1 + 0.2), .number(0)])
        #expect(table.indicator("referrals")?.first?.number == 632_830)
        #expect(table.indicator("referrals")?[3].number == nil)
        #expect(table.columnIndex("la_name") == 9)
        #expect(table.columnIndex("nope") == nil)
    }

    @Test("CRLF line ends, a BOM and blank lines read the same rows with the right source lines")
    func crlfBomBlank() throws {
        let text = "\u{FEFF}" + ([Sample.header, Sample.rows[0], "", Sample.rows[2]].joined(separator: "\r\n")) + "\r\n\r\n"
        let result = try read(text)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.table.columnNames.first == "time_period")
        #expect(result.table.sourceLines == [2, 4])
        #expect(result.table.indicator("referrals") == [.number(632_830), .number(1200)])
    }

    @Test("a header-only file reads as an empty table")
    func headerOnly() throws {
        let result = try read(Sample.header + "\n")
        #expect(result.problems.isEmpty)
        #expect(result.table.rowCount == 0)
        #expect(result.table.indicator("referrals") == [])
    }

    @Test("an empty file throws")
    func emptyFile() throws {
        let problem = try #require(throws: InputProblem.self) { try read("") }
        #expect(problem.description == "t.csv:1:1: the file is empty: expected a header row starting time_period,time_identifier,geographic_level")
    }

    // MARK: cell problems

    @Test("bad indicator cells are reported with the exact message and position", arguments: [
        ("", "t.csv:2:12: empty value in indicator referrals: expected a number or an EES symbol (c, x, z, low, k, u)"),
        (":", "t.csv:2:12: obsolete symbol ':' in indicator referrals: expected x (unavailable)"),
        ("~", "t.csv:2:12: obsolete symbol '~' in indicator referrals: expected low (rounds to zero)"),
        ("abc", "t.csv:2:12: 'abc' in indicator referrals is not a number or an EES symbol (c, x, z, low, k, u)"),
        ("1,000", "t.csv:2:12: '1,000' in indicator referrals is not a number or an EES symbol (c, x, z, low, k, u)"),
        ("C", "t.csv:2:12: 'C' in indicator referrals is not a number or an EES symbol (c, x, z, low, k, u)"),
        (" 12", "t.csv:2:12: ' 12' in indicator referrals is not a number or an EES symbol (c, x, z, low, k, u)"),
    ])
    func badIndicatorCell(cell: String, expected: String) throws {
        let fieldText = cell.contains(",") ? "\"\(cell)\"" : cell
        let result = try read(Sample.with(row: 0, column: 12, fieldText))
        #expect(result.problems.map(\.description) == [expected])
        let problem = try #require(result.problems.first)
        #expect(problem.line == 2)
        #expect(problem.column == 12)
        #expect(problem.severity == .error)
        // the row is still read, the bad cell as unavailable
        #expect(result.table.rowCount == 7)
        #expect(result.table.indicator("referrals")?.first == .missing(.unavailable))
    }

    @Test("a blank cell in the second indicator of a later row")
    func blankSecondIndicator() throws {
        let result = try read(Sample.with(row: 5, column: 13, ""))
        #expect(result.problems.map(\.description) ==
            ["t.csv:7:13: empty value in indicator rereferral_percent: expected a number or an EES symbol (c, x, z, low, k, u)"])
    }

    @Test("ragged rows", arguments: [
        ("2024,Reporting year,National,E92000001,England,,,,,,All,632830", "t.csv:2:13: row has 12 fields: expected 13 as in the header"),
        ("2024,Reporting year,National,E92000001,England,,,,,,All,632830,22.6,9", "t.csv:2:14: row has 14 fields: expected 13 as in the header"),
        ("2024", "t.csv:2:2: row has 1 fields: expected 13 as in the header"),
    ])
    func raggedRow(row: String, expected: String) throws {
        let result = try read(Sample.with(row: 0, row))
        #expect(result.problems.map(\.description) == [expected])
        #expect(result.table.rowCount == 6)  // the ragged row is left out
        #expect(result.table.sourceLines == [3, 4, 5, 6, 7, 8])
    }

    @Test("a duplicate row names the line of the first")
    func duplicateRow() throws {
        // same time, geography and filter as row 3 (line 4), different numbers
        let duplicate = "2024,Reporting year,Local authority,E92000001,England,E12000001,North East,805,E06000001,Hartlepool,All,9,9"
        let text = Sample.text + duplicate + "\n"
        let result = try read(text)
        #expect(result.problems.map(\.description) == ["t.csv:9:1: duplicate row: same time period, geography and filters as line 4"])
        let problem = try #require(result.problems.first)
        #expect(problem.message == "duplicate row: same time period, geography and filters as line 4")
        #expect(problem.line == 9)
        #expect(problem.column == 1)
    }

    @Test("rows differing only in a filter or year are not duplicates")
    func notDuplicates() throws {
        // Sample rows 2 (line 4), 5 (2023) and 6 (Under 5) share geography already
        #expect(try read(Sample.text).problems.isEmpty)
    }

    @Test("an unknown geographic_level")
    func badLevel() throws {
        let result = try read(Sample.with(row: 0, column: 3, "Nation"))
        #expect(result.problems.map(\.description) ==
            ["t.csv:2:3: geographic_level 'Nation' is not an EES level: expected e.g. National, Regional, Local authority"])
    }

    @Test("time_period must fit time_identifier", arguments: [
        ("24", "Reporting year", "t.csv:2:1: time_period '24' is not valid for Reporting year: expected four digits such as 2024"),
        ("20245", "Calendar year", "t.csv:2:1: time_period '20245' is not valid for Calendar year: expected four digits such as 2024"),
        ("202x", "Reporting year", "t.csv:2:1: time_period '202x' is not valid for Reporting year: expected four digits such as 2024"),
        ("202325", "Financial year", "t.csv:2:1: time_period '202325' is not valid for Financial year: expected consecutive years such as 202324"),
        ("2024", "Financial year", "t.csv:2:1: time_period '2024' is not valid for Financial year: expected six digits such as 202324"),
        ("2023-24", "Academic year", "t.csv:2:1: time_period '2023-24' is not valid for Academic year: expected six digits such as 202324"),
        ("Year", "Year", "t.csv:2:2: time_identifier 'Year' is not an EES time identifier: expected e.g. Reporting year, Financial year, Academic year"),
        ("2024", "reporting year", "t.csv:2:2: time_identifier 'reporting year' is not an EES time identifier: expected e.g. Reporting year, Financial year, Academic year"),
    ])
    func badTime(period: String, identifier: String, expected: String) throws {
        var fields = Sample.rows[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[0] = period
        fields[1] = identifier
        let result = try read(Sample.with(row: 0, fields.joined(separator: ",")))
        #expect(result.problems.map(\.description) == [expected])
    }

    @Test("valid time periods for other identifiers", arguments: [
        ("202324", "Financial year"), ("199900", "Academic year"), ("2024", "March"), ("2024", "Week 52"),
        ("202425", "Tax year"), ("2024", "Calendar year"),
    ])
    func goodTime(period: String, identifier: String) throws {
        var fields = Sample.rows[0].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        fields[0] = period
        fields[1] = identifier
        #expect(try read(Sample.with(row: 0, fields.joined(separator: ","))).problems.isEmpty)
    }

    @Test("a bad time_period is reported on every row that has it")
    func badTimeEveryRow() throws {
        let text = Sample.text.replacingOccurrences(of: "2023,Reporting year", with: "23,Reporting year")
            + "23,Reporting year,National,E92000001,England,,,,,,All,1,1\n"
        let result = try read(text)
        #expect(result.problems.map(\.line) == [7, 9])
        #expect(Set(result.problems.map(\.message)) == ["time_period '23' is not valid for Reporting year: expected four digits such as 2024"])
    }

    @Test("problems are capped and the rest counted")
    func problemLimit() throws {
        var text = Sample.header + "\n"
        for year in 0..<250 {
            text += "\(1000 + year),Reporting year,National,E92000001,England,,,,,,All,abc,1\n"
        }
        let result = try read(text)
        #expect(result.problems.count == EESReader.problemLimit + 1)
        let last = try #require(result.problems.last)
        #expect(last.message == "50 more problems in this file are not listed")
        #expect(last.line == 201)
        #expect(last.column == 0)
        #expect(result.problems[199].line == 201)
    }

    // MARK: header problems

    @Test("a column missing from the metadata")
    func columnNotInMeta() throws {
        let text = Sample.text.split(separator: "\n").enumerated()
            .map { $0.offset == 0 ? $0.element + ",extra" : $0.element + ",1" }.joined(separator: "\n") + "\n"
        let result = try read(text)
        #expect(result.problems.map(\.description) ==
            ["t.csv:1:14: column extra is not in the metadata file t.meta.csv: expected a Filter or Indicator row for it"])
        #expect(result.table.rowCount == 0)
        let noName = try read(text, metaFile: nil)
        #expect(noName.problems.map(\.message) ==
            ["column extra is not in the metadata file (none): expected a Filter or Indicator row for it"])
    }

    @Test("a metadata row for a column the file lacks")
    func metaForMissingColumn() throws {
        let meta = Sample.meta + [EESMetaRow(colName: "ghost", colType: .indicator, label: "Ghost")]
        let result = try read(Sample.text, meta: meta)
        #expect(result.problems.map(\.description) == ["t.csv:1:14: the metadata describes ghost but the file has no such column"])
        #expect(result.table.rowCount == 0)
    }

    @Test("a missing mandatory column")
    func missingMandatory() throws {
        let text = Sample.text.replacingOccurrences(of: ",country_name,", with: ",nation_name,")
        let result = try read(text, meta: Sample.meta + [EESMetaRow(colName: "nation_name", colType: .filter, label: "x")])
        #expect(result.problems.map(\.description) ==
            ["t.csv:1:14: missing column country_name: an EES file needs time_period, time_identifier, geographic_level, country_code, country_name"])
        #expect(result.table.rowCount == 0)
    }

    @Test("a duplicate column")
    func duplicateColumn() throws {
        let text = Sample.text.split(separator: "\n").enumerated()
            .map { $0.offset == 0 ? $0.element + ",category" : $0.element + ",All" }.joined(separator: "\n") + "\n"
        let result = try read(text)
        #expect(result.problems.map(\.description) == ["t.csv:1:14: duplicate column category: it is also column 11"])
        #expect(result.table.rowCount == 0)
    }

    @Test("geography columns need no metadata row")
    func geographyNeedsNoMeta() throws {
        let header = "time_period,time_identifier,geographic_level,country_code,country_name,lad_code,lad_name,value"
        let text = header + "\n2024,Calendar year,Local authority district,E92000001,England,E07000001,X,5\n"
        let result = try read(text, meta: [EESMetaRow(colName: "value", colType: .indicator, label: "Value")])
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(strings(result.table, "lad_code") == ["E07000001"])
        #expect(result.table.indicator("value") == [.number(5)])
    }

    // MARK: readMeta

    @Test("readMeta reads a good metadata file")
    func readMetaGood() throws {
        let (rows, problems) = try readMeta(Sample.metaText)
        #expect(problems.isEmpty)
        #expect(rows == Sample.meta)
    }

    @Test("readMeta problems", arguments: [
        ("category,Measure,Category,,,,,", "t.meta.csv:2:2: col_type 'Measure' is not valid: expected Filter or Indicator"),
        ("category,filter,Category,,,,,", "t.meta.csv:2:2: col_type 'filter' is not valid: expected Filter or Indicator"),
        ("referrals,Indicator,Referrals,,percent,0,,", "t.meta.csv:2:5: indicator_unit 'percent' is not valid: expected blank, %, pp, £, £m or numberstring"),
        ("referrals,Indicator,Referrals,,,one,,", "t.meta.csv:2:6: indicator_dp 'one' is not a whole number: expected blank or a number of decimal places"),
        ("referrals,Indicator,Referrals,,,0,Pick one,", "t.meta.csv:2:7: indicator referrals has a filter_hint: expected it blank for indicators"),
        ("referrals,Indicator,Referrals,,,0", "t.meta.csv:2:7: row has 6 fields: expected 8 as in the header"),
    ])
    func readMetaProblems(row: String, expected: String) throws {
        let header = EESReader.metaRequiredColumns.joined(separator: ",")
        let (_, problems) = try readMeta(header + "\n" + row + "\n")
        #expect(problems.map(\.description) == [expected])
    }

    @Test("readMeta accepts every allowed unit")
    func readMetaUnits() throws {
        let header = EESReader.metaRequiredColumns.joined(separator: ",")
        var text = header + "\n"
        for (index, unit) in ["", "%", "pp", "£", "£m", "numberstring"].enumerated() {
            text += "i\(index),Indicator,I,,\(unit),,,\n"
        }
        let (rows, problems) = try readMeta(text)
        #expect(problems.isEmpty, "\(problems)")
        #expect(rows.map(\.indicatorUnit) == ["", "%", "pp", "£", "£m", "numberstring"])
    }

    @Test("readMeta: duplicate row and missing column")
    func readMetaDuplicateAndMissing() throws {
        let header = EESReader.metaRequiredColumns.joined(separator: ",")
        let (rows, problems) = try readMeta(header + "\nx,Filter,X,,,,,\n\nx,Indicator,X,,,,,\n")
        #expect(problems.map(\.description) == ["t.meta.csv:4:1: duplicate row: column x is already described on line 2"])
        #expect(rows.map(\.colName) == ["x"])

        let shortHeader = EESReader.metaRequiredColumns.filter { $0 != "indicator_dp" }.joined(separator: ",")
        let (_, missing) = try readMeta(shortHeader + "\n")
        #expect(missing.map(\.description) == [
            "t.meta.csv:1:8: missing column indicator_dp: a metadata file needs col_name, col_type, label, indicator_grouping, indicator_unit, indicator_dp, filter_hint, filter_grouping_column",
        ])
    }

    // MARK: reading without metadata

    @Test("without metadata numeric columns are indicators and other columns text")
    func inferTypes() throws {
        let header = "time_period,time_identifier,geographic_level,country_code,country_name,old_la_code,new_la_code,la_name,category,count,rate,note,mixed,blank"
        let rows = [
            "2024,Reporting year,National,E92000001,England,,,,All,10,c,hello,1,",
            "2024,Reporting year,Local authority,E92000001,England,805,E06000001,Hartlepool,All,low,2.5,x,abc,",
            "2024,Reporting year,Local authority,E92000001,England,806,E06000002,Middlesbrough,All,7,u,1,2,",
        ]
        let result = try read(([header] + rows).joined(separator: "\n") + "\n", meta: nil)
        #expect(result.problems.isEmpty, "\(result.problems)")
        let table = result.table
        #expect(table.indicatorNames == ["count", "rate"])
        #expect(table.indicator("count") == [.number(10), .missing(.low), .number(7)])
        #expect(table.indicator("rate") == [.missing(.confidential), .number(2.5), .missing(.lowReliability)])
        #expect(strings(table, "note") == ["hello", "x", "1"])
        #expect(strings(table, "mixed") == ["1", "abc", "2"])
        #expect(strings(table, "blank") == ["", "", ""])
        // geography columns are never indicators, even when numeric
        #expect(strings(table, "old_la_code") == ["", "805", "806"])
        #expect(strings(table, "time_period") == ["2024", "2024", "2024"])
    }

    @Test("without metadata header problems still stop the read")
    func inferWithHeaderProblem() throws {
        let result = try read("time_period,time_identifier,geographic_level,country_code\n2024,Reporting year,National,E92000001\n", meta: nil)
        #expect(result.problems.map(\.description) ==
            ["t.csv:1:5: missing column country_name: an EES file needs time_period, time_identifier, geographic_level, country_code, country_name"])
    }

    // MARK: writer round trips

    @Test("EESWriter.dataText reads back as the same table")
    func dataRoundTrip() throws {
        let original = try read(Sample.text).table
        let written = EESWriter.dataText(original)
        let reread = try read(written)
        #expect(reread.problems.isEmpty, "\(reread.problems)")
        #expect(reread.table == original)
        #expect(written.hasPrefix(Sample.header + "\n"))
        #expect(written.contains(",\"Bristol, City of\",All,z,low\n"))
        #expect(written.contains(",All,-1500,0.30000000000000004\n"))
    }

    @Test("a built table with awkward values round-trips through writer and reader")
    func builtTableRoundTrip() throws {
        let numbers: [IndicatorValue] = [.number(0.1 + 0.2), .number(1e-7), .number(123_456.789), .number(1e16),
                                         .number(-42), .missing(.low), .missing(.lowK), .missing(.notApplicable)]
        let count = numbers.count
        let table = EESTable(
            columnNames: ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "la_name", "group", "value"],
            columns: [
                .text((0..<count).map { String(2010 + $0) }),
                .text(Array(repeating: "Reporting year", count: count)),
                .text(Array(repeating: "National", count: count)),
                .text(Array(repeating: "E92000001", count: count)),
                .text(Array(repeating: "England", count: count)),
                .text(["Kingston upon Hull, City of", "say \"hi\"", "", "two\nlines", "a", "b", "c", "d"]),
                .text(Array(repeating: "g", count: count)),
                .indicator(numbers),
            ],
            sourceLines: [2, 3, 4, 5, 7, 8, 9, 10])  // row 4 spans lines 5 and 6
        let meta = [EESMetaRow(colName: "group", colType: .filter, label: "Group"),
                    EESMetaRow(colName: "value", colType: .indicator, label: "Value")]
        let result = try EESReader.read(bytes: Array(EESWriter.dataText(table).utf8), file: "b.csv", meta: meta)
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.table == table)
    }

    @Test("EESWriter.metaText reads back as the same rows")
    func metaRoundTrip() throws {
        let rows = Sample.meta + [
            EESMetaRow(colName: "cost", colType: .indicator, label: "Cost, in £m", indicatorGrouping: "Money \"real\"",
                       indicatorUnit: "£m", indicatorDP: "2"),
            EESMetaRow(colName: "sub", colType: .filter, label: "Sub", filterHint: "Pick", filterGroupingColumn: "category"),
        ]
        let text = EESWriter.metaText(rows)
        #expect(text.hasPrefix("col_name,col_type,label,indicator_grouping,indicator_unit,indicator_dp,filter_hint,filter_grouping_column\n"))
        let (reread, problems) = try readMeta(text)
        #expect(problems.isEmpty, "\(problems)")
        #expect(reread == rows)
    }

    @Test("cellText writes symbols and shortest numbers")
    func cellText() {
        #expect(EESWriter.cellText(.missing(.confidential)) == "c")
        #expect(EESWriter.cellText(.missing(.low)) == "low")
        #expect(EESWriter.cellText(.missing(.lowK)) == "k")
        #expect(EESWriter.cellText(.number(21)) == "21")
        #expect(EESWriter.cellText(.number(22.6)) == "22.6")
    }

    // MARK: large files (read in parallel chunks above 1 MiB)

    /// A synthetic file of more than 1 MiB with known contents: every 997th LA name is a quoted
    /// field spanning two lines, every 7th count is `c`. `extraRows` are appended verbatim.
    private struct LargeFile {
        var text = ""
        var expected: EESTable
        var lineOfRow: [Int] = []

        init(rows: Int, badCellRows: Set<Int> = [], extraRows: [String] = []) {
            let header = "time_period,time_identifier,geographic_level,country_code,country_name,old_la_code,new_la_code,la_name,category,count,rate"
            var lines = [header]
            var line = 2
            var names: [String] = [], categories: [String] = [], years: [String] = [], counts: [IndicatorValue] = [], rates: [IndicatorValue] = []
            for i in 0..<rows {
                let year = String(2000 + i % 20)
                let name = i % 997 == 0 ? "Authority \(i)\nsecond, \"line\"" : "Authority \(i)"
                let category = i % 3 == 0 ? "All" : "Under \(i % 5)"
                let countText = badCellRows.contains(i) ? "abc" : i % 7 == 0 ? "c" : String(i * 13)
                let rateText = "\(i % 1000).\(i % 9)"
                let nameField = name.contains("\n") ? "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : name
                lines.append("\(year),Reporting year,Local authority,E92000001,England,805,E06000001,\(nameField),\(category),\(countText),\(rateText)")
                years.append(year); names.append(name); categories.append(category)
                counts.append(badCellRows.contains(i) ? .missing(.unavailable) : i % 7 == 0 ? .missing(.confidential) : .number(Double(i * 13)))
                rates.append(.number(Double(rateText)!))
                lineOfRow.append(line)
                line += name.contains("\n") ? 2 : 1
            }
            text = (lines + extraRows).joined(separator: "\n") + "\n"
            let n = rows
            expected = EESTable(
                columnNames: header.split(separator: ",").map(String.init),
                columns: [.text(years), .text(Array(repeating: "Reporting year", count: n)), .text(Array(repeating: "Local authority", count: n)),
                          .text(Array(repeating: "E92000001", count: n)), .text(Array(repeating: "England", count: n)),
                          .text(Array(repeating: "805", count: n)), .text(Array(repeating: "E06000001", count: n)),
                          .text(names), .text(categories), .indicator(counts), .indicator(rates)],
                sourceLines: lineOfRow)
        }

        static let meta = [EESMetaRow(colName: "category", colType: .filter, label: "Category"),
                           EESMetaRow(colName: "count", colType: .indicator, label: "Count"),
                           EESMetaRow(colName: "rate", colType: .indicator, label: "Rate")]
    }

    @Test("a file over 1 MiB reads to exactly the expected table")
    func largeFile() throws {
        let file = LargeFile(rows: 16_000)
        #expect(file.text.utf8.count > 1 << 20)
        let result = try read(file.text, meta: nil)
        #expect(result.problems.count == 0, "\(result.problems.prefix(5))")
        #expect(result.table.rowCount == 16_000)
        #expect(result.table.sourceLines == file.expected.sourceLines)
        #expect(result.table.indicatorNames == ["count", "rate"])
        #expect(result.table == file.expected)
        // and the table written out reads back the same
        let reread = try read(EESWriter.dataText(result.table), meta: nil)
        #expect(reread.table == file.expected)
    }

    @Test("a file over 1 MiB: duplicates across the whole file and bad cells, in line order")
    func largeFileProblems() throws {
        let rows = 16_000
        // a repeat of the second row (line 4, after the two-line first row), and of the last row
        let second = "2001,Reporting year,Local authority,E92000001,England,805,E06000001,Authority 1,Under 1,1,1"
        let last = "2019,Reporting year,Local authority,E92000001,England,805,E06000001,Authority 15999,All,1,1"
        let file = LargeFile(rows: rows, badCellRows: [5, 8_000, 15_990], extraRows: [second, last])
        #expect(file.text.utf8.count > 1 << 20)
        let result = try read(file.text, meta: LargeFile.meta)
        let lastLine = file.lineOfRow[rows - 1]
        #expect(result.problems.map(\.description) == [
            "t.csv:\(file.lineOfRow[5]):10: 'abc' in indicator count is not a number or an EES symbol (c, x, z, low, k, u)",
            "t.csv:\(file.lineOfRow[8_000]):10: 'abc' in indicator count is not a number or an EES symbol (c, x, z, low, k, u)",
            "t.csv:\(file.lineOfRow[15_990]):10: 'abc' in indicator count is not a number or an EES symbol (c, x, z, low, k, u)",
            "t.csv:\(lastLine + 1):1: duplicate row: same time period, geography and filters as line 4",
            "t.csv:\(lastLine + 2):1: duplicate row: same time period, geography and filters as line \(lastLine)",
        ])
        #expect(file.lineOfRow[1] == 4)
        #expect(result.table.rowCount == rows + 2)
        #expect(result.table.sourceLines.suffix(2) == [lastLine + 1, lastLine + 2])
    }

    @Test("a file over 1 MiB: the problem cap lists the first problems by line")
    func largeFileProblemCap() throws {
        let rows = 16_000
        let bad = Set(stride(from: 3, to: rows, by: 50))  // 320 bad cells spread over the file
        let file = LargeFile(rows: rows, badCellRows: bad)
        let result = try read(file.text, meta: LargeFile.meta)
        #expect(result.problems.count == EESReader.problemLimit + 1)
        let expectedLines = bad.sorted().prefix(EESReader.problemLimit).map { file.lineOfRow[$0] }
        #expect(Array(result.problems.prefix(EESReader.problemLimit).map(\.line)) == expectedLines)
        let last = try #require(result.problems.last)
        #expect(last.message == "120 more problems in this file are not listed")
        #expect(last.line == expectedLines.last)
    }

    @Test("a file over 1 MiB with an unclosed quote reports where it starts")
    func largeFileUnclosedQuote() throws {
        let rows = 16_000
        let file = LargeFile(rows: rows)
        let broken = file.text + "2030,Reporting year,Local authority,E92000001,England,805,E06000001,\"Unclosed,All,1,1\n"
        let problem = try #require(throws: InputProblem.self) { try read(broken, meta: LargeFile.meta) }
        #expect(problem.description == "t.csv:\(file.lineOfRow[rows - 1] + 1):8: quoted field is never closed: expected a closing double quote")
    }

    // MARK: EESCodeCheck

    private func codeTable(_ laRows: [(old: String, new: String)]) throws -> EESTable {
        var text = Sample.header + "\n" + Sample.rows[0] + "\n"
        for (index, codes) in laRows.enumerated() {
            let newField = codes.new.contains(",") ? "\"\(codes.new)\"" : codes.new
            text += "2024,Reporting year,Local authority,E92000001,England,E12000001,North East,\(codes.old),\(newField),LA \(index),All,1,1\n"
        }
        let result = try read(text)
        #expect(result.problems.isEmpty, "\(result.problems)")
        return result.table
    }

    @Test("EESCodeCheck passes good pairs and ignores National and Regional rows")
    func codeCheckGood() throws {
        let table = try codeTable([("805", "E06000001"), ("839", "E06000058"), ("825", "E10000002"), ("825", "E06000060"),
                                   ("928", "E10000021")])
        #expect(EESCodeCheck.problems(table, file: "t.csv", lookup: .dfe).isEmpty)
        // the sample itself (National and Regional rows with blank codes) passes too
        #expect(EESCodeCheck.problems(try read(Sample.text).table, file: "t.csv", lookup: .dfe).isEmpty)
    }

    @Test("EESCodeCheck reports a disagreeing pair on every row that has it")
    func codeCheckDisagree() throws {
        let table = try codeTable([("805", "E06000001"), ("838", "E06000058"), ("838", "E06000058")])
        let problems = EESCodeCheck.problems(table, file: "t.csv", lookup: .dfe)
        #expect(problems.map(\.description) == [
            "t.csv:4:8: ONS code E06000058 and DfE code 838 disagree: DfE's lookup pairs E06000058 with 839",
            "t.csv:5:8: ONS code E06000058 and DfE code 838 disagree: DfE's lookup pairs E06000058 with 839",
        ])
    }

    @Test("EESCodeCheck lists every DfE code an ONS code may pair with")
    func codeCheckAlternatives() throws {
        // 825 pairs with both E10000002 and E06000060; the other way round one ONS code, one DfE code
        let table = try codeTable([("826", "E06000060")])
        #expect(EESCodeCheck.problems(table, file: "t.csv", lookup: .dfe).map(\.message) ==
            ["ONS code E06000060 and DfE code 826 disagree: DfE's lookup pairs E06000060 with 825"])
    }

    @Test("EESCodeCheck: unknown and malformed codes", arguments: [
        ("805", "E06000099", "t.csv:3:9: unknown LA code E06000099: not in DfE's LA lookup"),
        ("805", "E0600001", "t.csv:3:9: malformed LA code 'E0600001': expected a 9-character ONS code such as E08000017"),
        ("85", "E06000001", "t.csv:3:8: malformed DfE LA code '85': expected 3 digits such as 373"),
        ("940", "E06000061 / E06000062", "t.csv:3:8: combined row codes 'E06000061 / E06000062' and '940' have different numbers of parts"),
        ("940 / 941", "E06000062 / E06000061", "t.csv:3:8: ONS code E06000062 and DfE code 940 disagree: DfE's lookup pairs E06000062 with 941"),
    ])
    func codeCheckBad(old: String, new: String, expected: String) throws {
        let table = try codeTable([(old, new)])
        #expect(EESCodeCheck.problems(table, file: "t.csv", lookup: .dfe).map(\.description) == [expected])
    }

    @Test("EESCodeCheck accepts combined rows such as 940 / 941")
    func codeCheckCombined() throws {
        let table = try codeTable([("940 / 941", "E06000061 / E06000062"), ("314 / 318", "E09000021 / E09000027")])
        #expect(EESCodeCheck.problems(table, file: "t.csv", lookup: .dfe).isEmpty)
    }

    @Test("EESCodeCheck returns nothing for a file without LA code columns")
    func codeCheckNoColumns() throws {
        let header = "time_period,time_identifier,geographic_level,country_code,country_name,value"
        let result = try read(header + "\n2024,Reporting year,National,E92000001,England,1\n", meta: nil)
        #expect(EESCodeCheck.problems(result.table, file: "t.csv", lookup: .dfe).isEmpty)
    }
}
