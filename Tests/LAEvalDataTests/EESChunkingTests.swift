import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// Large files are parsed in chunks; the result must not depend on how many.
@Suite struct EESChunkingTests {
    static let meta = [EESMetaRow(colName: "la_name", colType: .filter, label: "LA"),
                       EESMetaRow(colName: "value", colType: .indicator, label: "Value")]
    static let header = "time_period,time_identifier,geographic_level,country_code,country_name,la_name,value\n"

    static func row(_ name: String, _ value: String) -> String {
        "2024,Reporting year,Local authority,E92000001,England,\(name),\(value)\n"
    }

    /// A file over the 1 MiB chunking threshold.
    static func bigFile(first: String, last: String, badEvery: Int? = nil) -> [UInt8] {
        var text = header + first
        for i in 0..<20_000 {
            text += row("Authority number \(i)", badEvery.map { i % $0 == 0 ? "abc" : "\(i)" } ?? "\(i)")
        }
        text += last
        return Array(text.utf8)
    }

    static func read(_ bytes: [UInt8], chunks: Int) throws -> EESReadResult {
        try EESReader.read(bytes: bytes, file: "big.csv", meta: meta, chunks: chunks)
    }

    @Test func aRepeatedQuotedTextInALaterChunkIsADuplicate() throws {
        let repeated = Self.row("\"Say \"\"hi\"\"\"", "1")
        let bytes = Self.bigFile(first: repeated, last: Self.row("\"Say \"\"hi\"\"\"", "2"))
        #expect(bytes.count > 1 << 20)
        for chunks in [1, 2, 3, 7] {
            let result = try Self.read(bytes, chunks: chunks)
            #expect(result.problems.map(\.description) == ["big.csv:20003:1: duplicate row: same time period, geography and filters as line 2"],
                    "with \(chunks) chunks")
            let names = try #require(result.table.text("la_name"))
            #expect(names.levels.count == 20_001, "one stored value per distinct text, with \(chunks) chunks")
            #expect(names.first == "Say \"hi\"" && names.last == "Say \"hi\"")
        }
    }

    @Test func theListedProblemsDoNotDependOnTheNumberOfChunks() throws {
        let bytes = Self.bigFile(first: Self.row("Authority first", "1"), last: Self.row("Authority first", "1"), badEvery: 100)
        let single = try Self.read(bytes, chunks: 1).problems
        #expect(single.count == 201)
        #expect(single.last?.description == "big.csv:19903:0: 1 more problems in this file are not listed")
        for chunks in [2, 3, 5] {
            #expect(try Self.read(bytes, chunks: chunks).problems == single, "with \(chunks) chunks")
        }
    }

    @Test func tablesAreTheSameWhateverTheNumberOfChunks() throws {
        let bytes = Self.bigFile(first: Self.row("\"Hull, City of\"", "c"), last: Self.row("\"two\nlines\"", "low"))
        let one = try Self.read(bytes, chunks: 1)
        for chunks in [2, 4] {
            let other = try Self.read(bytes, chunks: chunks)
            #expect(other.table == one.table)
            #expect(other.table.sourceLines == one.table.sourceLines)
        }
        #expect(one.table.sourceLines.last == 20_003)
        #expect(one.table.indicator("value")?.last == .missing(.low))
    }
}
