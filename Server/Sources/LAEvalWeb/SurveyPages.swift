import Foundation
import LAEvalCore
import LAEvalStore

/// The respondent's pages: start, one page per question group, check your answers, confirmation.
enum SurveyPages {
    static let service = "Survey of local authority children's services"

    static func start(_ wave: Wave, respondent: Respondent, laName: String, base: String, firstPage: String, resume: String?) -> String {
        let q = wave.questionnaire
        let intro = q.introduction.isEmpty ? "" : "<p>\(HTML.escape(q.introduction))</p>"
        let action = resume.map { "<a class=\"button\" href=\"\(base)/page/\(HTML.escape($0))\" role=\"button\">Continue where you left off</a>" }
            ?? "<a class=\"button\" href=\"\(base)/page/\(HTML.escape(firstPage))\" role=\"button\">Start now</a>"
        let body = """
        <span class="caption">\(HTML.escape(wave.title)) · \(HTML.escape(laName))</span>
        <h1>\(HTML.escape(q.title))</h1>
        \(intro)
        <p>You are answering for <strong>\(HTML.escape(laName))</strong>. Your answers are saved on every page, so you can stop and come back with the same link until \(HTML.escape(String(respondent.expiresAt.prefix(10)))).</p>
        \(action)
        """
        return HTML.page(title: q.title, service: service, body: body)
    }

    static func questionPage(_ wave: Wave, page: QuestionPage, answers: Answers, errors: [AnswerProblem], base: String, csrf: String, position: (Int, Int), back: String?) -> String {
        let fields = page.questions.filter { q in q.showIf.map { cond in page.questions.contains { $0.id == cond.question } || cond.holds(answers) } ?? true }
        let errorList = errors.map { (field: "q-\($0.question)", message: $0.message) }
        let backLink = back.map { "<p><a href=\"\(base)/page/\(HTML.escape($0))\">Back</a></p>" } ?? "<p><a href=\"\(base)\">Back</a></p>"
        let body = """
        \(backLink)
        \(HTML.errorSummary(errorList))
        <span class="caption">\(HTML.escape(wave.questionnaire.title)) · page \(position.0) of \(position.1)</span>
        <h1>\(HTML.escape(page.title))</h1>
        <form method="post" action="\(base)/page/\(HTML.escape(page.id))" novalidate>
        <input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
        \(fields.map { q in field(q, values: answers[q.id] ?? [], error: errors.first { $0.question == q.id }?.message, onlyIf: samePageCondition(q, page)) }.joined(separator: "\n"))
        <button class="button" name="action" value="continue">Save and continue</button>
        <button class="button button--secondary" name="action" value="save">Save and come back later</button>
        </form>
        """
        return HTML.page(title: page.title, service: service, hasErrors: !errors.isEmpty, body: body)
    }

    /// Without JavaScript a question that depends on another on the same page is always shown;
    /// its hint says when to answer it.
    static func samePageCondition(_ q: Question, _ page: QuestionPage) -> String? {
        guard let condition = q.showIf, let source = page.questions.first(where: { $0.id == condition.question }) else { return nil }
        let labels = condition.values.map { value in "‘\(source.options.first { $0.value == value }?.label ?? value)’" }.joined(separator: " or ")
        return condition.negated ? "Answer this unless you chose \(labels) above." : "Answer this only if you chose \(labels) above."
    }

    static func field(_ q: Question, values: [String], error: String?, onlyIf: String? = nil) -> String {
        let id = "q-\(q.id)"
        var hintText = q.kind == .multiple && q.hint.isEmpty ? "Select all that apply." : q.kind == .date && q.hint.isEmpty ? "For example, 31 March 2026." : q.hint
        if let onlyIf { hintText = hintText.isEmpty ? onlyIf : onlyIf + " " + hintText }
        let hint = hintText.isEmpty ? "" : "<div class=\"hint\" id=\"\(id)-hint\">\(HTML.escape(hintText))</div>"
        let errorHTML = error.map { "<p class=\"error-message\" id=\"\(id)-error\"><span class=\"visually-hidden\">Error:</span> \(HTML.escape($0))</p>" } ?? ""
        let describedBy = [hintText.isEmpty ? nil : "\(id)-hint", error == nil ? nil : "\(id)-error"].compactMap { $0 }.joined(separator: " ")
        let aria = describedBy.isEmpty ? "" : " aria-describedby=\"\(describedBy)\""
        let optional = q.required ? "" : " (optional)"
        let group = "form-group" + (error == nil ? "" : " form-group--error")
        switch q.kind {
        case .single, .likert, .multiple:
            let type = q.kind == .multiple ? "checkbox" : "radio"
            let choices = q.options.enumerated().map { index, option in
                let inputID = index == 0 ? id : "\(id)-\(index + 1)"
                let checked = values.contains(option.value) ? " checked" : ""
                return "<div class=\"choice\"><input type=\"\(type)\" id=\"\(inputID)\" name=\"\(HTML.escape(q.id))\" value=\"\(HTML.escape(option.value))\"\(checked)><label for=\"\(inputID)\">\(HTML.escape(option.label))</label></div>"
            }.joined()
            return "<div class=\"\(group)\"><fieldset\(aria)><legend>\(HTML.escape(q.text))\(optional)</legend>\(hint)\(errorHTML)\(choices)</fieldset></div>"
        case .number, .date:
            let value = HTML.escape(values.first ?? "")
            let extra = q.kind == .number ? " inputmode=\"decimal\" type=\"text\" spellcheck=\"false\"" : " type=\"date\""
            return "<div class=\"\(group)\"><label class=\"label\" for=\"\(id)\">\(HTML.escape(q.text))\(optional)</label>\(hint)\(errorHTML)<input class=\"input\(error == nil ? "" : " input--error")\" id=\"\(id)\" name=\"\(HTML.escape(q.id))\" value=\"\(value)\"\(extra)\(aria)></div>"
        case .text:
            return "<div class=\"\(group)\"><label class=\"label\" for=\"\(id)\">\(HTML.escape(q.text))\(optional)</label>\(hint)\(errorHTML)<textarea class=\"input\(error == nil ? "" : " input--error")\" id=\"\(id)\" name=\"\(HTML.escape(q.id))\" rows=\"5\" maxlength=\"\(q.maxLength)\"\(aria)>\(HTML.escape(values.first ?? ""))</textarea></div>"
        }
    }

