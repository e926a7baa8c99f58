import Foundation
import LAEvalCore

/// Builds a study folder from files as published (`laeval import`): a `study.yaml`, DfE's LA
/// lookup for the LAs live on its `la_set.as_at` date, Ofsted's ILACS history (.ods), a support
/// register in laeval's `support.csv` format, EES indicator files (with their `.meta.csv` when
/// one is beside them, else with column types inferred) and optionally a context CSV
/// (`new_la_code` then numeric columns). Every row that cannot be placed in the study is
/// reported with its reason and left out; the folder is validated before it is moved into place,
/// so an invalid import writes nothing.
public enum StudyImport {
    public struct Inputs: Sendable {
        public var studyYAML: String
        public var register: String?
        public var ofsted: String?
        /// (name in the study, path) of each EES file.
        public var indicators: [(name: String, path: String)]
        public var context: String?

        public init(studyYAML: String, register: String? = nil, ofsted: String? = nil, indicators: [(name: String, path: String)] = [],
                    context: String? = nil) {
            self.studyYAML = studyYAML
            self.register = register
            self.ofsted = ofsted
            self.indicators = indicators
            self.context = context
        }
    }

    public struct Report: Sendable {
        /// What was left out, and why (as warnings naming the source file and row).
        public var notPlaced: [InputProblem]
        public var localAuthorities: Int
        public var inspections: Int
        public var episodes: Int
        /// LA rows kept in each indicator file.
        public var indicatorRows: [(name: String, rows: Int)]
        /// Validation warnings of the written study.
        public var warnings: [InputProblem]
    }

    public static func run(_ inputs: Inputs, to folder: String, lookup: LALookup = .dfe) throws -> Report {
        let description = try readDescription(inputs.studyYAML)
        var notPlaced: [InputProblem] = []
        var las = try localAuthorities(description, context: inputs.context, lookup: lookup, notPlaced: &notPlaced)
        let known = Set(las.map(\.newCode))
        let recode = earlierCodes(of: las, lookup: lookup)
        let inspections = try inputs.ofsted.map { try ofstedInspections($0, description: description, known: known, lookup: lookup, notPlaced: &notPlaced) } ?? []
        let checker = LACodeChecker(lookup: lookup, studyLAs: Dictionary(las.map { ($0.newCode, $0) }, uniquingKeysWith: { a, _ in a }))
        let support = try inputs.register.map { try register($0, checker: checker, period: description.period, recode: recode, notPlaced: &notPlaced) } ?? []
        let files = try inputs.indicators.map {
            try indicatorFile($0.name, path: $0.path, known: known, recode: recode, period: description.period, notPlaced: &notPlaced)
        }
        if !description.contextFrom.isEmpty {
            let derived: [String: [String: Double]]
            do {
                derived = try ImportedContext.derive(description.contextFrom, files: files, las: las.map(\.newCode),
                                                     studyYAML: inputs.studyYAML, notPlaced: &notPlaced)
            } catch let problem as InputProblem { throw StudyInvalid(problems: [problem]) }
            for index in las.indices { las[index].context.merge(derived[las[index].newCode] ?? [:]) { _, new in new } }
        }
        let study = Study(description: description, localAuthorities: las, inspections: inspections, support: support, costs: [],
                          indicatorFiles: files)
        let staging = folder + ".import-\(ProcessInfo.processInfo.processIdentifier)"
        try StudyWriter.write(study, to: staging)
        let (_, problems) = StudyReader.check(folder: staging, lookup: lookup)
        guard !problems.contains(where: { $0.severity == .error }) else {
            try? FileManager.default.removeItem(atPath: staging)
            throw StudyInvalid(problems: problems)
        }
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.moveItem(atPath: staging, toPath: folder)
        return Report(notPlaced: notPlaced, localAuthorities: las.count, inspections: inspections.count, episodes: support.count,
                      indicatorRows: files.map { ($0.name, $0.table.rowCount) }, warnings: problems)
    }

