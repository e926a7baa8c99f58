import Foundation

/// Where the survey is stored: `sqlite:PATH` (the default, `sqlite:laeval-survey.sqlite`) or a
/// `postgres://user:password@host:port/database` URL.
public enum StoreLocation: Sendable, Equatable {
    case sqlite(path: String)
    case postgres(url: String)

    public static let environmentVariable = "LAEVAL_DATABASE"
    public static let `default` = StoreLocation.sqlite(path: "laeval-survey.sqlite")

    public init(_ text: String) throws {
        if text.hasPrefix("sqlite:") {
            let path = String(text.dropFirst("sqlite:".count))
            guard !path.isEmpty else { throw StoreError.unavailable("--database sqlite: needs a file path, as in sqlite:survey.sqlite") }
            self = .sqlite(path: path)
        } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
            _ = try PostgresDatabase.configuration(url: text)
            self = .postgres(url: text)
        } else {
            throw StoreError.unavailable("--database '\(PostgresDatabase.redacted(text))' is neither sqlite:PATH nor postgres://user:password@host:port/database")
        }
    }

    /// The `--database` option, else `LAEVAL_DATABASE`, else the default.
    public static func resolve(_ option: String?, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> StoreLocation {
        if let option { return try StoreLocation(option) }
        if let value = environment[environmentVariable], !value.isEmpty { return try StoreLocation(value) }
        return .default
    }

    /// Opens the database, migrates it and runs `body` with the store; for PostgreSQL the
    /// connection pool runs for the duration (after a one-connection check that reports a wrong
    /// URL or password at once).
    public func withStore<T: Sendable>(bcryptCost: UInt8 = 12, _ body: @Sendable @escaping (SurveyStore) async throws -> T) async throws -> T {
        switch self {
        case .sqlite(let path):
            let database = try SQLiteDatabase(path: path)
            var store = SurveyStore(database: database)
            store.bcryptCost = bcryptCost
            try await store.migrate()
            let result = try await body(store)
            try await database.close()
            return result
        case .postgres(let url):
            try await PostgresDatabase.check(url: url)
            let database = try PostgresDatabase(url: url)
            var configured = SurveyStore(database: database)
            configured.bcryptCost = bcryptCost
            let store = configured
            return try await withThrowingTaskGroup(of: T?.self) { group in
                group.addTask {
                    await database.client.run()
                    return nil
                }
                group.addTask {
                    try await store.migrate()
                    return try await body(store)
                }
                defer { group.cancelAll() }
                while let next = try await group.next() {
                    if let result = next { return result }
                }
                throw StoreError.unavailable("the PostgreSQL client stopped")
            }
        }
    }
}
