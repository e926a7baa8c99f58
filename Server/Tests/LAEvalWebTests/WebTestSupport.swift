import Foundation
import Hummingbird
import HummingbirdTesting
import LAEvalStore
import LAEvalStoreTesting
import LAEvalWeb

/// A store with a wave, three links (two LAs) and an evaluator, served by the app under test.
struct Served {
    var links: [IssuedLink]
    var store: SurveyStore

    static let password = "correct horse battery"
    static let now = Fixtures.opens.addingTimeInterval(86_400)

    /// `clock`: the app's time (the links expire when the wave closes).
    static func run(_ kind: TestDatabase, clock: Date = now, _ body: @Sendable @escaping (Served, any TestClientProtocol) async throws -> Void) async throws {
        try await kind.withStore { store in
            _ = try await store.createWave(number: 1, title: "Wave 1", questionnaireYAML: Fixtures.questionnaire, opensAt: Fixtures.opens,
                                           closesAt: Fixtures.closes, actor: "test", now: now)
            let links = try await store.issueLinks(wave: 1, people: [("E09000001", "dcs", "a@x.gov.uk"), ("E08000025", "dcs", "c@y.gov.uk"),
                                                                    ("E09000001", "member", "b@x.gov.uk")],
                                                   validUntil: Fixtures.closes, actor: "test", now: now)
            try await store.createEvaluator(email: "eva@dfe.gov.uk", password: password, actor: "test", now: now)
            let app = Application(router: WebApp(store: store, study: StudyInfo(study: nil), now: { clock }).router())
            try await app.test(.router) { client in try await body(Served(links: links, store: store), client) }
        }
    }
}

extension TestClientProtocol {
    func get(_ uri: String, cookie: String? = nil) async throws -> TestResponse {
        try await execute(uri: uri, method: .get, headers: cookie.map { [.cookie: $0] } ?? [:])
    }

    func post(_ uri: String, _ form: [(String, String)], cookie: String? = nil) async throws -> TestResponse {
        let body = form.map { "\($0.0.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)=\($0.1.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)" }
            .joined(separator: "&")
        var headers: HTTPFields = [.contentType: "application/x-www-form-urlencoded"]
        if let cookie { headers[.cookie] = cookie }
        return try await execute(uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
    }

    /// Signs in; returns the session cookie and the CSRF token of the admin pages.
    func signIn() async throws -> (cookie: String, csrf: String) {
        let response = try await post("/admin/sign-in", [("email", "eva@dfe.gov.uk"), ("password", Served.password)])
        let setCookie = response.headers[.setCookie] ?? ""
        let cookie = String(setCookie.split(separator: ";")[0])
        let page = String(buffer: try await get("/admin", cookie: cookie).body)
        return (cookie, Self.value(of: "csrf", in: page) ?? "")
    }

    static func value(of name: String, in page: String) -> String? {
        guard let range = page.range(of: "name=\"\(name)\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }
}
