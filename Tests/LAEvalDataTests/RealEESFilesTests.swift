import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// Real DfE files in `../shared/data/ees/` next to the repository (not part of the project; see
/// that folder's README). Every test here is skipped when the folder is absent.
enum RealFiles {
    /// The repository root is three levels above this file (Tests/LAEvalDataTests/<file>).
    static let folder: String = {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // LAEvalDataTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .appendingPathComponent("../shared/data/ees")
            .standardizedFileURL.path
    }()

    static var available: Bool { FileManager.default.fileExists(atPath: folder) }

    static let tidyFiles = [
        "b1_children_in_need_2013_to_2025.csv",
        "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv",
        "cla_number_and_rate_per_10k_children.csv",
        "csww_indicators_2017_to_2025.csv",
        "d3_cpps_subsequent_plan_2013_to_2025.csv",
        "la_cla_placement_stability.csv",
        "ons_mid-year_population_estimates_2012_to_2024.csv",
    ]

    static func path(_ name: String) -> String { folder + "/" + name }

    static func read(_ name: String) throws -> EESReadResult {
        try EESReader.read(path: path(name), displayName: name, meta: nil)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        try #require(FileManager.default.contents(atPath: path(name))).map { $0 }
    }
}

/// The index of the single row whose text columns have the given values.
private func row(in table: EESTable, where conditions: [String: String]) throws -> Int {
    var candidates = Array(0..<table.rowCount)
    for (name, value) in conditions {
        let column = try #require(table.text(name), "no text column \(name)")
        candidates = candidates.filter { column[$0] == value }
    }
    #expect(candidates.count == 1, "rows matching \(conditions): \(candidates.count)")
    return try #require(candidates.first)
}

private func value(_ table: EESTable, _ indicator: String, row: Int) throws -> IndicatorValue {
    try #require(table.indicator(indicator), "no indicator column \(indicator)")[row]
}

@Suite("Real EES files in ../shared/data/ees (skipped when the folder is absent)",
       .enabled(if: RealFiles.available, "../shared/data/ees is absent"))
struct RealEESFilesTests {
    @Test("reads with no error problems and one row per data line", arguments: RealFiles.tidyFiles)
    func readsCleanly(name: String) throws {
        let bytes = try RealFiles.bytes(name)
        // Independent count: the files have no quoted field spanning lines (every line has an
        // even number of quotes), so each non-empty line after the header is one row.
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        let nonEmpty = lines.filter { !$0.isEmpty && $0 != [UInt8(ascii: "\r")] }
        for (index, line) in lines.enumerated() {
            let quotes = line.filter { $0 == UInt8(ascii: "\"") }.count
            #expect(quotes % 2 == 0, "\(name) line \(index + 1) has an odd number of quotes")
        }
        let dataLines = nonEmpty.count - 1

        let result = try RealFiles.read(name)
        let errors = result.problems.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.count) errors, first: \(errors.prefix(5).map(\.description))")
        #expect(result.table.rowCount == dataLines)
        #expect(result.table.sourceLines == Array(2..<(2 + dataLines)))
        #expect(result.table.columnNames.first == "time_period")
        #expect(!result.table.indicatorNames.isEmpty)
        for name in EESFormat.mandatoryColumns { #expect(result.table.text(name) != nil, "\(name)") }
    }

    @Test("LA codes agree with DfE's lookup", arguments: RealFiles.tidyFiles)
    func codesAgree(name: String) throws {
        let table = try RealFiles.read(name).table
        let problems = EESCodeCheck.problems(table, file: name, lookup: .dfe)
        #expect(problems.isEmpty, "\(problems.count) code problems, first: \(problems.prefix(5).map(\.description))")
    }

    @Test("cla file: the byte-order mark is not part of the first column name")
    func claBOM() throws {
        let bytes = try RealFiles.bytes("cla_number_and_rate_per_10k_children.csv")
        #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
        let table = try RealFiles.read("cla_number_and_rate_per_10k_children.csv").table
        #expect(table.columnNames.first == "time_period")
        #expect(table.columnIndex("time_period") == 0)
    }

