import Foundation
import HummingbirdTesting
import LAEvalCore
import LAEvalStore
import LAEvalStoreTesting
import Testing

/// The respondent's journey and its guards, on SQLite and PostgreSQL.
@Suite struct SurveyRouteTests {
    @Test(arguments: TestDatabase.available) func aRespondentCompletesTheSurvey(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { served, client in
            let base = "/s/\(served.links[0].token)"
            let start = try await client.get(base)
            #expect(start.status == .ok && start.text.contains("Start now") && start.text.contains("E09000001"))
            let page = try await client.get("\(base)/page/about")
            let csrf = try #require(TestResponse.csrf(page.text))
            #expect(page.text.contains("<input type=\"radio\" id=\"q-role\" name=\"role\" value=\"dcs\"><label for=\"q-role\">Director</label>"))
            #expect(page.text.contains("<input type=\"checkbox\" id=\"q-support-3\" name=\"support\" value=\"adviser\">"))
            // a required question left empty: error summary linked to the field, 400, nothing stored
            let invalid = try await client.post("\(base)/page/about", [("csrf", csrf), ("action", "continue")])
            #expect(invalid.status == .badRequest)
            #expect(invalid.text.contains("<title>Error: About you") && invalid.text.contains("<a href=\"#q-role\">Select an answer</a>"))
            #expect(invalid.text.contains("id=\"q-role-error\"") && invalid.text.contains("aria-describedby=\"q-role-error\""))
            // save and come back later keeps a partial answer
            let saved = try await client.post("\(base)/page/about", [("csrf", csrf), ("support", "pip"), ("action", "save")])
            #expect(saved.status == .seeOther && saved.headers[.location] == "\(base)/saved")
            #expect(try await served.store.answers(respondent: served.store.respondents(wave: 1)[0].id) == ["support": ["pip"]])
            #expect(try await client.get(base).text.contains("Continue where you left off"))
            let next = try await client.post("\(base)/page/about", [("csrf", csrf), ("role", "dcs"), ("support", "pip"), ("support", "adviser"), ("action", "continue")])
            #expect(next.status == .seeOther && next.headers[.location] == "\(base)/page/views")
            let views = try await client.post("\(base)/page/views", [("csrf", csrf), ("lead_vision", "4"), ("comments", "=SUM(A1) '; DROP TABLE answers; --"), ("action", "continue")])
            #expect(views.headers[.location] == "\(base)/check")
            let check = try await client.get("\(base)/check")
            #expect(check.text.contains("Check your answers") && check.text.contains("Director") && check.text.contains("&#39;; DROP TABLE answers; --"))
            let sent = try await client.post("\(base)/submit", [("csrf", csrf)])
            #expect(sent.status == .ok && sent.text.contains("Answers sent"))
            // after submitting: read-only, and no more changes
            #expect(try await client.get(base).text.contains("Your submitted answers"))
            #expect(try await client.post("\(base)/page/about", [("csrf", csrf), ("role", "member"), ("action", "continue")]).status == .forbidden)
            let stored = try await served.store.answerRows(wave: 1)
            #expect(stored.map(\.value) == ["=SUM(A1) '; DROP TABLE answers; --", "4", "dcs", "pip", "adviser"])
            #expect(SurveyExport.long(stored, waves: [try #require(try await served.store.wave(number: 1))]).contains("'=SUM(A1)"))
        }
    }