    static func display(_ q: Question, _ values: [String]) -> String {
        guard !values.isEmpty else { return "<span class=\"hint\">Not answered</span>" }
        let labels = values.map { value in q.options.first { $0.value == value }?.label ?? value }
        return labels.map(HTML.escape).joined(separator: "<br>")
    }

    static func check(_ wave: Wave, answers: Answers, missing: [AnswerProblem], base: String, csrf: String, pageOf: [String: String], readOnly: Bool) -> String {
        let q = wave.questionnaire
        var sections = ""
        for page in q.visiblePages(answers) {
            let rows = page.questions.filter { $0.showIf?.holds(answers) ?? true }.map { question in
                let change = readOnly ? "" : "<dd class=\"actions\"><a href=\"\(base)/page/\(HTML.escape(page.id))#q-\(HTML.escape(question.id))\">Change<span class=\"visually-hidden\"> \(HTML.escape(question.text))</span></a></dd>"
                return "<div><dt>\(HTML.escape(question.text))</dt><dd>\(display(question, answers[question.id] ?? []))</dd>\(change)</div>"
            }.joined()
            sections += "<h2>\(HTML.escape(page.title))</h2><dl class=\"summary-list\">\(rows)</dl>"
        }
        let errors = missing.map { (field: "missing-\($0.question)", message: "\(q.question($0.question)?.text ?? $0.question): \($0.message.lowercased())") }
        let summary = missing.isEmpty ? "" : """
            <div class="error-summary" aria-labelledby="error-summary-title" role="alert" tabindex="-1">
            <h2 class="error-summary__title" id="error-summary-title">There is a problem</h2>
            <ul class="error-summary__list">\(missing.map { "<li><a href=\"\(base)/page/\(HTML.escape(pageOf[$0.question] ?? ""))#q-\(HTML.escape($0.question))\">\(HTML.escape(q.question($0.question)?.text ?? $0.question)): \(HTML.escape($0.message.lowercased()))</a></li>" }.joined())</ul>
            </div>
            """
        _ = errors
        let submit = readOnly || !missing.isEmpty ? "" : """
            <h2>Now send your answers</h2>
            <p>By sending these answers you confirm that, to the best of your knowledge, they are correct for your local authority.</p>
            <form method="post" action="\(base)/submit" novalidate><input type="hidden" name="csrf" value="\(HTML.escape(csrf))">
            <button class="button">Accept and send</button></form>
            """
        let heading = readOnly ? "Your submitted answers" : "Check your answers before sending them"
        let body = "\(readOnly ? "" : "<p><a href=\"\(base)\">Back</a></p>")\(summary)<h1>\(heading)</h1>\(sections)\(submit)"
        return HTML.page(title: heading, service: service, hasErrors: !missing.isEmpty, body: body)
    }

    static func saved(base: String, expires: String) -> String {
        HTML.page(title: "Your answers have been saved", service: service, body: """
            <h1>Your answers have been saved</h1>
            <p>You can come back and finish with the same link until \(HTML.escape(String(expires.prefix(10)))). Nothing has been sent yet.</p>
            <p><a href="\(base)">Return to the survey</a></p>
            """)
    }

    static func confirmation(laName: String) -> String {
        HTML.page(title: "Answers sent", service: service, body: """
            <div class="panel"><h1>Answers sent</h1></div>
            <p>Thank you. Your answers for \(HTML.escape(laName)) have been received by the evaluation team.</p>
            <p>You can open your link again to see what you sent.</p>
            """)
    }

    static func message(title: String, text: String) -> String {
        HTML.page(title: title, service: service, body: "<h1>\(HTML.escape(title))</h1><p>\(HTML.escape(text))</p>")
    }
}
