import Foundation
import HTTPTypes
import HummingbirdTesting
import LAEvalStore
import LAEvalStoreTesting
import Testing

/// The admin console's guards: sign-in, session cookie, CSRF, rate limiting; and its exports.
@Suite struct AdminRouteTests {
    static let getRoutes = ["/admin", "/admin/waves/1", "/admin/audit", "/admin/dashboard", "/admin/waves/1/export/long", "/admin/waves/1/export/wide",
                            "/admin/waves/1/export/codebook", "/admin/waves/1/export/respondents", "/admin/waves/1/export/waves",
                            "/admin/waves/1/export/questionnaire"]
    static let postRoutes = ["/admin/waves", "/admin/waves/1/links", "/admin/waves/1/reminders", "/admin/waves/1/revoke", "/admin/sign-out"]

    @Test(arguments: TestDatabase.available) func adminRoutesRefuseTheUnsignedIn(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { served, client in
            for route in Self.getRoutes {
                let response = try await client.get(route)
                #expect(response.status == .seeOther && response.headers[.location] == "/admin/sign-in", "GET \(route)")
                #expect(try await client.get(route, cookie: "laeval_session=\(SurveyStore.newToken())").status == .seeOther)
            }
            for route in Self.postRoutes {
                let response = try await client.post(route, [("csrf", "x"), ("ref", served.links[0].ref), ("people", "E09000002,dcs,z@z.gov.uk")])
                #expect(response.status == .unauthorized, "POST \(route)")
            }
            #expect(try await served.store.respondents(wave: 1).allSatisfy { $0.revokedAt == nil })
            #expect(try await served.store.respondents(wave: 1).count == 3)
        }
    }

    @Test(arguments: TestDatabase.available) func everyStateChangingFormNeedsTheCSRFToken(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { served, client in
            let (cookie, csrf) = try await client.signIn()
            #expect(!csrf.isEmpty)
            for route in Self.postRoutes {
                for bad in [[], [("csrf", "wrong")]] as [[(String, String)]] {
                    let response = try await client.post(route, bad + [("ref", served.links[0].ref), ("people", "E09000002,dcs,z@z.gov.uk"), ("number", "2")], cookie: cookie)
                    #expect(response.status == .forbidden, "POST \(route) without the CSRF token")
                }
            }
            #expect(try await served.store.respondents(wave: 1).count == 3)
            #expect(try await served.store.waves().count == 1)
            // with it, the same form works
            let revoked = try await client.post("/admin/waves/1/revoke", [("csrf", csrf), ("ref", served.links[0].ref)], cookie: cookie)
            #expect(revoked.status == .seeOther)
            #expect(try await served.store.access(token: served.links[0].token, now: Served.now) == .revoked)
        }
    }

    @Test(arguments: TestDatabase.available) func signInSetsAStrictSessionCookieAndIsRateLimited(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { _, client in
            let good = try await client.post("/admin/sign-in", [("email", "eva@dfe.gov.uk"), ("password", Served.password)])
            let cookie = try #require(good.headers[.setCookie])
            #expect(cookie.hasPrefix("laeval_session=") && cookie.contains("HttpOnly") && cookie.contains("Secure") && cookie.contains("SameSite=Strict"))
            #expect(good.headers[.location] == "/admin")
            let injection = try await client.post("/admin/sign-in", [("email", "' OR 1=1 --"), ("password", "' OR '1'='1")])
            #expect(injection.status == .unauthorized && injection.headers[.setCookie] == nil)
            var statuses: [Int] = []
            for _ in 0..<6 { statuses.append(try await client.post("/admin/sign-in", [("email", "mallory@x.org"), ("password", "guess guess guess")]).status.code) }
            #expect(statuses == [401, 401, 401, 401, 401, 429])
            // the right password is refused too while the address is locked out
            #expect(try await client.post("/admin/sign-in", [("email", "mallory@x.org"), ("password", Served.password)]).status == .tooManyRequests)
        }
    }

    @Test(arguments: TestDatabase.available) func linksExportsAndAudit(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { served, client in
            let (cookie, csrf) = try await client.signIn()
            let issued = try await client.post("/admin/waves/1/links", [("csrf", csrf), ("people", "la_code,role,email\nE09000002,dcs,z@z.gov.uk")], cookie: cookie)
            #expect(issued.status == .ok && issued.headers[.contentType]?.hasPrefix("text/csv") == true)
            let lines = issued.text.split(separator: "\n")
            #expect(lines.count == 2 && lines[1].contains("E09000002-1") && lines[1].contains("/s/"))
            let reminders = try await client.post("/admin/waves/1/reminders", [("csrf", csrf), ("status", "not_started")], cookie: cookie)
            #expect(reminders.text.split(separator: "\n").count == 5)
            // the reminder link replaces the first one
            #expect(try await served.store.access(token: served.links[0].token, now: Served.now) == .unknown)
            let codebook = try await client.get("/admin/waves/1/export/codebook", cookie: cookie).text
            #expect(codebook.hasPrefix("wave,questionnaire,version,page,question_id,type") && codebook.contains("lead_vision"))
            let wide = try await client.get("/admin/waves/1/export/wide", cookie: cookie).text
            #expect(wide.hasPrefix("wave,respondent_id,new_la_code,respondent_role,status,role,support__pip,support__alliance,support__adviser,lead_vision,comments"))
            #expect(try await client.get("/admin/waves/1/export/waves", cookie: cookie).text.hasPrefix("wave,questionnaire,opened,closed\n1,questionnaire-v1.yaml,"))
            #expect(try await client.get("/admin/waves/1/export/questionnaire", cookie: cookie).text == Fixtures.questionnaire)
            let audit = try await client.get("/admin/audit", cookie: cookie).text
            for action in ["sign in", "issue links", "export reminders", "reissue link", "export"] { #expect(audit.contains(action), "audit has \(action)") }
        }
    }

    @Test func everyResponseCarriesTheSecurityHeaders() async throws {
        try await Served.run(.sqlite) { served, client in
            for uri in ["/admin/sign-in", "/s/\(served.links[0].token)", "/s/unknown-token-of-some-length"] {
                let headers = try await client.get(uri).headers
                #expect(headers[HTTPField.Name("Referrer-Policy")!] == "no-referrer" && headers[HTTPField.Name("X-Frame-Options")!] == "DENY" && headers[.cacheControl] == "no-store")
                #expect(headers[.contentSecurityPolicy]?.contains("default-src 'none'") == true)
            }
        }
    }
}
