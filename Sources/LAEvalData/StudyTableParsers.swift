import LAEvalCore

/// Parses each CSV table of the study folder into domain values, collecting problems.
enum StudyTableParsers {
    static func localAuthorities(_ table: CSVTable, lookup: LALookup, laSet: LASetDefinition?) -> ([LocalAuthority], [InputProblem]) {
        var rows = TableRows(table, required: StudyTables.localAuthorityColumns, allowExtra: true)
        guard rows.headerIsUsable else { return ([], rows.problems) }
        let contextColumns = table.header.filter { !StudyTables.localAuthorityColumns.contains($0) }
        let checker = LACodeChecker(lookup: lookup, studyLAs: [:])
        var result: [LocalAuthority] = []
        var firstLine: [String: Int] = [:]
        for row in rows.wellFormedRows() {
            let newCode = row["new_la_code"], oldCode = row["old_la_code"]
            if let earlier = firstLine[newCode] {
                rows.fail(row, "new_la_code", "duplicate row: LA \(newCode) is already on line \(earlier)")
                continue
            }
            firstLine[newCode] = row.line
            if let problem = checker.pairProblem(newCode: newCode, oldCode: oldCode) {
                rows.fail(row, problem.column, problem.message)
                continue
            }
            let entry = lookup.entry(newCode: newCode, oldCode: oldCode)!
            if let laSet, !entry.isLive(on: laSet.asAt) {
                rows.fail(row, "new_la_code", "LA \(newCode) (\(entry.name)) is not live on \(laSet.asAt), the date of the study's LA set: DfE's lookup has it from \(entry.validFrom) to \(entry.validTo.map(\.description) ?? "now")")
            }
            if row["region_code"] != entry.regionCode {
                rows.fail(row, "region_code", "region_code '\(row["region_code"])' does not match DfE's lookup: \(newCode) is in \(entry.regionCode) (\(entry.regionName))")
            }
            var context: [String: Double] = [:]
            for name in contextColumns where !row[name].isEmpty {
                if let value = rows.number(row, name) { context[name] = value }
            }
            result.append(LocalAuthority(newCode: newCode, oldCode: oldCode, name: row["la_name"], regionCode: row["region_code"],
                                         regionName: row["region_name"], alliance: row["alliance"], context: context))
        }
        return (result, rows.problems)
    }

    static func inspections(_ table: CSVTable, checker: LACodeChecker, period: StudyPeriod?) -> ([Inspection], [InputProblem]) {
        var rows = TableRows(table, required: StudyTables.inspectionColumns, allowExtra: false)
        guard rows.headerIsUsable else { return ([], rows.problems) }
        var result: [Inspection] = []
        var firstLine: [String: Int] = [:]
        for row in rows.wellFormedRows() {
            if let message = checker.studyCodeProblem(row["new_la_code"]) { rows.fail(row, "new_la_code", message) }
            let date = rows.date(row, "inspection_date", period: period)
            let framework = rows.choice(row, "framework", "framework", as: InspectionFramework.self)
            let kind = rows.choice(row, "kind", "inspection kind", as: InspectionKind.self)
            var overall: Grade?
            if !row["overall"].isEmpty { overall = rows.choice(row, "overall", "grade", as: Grade.self) }
            var subJudgements: [SubJudgement: Grade] = [:]
            for sub in SubJudgement.allCases where !row[sub.rawValue].isEmpty {
                if let grade = rows.choice(row, sub.rawValue, "grade", as: Grade.self) { subJudgements[sub] = grade }
            }
            guard let date, let framework, let kind else { continue }
            if kind.isGraded, row["overall"].isEmpty {
                rows.fail(row, "overall", "a \(kind.rawValue) inspection needs an overall grade: expected outstanding, good, requiresImprovement or inadequate")
            } else if !kind.isGraded, !row["overall"].isEmpty {
                rows.fail(row, "overall", "a \(kind.rawValue) carries no grade: expected overall to be blank")
            }
            let key = "\(row["new_la_code"])|\(date)|\(kind.rawValue)"
            if let earlier = firstLine[key] {
                rows.fail(row, "new_la_code", "duplicate row: \(row["new_la_code"]) already has a \(kind.rawValue) on \(date) (line \(earlier))")
                continue
            }
            firstLine[key] = row.line
            result.append(Inspection(laCode: row["new_la_code"], date: date, framework: framework, kind: kind,
                                     overall: overall, subJudgements: subJudgements))
        }
        return (result, rows.problems)
    }

