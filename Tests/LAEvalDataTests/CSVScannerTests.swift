import Testing
@testable import LAEvalData

/// Scans text with `CSVScanner.scan` and returns every record (line and fields).
private func scanRecords(_ text: String, file: String = "t.csv") throws -> [(line: Int, fields: [String])] {
    try scanRecords(Array(text.utf8), file: file)
}

private func scanRecords(_ bytes: [UInt8], file: String = "t.csv") throws -> [(line: Int, fields: [String])] {
    var records: [(line: Int, fields: [String])] = []
    try bytes.withUnsafeBufferPointer { buffer in
        try CSVScanner.scan(buffer, file: file) { record in
            records.append((record.line, record.strings))
        }
    }
    return records
}

private func table(_ text: String, file: String = "t.csv") throws -> CSVTable {
    try CSVTable(bytes: Array(text.utf8), file: file)
}

/// A deterministic linear congruential generator (Knuth's MMIX constants).
private struct CSVTestLCG {
    var state: UInt64
    mutating func next() -> UInt64 {
        state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
        return state >> 33
    }
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
}

@Suite("CSVScanner, CSVTable and CSVWriter")
struct CSVScannerTests {
    // MARK: records

    @Test("plain fields and line numbers")
    func plain() throws {
        let records = try scanRecords("a,b,c\n1,2,3\nx,y,z\n")
        #expect(records.map(\.fields) == [["a", "b", "c"], ["1", "2", "3"], ["x", "y", "z"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test("quoted field holding a comma")
    func quotedComma() throws {
        let t = try table("code,name\nE06000023,\"Bristol, City of\"\n")
        #expect(t.rows == [["E06000023", "Bristol, City of"]])
    }

    @Test("doubled quotes inside a quoted field become one quote")
    func doubledQuotes() throws {
        let t = try table("a,b\n\"say \"\"hi\"\"\",\"\"\"\"\n\"\"\"x\",y\n")
        #expect(t.rows == [["say \"hi\"", "\""], ["\"x", "y"]])
    }

    @Test("quoted field with an embedded LF keeps it and later line numbers stay right")
    func embeddedNewline() throws {
        let t = try table("h1,h2\n1,\"two\nlines\"\n3,4\n\"a\nb\nc\",5\n6,7\n")
        #expect(t.rows == [["1", "two\nlines"], ["3", "4"], ["a\nb\nc", "5"], ["6", "7"]])
        #expect(t.lines == [2, 4, 5, 8])
        #expect(t.headerLine == 1)
    }

    @Test("a quoted CRLF is kept in the field")
    func embeddedCRLF() throws {
        let records = try scanRecords("a,\"x\r\ny\"\r\nb,c\r\n")
        #expect(records.map(\.fields) == [["a", "x\r\ny"], ["b", "c"]])
        #expect(records.map(\.line) == [1, 3])
    }

    @Test("CRLF and LF line ends give the same rows")
    func crlfEqualsLF() throws {
        let lf = "a,b,c\n1,,\"q,\"\"r\"\"\"\n\n4,5,6\n"
        let crlf = lf.replacingOccurrences(of: "\n", with: "\r\n")
        let lfTable = try table(lf)
        let crlfTable = try table(crlf)
        #expect(lfTable.header == crlfTable.header)
        #expect(lfTable.rows == crlfTable.rows)
        #expect(lfTable.lines == crlfTable.lines)
        #expect(lfTable.rows == [["1", "", "q,\"r\""], ["4", "5", "6"]])
        #expect(crlfTable.lines == [2, 4])
    }

    @Test("a lone CR inside an unquoted field is data")
    func loneCR() throws {
        let records = try scanRecords("a\rb,c\n")
        #expect(records.map(\.fields) == [["a\rb", "c"]])
    }

    @Test("UTF-8 byte-order mark is stripped from the first header name")
    func bom() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("time_period,x\n2024,1\n".utf8)
        let t = try CSVTable(bytes: bytes, file: "bom.csv")
        #expect(t.header == ["time_period", "x"])
        #expect(t.header[0].utf8.count == 11)
        #expect(t.rows == [["2024", "1"]])
        // a BOM followed by a quoted first field
        let quoted: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("\"a\",b\n".utf8)
        #expect(try CSVTable(bytes: quoted, file: "bom.csv").header == ["a", "b"])
    }

    @Test("a BOM later in the file is not stripped")
    func bomOnlyAtStart() throws {
        let bytes: [UInt8] = Array("a\n".utf8) + [0xEF, 0xBB, 0xBF] + Array("b\n".utf8)
        let t = try CSVTable(bytes: bytes, file: "t.csv")
        #expect(t.rows == [["\u{FEFF}b"]])
    }

