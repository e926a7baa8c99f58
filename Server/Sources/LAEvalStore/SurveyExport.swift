import Foundation
import LAEvalCore
import LAEvalData

/// The survey's exports: tidy long (LA × wave × item, the study's `survey/responses.csv`), wide
/// (one row per respondent, one column per question; multiple choice as one 0/1 column per
/// option), a codebook, the respondents with their status (`survey/respondents.csv`), the waves
/// (`survey/waves.csv`), and mail-merge link lists.
public enum SurveyExport {
    public static let responsesHeader = ["wave", "respondent_id", "new_la_code", "question_id", "value"]

    /// Free text that a spreadsheet would run as a formula gets a leading apostrophe (OWASP's
    /// advice on CSV injection); numbers and option values are left as they are.
    static func safe(_ value: String, kind: QuestionKind?) -> String {
        guard kind == .text, let first = value.first, "=+-@\t\r".contains(first) else { return value }
        return "'" + value
    }

    public static func long(_ rows: [AnswerRow], waves: [Wave]) -> String {
        let kinds = kindsByWave(waves)
        var csv = CSVWriter()
        csv.write(responsesHeader)
        for row in rows {
            csv.write([String(row.waveNumber), row.ref, row.laCode, row.questionID, safe(row.value, kind: kinds[row.waveNumber]?[row.questionID])])
        }
        return csv.text
    }

    public static func wide(_ rows: [AnswerRow], wave: Wave, respondents: [Respondent]) -> String {
        let q = wave.questionnaire
        var columns: [(String, (Answers) -> String)] = []
        for question in q.questions {
            if question.kind == .multiple {
                for option in question.options {
                    columns.append(("\(question.id)__\(option.value)", { ($0[question.id] ?? []).contains(option.value) ? "1" : ($0[question.id] == nil ? "" : "0") }))
                }
            } else {
                columns.append((question.id, { safe(($0[question.id] ?? []).joined(separator: ";"), kind: question.kind) }))
            }
        }
        var byRespondent: [String: Answers] = [:]
        for row in rows where row.waveNumber == wave.number { byRespondent[row.ref, default: [:]][row.questionID, default: []].append(row.value) }
        var csv = CSVWriter()
        csv.write(["wave", "respondent_id", "new_la_code", "respondent_role", "status"] + columns.map(\.0))
        for r in respondents {
            let answers = q.effectiveAnswers(byRespondent[r.ref] ?? [:])
            csv.write([String(wave.number), r.ref, r.laCode, r.role, r.status.rawValue] + columns.map { $0.1(answers) })
        }
        return csv.text
    }

    public static func codebook(_ waves: [Wave]) -> String {
        var csv = CSVWriter()
        csv.write(["wave", "questionnaire", "version", "page", "question_id", "type", "required", "text", "value", "label", "min", "max", "show_if", "scale"])
        for wave in waves {
            let q = wave.questionnaire
            let scaleOf = Dictionary(q.scales.flatMap { name, items in items.map { ($0, name) } }, uniquingKeysWith: { a, _ in a })
            for page in q.pages {
                for question in page.questions {
                    let condition = (question.showIf ?? page.showIf).map { "\($0.question) \($0.negated ? "not in" : "in") \($0.values.joined(separator: "|"))" } ?? ""
                    let base = [String(wave.number), q.id, String(q.version), page.id, question.id, question.kind.rawValue, question.required ? "yes" : "no", question.text]
                    let range = [question.minimum.map { String($0) } ?? "", question.maximum.map { String($0) } ?? ""]
                    if question.options.isEmpty {
                        csv.write(base + ["", ""] + range + [condition, scaleOf[question.id] ?? ""])
                    } else {
                        for option in question.options { csv.write(base + [option.value, option.label] + range + [condition, scaleOf[question.id] ?? ""]) }
                    }
                }
            }
        }
        return csv.text
    }