    /// Parsed support episodes with the line each came from (for the cross-file rules).
    static func support(_ table: CSVTable, checker: LACodeChecker, period: StudyPeriod?) -> ([SupportEpisode], [Int], [InputProblem]) {
        var rows = TableRows(table, required: StudyTables.supportColumns, allowExtra: false)
        guard rows.headerIsUsable else { return ([], [], rows.problems) }
        var result: [SupportEpisode] = []
        var lines: [Int] = []
        var firstLine: [[String]: Int] = [:]
        for row in rows.wellFormedRows() {
            if let earlier = firstLine[row.fields] {
                rows.fail(row, "new_la_code", "duplicate row: same as line \(earlier)")
                continue
            }
            firstLine[row.fields] = row.line
            if let message = checker.studyCodeProblem(row["new_la_code"]) { rows.fail(row, "new_la_code", message) }
            let provider = row["provider_la_code"].isEmpty ? nil : row["provider_la_code"]
            if let provider, let message = checker.studyCodeProblem(provider) { rows.fail(row, "provider_la_code", message) }
            let programme = rows.choice(row, "programme", "programme", as: Programme.self)
            let model = rows.choice(row, "model", "model", as: SupportModel.self)
            if let programme, let model, model.programme != programme {
                rows.fail(row, "model", "model \(model.rawValue) belongs to programme \(model.programme.rawValue), not \(programme.rawValue)")
            }
            if model == .pipPartner, provider == nil {
                rows.fail(row, "provider_la_code", "pipPartner support needs provider_la_code: the Partner in Practice's ONS code")
            }
            var activities: [SupportActivity] = []
            for name in row["activity"].split(separator: StudyTables.activitySeparator, omittingEmptySubsequences: true) {
                if let activity = SupportActivity(rawValue: String(name)) {
                    activities.append(activity)
                } else {
                    rows.fail(row, "activity", "unknown activity '\(name)': expected \(TableRows.list(SupportActivity.allCases.map(\.rawValue))), separated by ;")
                }
            }
            let start = rows.date(row, "start_date", period: period)
            let end = row["end_date"].isEmpty ? nil : rows.date(row, "end_date", period: period)
            if let start, let end, end < start {
                rows.fail(row, "end_date", "support ends on \(end) before it starts on \(start)")
            }
            let intensity = row["intensity"].isEmpty ? nil : rows.number(row, "intensity")
            guard let programme, let model, let start else { continue }
            result.append(SupportEpisode(laCode: row["new_la_code"], programme: programme, model: model, providerLACode: provider,
                                         activities: activities, start: start, end: end, intensity: intensity))
            lines.append(row.line)
        }
        return (result, lines, rows.problems)
    }

    static func costs(_ table: CSVTable, checker: LACodeChecker) -> ([Cost], [InputProblem]) {
        var rows = TableRows(table, required: StudyTables.costColumns, allowExtra: false)
        guard rows.headerIsUsable else { return ([], rows.problems) }
        var result: [Cost] = []
        var firstLine: [[String]: Int] = [:]
        for row in rows.wellFormedRows() {
            if let earlier = firstLine[row.fields] {
                rows.fail(row, "programme", "duplicate row: same as line \(earlier)")
                continue
            }
            firstLine[row.fields] = row.line
            let programme = rows.choice(row, "programme", "programme", as: Programme.self)
            var model: SupportModel?
            if !row["model"].isEmpty {
                model = rows.choice(row, "model", "model", as: SupportModel.self)
                if let programme, let model, model.programme != programme {
                    rows.fail(row, "model", "model \(model.rawValue) belongs to programme \(model.programme.rawValue), not \(programme.rawValue)")
                }
            }
            let laCode = row["new_la_code"].isEmpty ? nil : row["new_la_code"]
            if let laCode, let message = checker.studyCodeProblem(laCode) { rows.fail(row, "new_la_code", message) }
            let period = rows.wholeNumber(row, "time_period", digits: 6, example: "201819")
            if let period, (period / 100) % 100 != (period % 100 + 99) % 100 {
                rows.fail(row, "time_period", "time_period '\(period)' is not a financial year: expected consecutive years such as 201819")
            }
            let amount = rows.number(row, "amount_gbp")
            if let amount, amount < 0 { rows.fail(row, "amount_gbp", "amount_gbp \(row["amount_gbp"]) is negative: expected a cost of 0 or more") }
            let priceBase = rows.wholeNumber(row, "price_base", digits: 4, example: "2024")
            let kind = rows.choice(row, "kind", "cost kind", as: Cost.Kind.self)
            guard let programme, let period, let amount, let priceBase, let kind else { continue }
            result.append(Cost(programme: programme, model: model, laCode: laCode, timePeriod: period, amountGBP: amount,
                               priceBase: priceBase, kind: kind))
        }
        return (result, rows.problems)
    }
}
