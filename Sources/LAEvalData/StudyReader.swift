import Foundation
import LAEvalCore

/// A study read without errors, with any warnings found on the way.
public struct LoadedStudy: Sendable {
    public var study: Study
    public var warnings: [InputProblem]
    /// DfE's published neighbour groupings, when `plan.neighbours.published` names a file.
    public var publishedNeighbours: PublishedNeighbourGroupings? = nil
}

/// Raised when a study folder has errors: every problem found, in file and line order.
public struct StudyInvalid: Error, Sendable, CustomStringConvertible {
    public var problems: [InputProblem]

    public var errors: [InputProblem] { problems.filter { $0.severity == .error } }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}

/// Reads a study folder (design.md §4), all or nothing: any error and no study is returned.
public enum StudyReader {
    /// Reads and validates the folder. Throws `StudyInvalid` listing every problem if any is an error.
    public static func read(folder: String, lookup: LALookup = .dfe) throws -> LoadedStudy {
        let (study, problems) = check(folder: folder, lookup: lookup)
        guard let study, !problems.contains(where: { $0.severity == .error }) else { throw StudyInvalid(problems: problems) }
        let published = publishedNeighbours(folder: folder, plan: study.description.plan.neighbours)
        guard published.problems.isEmpty else { throw StudyInvalid(problems: published.problems) }
        return LoadedStudy(study: study, warnings: problems, publishedNeighbours: published.groupings)
    }

    /// Reads the groupings file `plan.neighbours.published` names, if any.
    static func publishedNeighbours(folder: String, plan: NeighbourPlan) -> (groupings: PublishedNeighbourGroupings?, problems: [InputProblem]) {
        guard let name = plan.published else { return (nil, []) }
        do {
            return (try PublishedNeighbourGroupings(path: (folder as NSString).appendingPathComponent(name), displayName: name), [])
        } catch let problem as InputProblem {
            return (nil, [problem])
        } catch {
            return (nil, [InputProblem(file: name, line: 0, column: 0, message: "\(error)")])
        }
    }

    /// Reads and validates the folder, returning every problem (errors and warnings); the study
    /// is nil when any problem is an error.
    public static func check(folder: String, lookup: LALookup = .dfe) -> (study: Study?, problems: [InputProblem]) {
        var problems: [InputProblem] = []
        func path(_ name: String) -> String { (folder as NSString).appendingPathComponent(name) }
        func table(_ name: String) -> CSVTable? {
            do { return try CSVTable(path: path(name), displayName: name) } catch let problem as InputProblem {
                problems.append(problem)
            } catch {
                problems.append(InputProblem(file: name, line: 0, column: 0, message: "\(error)"))
            }
            return nil
        }

        var description: StudyDescription?
        let yamlText = FileManager.default.contents(atPath: path(StudyYAML.fileName)).map { String(decoding: $0, as: UTF8.self) }
        if let yamlText {
            let parsed = StudyYAML.read(yamlText)
            description = parsed.description
            problems += parsed.problems
        } else {
            problems.append(InputProblem(file: StudyYAML.fileName, line: 0, column: 0,
                                         message: "cannot read the file: expected \(StudyYAML.fileName) in \(folder)"))
        }

        var localAuthorities: [LocalAuthority] = []
        var listedCodes: Set<String> = []
        if let lasTable = table(StudyTables.localAuthoritiesFile) {
            let parsed = StudyTableParsers.localAuthorities(lasTable, lookup: lookup, laSet: description?.laSet)
            localAuthorities = parsed.0
            problems += parsed.1
            if let column = lasTable.header.firstIndex(of: "new_la_code") {
                listedCodes = Set(lasTable.rows.compactMap { column < $0.count ? $0[column] : nil })
            }
        }
        var checker = LACodeChecker(lookup: lookup, studyLAs: Dictionary(localAuthorities.map { ($0.newCode, $0) }, uniquingKeysWith: { a, _ in a }))
        checker.listedCodes = listedCodes
        let period = description?.period

        var inspections: [Inspection] = []
        if let inspectionTable = table(StudyTables.inspectionsFile) {
            let parsed = StudyTableParsers.inspections(inspectionTable, checker: checker, period: period)
            inspections = parsed.0
            problems += parsed.1
        }
        var support: [SupportEpisode] = []
        if let supportTable = table(StudyTables.supportFile) {
            let parsed = StudyTableParsers.support(supportTable, checker: checker, period: period)
            support = parsed.0
            problems += parsed.2
            problems += StudyRules.supportRules(support: support, lines: parsed.1, inspections: inspections, checker: checker)
        }
        var costs: [Cost] = []
        if let costTable = table(StudyTables.costsFile) {
            let parsed = StudyTableParsers.costs(costTable, checker: checker)
            costs = parsed.0
            problems += parsed.1
        }
        let survey = SurveyReader.read(folder: folder, checker: checker)
        problems += survey.problems
        let indicators = readIndicatorFiles(folder: path(StudyTables.indicatorsFolder), checker: checker, description: description)
        problems += indicators.problems
        if let description, let yamlText {
            problems += StudyRules.outcomeRules(plan: description.plan, files: indicators.files, yamlText: yamlText)
            problems += StudyRules.covariateRules(plan: description.plan, localAuthorities: localAuthorities, yamlText: yamlText)
            problems += publishedNeighbours(folder: folder, plan: description.plan.neighbours).problems
        }

        problems = ordered(problems)
        guard let description, !problems.contains(where: { $0.severity == .error }) else { return (nil, problems) }
        let study = Study(description: description, localAuthorities: localAuthorities, inspections: inspections,
                          support: support, costs: costs, indicatorFiles: indicators.files, survey: survey.survey)
        return (study, problems)
    }

