import Crypto
import Foundation
import Hummingbird
import LAEvalCore
import LAEvalStore

extension WebApp {
    /// The respondent, their wave and answers, from the token in the path; or the page to show instead.
    struct Visit: Sendable {
        var respondent: Respondent
        var wave: Wave
        var answers: Answers
        var submitted: Bool
        var token: String

        var base: String { "/s/\(token)" }
        /// Ties a form to its link, so a form posted from elsewhere is refused.
        var csrf: String { SHA256.hash(data: Data("form:\(token)".utf8)).map { String(format: "%02x", $0) }.joined() }
    }

    /// A visit, or the page to show instead (unknown, expired or withdrawn link; too many requests).
    enum Arrival {
        case visit(Visit)
        case refused(Response)
    }

    func visit(_ context: BasicRequestContext) async throws -> Arrival {
        let token = context.parameters.get("token") ?? ""
        guard await tokenLimiter.allow(String(token.prefix(12))) else {
            return .refused(Self.html(SurveyPages.message(title: "Too many requests", text: "Please wait a minute and try again."), status: .tooManyRequests))
        }
        switch try await store.access(token: token, now: now()) {
        case .unknown:
            _ = await unknownTokenLimiter.allow("unknown")
            return .refused(Self.html(SurveyPages.message(title: "Page not found", text: "Check the link in your email. If it still does not work, contact the evaluation team."), status: .notFound))
        case .expired, .revoked:
            return .refused(Self.html(SurveyPages.message(title: "This link no longer works", text: "The link has expired or was withdrawn. Contact the evaluation team for a new one."), status: .forbidden))
        case .open(let respondent), .submitted(let respondent):
            guard let wave = try await store.wave(number: respondent.waveNumber) else { throw HTTPError(.notFound) }
            let answers = try await store.answers(respondent: respondent.id)
            return .visit(Visit(respondent: respondent, wave: wave, answers: answers, submitted: respondent.submittedAt != nil, token: token))
        }
    }