    public static func respondents(_ list: [Respondent]) -> String {
        var csv = CSVWriter()
        csv.write(["wave", "respondent_id", "new_la_code", "role", "status", "started_at", "submitted_at"])
        for r in list { csv.write([String(r.waveNumber), r.ref, r.laCode, r.role, r.status.rawValue, r.startedAt ?? "", r.submittedAt ?? ""]) }
        return csv.text
    }

    public static func waves(_ list: [Wave]) -> String {
        var csv = CSVWriter()
        csv.write(["wave", "questionnaire", "opened", "closed"])
        for w in list { csv.write([String(w.number), fileName(w), String(w.opensAt.prefix(10)), String(w.closesAt.prefix(10))]) }
        return csv.text
    }

    public static func fileName(_ wave: Wave) -> String { "questionnaire-v\(wave.questionnaire.version).yaml" }

    /// A mail-merge list of links (the tokens are only known when issued or reissued).
    public static func links(_ links: [IssuedLink], baseURL: String, laName: (String) -> String) -> String {
        var csv = CSVWriter()
        csv.write(["wave", "new_la_code", "la_name", "respondent_id", "role", "email", "link", "expires"])
        for link in links {
            csv.write([String(link.waveNumber), link.laCode, laName(link.laCode), link.ref, link.role, link.email, "\(baseURL)/s/\(link.token)", String(link.expiresAt.prefix(10))])
        }
        return csv.text
    }

    /// Writes the study's `survey/` folder: waves.csv, each wave's questionnaire, respondents.csv and responses.csv.
    public static func writeStudyFolder(_ folder: String, waves: [Wave], respondents: [Respondent], rows: [AnswerRow]) throws {
        let url = URL(fileURLWithPath: folder)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        let files: [(String, String)] = [("waves.csv", Self.waves(waves)), ("respondents.csv", Self.respondents(respondents)), ("responses.csv", long(rows, waves: waves))]
            + waves.map { (fileName($0), $0.questionnaireYAML) }
        for (name, text) in files {
            let temporary = url.appendingPathComponent(".\(name).partial")
            try Data(text.utf8).write(to: temporary)
            // rename(2) replaces the file in one step: a reader never sees half an export
            guard rename(temporary.path, url.appendingPathComponent(name).path) == 0 else {
                throw StoreError.unavailable("cannot write \(url.appendingPathComponent(name).path): error \(errno)")
            }
        }
    }

    /// A list of people to issue links to: `la_code,role,email` lines, an optional header line
    /// first. Each problem names its line; LA codes must be in `known` unless it is empty.
    public static func people(_ text: String, known: Set<String> = []) -> Result<[(laCode: String, role: String, email: String)], PeopleListProblem> {
        var result: [(String, String, String)] = []
        for (index, line) in text.split(whereSeparator: \.isNewline).enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            if index == 0 && fields == ["la_code", "role", "email"] { continue }
            guard fields.count == 3, !fields[0].isEmpty, fields[2].contains("@") else {
                return .failure(PeopleListProblem(line: index + 1, message: "expected la_code,role,email"))
            }
            guard known.isEmpty || known.contains(fields[0]) else {
                return .failure(PeopleListProblem(line: index + 1, message: "\(fields[0]) is not an LA of the study"))
            }
            result.append((fields[0], fields[1], fields[2]))
        }
        return result.isEmpty ? .failure(PeopleListProblem(line: 1, message: "the list of people is empty")) : .success(result)
    }

    static func kindsByWave(_ waves: [Wave]) -> [Int: [String: QuestionKind]] {
        Dictionary(uniqueKeysWithValues: waves.map { w in (w.number, Dictionary(uniqueKeysWithValues: w.questionnaire.questions.map { ($0.id, $0.kind) })) })
    }
}

/// What is wrong with a list of people, and on which line.
public struct PeopleListProblem: Error, Sendable, Equatable {
    public var line: Int
    public var message: String
}
