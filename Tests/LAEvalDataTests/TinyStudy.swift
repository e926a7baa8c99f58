import Foundation
import LAEvalCore
@testable import LAEvalData

/// A small hand-made study (three North East LAs, 2015-2020) to test validation rules on.
enum TinyStudy {
    static let hartlepool = "E06000001", middlesbrough = "E06000002", redcar = "E06000003"

    static var study: Study {
        let las = [
            LocalAuthority(newCode: hartlepool, oldCode: "805", name: "Hartlepool", regionCode: "E12000001", regionName: "North East",
                           alliance: "North East RIIA", context: ["deprivation": 0.25]),
            LocalAuthority(newCode: middlesbrough, oldCode: "806", name: "Middlesbrough", regionCode: "E12000001", regionName: "North East",
                           alliance: "North East RIIA", context: ["deprivation": 0.33]),
            LocalAuthority(newCode: redcar, oldCode: "807", name: "Redcar and Cleveland", regionCode: "E12000001", regionName: "North East",
                           alliance: "North East RIIA", context: ["deprivation": 0.21]),
        ]
        let inspections = [
            Inspection(laCode: hartlepool, date: date("2015-06-01"), framework: .sif, kind: .full, overall: .good,
                       subJudgements: [.helpAndProtection: .good, .leadership: .good]),
            Inspection(laCode: middlesbrough, date: date("2016-02-01"), framework: .sif, kind: .full, overall: .inadequate),
            Inspection(laCode: redcar, date: date("2015-09-01"), framework: .sif, kind: .full, overall: .requiresImprovement),
        ]
        let support = [
            SupportEpisode(laCode: middlesbrough, programme: .intervention, model: .improvementAdviser, activities: [.diagnostic, .visits],
                           start: date("2016-05-01"), end: date("2018-03-31"), intensity: 40),
            SupportEpisode(laCode: redcar, programme: .partnersInPractice, model: .pipPartner, providerLACode: hartlepool,
                           activities: [.peerSupport], start: date("2016-04-01"), end: date("2018-03-31"), intensity: 20),
        ]
        let costs = [
            Cost(programme: .intervention, model: .improvementAdviser, laCode: middlesbrough, timePeriod: 201617, amountGBP: 34_000,
                 priceBase: 2024, kind: .staff),
            Cost(programme: .partnersInPractice, model: nil, laCode: nil, timePeriod: 201617, amountGBP: 500_000, priceBase: 2024, kind: .overhead),
        ]
        let description = StudyDescription(
            name: "Tiny test study", period: StudyPeriod(firstYear: 2015, lastYear: 2020),
            laSet: LASetDefinition(asAt: date("2020-03-31"), boundaries: .harmonised, mapping: "none needed"),
            plan: AnalysisPlan(outcomes: [OutcomeSpec(indicator: "rereferral_percent", file: "c1_referrals", polarity: .lowerIsBetter)],
                               comparisons: ["intervention"], moderators: ["deprivation"],
                               economics: EconomicParameters(priceBase: 2024, unitCosts: ["adviser_day": 850])),
            seed: 1, simulated: false)
        return Study(description: description, localAuthorities: las, inspections: inspections, support: support, costs: costs,
                     indicatorFiles: [indicatorFile(las)])
    }

    static func indicatorFile(_ las: [LocalAuthority]) -> IndicatorFile {
        let names = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name", "region_code", "region_name",
                     "old_la_code", "new_la_code", "la_name", "rereferral_percent"]
        var text = [[String]](repeating: [], count: names.count - 1)
        var values: [IndicatorValue] = []
        for year in (2015...2020).reversed() {
            for (offset, la) in las.enumerated() {
                let row = [String(year), "Reporting year", "Local authority", "E92000001", "England", la.regionCode, la.regionName,
                           la.oldCode, la.newCode, la.name]
                for (column, value) in row.enumerated() { text[column].append(value) }
                values.append(offset == 2 && year == 2017 ? .missing(.confidential) : .number(20 + Double(offset) + Double(year - 2015) / 10))
            }
        }
        let table = EESTable(columnNames: names, columns: text.map { .text($0) } + [.indicator(values)],
                             sourceLines: Array(2..<(2 + values.count)))
        return IndicatorFile(name: "c1_referrals", table: table,
                             meta: [EESMetaRow(colName: "rereferral_percent", colType: .indicator, label: "Re-referrals (%)", indicatorUnit: "%", indicatorDP: "1")])
    }

    static func date(_ text: String) -> CalendarDate { CalendarDate(iso: text)! }

    /// The study's files by path, after `edit`.
    static func files(_ edit: (inout [String: String]) -> Void = { _ in }) -> [String: String] {
        var files: [String: String] = [:]
        for file in StudyWriter.files(study) { files[file.path] = file.text }
        edit(&files)
        return files
    }

    /// Writes the (edited) study to a new temporary folder and returns its path.
    static func folder(_ edit: (inout [String: String]) -> Void = { _ in }) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("laeval-tiny-\(UUID().uuidString)").path
        try AtomicFolder.write(files(edit).map { ($0.key, $0.value) }, to: folder)
        return folder
    }

    /// Every problem (as `file:line:column: message`) the reader finds in the edited study.
    static func problems(_ edit: (inout [String: String]) -> Void) throws -> [String] {
        let folder = try folder(edit)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return StudyReader.check(folder: folder).problems.map(\.description)
    }
}

extension Dictionary where Key == String, Value == String {
    /// Replaces the one occurrence of `old` in file `path` (fails loudly when absent).
    mutating func replace(in path: String, _ old: String, with new: String) {
        let text = self[path]!
        precondition(text.contains(old), "\(path) has no \(old)")
        self[path] = text.replacingOccurrences(of: old, with: new)
    }

    /// Replaces line `number` (1-based) of file `path`.
    mutating func setLine(in path: String, _ number: Int, to line: String) {
        var lines = self[path]!.components(separatedBy: "\n")
        lines[number - 1] = line
        self[path] = lines.joined(separator: "\n")
    }

    mutating func appendLine(in path: String, _ line: String) {
        self[path]! += line + "\n"
    }

    func line(in path: String, _ number: Int) -> String { self[path]!.components(separatedBy: "\n")[number - 1] }
}
