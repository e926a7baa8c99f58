import Foundation
import LAEvalCore

/// Reads and checks the study folder's `survey/` (the longitudinal survey as the web service
/// exports it), all or nothing like the rest of the folder, every problem as `file:line:column`:
///
/// - `survey/waves.csv`: `wave,questionnaire,opened,closed`, waves 1, 2, 3… in the order they
///   ran, each naming its questionnaire file in `survey/` (read by `QuestionnaireYAML`);
/// - `survey/respondents.csv`: `wave,respondent_id,new_la_code,role,status,started_at,submitted_at`;
/// - `survey/responses.csv`: `wave,respondent_id,new_la_code,question_id,value`, one row per
///   answer value, each checked against the question of that wave's questionnaire.
///
/// A study without `survey/` has no survey: the result is nil with no problem.
enum SurveyReader {
    static func read(folder: String, checker: LACodeChecker) -> (survey: SurveyData?, problems: [InputProblem]) {
        let surveyFolder = (folder as NSString).appendingPathComponent(StudyTables.surveyFolder)
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: surveyFolder, isDirectory: &isDirectory), isDirectory.boolValue else { return (nil, []) }
        var problems: [InputProblem] = []
        func table(_ name: String) -> CSVTable? {
            let path = (folder as NSString).appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: path) else {
                problems.append(InputProblem(file: name, line: 0, column: 0,
                                             message: "cannot read the file: a study with survey/ needs \(name) (see the README's study-folder table)"))
                return nil
            }
            do { return try CSVTable(path: path, displayName: name) } catch let problem as InputProblem {
                problems.append(problem)
            } catch {
                problems.append(InputProblem(file: name, line: 0, column: 0, message: "\(error)"))
            }
            return nil
        }
        var reader = Checks(folder: surveyFolder, checker: checker)
        let wavesTable = table(StudyTables.surveyWavesFile)
        let respondentsTable = table(StudyTables.surveyRespondentsFile)
        let responsesTable = table(StudyTables.surveyResponsesFile)
        if let wavesTable { reader.waves(wavesTable) }
        if let respondentsTable { reader.respondents(respondentsTable) }
        // a file that cannot be used is reported once, not again at every row that refers to it
        if let responsesTable { reader.responses(responsesTable) }
        problems += reader.problems
        guard wavesTable != nil, respondentsTable != nil, responsesTable != nil, !problems.contains(where: { $0.severity == .error }) else {
            return (nil, problems)
        }
        return (SurveyData(waves: reader.waves, respondents: reader.respondents, responses: reader.responses), problems)
    }

    struct Checks {
        let folder: String
        let checker: LACodeChecker
        var problems: [InputProblem] = []
        var waves: [SurveyWave] = []
        var respondents: [SurveyRespondent] = []
        var responses: [SurveyResponse] = []
        /// Every wave number listed in waves.csv, usable or not, so that a bad wave row is
        /// reported once and not again at every respondent and answer of that wave.
        var listedWaves: Set<Int> = []
        /// The questionnaire of each wave that has a readable one.
        var questionnaires: [Int: (file: String, questionnaire: Questionnaire)] = [:]
        /// Every respondent listed (usable or not), and the usable ones with their line.
        var listedRespondents: Set<SurveyRespondent.Key> = []
        var respondentLines: [SurveyRespondent.Key: (respondent: SurveyRespondent, line: Int)] = [:]
        /// Whether waves.csv and respondents.csv could be read with their columns: when not,
        /// their problem is reported once and other files' references to them are not checked.
        var wavesRead = false
        var respondentsRead = false

        init(folder: String, checker: LACodeChecker) {
            self.folder = folder
            self.checker = checker
        }

        mutating func waves(_ table: CSVTable) {
            var rows = TableRows(table, required: StudyTables.surveyWaveColumns, allowExtra: false)
            defer { problems += rows.problems }
            guard rows.headerIsUsable else { return }
            wavesRead = true
            var parsedFiles: [String: Questionnaire?] = [:]
            var firstLine: [Int: Int] = [:]
            var lastWave = 0
            var previous: (wave: Int, closed: CalendarDate)?
            for row in rows.wellFormedRows() {
                guard let wave = Self.waveNumber(row, &rows) else { continue }
                listedWaves.insert(wave)
                if let earlier = firstLine[wave] {
                    rows.fail(row, "wave", "duplicate row: wave \(wave) is already on line \(earlier)")
                    continue
                }
                firstLine[wave] = row.line
                let expected = lastWave + 1
                lastWave = wave
                if wave != expected {
                    rows.fail(row, "wave", "wave \(wave) is out of order: expected wave \(expected) (waves are numbered 1, 2, 3… in the order they ran)")
                }
                let opened = rows.date(row, "opened", period: nil)
                let closed = rows.date(row, "closed", period: nil)
                if let opened, let closed, closed < opened {
                    rows.fail(row, "closed", "wave \(wave) closes on \(closed) before it opens on \(opened)")
                }
                if let opened, let previous, opened <= previous.closed {
                    rows.fail(row, "opened", "wave \(wave) opens on \(opened), before wave \(previous.wave) closes on \(previous.closed)")
                }
                if let closed { previous = (wave, closed) }
                let file = row["questionnaire"]
                var questionnaire: Questionnaire?
                if file.isEmpty || file.contains("/") || file.contains("\\") || file.hasPrefix(".") {
                    rows.fail(row, "questionnaire", "questionnaire '\(file)' is not valid: expected a file name in survey/ such as questionnaire-v1.yaml")
                } else if let parsed = parsedFiles[file] {
                    questionnaire = parsed
                } else {
                    let path = (folder as NSString).appendingPathComponent(file)
                    if let data = FileManager.default.contents(atPath: path) {
                        switch QuestionnaireYAML.read(String(decoding: data, as: UTF8.self), file: "\(StudyTables.surveyFolder)/\(file)") {
                        case .success(let value): questionnaire = value
                        case .failure(let invalid): problems += invalid.problems
                        }
                    } else {
                        rows.fail(row, "questionnaire", "questionnaire file \(StudyTables.surveyFolder)/\(file) does not exist")
                    }
                    parsedFiles[file] = questionnaire
                }
                if let questionnaire { questionnaires[wave] = (file, questionnaire) }
                guard let opened, let closed, let questionnaire else { continue }
                waves.append(SurveyWave(wave: wave, questionnaireFile: file, questionnaire: questionnaire, opened: opened, closed: closed))
            }
        }

        static func waveNumber(_ row: TableRows.Row, _ rows: inout TableRows) -> Int? {
            let text = row["wave"]
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), text.utf8.count <= 6, let value = Int(text), value >= 1 else {
                rows.fail(row, "wave", "wave '\(text)' is not valid: expected a whole number 1, 2, 3…")
                return nil
            }
            return value
        }

        /// A wave number that waves.csv lists, or nil after reporting the problem (silently when
        /// waves.csv's own row for it had a problem).
        func knownWave(_ row: TableRows.Row, _ rows: inout TableRows) -> Int? {
            guard let wave = Self.waveNumber(row, &rows) else { return nil }
            guard wavesRead else { return nil }
            guard listedWaves.contains(wave) else {
                let listed = listedWaves.sorted().map(String.init)
                let named = listed.count < 2 ? listed.first.map { "wave \($0)" } ?? "no waves"
                    : "waves " + listed.dropLast().joined(separator: ", ") + " and " + listed.last!
                rows.fail(row, "wave", "unknown wave \(wave): \(StudyTables.surveyWavesFile) lists \(named)")
                return nil
            }
            return wave
        }

        mutating func respondents(_ table: CSVTable) {
            var rows = TableRows(table, required: StudyTables.surveyRespondentColumns, allowExtra: false)
            defer { problems += rows.problems }
            guard rows.headerIsUsable else { return }
            respondentsRead = true
            var firstLine: [SurveyRespondent.Key: Int] = [:]
            for row in rows.wellFormedRows() {
                let wave = knownWave(row, &rows)
                let id = row["respondent_id"]
                if id.isEmpty { rows.fail(row, "respondent_id", "respondent_id is empty: expected the respondent's id") }
                if let wave, !id.isEmpty {
                    let key = SurveyRespondent.Key(wave: wave, respondentID: id)
                    if let earlier = firstLine[key] {
                        rows.fail(row, "respondent_id", "duplicate row: respondent \(id) is already in wave \(wave) on line \(earlier)")
                        continue
                    }
                    firstLine[key] = row.line
                    listedRespondents.insert(key)
                }
                let laProblem = checker.studyCodeProblem(row["new_la_code"])
                if let laProblem { rows.fail(row, "new_la_code", laProblem) }
                let status = rows.choice(row, "status", "status", as: SurveyStatus.self)
                let startedAt = timestamp(row, "started_at", &rows)
                let submittedAt = timestamp(row, "submitted_at", &rows)
                switch status {
                case .notStarted?:
                    for column in ["started_at", "submitted_at"] where !row[column].isEmpty {
                        rows.fail(row, column, "status not_started but \(column) is given: expected \(column) blank")
                    }
                case .partial?:
                    if !row["submitted_at"].isEmpty {
                        rows.fail(row, "submitted_at", "status partial but submitted_at is given: expected submitted_at blank until the response is submitted")
                    }
                case .submitted?:
                    if row["submitted_at"].isEmpty { rows.fail(row, "submitted_at", "status submitted needs submitted_at: expected the time the response was submitted") }
                case nil: break
                }
                if let startedAt, let submittedAt, submittedAt.time < startedAt.time {
                    rows.fail(row, "submitted_at", "submitted_at \(submittedAt.text) is before started_at \(startedAt.text)")
                }
                guard let wave, !id.isEmpty, laProblem == nil, let status else { continue }
                let respondent = SurveyRespondent(wave: wave, respondentID: id, laCode: row["new_la_code"], role: row["role"], status: status,
                                                  startedAt: startedAt?.text, submittedAt: submittedAt?.text)
                respondents.append(respondent)
                respondentLines[respondent.key] = (respondent, row.line)
            }
        }

        func timestamp(_ row: TableRows.Row, _ column: String, _ rows: inout TableRows) -> (text: String, time: SurveyTimestamp)? {
            let text = row[column]
            guard !text.isEmpty else { return nil }
            guard let time = SurveyTimestamp(iso: text) else {
                rows.fail(row, column, "\(column) '\(text)' is not a timestamp: expected ISO 8601 such as 2024-03-05T14:30:00Z, or blank")
                return nil
            }
            return (text, time)
        }

        mutating func responses(_ table: CSVTable) {
            var rows = TableRows(table, required: StudyTables.surveyResponseColumns, allowExtra: false)
            defer { problems += rows.problems }
            guard rows.headerIsUsable else { return }
            var firstLine: [[String]: Int] = [:]
            var answered: [String: Int] = [:]
            for row in rows.wellFormedRows() {
                if let earlier = firstLine[row.fields] {
                    rows.fail(row, "wave", "duplicate row: same as line \(earlier)")
                    continue
                }
                firstLine[row.fields] = row.line
                guard let wave = knownWave(row, &rows) else { continue }
                let id = row["respondent_id"], code = row["new_la_code"]
                let key = SurveyRespondent.Key(wave: wave, respondentID: id)
                var usable = true
                if let laProblem = checker.studyCodeProblem(code) {
                    rows.fail(row, "new_la_code", laProblem)
                    usable = false
                }
                if let entry = respondentLines[key] {
                    if usable, entry.respondent.laCode != code {
                        rows.fail(row, "new_la_code", "LA \(code) is not respondent \(id)'s: \(StudyTables.surveyRespondentsFile) line \(entry.line) has \(entry.respondent.laCode)")
                        usable = false
                    }
                    if entry.respondent.status == .notStarted {
                        rows.fail(row, "respondent_id", "respondent \(id) has answers but status not_started in \(StudyTables.surveyRespondentsFile) line \(entry.line): expected partial or submitted")
                        usable = false
                    }
                } else {
                    if respondentsRead && !listedRespondents.contains(key) {
                        rows.fail(row, "respondent_id", "unknown respondent '\(id)' in wave \(wave): not in \(StudyTables.surveyRespondentsFile)")
                    }
                    usable = false
                }
                guard let (file, questionnaire) = questionnaires[wave] else { continue }
                let questionID = row["question_id"]
                guard let question = questionnaire.question(questionID) else {
                    rows.fail(row, "question_id", "question '\(questionID)' is not in wave \(wave)'s questionnaire (\(file))")
                    continue
                }
                let value = row["value"]
                if let problem = Self.valueProblem(value, question) {
                    rows.fail(row, "value", problem)
                    continue
                }
                if question.kind != .multiple {
                    let answerKey = "\(wave)|\(id)|\(questionID)"
                    if let earlier = answered[answerKey] {
                        rows.fail(row, "value", "question \(questionID) takes one answer, but respondent \(id) already answered it in wave \(wave) on line \(earlier)")
                        continue
                    }
                    answered[answerKey] = row.line
                }
                guard usable else { continue }
                responses.append(SurveyResponse(wave: wave, respondentID: id, laCode: code, questionID: questionID, value: value))
            }
        }

        /// What is wrong with one exported answer value for the question, for the analyst.
        static func valueProblem(_ value: String, _ question: Question) -> String? {
            guard !value.isEmpty else { return "value is empty: expected an answer (a question not answered has no row)" }
            switch question.kind {
            case .single, .multiple, .likert:
                guard question.options.contains(where: { $0.value == value }) else {
                    return "'\(value)' is not an option of question \(question.id): expected \(TableRows.list(question.options.map(\.value)))"
                }
            case .number:
                guard let number = NumberText.parseDouble(value), number.isFinite else { return "'\(value)' is not a number: question \(question.id) is a number question" }
                if question.integer && number != number.rounded() { return "\(value) is not a whole number: question \(question.id) takes whole numbers" }
                if let minimum = question.minimum, number < minimum { return "\(value) is below question \(question.id)'s minimum of \(Question.plain(minimum))" }
                if let maximum = question.maximum, number > maximum { return "\(value) is above question \(question.id)'s maximum of \(Question.plain(maximum))" }
            case .date:
                if CalendarDate(iso: value) == nil { return "'\(value)' is not a date: question \(question.id) expects YYYY-MM-DD" }
            case .text:
                if value.count > question.maxLength {
                    return "the answer to question \(question.id) is \(value.count) characters, more than its max_length of \(question.maxLength)"
                }
            }
            return nil
        }
    }
}