    @Test("empty fields anywhere in a row")
    func emptyFields() throws {
        let records = try scanRecords(",a,,b,\n,,\n\"\",\"\"\n")
        #expect(records.map(\.fields) == [["", "a", "", "b", ""], ["", "", ""], ["", ""]])
    }

    @Test("trailing empty field at the end of a line")
    func trailingEmptyField() throws {
        let records = try scanRecords("h1,h2,h3\na,b,\r\nc,d,\n")
        #expect(records.map(\.fields) == [["h1", "h2", "h3"], ["a", "b", ""], ["c", "d", ""]])
    }

    @Test("trailing comma at the very end of the file adds an empty field")
    func trailingCommaAtEOF() throws {
        #expect(try scanRecords("h1,h2\na,").map(\.fields) == [["h1", "h2"], ["a", ""]])
        #expect(try scanRecords("h1,h2\n\"a\",").map(\.fields) == [["h1", "h2"], ["a", ""]])
    }

    @Test("blank lines are skipped by CSVTable but line numbers count them")
    func blankLines() throws {
        let t = try table("a,b\n\n1,2\n\r\n\n3,4\n\n")
        #expect(t.rows == [["1", "2"], ["3", "4"]])
        #expect(t.lines == [3, 6])
        // the scanner itself reports them as one empty field
        let records = try scanRecords("a\n\nb\n")
        #expect(records.map(\.fields) == [["a"], [""], ["b"]])
        #expect(records.map(\.line) == [1, 2, 3])
    }

    @Test("last line without a newline")
    func noFinalNewline() throws {
        let t = try table("a,b\n1,2\n3,4")
        #expect(t.rows == [["1", "2"], ["3", "4"]])
        #expect(t.lines == [2, 3])
        #expect(try table("a,b\n1,\"x\"").rows == [["1", "x"]])
    }

    @Test("header only: no rows")
    func headerOnly() throws {
        let t = try table("a,b,c\n")
        #expect(t.header == ["a", "b", "c"])
        #expect(t.rows.isEmpty)
    }

    @Test("ragged rows are kept as they are")
    func raggedKept() throws {
        let t = try table("a,b,c\n1,2\n1,2,3,4\n")
        #expect(t.rows == [["1", "2"], ["1", "2", "3", "4"]])
    }

    @Test("non-ASCII text survives")
    func unicode() throws {
        let t = try table("name,unit\nSaint-Étienne,£m\n\"Łódź, PL\",€\n")
        #expect(t.rows == [["Saint-Étienne", "£m"], ["Łódź, PL", "€"]])
    }

    @Test("rawField, hasEscapedQuotes and isEmpty")
    func recordAccessors() throws {
        let bytes = Array("x,\"a\"\"b\",,\"\"\n".utf8)
        var checked = false
        try bytes.withUnsafeBufferPointer { buffer in
            try CSVScanner.scan(buffer, file: "t.csv") { record in
                #expect(record.count == 4)
                #expect(Array(record.rawField(0)) == Array("x".utf8))
                #expect(Array(record.rawField(1)) == Array("a\"\"b".utf8))
                #expect(!record.hasEscapedQuotes(0))
                #expect(record.hasEscapedQuotes(1))
                #expect(record.string(1) == "a\"b")
                #expect(!record.isEmpty(0))
                #expect(record.isEmpty(2))
                #expect(record.isEmpty(3))
                checked = true
            }
        }
        #expect(checked)
    }

    // MARK: errors