    @Test("b1: Local authority rows per year are 152, 151 or 153 as DfE's lookup says")
    func b1LACountPerYear() throws {
        let table = try RealFiles.read("b1_children_in_need_2013_to_2025.csv").table
        let years = try #require(table.text("time_period"))
        let levels = try #require(table.text("geographic_level"))
        var counts: [String: Int] = [:]
        for row in 0..<table.rowCount where levels[row] == "Local authority" { counts[years[row], default: 0] += 1 }
        let expected: [String: Int] = [
            "2013": 152, "2014": 152, "2015": 152, "2016": 152, "2017": 152, "2018": 152, "2019": 152,
            "2020": 151, "2021": 151, "2022": 152, "2023": 152, "2024": 153, "2025": 153,
        ]
        #expect(counts == expected)
        for (year, count) in counts {
            let live = LALookup.dfe.live(on: CalendarDate.endOfReportingYear(try #require(Int(year))))
            #expect(live.count == count, "\(year): \(live.count) live on 31 March, \(count) rows")
        }
        #expect(levels.filter { $0 == "National" }.count == 13)
    }

    /// The children in need release rounds national figures to the nearest 10 and publishes LA
    /// figures unrounded, so in a year with no suppressed LA the England total is the sum of the
    /// LAs rounded half up to 10 (checked independently with Python's csv module; 2013, 2014 and
    /// 2021–2024 have a suppressed LA and are left out).
    @Test("b1: England's children in need at 31 March is the sum of its LAs, rounded to 10")
    func b1EnglandIsTheSumOfLAs() throws {
        let table = try RealFiles.read("b1_children_in_need_2013_to_2025.csv").table
        let years = try #require(table.text("time_period")), levels = try #require(table.text("geographic_level"))
        let values = try #require(table.indicator("At31_episodes"))
        var national: [String: Double] = [:], sum: [String: Double] = [:], suppressed: Set<String> = []
        for row in 0..<table.rowCount {
            switch (levels[row], values[row].number) {
            case ("National", let value?): national[years[row]] = value
            case ("Local authority", let value?): sum[years[row], default: 0] += value
            case ("Local authority", nil): suppressed.insert(years[row])
            default: break
            }
        }
        let complete = national.keys.filter { !suppressed.contains($0) }.sorted()
        #expect(complete == ["2015", "2016", "2017", "2018", "2019", "2020", "2025"])
        for year in complete {
            #expect(national[year] == (sum[year]! / 10).rounded(.toNearestOrAwayFromZero) * 10, "\(year): \(national[year]!) vs \(sum[year]!)")
        }
    }

    @Test("b1 column types without metadata")
    func b1Types() throws {
        let table = try RealFiles.read("b1_children_in_need_2013_to_2025.csv").table
        #expect(table.indicatorNames == ["Anypoint_episodes", "Anypoint_child", "Started_episodes", "Started_child",
                                         "Ended_episodes", "Ended_child", "At31_episodes", "awaiting_assessment"])
        #expect(table.text("category") != nil)
        #expect(table.text("la_name") != nil)
    }

    @Test("b1 2025 National At31_episodes is 402400")
    func b1Value() throws {
        let table = try RealFiles.read("b1_children_in_need_2013_to_2025.csv").table
        let index = try row(in: table, where: ["time_period": "2025", "geographic_level": "National"])
        #expect(try value(table, "At31_episodes", row: index) == .number(402_400))
        #expect(try value(table, "Anypoint_episodes", row: index) == .number(756_120))
    }

    @Test("c1 2025 National rereferral_percent is 22.6")
    func c1Value() throws {
        let table = try RealFiles.read("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv").table
        let index = try row(in: table, where: ["time_period": "2025", "geographic_level": "National"])
        #expect(try value(table, "rereferral_percent", row: index) == .number(22.6))
        #expect(try value(table, "referral_count", row: index) == .number(632_830))
    }

