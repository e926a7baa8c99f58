/// A questionnaire of the longitudinal survey of LAs: pages of questions, each page shown only
/// when its condition holds (routing), each question shown only when its own does (skip logic).
/// Defined in YAML (`survey/questionnaire.yaml`, read by LAEvalData's `QuestionnaireYAML`); the
/// web service stores a copy per wave, so a later change never alters answers already given.
public struct Questionnaire: Sendable, Codable, Equatable {
    public var id: String
    public var version: Int
    public var title: String
    public var introduction: String
    public var pages: [QuestionPage]
    /// Named multi-item scales (item question ids), for Cronbach's alpha and scale scores.
    public var scales: [String: [String]]

    public init(id: String, version: Int, title: String, introduction: String = "", pages: [QuestionPage], scales: [String: [String]] = [:]) {
        self.id = id
        self.version = version
        self.title = title
        self.introduction = introduction
        self.pages = pages
        self.scales = scales
    }

    public var questions: [Question] { pages.flatMap(\.questions) }

    public func question(_ id: String) -> Question? { questions.first { $0.id == id } }

    public func page(_ id: String) -> QuestionPage? { pages.first { $0.id == id } }

    /// The pages a respondent with these answers is shown, in order.
    public func visiblePages(_ answers: Answers) -> [QuestionPage] {
        pages.filter { $0.showIf?.holds(answers) ?? true }
    }

    /// The page after `pageID` for these answers, or nil at the end (check your answers).
    public func page(after pageID: String, answers: Answers) -> QuestionPage? {
        let visible = visiblePages(answers)
        guard let index = visible.firstIndex(where: { $0.id == pageID }) else { return visible.first }
        return index + 1 < visible.count ? visible[index + 1] : nil
    }

    /// The page before `pageID`, or nil on the first page.
    public func page(before pageID: String, answers: Answers) -> QuestionPage? {
        let visible = visiblePages(answers)
        guard let index = visible.firstIndex(where: { $0.id == pageID }), index > 0 else { return nil }
        return visible[index - 1]
    }

    /// The answers that count: those to questions on visible pages whose own conditions hold.
    /// An answer routed away from (after a respondent changed an earlier answer) is kept in
    /// storage but not counted.
    public func effectiveAnswers(_ answers: Answers) -> Answers {
        var result: Answers = [:]
        for page in visiblePages(answers) {
            for question in page.questions where question.showIf?.holds(answers) ?? true {
                if let values = answers[question.id], !values.isEmpty { result[question.id] = values }
            }
        }
        return result
    }

    /// Every problem with the answers to one page, in question order.
    public func problems(page: QuestionPage, answers: Answers) -> [AnswerProblem] {
        page.questions.filter { $0.showIf?.holds(answers) ?? true }.compactMap { question in
            question.problem(with: answers[question.id] ?? [])
        }
    }

    /// Required visible questions not yet answered validly, in page order: empty when the
    /// response can be submitted.
    public func missing(_ answers: Answers) -> [AnswerProblem] {
        visiblePages(answers).flatMap { problems(page: $0, answers: answers) }
    }
}

/// Answers by question id; every answer is a list of text values (one for most types, several
/// for multiple choice).
public typealias Answers = [String: [String]]

public struct QuestionPage: Sendable, Codable, Equatable {
    public var id: String
    public var title: String
    public var questions: [Question]
    public var showIf: Condition?

    public init(id: String, title: String, questions: [Question], showIf: Condition? = nil) {
        self.id = id
        self.title = title
        self.questions = questions
        self.showIf = showIf
    }
}

/// Show a page or question only when an earlier question's answer is (or is not) one of `values`.
public struct Condition: Sendable, Codable, Equatable {
    public var question: String
    public var values: [String]
    /// True: show when the answer is none of `values` (and when there is no answer).
    public var negated: Bool

    public init(question: String, values: [String], negated: Bool = false) {
        self.question = question
        self.values = values
        self.negated = negated
    }

