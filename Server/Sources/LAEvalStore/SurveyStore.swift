import Crypto
import Foundation
import HummingbirdBcrypt
import LAEvalCore
import LAEvalData

/// A wave of the survey: its number, and the questionnaire it was opened with (stored with it,
/// so a later change to the questionnaire never alters what this wave asked).
public struct Wave: Sendable, Equatable {
    public var id: Int64
    public var number: Int
    public var title: String
    public var questionnaire: Questionnaire
    public var questionnaireYAML: String
    public var opensAt: String
    public var closesAt: String
}

public enum ResponseStatus: String, Sendable, Codable, CaseIterable {
    case notStarted = "not_started", partial, submitted
}

/// One person asked to answer for one LA in one wave.
public struct Respondent: Sendable, Equatable {
    public var id: Int64
    public var waveNumber: Int
    public var laCode: String
    public var ref: String
    public var role: String
    public var email: String
    public var expiresAt: String
    public var revokedAt: String?
    public var startedAt: String?
    public var submittedAt: String?
    public var currentPage: String?
    public var remindedAt: String?

    public var status: ResponseStatus {
        submittedAt != nil ? .submitted : startedAt != nil ? .partial : .notStarted
    }
}

/// A personal link issued to a respondent; the token is shown this once and only its SHA-256 is stored.
public struct IssuedLink: Sendable, Equatable {
    public var waveNumber: Int
    public var laCode: String
    public var ref: String
    public var role: String
    public var email: String
    public var token: String
    public var expiresAt: String
}

/// What a token gives access to.
public enum Access: Sendable, Equatable {
    case open(Respondent)
    /// Submitted: the respondent may read their answers, not change them.
    case submitted(Respondent)
    case expired
    case revoked
    case unknown
}

public struct EvaluatorSession: Sendable, Equatable {
    public var evaluatorID: Int64
    public var email: String
    public var csrfToken: String
    public var expiresAt: String
}

public struct AuditEntry: Sendable, Equatable {
    public var at: String
    public var actor: String
    public var action: String
    public var detail: String
}

/// One stored answer value, for exports (tidy long: LA × wave × item).
public struct AnswerRow: Sendable, Equatable {
    public var waveNumber: Int
    public var laCode: String
    public var ref: String
    public var questionID: String
    public var valueIndex: Int
    public var value: String
}

/// The survey's storage, the same on SQLite and PostgreSQL. Every change is one transaction with
/// its audit-log entry; an answer is acknowledged only after its transaction commits.
public struct SurveyStore: Sendable {
    public let database: any SQLDatabase
    /// bcrypt cost for evaluators' passwords (12 by default; tests use less).
    public var bcryptCost: UInt8 = 12

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func migrate() async throws { try await Migrations.run(database) }

    // MARK: tokens