    /// Every survey route with LA A's token shows and changes only LA A's response.
    @Test(arguments: TestDatabase.available) func aTokenOpensOnlyItsOwnLA(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { served, client in
            let (a, b) = (served.links[0], served.links[1])
            let bID = try await served.store.respondents(wave: 1).first { $0.ref == b.ref }!.id
            try await served.store.saveAnswers(respondent: bID, page: "about", questions: ["role"], answers: ["role": ["member"]], now: Served.now)
            let base = "/s/\(a.token)"
            let csrf = try #require(TestResponse.csrf(try await client.get("\(base)/page/about").text))
            for path in ["", "/page/about", "/page/views", "/check", "/saved"] {
                let page = try await client.get(base + path).text
                #expect(!page.contains("E08000025") && !page.contains("value=\"member\" checked"), "\(path) shows another LA's data")
            }
            // fields naming another respondent or LA are ignored; B's answers are untouched
            _ = try await client.post("\(base)/page/about", [("csrf", csrf), ("role", "dcs"), ("respondent_id", String(bID)), ("la", "E08000025"), ("action", "save")])
            #expect(try await served.store.answers(respondent: bID) == ["role": ["member"]])
            // A's CSRF value does not work with B's link
            #expect(try await client.post("/s/\(b.token)/page/about", [("csrf", csrf), ("role", "dcs"), ("action", "save")]).status == .forbidden)
            #expect(try await client.post("/s/\(b.token)/submit", [("csrf", csrf)]).status == .forbidden)
            #expect(try await served.store.answers(respondent: bID) == ["role": ["member"]])
        }
    }

    @Test(arguments: TestDatabase.available) func expiredRevokedAndForgedTokensAreRefusedEverywhere(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { served, client in
            try await served.store.revoke(wave: 1, ref: served.links[2].ref, actor: "test", now: Served.now)
            let forged = ["x", SurveyStore.newToken(), "' OR '1'='1", String(repeating: "a", count: 5_000)]
            for token in [served.links[2].token] + forged {
                let base = "/s/\(token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!)"
                for path in ["", "/page/about", "/check", "/saved"] {
                    let status = try await client.get(base + path).status
                    #expect(status == .forbidden || status == .notFound, "GET \(path) with a bad token gave \(status)")
                }
                for path in ["/page/about", "/submit"] {
                    let status = try await client.post(base + path, [("csrf", "x"), ("role", "dcs"), ("action", "continue")]).status
                    #expect(status == .forbidden || status == .notFound)
                }
            }
            #expect(try await client.get("/s/\(served.links[2].token)").status == .forbidden)
            #expect(try await served.store.answerRows(wave: 1).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available) func anExpiredLinkIsRefusedOnEveryRoute(_ kind: TestDatabase) async throws {
        try await Served.run(kind, clock: Fixtures.closes.addingTimeInterval(60)) { served, client in
            let base = "/s/\(served.links[0].token)"
            for path in ["", "/page/about", "/check", "/saved"] {
                let response = try await client.get(base + path)
                #expect(response.status == .forbidden && response.text.contains("This link no longer works"), "GET \(path)")
            }
            for path in ["/page/about", "/submit"] {
                #expect(try await client.post(base + path, [("csrf", "x"), ("role", "dcs"), ("action", "save")]).status == .forbidden)
            }
            #expect(try await served.store.answerRows(wave: 1).isEmpty)
        }
    }

    @Test(arguments: TestDatabase.available) func oversizedFormsAreRefusedWithNoEffect(_ kind: TestDatabase) async throws {
        try await Served.run(kind) { served, client in
            let base = "/s/\(served.links[0].token)"
            let csrf = try #require(TestResponse.csrf(try await client.get("\(base)/page/views").text))
            let huge = try await client.post("\(base)/page/views", [("csrf", csrf), ("lead_vision", "4"), ("comments", String(repeating: "x", count: 100_000)), ("action", "save")])
            #expect(huge.status == .contentTooLarge)
            let long = try await client.post("\(base)/page/views", [("csrf", csrf), ("lead_vision", "4"), ("comments", String(repeating: "y", count: 3_000)), ("action", "continue")])
            #expect(long.status == .badRequest && long.text.contains("Answer must be 2000 characters or fewer"))
            #expect(try await served.store.answerRows(wave: 1).isEmpty)
        }
    }
}

extension TestResponse {
    static func csrf(_ page: String) -> String? {
        guard let range = page.range(of: "name=\"csrf\" value=\"") else { return nil }
        return String(page[range.upperBound...].prefix { $0 != "\"" })
    }
}
