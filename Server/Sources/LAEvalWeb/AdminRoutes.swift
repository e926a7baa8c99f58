import Foundation
import Hummingbird
import LAEvalCore
import LAEvalData
import LAEvalStore

extension WebApp {
    static let sessionCookie = "laeval_session"
    static let adminService = "laeval admin"

    /// The signed-in evaluator, from the session cookie.
    func session(_ request: Request) async throws -> (token: String, session: EvaluatorSession)? {
        guard let token = request.cookies[Self.sessionCookie]?.value, let session = try await store.session(token: token, now: now()) else { return nil }
        return (token, session)
    }

    /// Runs an admin page for a signed-in evaluator; otherwise to the sign-in page (GET) or 401.
    func signedIn(_ request: Request, _ body: (EvaluatorSession) async throws -> Response) async throws -> Response {
        guard let (_, session) = try await session(request) else {
            if request.method == .get { return Self.redirect("/admin/sign-in") }
            return Self.html(SurveyPages.message(title: "Sign in required", text: "Sign in to continue."), status: .unauthorized)
        }
        return try await body(session)
    }

    /// For state-changing admin forms: signed in, and the form carries the session's CSRF token.
    func signedInForm(_ request: Request, _ body: (EvaluatorSession, FormData) async throws -> Response) async throws -> Response {
        try await signedIn(request) { session in
            let form = try await FormData.read(request)
            guard let csrf = form.first("csrf"), csrf == session.csrfToken else {
                return Self.html(SurveyPages.message(title: "Form expired", text: "Go back, reload the page and try again."), status: .forbidden)
            }
            return try await body(session, form)
        }
    }

    func adminPage(_ title: String, _ session: EvaluatorSession, _ body: String, errors: Bool = false, status: HTTPResponse.Status = .ok) -> Response {
        Self.html(HTML.page(title: title, service: Self.adminService, hasErrors: errors, signOut: session.csrfToken,
                            body: "<p><a href=\"/admin\">Waves</a> · <a href=\"/admin/dashboard\">Dashboard</a> · <a href=\"/admin/audit\">Audit log</a></p>" + body), status: status)
    }