    /// The EES files of `indicators/`, each with its `.meta.csv`, in file-name order.
    static func readIndicatorFiles(folder: String, checker: LACodeChecker, description: StudyDescription?)
        -> (files: [IndicatorFile], problems: [InputProblem]) {
        let folderName = StudyTables.indicatorsFolder
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else {
            return ([], [InputProblem(file: folderName, line: 0, column: 0,
                                      message: "cannot read the folder: expected \(folderName)/ with EES indicator files")])
        }
        let stems = names.filter { $0.hasSuffix(".csv") && !$0.hasSuffix(".meta.csv") }.map { String($0.dropLast(4)) }.sorted()
        var files: [IndicatorFile] = []
        var problems: [InputProblem] = []
        for stem in stems {
            let dataName = "\(folderName)/\(stem).csv", metaName = "\(folderName)/\(stem).meta.csv"
            let metaPath = (folder as NSString).appendingPathComponent("\(stem).meta.csv")
            guard FileManager.default.fileExists(atPath: metaPath) else {
                problems.append(InputProblem(file: dataName, line: 1, column: 1, message: "no metadata file: expected \(stem).meta.csv beside it"))
                continue
            }
            do {
                let meta = EESReader.readMeta(try CSVTable(path: metaPath, displayName: metaName))
                problems += meta.problems
                let result = try EESReader.read(path: (folder as NSString).appendingPathComponent("\(stem).csv"),
                                                displayName: dataName, meta: meta.rows, metaFile: "\(stem).meta.csv")
                problems += result.problems
                if let description, !result.problems.contains(where: { $0.severity == .error }) {
                    problems += IndicatorChecks.check(result.table, file: dataName, checker: checker, study: description)
                }
                files.append(IndicatorFile(name: stem, table: result.table, meta: meta.rows))
            } catch let problem as InputProblem {
                problems.append(problem)
            } catch {
                problems.append(InputProblem(file: dataName, line: 0, column: 0, message: "\(error)"))
            }
        }
        return (files, problems)
    }

    /// Problems in the order a person reads the folder: study.yaml, the tables, then indicators.
    static func ordered(_ problems: [InputProblem]) -> [InputProblem] {
        let fileOrder = [StudyYAML.fileName, StudyTables.localAuthoritiesFile, StudyTables.inspectionsFile,
                         StudyTables.supportFile, StudyTables.costsFile, StudyTables.surveyWavesFile,
                         StudyTables.surveyRespondentsFile, StudyTables.surveyResponsesFile]
        func rank(_ file: String) -> Int { fileOrder.firstIndex(of: file) ?? fileOrder.count }
        return problems.enumerated().sorted { a, b in
            let (x, y) = (a.element, b.element)
            if rank(x.file) != rank(y.file) { return rank(x.file) < rank(y.file) }
            if x.file != y.file { return x.file < y.file }
            if x.line != y.line { return x.line < y.line }
            if x.column != y.column { return x.column < y.column }
            return a.offset < b.offset
        }.map(\.element)
    }
}