    @Test("unclosed quote is reported at the line and column where the field starts")
    func unclosedQuote() throws {
        let problem = try #require(throws: InputProblem.self) {
            try table("a,b\n1,\"xyz\n2,3\n", file: "bad.csv")
        }
        #expect(problem.line == 2)
        #expect(problem.column == 2)
        #expect(problem.message == "quoted field is never closed: expected a closing double quote")
        #expect(problem.description == "bad.csv:2:2: quoted field is never closed: expected a closing double quote")
        #expect(problem.severity == .error)
    }

    @Test("unclosed quote at the very end of the file")
    func unclosedQuoteAtEnd() throws {
        let problem = try #require(throws: InputProblem.self) { try table("a,b\n1,2\n3,\"", file: "bad.csv") }
        #expect(problem.description == "bad.csv:3:2: quoted field is never closed: expected a closing double quote")
    }

    @Test("a quote inside an unquoted field")
    func quoteInUnquoted() throws {
        let problem = try #require(throws: InputProblem.self) {
            try table("a,b,c\n1,2,3\nx,ab\"c,d\n", file: "bad.csv")
        }
        #expect(problem.description == "bad.csv:3:2: double quote inside an unquoted field: quote the whole field and double the quote")
        #expect(problem.line == 3)
        #expect(problem.column == 2)
    }

    @Test("text after a closing quote")
    func textAfterClosingQuote() throws {
        let problem = try #require(throws: InputProblem.self) {
            try table("a,b\n\"x\"y,z\n", file: "bad.csv")
        }
        #expect(problem.description == "bad.csv:2:1: unexpected text after a closing quote: expected a comma or the end of the line")
        #expect(problem.message == "unexpected text after a closing quote: expected a comma or the end of the line")
    }

    @Test("text after a closing quote of a multi-line field is reported on the line where it is")
    func textAfterMultilineQuote() throws {
        let problem = try #require(throws: InputProblem.self) {
            try table("a,b\n1,\"x\ny\" ,2\n", file: "bad.csv")
        }
        #expect(problem.line == 3)
        #expect(problem.column == 2)
        #expect(problem.message == "unexpected text after a closing quote: expected a comma or the end of the line")
    }

    @Test("an empty file is an error")
    func emptyFile() throws {
        let problem = try #require(throws: InputProblem.self) { try CSVTable(bytes: [], file: "empty.csv") }
        #expect(problem.description == "empty.csv:1:1: the file is empty: expected a header row")
        let bomOnly = try #require(throws: InputProblem.self) { try CSVTable(bytes: [0xEF, 0xBB, 0xBF], file: "empty.csv") }
        #expect(bomOnly.message == "the file is empty: expected a header row")
    }

    @Test("a missing file is reported as line 0")
    func missingFile() throws {
        let problem = try #require(throws: InputProblem.self) {
            try CSVTable(path: "/nonexistent/laeval-test/none.csv", displayName: "none.csv")
        }
        #expect(problem.description == "none.csv:0:0: cannot read the file: expected a readable file at /nonexistent/laeval-test/none.csv")
    }

    @Test("problem description marks warnings and problems sort by position")
    func problemDescription() {
        let warning = InputProblem(file: "f.csv", line: 3, column: 4, message: "odd", severity: .warning)
        #expect(warning.description == "f.csv:3:4: warning: odd")
        let a = InputProblem(file: "f.csv", line: 2, column: 9, message: "z")
        let b = InputProblem(file: "f.csv", line: 10, column: 1, message: "a")
        let c = InputProblem(file: "g.csv", line: 1, column: 1, message: "a")
        #expect([c, b, a].sorted() == [a, b, c])
    }

    // MARK: writer

    @Test("CSVWriter quotes only fields with a comma, quote or line end")
    func escape() {
        #expect(CSVWriter.escape("plain") == "plain")
        #expect(CSVWriter.escape("") == "")
        #expect(CSVWriter.escape(" spaced ") == " spaced ")
        #expect(CSVWriter.escape("a,b") == "\"a,b\"")
        #expect(CSVWriter.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(CSVWriter.escape("two\nlines") == "\"two\nlines\"")
        #expect(CSVWriter.escape("cr\rhere") == "\"cr\rhere\"")
        #expect(CSVWriter.escape("\"") == "\"\"\"\"")
    }

    @Test("CSVWriter writes LF-ended rows")
    func writerText() {
        var writer = CSVWriter()
        writer.write(["a", "b,c"])
        writer.write(["1", ""])
        #expect(writer.text == "a,\"b,c\"\n1,\n")
    }

    @Test("CSVWriter output reads back through CSVTable unchanged")
    func writerRoundTrip() throws {
        let header = ["name", "note", "value"]
        let rows = [
            ["Bristol, City of", "say \"hi\"", "1"],
            ["two\nlines", "", "\"quoted\""],
            ["crlf\r\ninside", ",", "\"\""],
            ["", "", ""],
            ["£m", " lead and trail ", "é"],
        ]
        var writer = CSVWriter()
        writer.write(header)
        for row in rows { writer.write(row) }
        let t = try CSVTable(bytes: Array(writer.text.utf8), file: "w.csv")
        #expect(t.header == header)
        #expect(t.rows == rows)
    }

    @Test("random fields written by CSVWriter read back unchanged (seeded)")
    func writerRoundTripRandom() throws {
        var random = CSVTestLCG(state: 20_240_331)
        let alphabet: [String] = ["a", "b", "Z", "0", "9", ",", "\"", "\n", "\r", " ", "é", "£", "\r\n", "-", "."]
        for _ in 0..<200 {
            let width = 2 + random.below(5)
            var rows: [[String]] = []
            for _ in 0..<(1 + random.below(8)) {
                rows.append((0..<width).map { _ in
                    String((0..<random.below(7)).map { _ in alphabet[random.below(alphabet.count)] }.joined())
                })
            }
            var writer = CSVWriter()
            for row in rows { writer.write(row) }
            let records = try scanRecords(writer.text)
            #expect(records.map(\.fields) == rows, "\(writer.text.debugDescription)")
        }
    }
}
