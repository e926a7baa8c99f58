import Foundation
import LAEvalCore
import LAEvalData
import Testing

/// Questionnaire YAML: what a good file gives, every error with its line and column, and the
/// routing, skip logic and answer checks the survey pages rely on.
@Suite struct QuestionnaireTests {
    static let good = """
    id: la-survey
    version: 2
    title: Support for children's services
    introduction: About 15 minutes.
    scales:
      leadership: [lead_vision, lead_challenge]
    pages:
      - id: about
        title: About you
        questions:
          - id: role
            text: What is your role?
            type: single
            required: true
            options: {dcs: Director of children's services, member: Lead member, other: Other}
          - id: role_other
            text: Your role
            type: text
            max_length: 40
            show_if: {question: role, in: [other]}
          - id: support
            text: Which support has your LA had?
            type: multiple
            options: [pip, alliance, adviser]
      - id: pip
        title: Partners in Practice
        show_if: {question: support, in: [pip]}
        questions:
          - {id: lead_vision, text: Leaders share a clear vision, type: likert, required: true}
          - {id: lead_challenge, text: Leaders are challenged well, type: likert}
      - id: workforce
        title: Workforce
        questions:
          - {id: staff, text: How many social workers?, type: number, min: 0, max: 5000, integer: true}
          - {id: since, text: Since when?, type: date}
    """

    static func parse(_ text: String) -> Result<Questionnaire, StudyInvalid> { QuestionnaireYAML.read(text, file: "survey/questionnaire.yaml") }

    @Test func readsAGoodFile() throws {
        let q = try Self.parse(Self.good).get()
        #expect(q.id == "la-survey" && q.version == 2 && q.pages.map(\.id) == ["about", "pip", "workforce"])
        #expect(q.question("role")?.options.map(\.value) == ["dcs", "member", "other"])
        #expect(q.question("support")?.options.map(\.label) == ["pip", "alliance", "adviser"])
        #expect(q.question("lead_vision")?.options.map(\.value) == ["1", "2", "3", "4", "5"])
        #expect(q.question("lead_vision")?.options.last?.label == "Strongly agree")
        #expect(q.scales == ["leadership": ["lead_vision", "lead_challenge"]])
        #expect(q.question("staff")?.maximum == 5000 && q.question("staff")?.integer == true)
    }

    @Test func routingSkipsPagesAndQuestions() throws {
        let q = try Self.parse(Self.good).get()
        #expect(q.visiblePages([:]).map(\.id) == ["about", "workforce"])
        #expect(q.page(after: "about", answers: ["support": ["alliance"]])?.id == "workforce")
        #expect(q.page(after: "about", answers: ["support": ["alliance", "pip"]])?.id == "pip")
        #expect(q.page(after: "workforce", answers: [:]) == nil)
        #expect(q.page(before: "workforce", answers: ["support": ["pip"]])?.id == "pip")
        // an answer on a page routed away from is kept but does not count
        let answers: Answers = ["role": ["dcs"], "role_other": ["x"], "support": ["alliance"], "lead_vision": ["4"]]
        #expect(q.effectiveAnswers(answers) == ["role": ["dcs"], "support": ["alliance"]])
    }

    @Test func answerChecksSpeakToTheRespondent() throws {
        let q = try Self.parse(Self.good).get()
        let about = try #require(q.page("about")), workforce = try #require(q.page("workforce"))
        #expect(q.problems(page: about, answers: [:]) == [AnswerProblem(question: "role", message: "Select an answer")])
        #expect(q.problems(page: about, answers: ["role": ["boss"]]) == [AnswerProblem(question: "role", message: "Select one of the options listed")])
        #expect(q.problems(page: about, answers: ["role": ["other"], "role_other": [String(repeating: "a", count: 41)]])
            == [AnswerProblem(question: "role_other", message: "Answer must be 40 characters or fewer")])
        #expect(q.problems(page: workforce, answers: ["staff": ["12.5"]]) == [AnswerProblem(question: "staff", message: "Enter a whole number")])
        #expect(q.problems(page: workforce, answers: ["staff": ["-1"]]) == [AnswerProblem(question: "staff", message: "Enter a number of 0 or more")])
        #expect(q.problems(page: workforce, answers: ["staff": ["lots"]]) == [AnswerProblem(question: "staff", message: "Enter a number, like 12 or 3.5")])
        #expect(q.problems(page: workforce, answers: ["staff": ["1,200"], "since": ["2026-02-30"]])
            == [AnswerProblem(question: "since", message: "Enter a real date, for example 2026-03-31")])
        #expect(q.missing(["role": ["dcs"], "support": ["pip"]]) == [AnswerProblem(question: "lead_vision", message: "Select an answer")])
        #expect(q.missing(["role": ["dcs"]]).isEmpty)
    }

    static func errors(_ text: String) -> [String] {
        switch Self.parse(text) {
        case .success: return []
        case .failure(let invalid): return invalid.problems.map(\.description)
        }
    }

    @Test func badFilesGiveLineAndColumn() {
        #expect(Self.errors("id: s\nversion: 1\ntitle: T\npages:\n  - id: p\n    title: P\n    questions:\n      - {id: q, text: Q, type: slider}\n")
            == ["survey/questionnaire.yaml:8:32: type 'slider' is not valid: expected single, multiple, likert, number, date, text"])
        #expect(Self.errors("id: s\nversion: 1\ntitle: T\npages:\n  - id: p\n    title: P\n    questions:\n      - {id: q, text: Q, type: single, options: [a]}\n")
            == ["survey/questionnaire.yaml:8:49: question q is single choice and needs at least two options"])
        #expect(Self.errors("id: s\nversion: 1\ntitle: T\npages:\n  - id: p\n    title: P\n    questions:\n      - {id: q, text: Q, type: text}\n      - {id: q, text: R, type: text}\n")
            == ["survey/questionnaire.yaml:9:14: question id 'q' is used twice: ids must be unique across the questionnaire"])
        #expect(Self.errors("id: s\nversion: 1\ntitle: T\npages:\n  - id: p\n    title: P\n    show_if: {question: later, in: [x]}\n    questions:\n      - {id: later, text: Q, type: text}\n")
            == ["survey/questionnaire.yaml:7:25: show_if of page p refers to 'later', which is not a question asked before it"])
        #expect(Self.errors("id: s\nversion: 1\ntitle: T\npages:\n  - id: p\n    title: P\n    questions:\n      - {id: n, text: Q, type: number, min: 5, max: 1, colour: red}\n")
            == ["survey/questionnaire.yaml:8:53: max 1.0 is below min 5.0 in question n",
                "survey/questionnaire.yaml:8:56: unknown key 'colour' in a question: expected one of id, text, hint, type, required, options, points, min, max, integer, max_length, show_if"])
        #expect(Self.errors("id: s\nversion: 1\ntitle: T\npages:\n  - id: p\n    title: P\n    questions:\n      - {id: t, text: Q, type: text, min: 1}\n")
            == ["survey/questionnaire.yaml:8:43: min does not apply to question t, a text question"])
        #expect(Self.errors("id: s\ntitle: [unclosed\n").first?.hasPrefix("survey/questionnaire.yaml:") == true)
        #expect(Self.errors("") == ["survey/questionnaire.yaml:1:1: the file is empty: expected id, version, title and pages"])
    }
}