    @Test("symbols are read as missing values with their symbol")
    func symbols() throws {
        let b1 = try RealFiles.read("b1_children_in_need_2013_to_2025.csv").table
        // line 372: 2023 St. Helens …,1238,c,1643,c
        let helens = try row(in: b1, where: ["time_period": "2023", "la_name": "St. Helens"])
        #expect(b1.sourceLines[helens] == 372)
        #expect(try value(b1, "Ended_episodes", row: helens) == .number(1238))
        #expect(try value(b1, "Ended_child", row: helens) == .missing(.confidential))
        #expect(try value(b1, "At31_episodes", row: helens) == .number(1643))
        #expect(try value(b1, "awaiting_assessment", row: helens) == .missing(.confidential))
        // 2024 Hampshire: every indicator u
        let hampshire = try row(in: b1, where: ["time_period": "2024", "la_name": "Hampshire"])
        for name in b1.indicatorNames {
            #expect(try value(b1, name, row: hampshire) == .missing(.lowReliability), "\(name)")
        }

        let csww = try RealFiles.read("csww_indicators_2017_to_2025.csv").table
        // 2025 Sunderland: …,11.8,11.7,low,1,low,…
        let sunderland = try row(in: csww, where: ["time_period": "2025", "la_name": "Sunderland"])
        #expect(try value(csww, "turnover_rate_headcount", row: sunderland) == .number(11.7))
        #expect(try value(csww, "agency_fte", row: sunderland) == .missing(.low))
        #expect(try value(csww, "agency_headcount", row: sunderland) == .number(1))

        let cla = try RealFiles.read("cla_number_and_rate_per_10k_children.csv").table
        // 2025 Cumbria, children ceasing to be looked after: x,z,z
        let cumbria = try row(in: cla, where: ["time_period": "2025", "la_name": "Cumbria",
                                               "population_type": "Children ceasing to be looked after each year"])
        #expect(try value(cla, "population_estimate", row: cumbria) == .missing(.unavailable))
        #expect(try value(cla, "children_count", row: cumbria) == .missing(.notApplicable))
        #expect(try value(cla, "rate_per_10000", row: cumbria) == .missing(.notApplicable))
    }

    @Test("symbol counts match a plain count of the file's cells", arguments: RealFiles.tidyFiles)
    func symbolCounts(name: String) throws {
        let table = try RealFiles.read(name).table
        var read: [EESSymbol: Int] = [:]
        for indicator in table.indicatorNames {
            for case .missing(let symbol) in try #require(table.indicator(indicator)) { read[symbol, default: 0] += 1 }
        }
        // independent count: split each line on commas outside quotes, look at indicator positions
        let bytes = try RealFiles.bytes(name)
        let text = String(decoding: bytes, as: UTF8.self)
        let positions = Set(table.indicatorNames.compactMap(table.columnIndex))
        var counted: [EESSymbol: Int] = [:]
        for line in text.split(separator: "\n").dropFirst() {
            var fields: [String] = []
            var current = "", quoted = false
            for character in line {
                if character == "\"" { quoted.toggle() } else if character == ",", !quoted { fields.append(current); current = "" } else { current.append(character) }
            }
            fields.append(current)
            for position in positions {
                if let symbol = EESSymbol(rawValue: fields[position]) { counted[symbol, default: 0] += 1 }
            }
        }
        #expect(read == counted)
        #expect(!read.isEmpty)
    }

    @Test("csww: combined rows 940 / 941 and 314 / 318 are read and pass the code check")
    func cswwCombined() throws {
        let table = try RealFiles.read("csww_indicators_2017_to_2025.csv").table
        let oldCodes = try #require(table.text("old_la_code"))
        let newCodes = try #require(table.text("new_la_code"))
        let combined = Set((0..<table.rowCount).filter { oldCodes[$0].contains(" / ") }.map { "\(oldCodes[$0])|\(newCodes[$0])" })
        #expect(combined == ["940 / 941|E06000061 / E06000062", "314 / 318|E09000021 / E09000027"])
        #expect(EESCodeCheck.problems(table, file: "csww", lookup: .dfe).isEmpty)
    }
}
