/// The one schema of both databases, as migrations numbered in code. Each runs once, in order,
/// in its own transaction with the row that records it; a database already at a later version
/// than this build knows is refused rather than used.
enum Migrations {
    static func all(_ dialect: SQLDialect) -> [(version: Int, statements: [String])] {
        let key = dialect.autoKey
        return [
            (1, [
                """
                CREATE TABLE questionnaires (id \(key), questionnaire_key TEXT NOT NULL, version BIGINT NOT NULL, yaml TEXT NOT NULL,
                  created_at TEXT NOT NULL, UNIQUE (questionnaire_key, version))
                """,
                """
                CREATE TABLE waves (id \(key), number BIGINT NOT NULL UNIQUE, title TEXT NOT NULL,
                  questionnaire_id BIGINT NOT NULL REFERENCES questionnaires (id), opens_at TEXT NOT NULL, closes_at TEXT NOT NULL,
                  created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE respondents (id \(key), wave_id BIGINT NOT NULL REFERENCES waves (id), la_code TEXT NOT NULL,
                  respondent_ref TEXT NOT NULL, role TEXT NOT NULL, email TEXT NOT NULL, token_hash TEXT NOT NULL UNIQUE,
                  expires_at TEXT NOT NULL, revoked_at TEXT, started_at TEXT, submitted_at TEXT, current_page TEXT,
                  reminded_at TEXT, UNIQUE (wave_id, respondent_ref))
                """,
                "CREATE INDEX respondents_la ON respondents (wave_id, la_code)",
                """
                CREATE TABLE answers (respondent_id BIGINT NOT NULL REFERENCES respondents (id), question_id TEXT NOT NULL,
                  value_index BIGINT NOT NULL, value TEXT NOT NULL, saved_at TEXT NOT NULL,
                  PRIMARY KEY (respondent_id, question_id, value_index))
                """,
                """
                CREATE TABLE evaluators (id \(key), email TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL, created_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE sessions (token_hash TEXT PRIMARY KEY, evaluator_id BIGINT NOT NULL REFERENCES evaluators (id),
                  csrf_token TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL)
                """,
                """
                CREATE TABLE audit_log (id \(key), at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL)
                """,
            ]),
        ]
    }

    static func run(_ database: any SQLDatabase) async throws {
        try await database.write([SQLStatement("CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")])
        let applied = Set(try await database.query("SELECT version FROM schema_migrations", []).compactMap { $0.integer("version") })
        let known = all(database.dialect)
        if let newest = applied.max(), newest > Int64(known.last?.version ?? 0) {
            throw StoreError.unavailable("the database is at schema version \(newest), newer than this laeval-server knows (\(known.last?.version ?? 0)): use a newer laeval-server")
        }
        for migration in known where !applied.contains(Int64(migration.version)) {
            try await database.write(migration.statements.map { SQLStatement($0) }
                + [SQLStatement("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)", [.integer(Int64(migration.version)), .text(Clock.iso(Date()))])])
        }
    }
}

import Foundation

/// UTC timestamps as ISO 8601 text, which sorts in time order in both databases.
public enum Clock {
    public static func iso(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    public static func date(_ iso: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.date(from: iso)
    }
}
