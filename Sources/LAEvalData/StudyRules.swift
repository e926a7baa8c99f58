import LAEvalCore

/// Rules that join several files of a study: who may give or receive which support.
enum StudyRules {
    /// A Partner in Practice must be rated Good or better when its support starts (error); an
    /// intervention should follow an Inadequate judgement (warning: real data has edge cases).
    static func supportRules(support: [SupportEpisode], lines: [Int], inspections: [Inspection],
                             checker: LACodeChecker) -> [InputProblem] {
        var problems: [InputProblem] = []
        let file = StudyTables.supportFile
        let providerColumn = StudyTables.supportColumns.firstIndex(of: "provider_la_code")! + 1
        let startColumn = StudyTables.supportColumns.firstIndex(of: "start_date")! + 1
        let byLA = Dictionary(grouping: inspections, by: \.laCode)
        for (episode, line) in zip(support, lines) {
            if episode.model == .pipPartner, let provider = episode.providerLACode, checker.studyLAs[provider] != nil {
                let grade = (byLA[provider] ?? []).gradeInForce(for: provider, on: episode.start)
                if let grade, !grade.isGoodOrBetter {
                    problems.append(InputProblem(file: file, line: line, column: providerColumn,
                        message: "PiP provider \(provider) (\(checker.name(provider))) is rated \(grade.label) when this support starts on \(episode.start): a Partner in Practice must be Good or Outstanding"))
                } else if grade == nil {
                    problems.append(InputProblem(file: file, line: line, column: providerColumn,
                        message: "PiP provider \(provider) (\(checker.name(provider))) has no graded inspection before this support starts on \(episode.start): a Partner in Practice must be Good or Outstanding"))
                }
            }
            if episode.programme == .intervention {
                let inadequateBefore = (byLA[episode.laCode] ?? []).contains { $0.overall == .inadequate && $0.date <= episode.start }
                if !inadequateBefore {
                    problems.append(InputProblem(file: file, line: line, column: startColumn,
                        message: "intervention support starts on \(episode.start) but \(episode.laCode) (\(checker.name(episode.laCode))) has no Inadequate judgement before it",
                        severity: .warning))
                }
            }
        }
        return problems
    }

    /// Every outcome of the plan must name an indicator file and an Indicator row of its metadata.
    static func outcomeRules(plan: AnalysisPlan, files: [IndicatorFile], yamlText: String) -> [InputProblem] {
        var problems: [InputProblem] = []
        let byName = Dictionary(files.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        for outcome in plan.outcomes {
            let line = lineOf("indicator: \"\(outcome.indicator)\"", in: yamlText) ?? lineOf(outcome.indicator, in: yamlText) ?? 1
            guard let file = byName[outcome.file] else {
                problems.append(InputProblem(file: StudyYAML.fileName, line: line, column: 1,
                    message: "outcome \(outcome.indicator): no indicator file \(StudyTables.indicatorsFolder)/\(outcome.file).csv"))
                continue
            }
            if !file.meta.contains(where: { outcome.columnNames.contains($0.colName) && $0.colType == .indicator }) {
                let names = outcome.aliases.isEmpty ? "" : " (nor for its aliases \(outcome.aliases.joined(separator: ", ")))"
                problems.append(InputProblem(file: StudyYAML.fileName, line: line, column: 1,
                    message: "outcome \(outcome.indicator): \(StudyTables.indicatorsFolder)/\(outcome.file).meta.csv has no Indicator row for it\(names)"))
            }
        }
        return problems
    }

    /// Every covariate of `plan.impact` and every variable of `plan.neighbours` must be a numeric
    /// context column of local_authorities.csv.
    static func covariateRules(plan: AnalysisPlan, localAuthorities: [LocalAuthority], yamlText: String) -> [InputProblem] {
        guard !localAuthorities.isEmpty else { return [] }
        let columns = Set(localAuthorities.flatMap(\.context.keys))
        let expected = "expected one of \(columns.sorted().joined(separator: ", "))"
        let covariates = plan.impact.covariates.filter { !columns.contains($0) }.map { name in
            InputProblem(file: StudyYAML.fileName, line: lineOf("covariates:", in: yamlText) ?? 1, column: 1,
                         message: "plan.impact.covariates: \(name) is not a context column of \(StudyTables.localAuthoritiesFile): \(expected)")
        }
        let neighbours = plan.neighbours.variables.filter { !columns.contains($0) }.map { name in
            InputProblem(file: StudyYAML.fileName, line: lineOf("variables:", in: yamlText) ?? 1, column: 1,
                         message: "plan.neighbours.variables: \(name) is not a context column of \(StudyTables.localAuthoritiesFile): \(expected)")
        }
        return covariates + neighbours
    }

    private static func lineOf(_ needle: String, in text: String) -> Int? {
        for (number, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where line.contains(needle) {
            return number + 1
        }
        return nil
    }
}
