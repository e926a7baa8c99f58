import Foundation
import LAEvalCore
import Testing
@testable import LAEvalData

/// The study folder's survey/: a good survey reads and round-trips, a study without one has
/// none, and every kind of problem is reported with its file, line, column and exact text.
@Suite struct SurveyReaderTests {
    static let questionnaire = """
    id: la-survey
    version: 1
    title: Test survey
    scales:
      leadership: [lead_vision, lead_challenge]
    pages:
      - id: about
        title: About you
        questions:
          - {id: role, text: Your role, type: single, required: true, options: {dcs: Director, other: Other}}
          - {id: support, text: Support had, type: multiple, options: [pip, alliance]}
      - id: leadership
        title: Leadership
        questions:
          - {id: lead_vision, text: Leaders share a clear vision, type: likert}
          - {id: lead_challenge, text: Leaders are challenged well, type: likert}
          - {id: staff, text: Social workers, type: number, min: 0, max: 5000, integer: true}
          - {id: since, text: Since when?, type: date}
          - {id: comment, text: Anything else?, type: text, max_length: 20}
    """

    static let waves = """
    wave,questionnaire,opened,closed
    1,questionnaire-v1.yaml,2018-10-01,2018-11-30
    2,questionnaire-v1.yaml,2019-10-01,2019-11-30

    """

    static let respondents = """
    wave,respondent_id,new_la_code,role,status,started_at,submitted_at
    1,R1,E06000001,dcs,submitted,2018-10-02T09:00:00Z,2018-10-02T09:30:00Z
    1,R2,E06000002,dcs,partial,2018-10-03T10:00:00+01:00,
    1,R3,E06000003,dcs,not_started,,
    2,R1,E06000001,dcs,submitted,2019-10-02T09:00:00.25Z,2019-10-02T09:30:00Z

    """

    static let responses = """
    wave,respondent_id,new_la_code,question_id,value
    1,R1,E06000001,role,dcs
    1,R1,E06000001,support,pip
    1,R1,E06000001,support,alliance
    1,R1,E06000001,lead_vision,4
    1,R1,E06000001,staff,120
    1,R1,E06000001,comment,"Short, with a comma"
    1,R2,E06000002,role,other
    2,R1,E06000001,lead_vision,5

    """

    /// The tiny study with a survey, after `edit`.
    static func folder(_ edit: (inout [String: String]) -> Void = { _ in }) throws -> String {
        try TinyStudy.folder { files in
            files["survey/waves.csv"] = waves
            files["survey/questionnaire-v1.yaml"] = questionnaire
            files["survey/respondents.csv"] = respondents
            files["survey/responses.csv"] = responses
            edit(&files)
        }
    }

    static func errors(_ edit: (inout [String: String]) -> Void) throws -> [String] {
        let folder = try Self.folder(edit)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        return StudyReader.check(folder: folder).problems.map(\.description)
    }

    @Test func aGoodSurveyIsReadAndRoundTrips() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let study = try StudyReader.read(folder: folder).study
        let survey = try #require(study.survey)
        #expect(survey.waves.map(\.wave) == [1, 2] && survey.waves[0].questionnaire.scales == ["leadership": ["lead_vision", "lead_challenge"]])
        #expect(survey.respondents.map(\.status) == [.submitted, .partial, .notStarted, .submitted])
        #expect(survey.respondents[1].startedAt == "2018-10-03T10:00:00+01:00" && survey.respondents[1].submittedAt == nil)
        #expect(survey.responses.count == 8 && survey.responses[5].value == "Short, with a comma")
        #expect(survey.answers()[SurveyRespondent.Key(wave: 1, respondentID: "R1")]?["support"] == ["pip", "alliance"])
        // written back and read again: the same study, the same bytes
        let other = FileManager.default.temporaryDirectory.appendingPathComponent("laeval-survey-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: other) }
        try StudyWriter.write(study, to: other)
        let again = try StudyReader.read(folder: other).study
        #expect(again == study)
        #expect(StudyWriter.files(again).map(\.text) == StudyWriter.files(study).map(\.text))
    }