    func addAdminRoutes(_ router: Router<BasicRequestContext>) {
        router.get("/admin/sign-in") { _, _ in Self.html(AdminPages.signIn(errors: [], email: "")) }
        router.post("/admin/sign-in") { request, _ -> Response in
            let form = try await FormData.read(request)
            let email = (form.first("email") ?? "").trimmingCharacters(in: .whitespaces).lowercased()
            guard await self.signInLimiter.allow("email:\(email)"), await self.allSignInsLimiter.allow("all") else {
                try await self.store.recordAudit(actor: email, action: "sign-in refused", detail: "too many attempts", now: self.now())
                return Self.html(AdminPages.signIn(errors: [("email", "Too many attempts. Wait 15 minutes and try again.")], email: email), status: .tooManyRequests)
            }
            guard let (token, _) = try await self.store.signIn(email: email, password: form.first("password") ?? "", now: self.now()) else {
                return Self.html(AdminPages.signIn(errors: [("email", "Enter a correct email address and password")], email: email), status: .unauthorized)
            }
            let cookie = Cookie(name: Self.sessionCookie, value: token, maxAge: 8 * 3600, path: "/", secure: true, httpOnly: true, sameSite: .strict)
            return Self.redirect("/admin", headers: [.setCookie: cookie.description])
        }
        router.post("/admin/sign-out") { request, _ -> Response in
            try await self.signedInForm(request) { session, _ in
                if let (token, _) = try await self.session(request) { try await self.store.signOut(token: token, actor: session.email, now: self.now()) }
                let expired = Cookie(name: Self.sessionCookie, value: "", maxAge: 0, path: "/", secure: true, httpOnly: true, sameSite: .strict)
                return Self.redirect("/admin/sign-in", headers: [.setCookie: expired.description])
            }
        }
        router.get("/admin") { request, _ -> Response in
            try await self.signedIn(request) { session in
                let waves = try await self.store.waves()
                var counts: [Int: [Respondent]] = [:]
                for wave in waves { counts[wave.number] = try await self.store.respondents(wave: wave.number) }
                return self.adminPage("Waves", session, AdminPages.waves(waves, respondents: counts, csrf: session.csrfToken, errors: []))
            }
        }
        router.post("/admin/waves") { request, _ -> Response in
            try await self.signedInForm(request) { session, form in
                let number = Int(form.first("number") ?? "")
                let opens = form.first("opens").flatMap { CalendarDate(iso: $0) }, closes = form.first("closes").flatMap { CalendarDate(iso: $0) }
                var errors: [(String, String)] = []
                if number == nil || number! < 1 { errors.append(("number", "Enter the wave number, a whole number from 1")) }
                if opens == nil { errors.append(("opens", "Enter the date the wave opens, like 2026-04-01")) }
                if closes == nil { errors.append(("closes", "Enter the date the wave closes, like 2026-06-30")) }
                if (form.first("title") ?? "").isEmpty { errors.append(("title", "Enter a title for the wave")) }
                if errors.isEmpty {
                    do {
                        _ = try await self.store.createWave(number: number!, title: form.first("title")!, questionnaireYAML: form.first("questionnaire") ?? "",
                                                            opensAt: opens!.date, closesAt: closes!.date, actor: session.email, now: self.now())
                        return Self.redirect("/admin/waves/\(number!)")
                    } catch let error as StoreError {
                        errors.append(("questionnaire", error.description))
                    }
                }
                let waves = try await self.store.waves()
                return self.adminPage("Waves", session, AdminPages.waves(waves, respondents: [:], csrf: session.csrfToken, errors: errors, form: form), errors: true, status: .badRequest)
            }
        }
        router.get("/admin/waves/:number") { request, context -> Response in
            try await self.signedIn(request) { session in
                guard let number = context.parameters.get("number", as: Int.self), let wave = try await self.store.wave(number: number) else { throw HTTPError(.notFound) }
                let respondents = try await self.store.respondents(wave: number)
                return self.adminPage("Wave \(number)", session, AdminPages.wave(wave, respondents: respondents, study: self.study, csrf: session.csrfToken))
            }
        }
        router.post("/admin/waves/:number/links") { request, context -> Response in
            try await self.signedInForm(request) { session, form in
                guard let number = context.parameters.get("number", as: Int.self), let wave = try await self.store.wave(number: number) else { throw HTTPError(.notFound) }
                let people = try self.people(form.first("people") ?? "")
                let until = form.first("valid_until").flatMap { CalendarDate(iso: $0)?.date } ?? Clock.date(wave.closesAt) ?? self.now()
                let links = try await self.store.issueLinks(wave: number, people: people, validUntil: until, actor: session.email, now: self.now())
                return Self.csv(SurveyExport.links(links, baseURL: self.baseURL(request), laName: self.study.name), filename: "wave-\(number)-links.csv")
            }
        }
        router.post("/admin/waves/:number/reminders") { request, context -> Response in
            try await self.signedInForm(request) { session, form in
                guard let number = context.parameters.get("number", as: Int.self), try await self.store.wave(number: number) != nil else { throw HTTPError(.notFound) }
                let status = ResponseStatus(rawValue: form.first("status") ?? "") ?? .notStarted
                let links = try await self.store.remind(wave: number, status: status, actor: session.email, now: self.now())
                return Self.csv(SurveyExport.links(links, baseURL: self.baseURL(request), laName: self.study.name), filename: "wave-\(number)-reminders-\(status.rawValue).csv")
            }
        }
        router.post("/admin/waves/:number/revoke") { request, context -> Response in
            try await self.signedInForm(request) { session, form in
                guard let number = context.parameters.get("number", as: Int.self) else { throw HTTPError(.notFound) }
                do {
                    try await self.store.revoke(wave: number, ref: form.first("ref") ?? "", actor: session.email, now: self.now())
                } catch let error as StoreError {
                    return self.adminPage("Wave \(number)", session, "<h1>Link not withdrawn</h1><p>\(HTML.escape(error.description))</p>", status: .badRequest)
                }
                return Self.redirect("/admin/waves/\(number)")
            }
        }
        router.get("/admin/waves/:number/export/:format") { request, context -> Response in
            try await self.signedIn(request) { session in
                guard let number = context.parameters.get("number", as: Int.self), let wave = try await self.store.wave(number: number) else { throw HTTPError(.notFound) }
                let format = context.parameters.get("format") ?? ""
                let rows = try await self.store.answerRows(wave: number)
                let text: String
                switch format {
                case "long": text = SurveyExport.long(rows, waves: [wave])
                case "wide": text = SurveyExport.wide(rows, wave: wave, respondents: try await self.store.respondents(wave: number))
                case "codebook": text = SurveyExport.codebook([wave])
                case "respondents": text = SurveyExport.respondents(try await self.store.respondents(wave: number))
                case "waves": text = SurveyExport.waves(try await self.store.waves())
                case "questionnaire":
                    try await self.store.recordAudit(actor: session.email, action: "export", detail: "wave \(number) questionnaire", now: self.now())
                    return Response(status: .ok, headers: [.contentType: "application/yaml; charset=utf-8",
                                                           .contentDisposition: "attachment; filename=\"\(SurveyExport.fileName(wave))\""],
                                    body: .init(byteBuffer: ByteBuffer(string: wave.questionnaireYAML)))
                default: throw HTTPError(.notFound)
                }
                try await self.store.recordAudit(actor: session.email, action: "export", detail: "wave \(number) \(format)", now: self.now())
                return Self.csv(text, filename: "wave-\(number)-\(format).csv")
            }
        }
        router.get("/admin/audit") { request, _ -> Response in
            try await self.signedIn(request) { session in
                let entries = try await self.store.auditLog(limit: 500)
                return self.adminPage("Audit log", session, HTML.table(caption: "Audit log (latest 500)", headers: ["When (UTC)", "Who", "What", "Detail"],
                                                                        rows: entries.map { [HTML.escape($0.at), HTML.escape($0.actor), HTML.escape($0.action), HTML.escape($0.detail)] }))
            }
        }
    }

    /// The people of the links form; each LA code must be in the study.
    func people(_ text: String) throws -> [(laCode: String, role: String, email: String)] {
        switch SurveyExport.people(text, known: Set(study.laCodes)) {
        case .success(let people): return people
        case .failure(let problem): throw HTTPError(.badRequest, message: "Line \(problem.line) of the list: \(problem.message)")
        }
    }

    func baseURL(_ request: Request) -> String {
        if let configured = ProcessInfo.processInfo.environment["LAEVAL_PUBLIC_URL"], !configured.isEmpty { return configured }
        return "http://\(request.head.authority ?? "localhost:8080")"
    }
}
