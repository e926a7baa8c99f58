import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// study.yaml `context_from`: context columns taken from the study's EES files at import.
@Suite struct ContextFromTests {
    static let yaml = RegisterCoverageTests.yaml + """

    context_from:
      - column: "children"
        file: "ons"
        indicator: "population"
        year: 2024
      - column: "cin_rate"
        file: "b1"
        indicator: "cin"
        year: 2024
        filters: {"category": "All"}
        per_10000_of: "children"
        log: true
    """

    @Test func readAndWrittenBack() throws {
        let (description, problems) = StudyYAML.read(Self.yaml)
        #expect(problems.isEmpty)
        let read = try #require(description)
        #expect(read.contextFrom == [ContextSource(column: "children", file: "ons", indicator: "population", year: 2024),
                                     ContextSource(column: "cin_rate", file: "b1", indicator: "cin", year: 2024, filters: ["category": "All"],
                                                   per10000Of: "children", logarithm: true)])
        #expect(StudyYAML.read(StudyYAML.text(read)).description?.contextFrom == read.contextFrom)
    }

    @Test func aRateOfALaterColumnIsAnError() {
        let text = Self.yaml.replacingOccurrences(of: "per_10000_of: \"children\"", with: "per_10000_of: \"cin_rate\"")
        #expect(StudyYAML.read(text).problems.map(\.message) == ["context_from.per_10000_of 'cin_rate' is not a column defined earlier in context_from"])
    }

    static func file(_ name: String, codes: [String], values: [IndicatorValue], years: [String], filter: [String]? = nil) -> IndicatorFile {
        var names = ["time_period", "geographic_level", "new_la_code"], columns: [EESTable.Column] = [.text(years), .text(Array(repeating: "Local authority", count: codes.count)), .text(codes)]
        if let filter { names.append("category"); columns.append(.text(filter)) }
        names.append("value")
        columns.append(.indicator(values))
        return IndicatorFile(name: name, table: EESTable(columnNames: names, columns: columns, sourceLines: Array(2..<(2 + codes.count))), meta: [])
    }

    @Test func ratesPerTenThousandCombinedRowsFiltersAndGaps() throws {
        let population = Self.file("ons", codes: ["A", "B", "C", "D"], values: [.number(20_000), .number(10_000), .number(5_000), .number(8_000)],
                                   years: ["2024", "2024", "2024", "2023"])
        let cin = Self.file("b1", codes: ["A", "B / C", "A", "D"], values: [.number(100), .number(30), .number(999), .missing(.confidential)],
                            years: ["202425", "2024", "2024", "2024"], filter: ["All", "All", "Boys", "All"])
        let sources = [ContextSource(column: "children", file: "ons", indicator: "value", year: 2024),
                       ContextSource(column: "cin_rate", file: "b1", indicator: "value", year: 2024, filters: ["category": "All"], per10000Of: "children")]
        var notPlaced: [InputProblem] = []
        let context = try ImportedContext.derive(sources, files: [population, cin], las: ["A", "B", "C", "D"], studyYAML: "/x/study.yaml", notPlaced: &notPlaced)
        #expect(context["A"] == ["children": 20_000, "cin_rate": 50])
        // The combined row B / C gives its value to each LA it covers.
        #expect(context["B"] == ["children": 10_000, "cin_rate": 30])
        #expect(context["C"] == ["children": 5_000, "cin_rate": 60])
        #expect(context["D"] == nil)
        #expect(notPlaced.map(\.description) == [
            "study.yaml:0:0: warning: context_from children: no value in ons value 2024 for 1 LAs (D): left blank",
            "study.yaml:0:0: warning: context_from cin_rate: no value in b1 value 2024 for 1 LAs (D): left blank",
        ])
    }

    @Test func anUnknownFileOrIndicatorIsAnError() {
        var notPlaced: [InputProblem] = []
        let population = Self.file("ons", codes: ["A"], values: [.number(1)], years: ["2024"])
        #expect(throws: InputProblem(file: "study.yaml", line: 0, column: 0, message: "context_from children: no indicator file 'pop' was given: expected one of ons")) {
            try ImportedContext.derive([ContextSource(column: "children", file: "pop", indicator: "value", year: 2024)], files: [population],
                                       las: ["A"], studyYAML: "study.yaml", notPlaced: &notPlaced)
        }
        #expect(throws: InputProblem(file: "study.yaml", line: 0, column: 0, message: "context_from children: ons has no indicator count: expected one of value")) {
            try ImportedContext.derive([ContextSource(column: "children", file: "ons", indicator: "count", year: 2024)], files: [population],
                                       las: ["A"], studyYAML: "study.yaml", notPlaced: &notPlaced)
        }
    }
}
