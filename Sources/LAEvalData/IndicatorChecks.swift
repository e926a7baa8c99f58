import LAEvalCore

/// Study-level checks of an indicator file's LA rows: codes against DfE's lookup and the
/// study's LA set, and years against the study period.
enum IndicatorChecks {
    static func check(_ table: EESTable, file: String, checker: LACodeChecker, study: StudyDescription) -> [InputProblem] {
        var problems = ProblemList(file: file)
        guard let levels = table.text("geographic_level"), let periods = table.text("time_period") else { return [] }
        let newCodes = table.text("new_la_code"), oldCodes = table.text("old_la_code")
        let newColumn = (table.columnIndex("new_la_code") ?? 0) + 1
        let oldColumn = (table.columnIndex("old_la_code") ?? 0) + 1
        let periodColumn = (table.columnIndex("time_period") ?? 0) + 1
        var verdicts: [[Int32]: (column: Int, message: String)?] = [:]
        var outsidePeriod = 0
        var firstOutsideLine = 0
        for row in 0..<table.rowCount {
            let line = table.sourceLines[row]
            let year = reportingYear(periods[row])
            if let year, !study.period.contains(reportingYear: year) {
                if outsidePeriod == 0 { firstOutsideLine = line }
                outsidePeriod += 1
            }
            guard levels[row] == "Local authority" else { continue }
            guard let newCodes, let oldCodes else {
                problems.add(line: line, column: 1, "Local authority rows need new_la_code and old_la_code columns")
                break
            }
            let key = [newCodes.codes[row], oldCodes.codes[row], periods.codes[row]]
            let verdict: (column: Int, message: String)?
            if let cached = verdicts[key] {
                verdict = cached
            } else {
                verdict = codeProblem(newCode: newCodes[row], oldCode: oldCodes[row], year: year, checker: checker,
                                      study: study, newColumn: newColumn, oldColumn: oldColumn)
                verdicts[key] = verdict
            }
            if let verdict { problems.add(line: line, column: verdict.column, verdict.message) }
        }
        if outsidePeriod > 0 {
            problems.add(line: firstOutsideLine, column: periodColumn,
                         "\(outsidePeriod) rows have a time_period outside the study period \(study.period.firstYear) to \(study.period.lastYear); they are kept but not analysed",
                         severity: .warning)
        }
        return problems.all
    }

    /// The reporting year a time period ends in: 2024 → 2024, 202324 → 2024.
    static func reportingYear(_ period: String) -> Int? {
        guard let value = Int(period) else { return nil }
        switch period.utf8.count {
        case 4: return value
        case 6: return value / 100 + 1
        default: return nil
        }
    }

    private static func codeProblem(newCode: String, oldCode: String, year: Int?, checker: LACodeChecker,
                                    study: StudyDescription, newColumn: Int, oldColumn: Int) -> (column: Int, message: String)? {
        // Combined rows such as "940 / 941" (one service for two LAs) are checked part by part.
        guard let pairs = EESCodeCheck.parts(newCode, oldCode) else { return (oldColumn, EESCodeCheck.mismatchedParts(newCode, oldCode)) }
        for (newPart, oldPart) in pairs {
            // an LA whose own row in local_authorities.csv is bad is reported there, once
            if checker.studyLAs[newPart] == nil, checker.listedCodes.contains(newPart) { continue }
            if let problem = checker.pairProblem(newCode: newPart, oldCode: oldPart) {
                return (problem.column == "new_la_code" ? newColumn : oldColumn, problem.message)
            }
            switch study.laSet.boundaries {
            case .harmonised:
                if checker.studyLAs[newPart] == nil, !checker.listedCodes.contains(newPart) {
                    return (newColumn, "LA code \(newPart) is not in the study's LA set (local_authorities.csv): the study uses harmonised boundaries as at \(study.laSet.asAt)")
                }
            case .asPublished:
                let entry = checker.lookup.entry(newCode: newPart, oldCode: oldPart)!
                if let year, !entry.isLive(inReportingYear: year) {
                    return (newColumn, "LA \(newPart) (\(oldPart)) was not live in reporting year \(year): DfE's lookup has it from \(entry.validFrom) to \(entry.validTo.map(\.description) ?? "now")")
                }
            }
        }
        return nil
    }
}