    static func readDescription(_ path: String) throws -> StudyDescription {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw InputProblem(file: path, line: 0, column: 0, message: "cannot read the file")
        }
        let (description, problems) = StudyYAML.read(String(decoding: data, as: UTF8.self))
        guard let description, problems.isEmpty else {
            throw StudyInvalid(problems: problems.map { InputProblem(file: path, line: $0.line, column: $0.column, message: $0.message) })
        }
        return description
    }

    /// The LAs of DfE's lookup live on the study's `as_at` date, with the context columns given.
    static func localAuthorities(_ description: StudyDescription, context path: String?, lookup: LALookup,
                                 notPlaced: inout [InputProblem]) throws -> [LocalAuthority] {
        let entries = lookup.live(on: description.laSet.asAt).sorted { $0.newCode < $1.newCode }
        var context: [String: [String: Double]] = [:]
        if let path {
            let name = (path as NSString).lastPathComponent
            let table = try CSVTable(path: path, displayName: name)
            guard let codeColumn = table.header.firstIndex(of: "new_la_code") else {
                throw InputProblem(file: name, line: 1, column: 1, message: "no new_la_code column: expected new_la_code, then numeric context columns")
            }
            let live = Set(entries.map(\.newCode))
            for (r, row) in table.rows.enumerated() {
                let code = row[codeColumn]
                guard live.contains(code) else {
                    notPlaced.append(InputProblem(file: name, line: r + 2, column: codeColumn + 1,
                                                  message: "\(code) is not an LA live on \(description.laSet.asAt): row left out", severity: .warning))
                    continue
                }
                for (c, column) in table.header.enumerated() where c != codeColumn {
                    if let value = NumberText.parseDouble(row[c]) { context[code, default: [:]][column] = value }
                }
            }
        }
        return entries.map { e in
            LocalAuthority(newCode: e.newCode, oldCode: e.oldCode, name: e.name, regionCode: e.regionCode, regionName: e.regionName,
                           alliance: "", context: context[e.newCode] ?? [:])
        }
    }

    /// Ofsted's ILACS history, each inspection of an LA in the study and inside the period.
    static func ofstedInspections(_ path: String, description: StudyDescription, known: Set<String>, lookup: LALookup,
                                  notPlaced: inout [InputProblem]) throws -> [Inspection] {
        let name = (path as NSString).lastPathComponent
        let history = try OfstedInspections.history(in: try ODSWorkbook(path: path), lookup: lookup)
        notPlaced += history.problems.map { InputProblem(file: name, line: $0.row, column: 0, message: "\($0.sheet) \($0.column ?? ""): \($0.message)", severity: .warning) }
        let period = description.period
        return history.records.filter { inspection in
            let reason: String? = !known.contains(inspection.laCode) ? "\(inspection.laCode) is not one of the study's LAs on \(description.laSet.asAt)"
                : !period.contains(reportingYear: inspection.date.reportingYear) ? "\(inspection.date) is outside the study period" : nil
            if let reason {
                notPlaced.append(InputProblem(file: name, line: 0, column: 0, message: "inspection of \(inspection.laCode) on \(inspection.date) left out: \(reason)", severity: .warning))
            }
            return reason == nil
        }.sorted { ($0.laCode, $0.date) < ($1.laCode, $1.date) }
    }

    /// The support register's rows that are valid for the study; the others are reported.
    /// Earlier ONS codes of the study's LAs: a code of DfE's lookup that shares an LA's DfE code
    /// but is no longer live is the same LA before a code change without a boundary change (e.g.
    /// North Yorkshire E10000023 → E06000065 in 2023; DfE code 815 throughout).
    static func earlierCodes(of las: [LocalAuthority], lookup: LALookup) -> [String: String] {
        var result: [String: String] = [:]
        for la in las {
            for entry in lookup.entries(oldCode: la.oldCode) where entry.newCode != la.newCode { result[entry.newCode] = la.newCode }
        }
        return result
    }

    static func register(_ path: String, checker: LACodeChecker, period: StudyPeriod, recode: [String: String],
                         notPlaced: inout [InputProblem]) throws -> [SupportEpisode] {
        let name = (path as NSString).lastPathComponent
        let (episodes, lines, problems) = StudyTableParsers.support(try CSVTable(path: path, displayName: name), checker: checker, period: period)
        notPlaced += problems.map { InputProblem(file: name, line: $0.line, column: $0.column, message: $0.message + ": row left out", severity: .warning) }
        let reported = Set(problems.map(\.line))
        return zip(episodes, lines).compactMap { original, line in
            guard !reported.contains(line) else { return nil }
            var episode = original
            episode.laCode = recode[episode.laCode] ?? episode.laCode
            episode.providerLACode = episode.providerLACode.map { recode[$0] ?? $0 }
            let codes = [episode.laCode] + (episode.providerLACode.map { [$0] } ?? [])
            guard let missing = codes.first(where: { checker.studyLAs[$0] == nil }) else { return episode }
            notPlaced.append(InputProblem(file: name, line: line, column: 1,
                                          message: "\(missing) is not one of the study's LAs: row left out", severity: .warning))
            return nil
        }
    }

    /// The standard EES columns of a file, which are neither filters nor indicators.
    static let geographyColumns: Set<String> = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                                                "region_code", "region_name", "old_la_code", "new_la_code", "la_name"]

    /// One EES file: its National, Regional and LA rows inside the study period, less LA rows
    /// whose LAs (every part of a combined code) are not in the study, which are reported once
    /// per code with their years. Metadata from the `.meta.csv` beside it, else inferred.
    static func indicatorFile(_ name: String, path: String, known: Set<String>, recode: [String: String], period: StudyPeriod,
                              notPlaced: inout [InputProblem]) throws -> IndicatorFile {
        let display = (path as NSString).lastPathComponent
        let metaPath = path.hasSuffix(".csv") ? String(path.dropLast(4)) + ".meta.csv" : path + ".meta.csv"
        var meta: [EESMetaRow]?
        if FileManager.default.fileExists(atPath: metaPath) {
            let read = EESReader.readMeta(try CSVTable(path: metaPath, displayName: (metaPath as NSString).lastPathComponent))
            guard read.problems.isEmpty else { throw StudyInvalid(problems: read.problems) }
            meta = read.rows
        }
        let result = try EESReader.read(path: path, displayName: display, meta: meta)
        guard !result.problems.contains(where: { $0.severity == .error }) else { throw StudyInvalid(problems: result.problems) }
        let table = result.table
        if meta == nil {
            let stem = display.hasSuffix(".csv") ? String(display.dropLast(4)) : display
            notPlaced.append(EESFormat.inferredTypes(table, file: display, stem: stem))
        }
        let levels = table.text("geographic_level"), codes = table.text("new_la_code"), periods = table.text("time_period")
        var left: [String: [Int]] = [:], recoded: [String: [Int]] = [:]
        var newCodes: [String] = []
        let keep = (0..<table.rowCount).filter { row in
            guard let year = periods.flatMap({ Int($0[row].prefix(4)) }), period.contains(reportingYear: year) else { return false }
            guard levels?[row] == "Local authority", let code = codes?[row] else { newCodes.append(codes?[row] ?? ""); return true }
            let parts = code.split(separator: "/").map { $0.trimmingCharacters(in: .whitespaces) }
            let mapped = parts.map { recode[$0] ?? $0 }
            guard mapped.allSatisfy(known.contains) else {
                left[code, default: []].append(year)
                return false
            }
            if mapped != parts { recoded[code, default: []].append(year) }
            newCodes.append(mapped.joined(separator: " / "))
            return true
        }
        for code in recoded.keys.sorted() {
            let years = recoded[code]!
            notPlaced.append(InputProblem(file: display, line: 0, column: 0,
                                          message: "\(years.count) LA rows of \(code) (\(years.min()!)–\(years.max()!)) placed under \(recode[code] ?? code): the same LA under its earlier ONS code", severity: .warning))
        }
        for code in left.keys.sorted() {
            let years = left[code]!
            notPlaced.append(InputProblem(file: display, line: 0, column: 0,
                                          message: "\(years.count) LA rows of \(code) (\(years.min()!)–\(years.max()!)) left out: not one of the study's LAs", severity: .warning))
        }
        var kept = table.selectingRows(keep)
        if let index = kept.columnIndex("new_la_code") { kept.columns[index] = .text(newCodes) }
        return IndicatorFile(name: name, table: kept, meta: meta ?? inferredMeta(table))
    }

    /// Indicator columns as indicators, other non-geography text columns as filters.
    static func inferredMeta(_ table: EESTable) -> [EESMetaRow] {
        zip(table.columnNames, table.columns).compactMap { name, column in
            switch column {
            case .indicator: EESMetaRow(colName: name, colType: .indicator, label: name)
            case .text: geographyColumns.contains(name) ? nil : EESMetaRow(colName: name, colType: .filter, label: name)
            }
        }
    }
}

extension EESTable {
    /// The table with only the given rows, in the order given.
    func selectingRows(_ rows: [Int]) -> EESTable {
        EESTable(columnNames: columnNames, columns: columns.map { column in
            switch column {
            case .text(let values): .text(rows.map { values[$0] })
            case .indicator(let values): .indicator(rows.map { values[$0] })
            }
        }, sourceLines: rows.map { sourceLines[$0] })
    }
}