    @Test func aStudyWithoutSurveyHasNone() throws {
        let folder = try TinyStudy.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try StudyReader.read(folder: folder).study.survey == nil)
        #expect(!StudyWriter.files(TinyStudy.study).contains { $0.path.hasPrefix("survey/") })
    }

    @Test func wavesProblems() throws {
        #expect(try Self.errors { files in
            files["survey/waves.csv"] = """
            wave,questionnaire,opened,closed
            1,questionnaire-v1.yaml,2018-10-01,2018-11-30
            3,questionnaire-v1.yaml,2019-10-01,2019-09-30
            0,questionnaire-v1.yaml,2020-10-01,2020-11-30
            4,../q.yaml,2020-01-01,2020-02-01
            5,questionnaire-v9.yaml,2020-01-15,2020-03-01
            1,questionnaire-v1.yaml,2021-10-01,2021-11-30
            6,questionnaire-v1.yaml,2019-09-15,2020-02-30

            """
            files["survey/respondents.csv"] = "wave,respondent_id,new_la_code,role,status,started_at,submitted_at\n"
            files["survey/responses.csv"] = "wave,respondent_id,new_la_code,question_id,value\n"
        } == [
            "survey/waves.csv:3:1: wave 3 is out of order: expected wave 2 (waves are numbered 1, 2, 3… in the order they ran)",
            "survey/waves.csv:3:4: wave 3 closes on 2019-09-30 before it opens on 2019-10-01",
            "survey/waves.csv:4:1: wave '0' is not valid: expected a whole number 1, 2, 3…",
            "survey/waves.csv:5:2: questionnaire '../q.yaml' is not valid: expected a file name in survey/ such as questionnaire-v1.yaml",
            "survey/waves.csv:6:2: questionnaire file survey/questionnaire-v9.yaml does not exist",
            "survey/waves.csv:6:3: wave 5 opens on 2020-01-15, before wave 4 closes on 2020-02-01",
            "survey/waves.csv:7:1: duplicate row: wave 1 is already on line 2",
            "survey/waves.csv:8:3: wave 6 opens on 2019-09-15, before wave 5 closes on 2020-03-01",
            "survey/waves.csv:8:4: closed '2020-02-30' is not a date: expected YYYY-MM-DD",
        ])
    }

    @Test func aBadQuestionnaireIsReportedInItsOwnFileOnly() throws {
        let badType = try Self.errors { files in
            files["survey/questionnaire-v1.yaml"] = Self.questionnaire.replacingOccurrences(of: "type: date", with: "type: slider")
        }
        #expect(badType == ["survey/questionnaire-v1.yaml:18:46: type 'slider' is not valid: expected single, multiple, likert, number, date, text"])
        let noRespondents = try Self.errors { files in files["survey/respondents.csv"] = nil }
        #expect(noRespondents == ["survey/respondents.csv:0:0: cannot read the file: a study with survey/ needs survey/respondents.csv (see the README's study-folder table)"])
        let missingColumn = try Self.errors { files in files["survey/waves.csv"] = "wave,questionnaire,opened\n1,questionnaire-v1.yaml,2018-10-01\n" }
        #expect(missingColumn == ["survey/waves.csv:1:4: missing column closed: expected columns wave, questionnaire, opened, closed"])
    }

    @Test func respondentProblems() throws {
        #expect(try Self.errors { files in
            files["survey/respondents.csv"] = """
            wave,respondent_id,new_la_code,role,status,started_at,submitted_at
            1,R1,E06000001,dcs,submitted,2018-10-02T09:00:00Z,2018-10-02T09:30:00Z
            1,R1,E06000002,dcs,partial,,
            5,R4,E06000001,dcs,submitted,2018-10-02T09:00:00Z,2018-10-02T09:30:00Z
            1,R5,E09000001,dcs,done,yesterday,
            1,R6,E06000003,dcs,submitted,2018-10-02T09:00:00Z,
            1,R7,E06000003,dcs,not_started,2018-10-02T09:00:00Z,
            1,R8,E06000003,dcs,submitted,2018-10-02T09:00:00Z,2018-10-02T10:00:00+02:00
            1,R9,E06000003,dcs,partial,2018-10-02,2018-10-03T25:00:00Z
            1,,E06000003,dcs,partial,,

            """
            files["survey/responses.csv"] = "wave,respondent_id,new_la_code,question_id,value\n"
        } == [
            "survey/respondents.csv:3:2: duplicate row: respondent R1 is already in wave 1 on line 2",
            "survey/respondents.csv:4:1: unknown wave 5: survey/waves.csv lists waves 1 and 2",
            "survey/respondents.csv:5:3: unknown LA code E09000001: not in local_authorities.csv",
            "survey/respondents.csv:5:5: unknown status 'done': expected not_started, partial or submitted",
            "survey/respondents.csv:5:6: started_at 'yesterday' is not a timestamp: expected ISO 8601 such as 2024-03-05T14:30:00Z, or blank",
            "survey/respondents.csv:6:7: status submitted needs submitted_at: expected the time the response was submitted",
            "survey/respondents.csv:7:6: status not_started but started_at is given: expected started_at blank",
            "survey/respondents.csv:8:7: submitted_at 2018-10-02T10:00:00+02:00 is before started_at 2018-10-02T09:00:00Z",
            "survey/respondents.csv:9:7: submitted_at '2018-10-03T25:00:00Z' is not a timestamp: expected ISO 8601 such as 2024-03-05T14:30:00Z, or blank",
            "survey/respondents.csv:9:7: status partial but submitted_at is given: expected submitted_at blank until the response is submitted",
            "survey/respondents.csv:10:2: respondent_id is empty: expected the respondent's id",
        ])
    }

    @Test func responseProblems() throws {
        #expect(try Self.errors { files in
            files["survey/responses.csv"] = """
            wave,respondent_id,new_la_code,question_id,value
            1,R1,E06000001,role,dcs
            1,R1,E06000001,role,other
            1,R1,E06000001,role,dcs
            1,R9,E06000001,role,dcs
            1,R1,E06000002,lead_vision,4
            1,R3,E06000003,role,dcs
            1,R1,E06000001,colour,red
            1,R1,E06000001,lead_challenge,7
            1,R1,E06000001,staff,12.5
            1,R1,E06000001,staff,-3
            1,R1,E06000001,since,2018-02-30
            1,R1,E06000001,comment,this answer is far too long
            1,R1,E06000001,support,
            1,R1,E06000001,support,sometimes
            3,R1,E06000001,role,dcs
            2,R1,E06000001,staff,lots
            2,R2,E06000002,lead_vision,3

            """
        } == [
            "survey/responses.csv:3:5: question role takes one answer, but respondent R1 already answered it in wave 1 on line 2",
            "survey/responses.csv:4:1: duplicate row: same as line 2",
            "survey/responses.csv:5:2: unknown respondent 'R9' in wave 1: not in survey/respondents.csv",
            "survey/responses.csv:6:3: LA E06000002 is not respondent R1's: survey/respondents.csv line 2 has E06000001",
            "survey/responses.csv:7:2: respondent R3 has answers but status not_started in survey/respondents.csv line 4: expected partial or submitted",
            "survey/responses.csv:8:4: question 'colour' is not in wave 1's questionnaire (questionnaire-v1.yaml)",
            "survey/responses.csv:9:5: '7' is not an option of question lead_challenge: expected 1, 2, 3, 4 or 5",
            "survey/responses.csv:10:5: 12.5 is not a whole number: question staff takes whole numbers",
            "survey/responses.csv:11:5: -3 is below question staff's minimum of 0",
            "survey/responses.csv:12:5: '2018-02-30' is not a date: question since expects YYYY-MM-DD",
            "survey/responses.csv:13:5: the answer to question comment is 27 characters, more than its max_length of 20",
            "survey/responses.csv:14:5: value is empty: expected an answer (a question not answered has no row)",
            "survey/responses.csv:15:5: 'sometimes' is not an option of question support: expected pip or alliance",
            "survey/responses.csv:16:1: unknown wave 3: survey/waves.csv lists waves 1 and 2",
            "survey/responses.csv:17:5: 'lots' is not a number: question staff is a number question",
            "survey/responses.csv:18:2: unknown respondent 'R2' in wave 2: not in survey/respondents.csv",
        ])
    }

    @Test func timestamps() {
        #expect(SurveyTimestamp(iso: "2024-03-05T14:30:00Z")!.secondsSinceEpoch == SurveyTimestamp(iso: "2024-03-05T15:30:00+01:00")!.secondsSinceEpoch)
        #expect(SurveyTimestamp(iso: "2024-03-05T14:30")!.secondsSinceEpoch == SurveyTimestamp(iso: "2024-03-05T09:30-0500")!.secondsSinceEpoch)
        #expect(SurveyTimestamp(iso: "2024-03-05")! < SurveyTimestamp(iso: "2024-03-05T00:00:00.5Z")!)
        for bad in ["2024-03-05 14:30", "2024-03-05T1430", "2024-02-30T10:00Z", "2024-03-05T10:00:00ZZ", "2024-03-05T10:00:00+1"] {
            #expect(SurveyTimestamp(iso: bad) == nil, "\(bad)")
        }
    }

    @Test func questionnairesRoundTripThroughYAML() throws {
        for text in [Self.questionnaire, QuestionnaireTests.good] {
            let questionnaire = try QuestionnaireYAML.read(text, file: "q.yaml").get()
            let written = QuestionnaireYAML.text(questionnaire)
            #expect(try QuestionnaireYAML.read(written, file: "q.yaml").get() == questionnaire, "\(written)")
        }
        let odd = Questionnaire(id: "odd", version: 3, title: "Quotes \" and \\ and\nnew lines: here", pages: [
            QuestionPage(id: "p", title: "P: #1", questions: [
                Question(id: "scale", text: "A, B", kind: .likert, options: (1...7).map { QuestionOption(value: String($0), label: String($0)) }),
                Question(id: "labelled", text: "x", kind: .likert, options: [QuestionOption(value: "1", label: "Low"), QuestionOption(value: "2", label: "High")]),
                Question(id: "n", text: "n", kind: .number, minimum: -1.5, maximum: 2, showIf: Condition(question: "scale", values: ["7"], negated: true)),
            ]),
        ])
        #expect(try QuestionnaireYAML.read(QuestionnaireYAML.text(odd), file: "q.yaml").get() == odd)
        #expect(QuestionnaireYAML.text(odd).contains("points: 7"))
    }
}