    /// 32 bytes from the system's cryptographic generator, as base64url text (256 bits).
    public static func newToken() -> String {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    public static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    func audit(_ actor: String, _ action: String, _ detail: String, _ now: Date) -> SQLStatement {
        SQLStatement("INSERT INTO audit_log (at, actor, action, detail) VALUES (?, ?, ?, ?)", [.text(Clock.iso(now)), .text(actor), .text(action), .text(detail)])
    }

    public func recordAudit(actor: String, action: String, detail: String, now: Date = Date()) async throws {
        try await database.write([audit(actor, action, detail, now)])
    }

    public func auditLog(limit: Int = 200) async throws -> [AuditEntry] {
        try await database.query("SELECT at, actor, action, detail FROM audit_log ORDER BY id DESC LIMIT ?", [.integer(Int64(limit))]).map {
            AuditEntry(at: $0.text("at") ?? "", actor: $0.text("actor") ?? "", action: $0.text("action") ?? "", detail: $0.text("detail") ?? "")
        }
    }

    // MARK: waves

    /// Opens a wave with a questionnaire given as YAML. A questionnaire id and version already
    /// stored must have the same text: a changed questionnaire needs a new version.
    public func createWave(number: Int, title: String, questionnaireYAML yaml: String, file: String = "questionnaire.yaml",
                           opensAt: Date, closesAt: Date, actor: String, now: Date = Date()) async throws -> Wave {
        let questionnaire: Questionnaire
        switch QuestionnaireYAML.read(yaml, file: file) {
        case .success(let parsed): questionnaire = parsed
        case .failure(let invalid): throw StoreError.conflict("the questionnaire has errors:\n\(invalid.description)")
        }
        guard closesAt > opensAt else { throw StoreError.conflict("wave \(number) closes before it opens") }
        if try await wave(number: number) != nil { throw StoreError.conflict("wave \(number) already exists") }
        let stored = try await database.query("SELECT yaml FROM questionnaires WHERE questionnaire_key = ? AND version = ?",
                                              [.text(questionnaire.id), .integer(Int64(questionnaire.version))])
        var statements: [SQLStatement] = []
        if let existing = stored.first?.text("yaml") {
            guard existing == yaml else {
                throw StoreError.conflict("questionnaire \(questionnaire.id) version \(questionnaire.version) is already stored with different text: give the changed questionnaire a new version, so that answers given to the old one keep their meaning")
            }
        } else {
            statements.append(SQLStatement("INSERT INTO questionnaires (questionnaire_key, version, yaml, created_at) VALUES (?, ?, ?, ?)",
                                           [.text(questionnaire.id), .integer(Int64(questionnaire.version)), .text(yaml), .text(Clock.iso(now))]))
        }
        statements.append(SQLStatement("""
            INSERT INTO waves (number, title, questionnaire_id, opens_at, closes_at, created_at)
            VALUES (?, ?, (SELECT id FROM questionnaires WHERE questionnaire_key = ? AND version = ?), ?, ?, ?)
            """, [.integer(Int64(number)), .text(title), .text(questionnaire.id), .integer(Int64(questionnaire.version)),
                  .text(Clock.iso(opensAt)), .text(Clock.iso(closesAt)), .text(Clock.iso(now))]))
        statements.append(audit(actor, "create wave", "wave \(number) '\(title)' with questionnaire \(questionnaire.id) v\(questionnaire.version)", now))
        try await database.write(statements)
        guard let created = try await wave(number: number) else { throw StoreError.notFound("wave \(number)") }
        return created
    }

    static let waveColumns = "w.id, w.number, w.title, w.opens_at, w.closes_at, q.yaml"

    public func waves() async throws -> [Wave] {
        try await database.query("SELECT \(Self.waveColumns) FROM waves w JOIN questionnaires q ON q.id = w.questionnaire_id ORDER BY w.number", [])
            .compactMap(Self.wave)
    }

    public func wave(number: Int) async throws -> Wave? {
        try await database.query("SELECT \(Self.waveColumns) FROM waves w JOIN questionnaires q ON q.id = w.questionnaire_id WHERE w.number = ?",
                                 [.integer(Int64(number))]).compactMap(Self.wave).first
    }

    static func wave(_ row: SQLRow) -> Wave? {
        guard let id = row.integer("id"), let number = row.integer("number"), let yaml = row.text("yaml"),
              case .success(let questionnaire) = QuestionnaireYAML.read(yaml, file: "stored questionnaire") else { return nil }
        return Wave(id: id, number: Int(number), title: row.text("title") ?? "", questionnaire: questionnaire, questionnaireYAML: yaml,
                    opensAt: row.text("opens_at") ?? "", closesAt: row.text("closes_at") ?? "")
    }

    // MARK: respondents and links

    /// Issues a personal link per person (LA code, role, email); each gets the next reference
    /// for its LA in the wave (E09000001-1, -2, …).
    public func issueLinks(wave number: Int, people: [(laCode: String, role: String, email: String)], validUntil: Date,
                           actor: String, now: Date = Date()) async throws -> [IssuedLink] {
        guard let wave = try await wave(number: number) else { throw StoreError.notFound("wave \(number)") }
        let existing = try await database.query("SELECT la_code, COUNT(*) AS n FROM respondents WHERE wave_id = ? GROUP BY la_code", [.integer(wave.id)])
        var counts = Dictionary(uniqueKeysWithValues: existing.compactMap { row in row.text("la_code").map { ($0, Int(row.integer("n") ?? 0)) } })
        var links: [IssuedLink] = [], statements: [SQLStatement] = []
        for person in people {
            counts[person.laCode, default: 0] += 1
            let link = IssuedLink(waveNumber: number, laCode: person.laCode, ref: "\(person.laCode)-\(counts[person.laCode]!)", role: person.role,
                                  email: person.email, token: Self.newToken(), expiresAt: Clock.iso(validUntil))
            links.append(link)
            statements.append(SQLStatement("""
                INSERT INTO respondents (wave_id, la_code, respondent_ref, role, email, token_hash, expires_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.integer(wave.id), .text(link.laCode), .text(link.ref), .text(link.role), .text(link.email), .text(Self.hash(link.token)),
                      .text(link.expiresAt)]))
        }
        statements.append(audit(actor, "issue links", "wave \(number): \(links.count) links", now))
        try await database.write(statements)
        return links
    }

    /// Replaces a respondent's token (the old link stops working); for a lost link.
    public func reissueLink(wave number: Int, ref: String, validUntil: Date, actor: String, now: Date = Date()) async throws -> IssuedLink {
        guard let respondent = try await respondents(wave: number).first(where: { $0.ref == ref }) else { throw StoreError.notFound("respondent \(ref) in wave \(number)") }
        let token = Self.newToken()
        try await database.write([
            SQLStatement("UPDATE respondents SET token_hash = ?, expires_at = ?, revoked_at = NULL WHERE id = ? RETURNING id",
                         [.text(Self.hash(token)), .text(Clock.iso(validUntil)), .integer(respondent.id)], mustReturnRow: .notFound(ref)),
            audit(actor, "reissue link", "wave \(number): \(ref)", now),
        ])
        return IssuedLink(waveNumber: number, laCode: respondent.laCode, ref: ref, role: respondent.role, email: respondent.email, token: token,
                          expiresAt: Clock.iso(validUntil))
    }

    public func revoke(wave number: Int, ref: String, actor: String, now: Date = Date()) async throws {
        try await database.write([
            SQLStatement("""
                UPDATE respondents SET revoked_at = ? WHERE respondent_ref = ? AND revoked_at IS NULL
                AND wave_id = (SELECT id FROM waves WHERE number = ?) RETURNING id
                """, [.text(Clock.iso(now)), .text(ref), .integer(Int64(number))],
                mustReturnRow: .notFound("an unrevoked respondent \(ref) in wave \(number)")),
            audit(actor, "revoke link", "wave \(number): \(ref)", now),
        ])
    }

    /// New links, valid until the wave closes, for every unwithdrawn respondent with this status
    /// (their answers so far are kept; the old links stop working), recorded as reminded.
    public func remind(wave number: Int, status: ResponseStatus, actor: String, now: Date = Date()) async throws -> [IssuedLink] {
        guard let wave = try await wave(number: number) else { throw StoreError.notFound("wave \(number)") }
        let due = try await respondents(wave: number).filter { $0.status == status && $0.revokedAt == nil }
        var links: [IssuedLink] = []
        for respondent in due {
            links.append(try await reissueLink(wave: number, ref: respondent.ref, validUntil: Clock.date(wave.closesAt) ?? now, actor: actor, now: now))
        }
        try await markReminded(wave: number, refs: due.map(\.ref), actor: actor, now: now)
        return links
    }

    public func markReminded(wave number: Int, refs: [String], actor: String, now: Date = Date()) async throws {
        guard !refs.isEmpty else { return }
        let placeholders = refs.map { _ in "?" }.joined(separator: ", ")
        try await database.write([
            SQLStatement("UPDATE respondents SET reminded_at = ? WHERE wave_id = (SELECT id FROM waves WHERE number = ?) AND respondent_ref IN (\(placeholders))",
                         [.text(Clock.iso(now)), .integer(Int64(number))] + refs.map { .text($0) }),
            audit(actor, "export reminders", "wave \(number): \(refs.count) respondents", now),
        ])
    }

    static let respondentColumns = "r.id, w.number, r.la_code, r.respondent_ref, r.role, r.email, r.expires_at, r.revoked_at, r.started_at, r.submitted_at, r.current_page, r.reminded_at"

    public func respondents(wave number: Int) async throws -> [Respondent] {
        try await database.query("SELECT \(Self.respondentColumns) FROM respondents r JOIN waves w ON w.id = r.wave_id WHERE w.number = ? ORDER BY r.id",
                                 [.integer(Int64(number))]).map(Self.respondent)
    }

    static func respondent(_ row: SQLRow) -> Respondent {
        Respondent(id: row.integer("id") ?? 0, waveNumber: Int(row.integer("number") ?? 0), laCode: row.text("la_code") ?? "",
                   ref: row.text("respondent_ref") ?? "", role: row.text("role") ?? "", email: row.text("email") ?? "",
                   expiresAt: row.text("expires_at") ?? "", revokedAt: row.text("revoked_at"), startedAt: row.text("started_at"),
                   submittedAt: row.text("submitted_at"), currentPage: row.text("current_page"), remindedAt: row.text("reminded_at"))
    }

    /// What a token opens, now. Unknown, expired and revoked tokens open nothing.
    public func access(token: String, now: Date = Date()) async throws -> Access {
        guard token.count >= 20, token.count <= 100 else { return .unknown }
        guard let row = try await database.query("SELECT \(Self.respondentColumns) FROM respondents r JOIN waves w ON w.id = r.wave_id WHERE r.token_hash = ?",
                                                 [.text(Self.hash(token))]).first else { return .unknown }
        let respondent = Self.respondent(row)
        if respondent.revokedAt != nil { return .revoked }
        if respondent.submittedAt != nil { return .submitted(respondent) }
        if respondent.expiresAt <= Clock.iso(now) { return .expired }
        return .open(respondent)
    }

    // MARK: answers

    public func answers(respondent id: Int64) async throws -> Answers {
        var result: Answers = [:]
        for row in try await database.query("SELECT question_id, value FROM answers WHERE respondent_id = ? ORDER BY question_id, value_index", [.integer(id)]) {
            if let question = row.text("question_id"), let value = row.text("value") { result[question, default: []].append(value) }
        }
        return result
    }

    /// Saves one page's answers (replacing that page's earlier answers) in one transaction,
    /// only while the respondent's link is open; returns when the answers are committed.
    public func saveAnswers(respondent id: Int64, page: String, questions: [String], answers: Answers, now: Date = Date()) async throws {
        let stamp = Clock.iso(now)
        var statements = [SQLStatement("""
            UPDATE respondents SET started_at = COALESCE(started_at, ?), current_page = ?
            WHERE id = ? AND submitted_at IS NULL AND revoked_at IS NULL AND expires_at > ? RETURNING id
            """, [.text(stamp), .text(page), .integer(id), .text(stamp)],
            mustReturnRow: .closed("this link can no longer change answers: it was used to submit, has expired or was withdrawn"))]
        if !questions.isEmpty {
            statements.append(SQLStatement("DELETE FROM answers WHERE respondent_id = ? AND question_id IN (\(questions.map { _ in "?" }.joined(separator: ", ")))",
                                           [.integer(id)] + questions.map { .text($0) }))
        }
        for question in questions {
            for (index, value) in (answers[question] ?? []).enumerated() {
                statements.append(SQLStatement("INSERT INTO answers (respondent_id, question_id, value_index, value, saved_at) VALUES (?, ?, ?, ?, ?)",
                                               [.integer(id), .text(question), .integer(Int64(index)), .text(value), .text(stamp)]))
            }
        }
        try await database.write(statements)
    }

    public func submit(respondent id: Int64, now: Date = Date()) async throws {
        let stamp = Clock.iso(now)
        try await database.write([
            SQLStatement("""
                UPDATE respondents SET submitted_at = ?, started_at = COALESCE(started_at, ?)
                WHERE id = ? AND submitted_at IS NULL AND revoked_at IS NULL AND expires_at > ? RETURNING la_code, respondent_ref
                """, [.text(stamp), .text(stamp), .integer(id), .text(stamp)],
                mustReturnRow: .closed("this response was already submitted, or the link has expired or was withdrawn")),
            audit("respondent \(id)", "submit", "response submitted", now),
        ])
    }

    /// Every stored answer value of a wave (or all waves), tidy long.
    public func answerRows(wave number: Int? = nil) async throws -> [AnswerRow] {
        let filter = number == nil ? "" : "WHERE w.number = ?"
        return try await database.query("""
            SELECT w.number, r.la_code, r.respondent_ref, a.question_id, a.value_index, a.value
            FROM answers a JOIN respondents r ON r.id = a.respondent_id JOIN waves w ON w.id = r.wave_id \(filter)
            ORDER BY w.number, r.la_code, r.respondent_ref, a.question_id, a.value_index
            """, number.map { [.integer(Int64($0))] } ?? []).map {
            AnswerRow(waveNumber: Int($0.integer("number") ?? 0), laCode: $0.text("la_code") ?? "", ref: $0.text("respondent_ref") ?? "",
                      questionID: $0.text("question_id") ?? "", valueIndex: Int($0.integer("value_index") ?? 0), value: $0.text("value") ?? "")
        }
    }

    // MARK: evaluators and sessions

    public func createEvaluator(email: String, password: String, actor: String, now: Date = Date()) async throws {
        guard password.count >= 12 else { throw StoreError.conflict("the password must have at least 12 characters") }
        let existing = try await database.query("SELECT id FROM evaluators WHERE email = ?", [.text(email.lowercased())])
        guard existing.isEmpty else { throw StoreError.conflict("an evaluator \(email) already exists") }
        try await database.write([
            SQLStatement("INSERT INTO evaluators (email, password_hash, created_at) VALUES (?, ?, ?)",
                         [.text(email.lowercased()), .text(Bcrypt.hash(password, cost: bcryptCost)), .text(Clock.iso(now))]),
            audit(actor, "create evaluator", email.lowercased(), now),
        ])
    }

    /// Checks the password; on success starts a session and returns its token and CSRF token.
    public func signIn(email: String, password: String, lifetime: TimeInterval = 8 * 3600, now: Date = Date()) async throws -> (token: String, session: EvaluatorSession)? {
        let rows = try await database.query("SELECT id, password_hash FROM evaluators WHERE email = ?", [.text(email.lowercased())])
        guard let row = rows.first, let id = row.integer("id"), let hash = row.text("password_hash"), Bcrypt.verify(password, hash: hash) else {
            _ = Bcrypt.verify(password, hash: Self.dummyHash)  // the same time whether or not the email exists
            try await recordAudit(actor: email.lowercased(), action: "sign-in refused", detail: "wrong email or password", now: now)
            return nil
        }
        let token = Self.newToken(), csrf = Self.newToken(), expires = Clock.iso(now.addingTimeInterval(lifetime))
        try await database.write([
            SQLStatement("INSERT INTO sessions (token_hash, evaluator_id, csrf_token, created_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                         [.text(Self.hash(token)), .integer(id), .text(csrf), .text(Clock.iso(now)), .text(expires)]),
            audit(email.lowercased(), "sign in", "session started", now),
        ])
        return (token, EvaluatorSession(evaluatorID: id, email: email.lowercased(), csrfToken: csrf, expiresAt: expires))
    }

    static let dummyHash = Bcrypt.hash("not a password of anyone", cost: 4)

    public func session(token: String, now: Date = Date()) async throws -> EvaluatorSession? {
        guard token.count >= 20, token.count <= 100 else { return nil }
        return try await database.query("""
            SELECT s.evaluator_id, e.email, s.csrf_token, s.expires_at FROM sessions s JOIN evaluators e ON e.id = s.evaluator_id
            WHERE s.token_hash = ? AND s.expires_at > ?
            """, [.text(Self.hash(token)), .text(Clock.iso(now))]).first.map {
            EvaluatorSession(evaluatorID: $0.integer("evaluator_id") ?? 0, email: $0.text("email") ?? "", csrfToken: $0.text("csrf_token") ?? "",
                             expiresAt: $0.text("expires_at") ?? "")
        }
    }

    public func signOut(token: String, actor: String, now: Date = Date()) async throws {
        try await database.write([SQLStatement("DELETE FROM sessions WHERE token_hash = ?", [.text(Self.hash(token))]), audit(actor, "sign out", "session ended", now)])
    }
}