    func addSurveyRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/s/:token") { _, context -> Response in
            try await self.withVisit(context) { visit in
            if visit.submitted { return self.readOnly(visit) }
            let q = visit.wave.questionnaire
            guard let first = q.visiblePages(visit.answers).first else { throw HTTPError(.notFound) }
            let resume = visit.respondent.currentPage.flatMap { current in q.visiblePages(visit.answers).contains { $0.id == current } ? current : nil }
            return Self.html(SurveyPages.start(visit.wave, respondent: visit.respondent, laName: self.study.name(visit.respondent.laCode),
                                               base: visit.base, firstPage: first.id, resume: resume))
            }
        }
        router.get("/s/:token/page/:page") { _, context -> Response in
            try await self.withVisit(context) { visit in
            if visit.submitted { return self.readOnly(visit) }
            guard let page = visit.wave.questionnaire.page(context.parameters.get("page") ?? "") else {
                return Self.html(SurveyPages.message(title: "Page not found", text: "There is no such page in this survey."), status: .notFound)
            }
            return self.render(visit, page: page, answers: visit.answers, errors: [])
            }
        }
        router.post("/s/:token/page/:page") { request, context -> Response in
            try await self.withVisitForm(request, context) { visit, form in
            let q = visit.wave.questionnaire
            guard let page = q.page(context.parameters.get("page") ?? "") else { throw HTTPError(.notFound) }
            var answers = visit.answers
            for question in page.questions { answers[question.id] = (form.values[question.id] ?? []).filter { !$0.isEmpty } }
            let asked = page.questions.filter { $0.showIf?.holds(answers) ?? true }
            let problems = q.problems(page: page, answers: answers)
            if form.first("action") == "save" {
                let valid = asked.filter { $0.problem(with: answers[$0.id] ?? []) == nil || (answers[$0.id] ?? []).isEmpty }
                try await self.store.saveAnswers(respondent: visit.respondent.id, page: page.id, questions: valid.map(\.id), answers: answers, now: self.now())
                return Self.redirect("\(visit.base)/saved")
            }
            guard problems.isEmpty else { return self.render(visit, page: page, answers: answers, errors: problems, status: .badRequest) }
            try await self.store.saveAnswers(respondent: visit.respondent.id, page: page.id, questions: page.questions.map(\.id), answers: answers, now: self.now())
            if let next = q.page(after: page.id, answers: answers) { return Self.redirect("\(visit.base)/page/\(next.id)") }
            return Self.redirect("\(visit.base)/check")
            }
        }
        router.get("/s/:token/saved") { _, context -> Response in
            switch try await self.visit(context) {
            case .refused(let response): return response
            case .visit(let visit): return Self.html(SurveyPages.saved(base: visit.base, expires: visit.respondent.expiresAt))
            }
        }
        router.get("/s/:token/check") { _, context -> Response in
            switch try await self.visit(context) {
            case .refused(let response): return response
            case .visit(let visit): return visit.submitted ? self.readOnly(visit) : self.check(visit)
            }
        }
        router.post("/s/:token/submit") { request, context -> Response in
            try await self.withVisitForm(request, context) { visit, _ in
            let q = visit.wave.questionnaire
            guard q.missing(q.effectiveAnswers(visit.answers)).isEmpty else { return self.check(visit, status: .badRequest) }
            try await self.store.submit(respondent: visit.respondent.id, now: self.now())
            return Self.html(SurveyPages.confirmation(laName: self.study.name(visit.respondent.laCode)))
            }
        }
    }

    /// Runs a page for the link's respondent, or shows why the link opens nothing.
    func withVisit(_ context: BasicRequestContext, _ body: (Visit) async throws -> Response) async throws -> Response {
        switch try await visit(context) {
        case .refused(let response): return response
        case .visit(let visit): return try await body(visit)
        }
    }

    /// For the respondent's forms: the link opens a response not yet sent, and the form carries
    /// the link's CSRF value.
    func withVisitForm(_ request: Request, _ context: BasicRequestContext, _ body: (Visit, FormData) async throws -> Response) async throws -> Response {
        try await withVisit(context) { visit in
            let form = try await FormData.read(request)
            guard form.first("csrf") == visit.csrf else { throw HTTPError(.forbidden, message: "The form has expired. Go back, reload the page and try again.") }
            guard !visit.submitted else { throw HTTPError(.forbidden, message: "These answers have been sent and can no longer be changed.") }
            return try await body(visit, form)
        }
    }

    func render(_ visit: Visit, page: QuestionPage, answers: Answers, errors: [AnswerProblem], status: HTTPResponse.Status = .ok) -> Response {
        let q = visit.wave.questionnaire
        let visible = q.visiblePages(answers)
        let index = (visible.firstIndex { $0.id == page.id } ?? 0) + 1
        return Self.html(SurveyPages.questionPage(visit.wave, page: page, answers: answers, errors: errors, base: visit.base, csrf: visit.csrf,
                                                  position: (index, visible.count), back: q.page(before: page.id, answers: answers)?.id), status: status)
    }

    func check(_ visit: Visit, status: HTTPResponse.Status = .ok) -> Response {
        let q = visit.wave.questionnaire
        let effective = q.effectiveAnswers(visit.answers)
        let pageOf = Dictionary(uniqueKeysWithValues: q.pages.flatMap { page in page.questions.map { ($0.id, page.id) } })
        return Self.html(SurveyPages.check(visit.wave, answers: effective, missing: q.missing(effective), base: visit.base, csrf: visit.csrf,
                                           pageOf: pageOf, readOnly: false), status: status)
    }

    func readOnly(_ visit: Visit) -> Response {
        let q = visit.wave.questionnaire
        return Self.html(SurveyPages.check(visit.wave, answers: q.effectiveAnswers(visit.answers), missing: [], base: visit.base, csrf: "",
                                           pageOf: [:], readOnly: true))
    }
}
