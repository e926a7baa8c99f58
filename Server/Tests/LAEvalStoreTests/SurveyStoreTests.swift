import Foundation
import LAEvalCore
import LAEvalStore
import LAEvalStoreTesting
import Testing

/// The same storage suite on SQLite and PostgreSQL: waves with versioned questionnaires, links,
/// answers, submission, revocation, sessions and the audit log.
@Suite struct SurveyStoreTests {
    static let now = Fixtures.opens.addingTimeInterval(86_400)

    static func openWave(_ store: SurveyStore) async throws -> [IssuedLink] {
        _ = try await store.createWave(number: 1, title: "Wave 1", questionnaireYAML: Fixtures.questionnaire, opensAt: Fixtures.opens,
                                       closesAt: Fixtures.closes, actor: "test", now: now)
        return try await store.issueLinks(wave: 1, people: [("E09000001", "dcs", "a@x.gov.uk"), ("E09000001", "member", "b@x.gov.uk"),
                                                           ("E08000025", "dcs", "c@y.gov.uk")],
                                          validUntil: Fixtures.closes, actor: "test", now: now)
    }

    @Test(arguments: TestDatabase.available) func wavesLinksAndAnswers(_ kind: TestDatabase) async throws {
        try await kind.withStore { store in
            let links = try await Self.openWave(store)
            #expect(links.map(\.ref) == ["E09000001-1", "E09000001-2", "E08000025-1"])
            #expect(Set(links.map(\.token)).count == 3 && links.allSatisfy { $0.token.count == 43 })
            guard case .open(let respondent) = try await store.access(token: links[0].token, now: Self.now) else {
                Issue.record("the link should open")
                return
            }
            #expect(respondent.laCode == "E09000001" && respondent.status == .notStarted)
            try await store.saveAnswers(respondent: respondent.id, page: "about", questions: ["role", "support"],
                                        answers: ["role": ["dcs"], "support": ["pip", "adviser"]], now: Self.now)
            #expect(try await store.answers(respondent: respondent.id) == ["role": ["dcs"], "support": ["pip", "adviser"]])
            // saving the page again replaces its answers, exactly once each
            try await store.saveAnswers(respondent: respondent.id, page: "about", questions: ["role", "support"],
                                        answers: ["role": ["member"], "support": ["alliance"]], now: Self.now)
            #expect(try await store.answers(respondent: respondent.id) == ["role": ["member"], "support": ["alliance"]])
            #expect(try await store.respondents(wave: 1).first?.status == .partial)
            try await store.submit(respondent: respondent.id, now: Self.now)
            #expect(try await store.access(token: links[0].token, now: Self.now) == .submitted(try await store.respondents(wave: 1)[0]))
            await #expect(throws: StoreError.self) {
                try await store.saveAnswers(respondent: respondent.id, page: "about", questions: ["role"], answers: ["role": ["dcs"]], now: Self.now)
            }
            #expect(try await store.answers(respondent: respondent.id) == ["role": ["member"], "support": ["alliance"]])
            let rows = try await store.answerRows(wave: 1)
            #expect(rows.map(\.value) == ["member", "alliance"])
        }
    }

    @Test(arguments: TestDatabase.available) func expiredRevokedAndUnknownTokensOpenNothing(_ kind: TestDatabase) async throws {
        try await kind.withStore { store in
            let links = try await Self.openWave(store)
            #expect(try await store.access(token: links[1].token, now: Fixtures.closes.addingTimeInterval(1)) == .expired)
            try await store.revoke(wave: 1, ref: links[1].ref, actor: "test", now: Self.now)
            #expect(try await store.access(token: links[1].token, now: Self.now) == .revoked)
            #expect(try await store.access(token: SurveyStore.newToken(), now: Self.now) == .unknown)
            #expect(try await store.access(token: "' OR 1=1 --", now: Self.now) == .unknown)
            await #expect(throws: StoreError.notFound("an unrevoked respondent E09000001-2 in wave 1")) {
                try await store.revoke(wave: 1, ref: links[1].ref, actor: "test", now: Self.now)
            }
            let reissued = try await store.reissueLink(wave: 1, ref: links[1].ref, validUntil: Fixtures.closes, actor: "test", now: Self.now)
            guard case .open = try await store.access(token: reissued.token, now: Self.now) else {
                Issue.record("the reissued link should open")
                return
            }
            #expect(try await store.access(token: links[1].token, now: Self.now) == .unknown)
        }
    }

    @Test(arguments: TestDatabase.available) func aChangedQuestionnaireNeedsANewVersion(_ kind: TestDatabase) async throws {
        try await kind.withStore { store in
            _ = try await Self.openWave(store)
            let changed = Fixtures.questionnaire.replacingOccurrences(of: "Anything else?", with: "Any other comments?")
            await #expect(throws: StoreError.conflict("questionnaire la-survey version 1 is already stored with different text: give the changed questionnaire a new version, so that answers given to the old one keep their meaning")) {
                _ = try await store.createWave(number: 2, title: "Wave 2", questionnaireYAML: changed, opensAt: Fixtures.opens, closesAt: Fixtures.closes, actor: "test")
            }
            let v2 = changed.replacingOccurrences(of: "version: 1", with: "version: 2")
            let wave2 = try await store.createWave(number: 2, title: "Wave 2", questionnaireYAML: v2, opensAt: Fixtures.opens, closesAt: Fixtures.closes, actor: "test")
            #expect(wave2.questionnaire.version == 2)
            #expect(try await store.wave(number: 1)?.questionnaire.question("comments")?.text == "Anything else?")
            await #expect(throws: StoreError.conflict("wave 2 already exists")) {
                _ = try await store.createWave(number: 2, title: "again", questionnaireYAML: v2, opensAt: Fixtures.opens, closesAt: Fixtures.closes, actor: "test")
            }
        }
    }

    @Test(arguments: TestDatabase.available) func sessionsAndAudit(_ kind: TestDatabase) async throws {
        try await kind.withStore { store in
            try await store.createEvaluator(email: "Eva@DfE.gov.uk", password: "correct horse battery", actor: "cli", now: Self.now)
            #expect(try await store.signIn(email: "eva@dfe.gov.uk", password: "wrong password!!", now: Self.now) == nil)
            let signedIn = try #require(try await store.signIn(email: "eva@dfe.gov.uk", password: "correct horse battery", now: Self.now))
            #expect(try await store.session(token: signedIn.token, now: Self.now)?.email == "eva@dfe.gov.uk")
            #expect(try await store.session(token: signedIn.token, now: Self.now.addingTimeInterval(9 * 3600)) == nil)
            try await store.signOut(token: signedIn.token, actor: "eva@dfe.gov.uk", now: Self.now)
            #expect(try await store.session(token: signedIn.token, now: Self.now) == nil)
            let log = try await store.auditLog()
            #expect(log.map(\.action) == ["sign out", "sign in", "sign-in refused", "create evaluator"])
        }
    }

    /// Many concurrent writers: every acknowledged save is stored exactly once.
    @Test(arguments: TestDatabase.available) func concurrentSavesAreAllStoredOnce(_ kind: TestDatabase) async throws {
        try await kind.withStore { store in
            _ = try await store.createWave(number: 1, title: "Wave 1", questionnaireYAML: Fixtures.questionnaire, opensAt: Fixtures.opens,
                                           closesAt: Fixtures.closes, actor: "test", now: Self.now)
            let links = try await store.issueLinks(wave: 1, people: (0..<40).map { ("E0600000\($0 % 10)", "dcs", "p\($0)@x") },
                                                   validUntil: Fixtures.closes, actor: "test", now: Self.now)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for link in links {
                    group.addTask {
                        guard case .open(let r) = try await store.access(token: link.token, now: Self.now) else { return }
                        for k in 0..<5 {
                            try await store.saveAnswers(respondent: r.id, page: "views", questions: ["lead_vision", "comments"],
                                                        answers: ["lead_vision": [String(k % 5 + 1)], "comments": ["note \(k)"]], now: Self.now)
                        }
                    }
                }
                try await group.waitForAll()
            }
            let rows = try await store.answerRows(wave: 1)
            #expect(rows.count == 80)
            #expect(rows.filter { $0.questionID == "comments" }.allSatisfy { $0.value == "note 4" })
        }
    }
}