    public func holds(_ answers: Answers) -> Bool {
        let given = answers[question] ?? []
        let matches = given.contains { values.contains($0) }
        return negated ? !matches : matches
    }
}

public enum QuestionKind: String, Sendable, Codable, CaseIterable {
    case single, multiple, likert, number, date, text
}

public struct QuestionOption: Sendable, Codable, Equatable {
    /// The stored value (stable across questionnaire versions).
    public var value: String
    public var label: String

    public init(value: String, label: String) {
        self.value = value
        self.label = label
    }
}

public struct Question: Sendable, Codable, Equatable {
    public var id: String
    public var text: String
    public var hint: String
    public var kind: QuestionKind
    public var required: Bool
    /// Choices of single, multiple and Likert questions (Likert values 1…points).
    public var options: [QuestionOption]
    /// Range of a number question, and whether it must be whole.
    public var minimum: Double?
    public var maximum: Double?
    public var integer: Bool
    /// Longest accepted free text, in characters.
    public var maxLength: Int
    public var showIf: Condition?

    public init(id: String, text: String, hint: String = "", kind: QuestionKind, required: Bool = false, options: [QuestionOption] = [],
                minimum: Double? = nil, maximum: Double? = nil, integer: Bool = false, maxLength: Int = 2_000, showIf: Condition? = nil) {
        self.id = id
        self.text = text
        self.hint = hint
        self.kind = kind
        self.required = required
        self.options = options
        self.minimum = minimum
        self.maximum = maximum
        self.integer = integer
        self.maxLength = maxLength
        self.showIf = showIf
    }

    /// The standard five-point agreement scale.
    public static let agreement = ["Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"]

    /// What is wrong with these values for this question, in words for the respondent (GOV.UK
    /// error message style), or nil when they are acceptable.
    public func problem(with values: [String]) -> AnswerProblem? {
        let given = values.map { String($0.drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed()) }.filter { !$0.isEmpty }
        guard !given.isEmpty else {
            return required ? AnswerProblem(question: id, message: emptyMessage) : nil
        }
        switch kind {
        case .single, .likert:
            if given.count > 1 { return AnswerProblem(question: id, message: "Select one option") }
            return options.contains { $0.value == given[0] } ? nil : AnswerProblem(question: id, message: "Select one of the options listed")
        case .multiple:
            return given.allSatisfy { value in options.contains { $0.value == value } } ? nil : AnswerProblem(question: id, message: "Select only the options listed")
        case .number:
            return numberProblem(given[0])
        case .date:
            return CalendarDate(iso: given[0]) == nil ? AnswerProblem(question: id, message: "Enter a real date, for example 2026-03-31") : nil
        case .text:
            return given[0].count > maxLength ? AnswerProblem(question: id, message: "Answer must be \(maxLength) characters or fewer") : nil
        }
    }

    var emptyMessage: String {
        switch kind {
        case .single, .likert: "Select an answer"
        case .multiple: "Select at least one option"
        case .number: "Enter a number"
        case .date: "Enter a date"
        case .text: "Enter an answer"
        }
    }

    func numberProblem(_ text: String) -> AnswerProblem? {
        guard let value = Double(text.filter { $0 != "," }), value.isFinite else {
            return AnswerProblem(question: id, message: "Enter a number, like 12 or 3.5")
        }
        if integer && value != value.rounded() { return AnswerProblem(question: id, message: "Enter a whole number") }
        if let minimum, value < minimum { return AnswerProblem(question: id, message: "Enter a number of \(Self.plain(minimum)) or more") }
        if let maximum, value > maximum { return AnswerProblem(question: id, message: "Enter a number of \(Self.plain(maximum)) or less") }
        return nil
    }

    public static func plain(_ x: Double) -> String {
        x == x.rounded() && abs(x) < 1e15 ? String(Int(x)) : String(x)
    }
}

/// One problem with an answer, for the error summary and the field.
public struct AnswerProblem: Sendable, Codable, Equatable {
    public var question: String
    public var message: String

    public init(question: String, message: String) {
        self.question = question
        self.message = message
    }
}
