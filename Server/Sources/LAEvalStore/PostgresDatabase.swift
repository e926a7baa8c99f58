import Foundation
import Logging
import PostgresNIO

/// PostgreSQL through PostgresNIO's client (a connection pool). `run()` must be running while
/// the database is used (`laeval-server serve` runs it as a service; tests in a task group).
public final class PostgresDatabase: SQLDatabase {
    public let dialect = SQLDialect.postgres
    public let client: PostgresClient
    let logger: Logger

    /// Parses `postgres://user:password@host:port/database` (also `postgresql://`).
    public static func configuration(url: String) throws -> PostgresClient.Configuration {
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme ?? ""),
              let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty else {
            throw StoreError.unavailable("cannot read the database URL '\(Self.redacted(url))': expected postgres://user:password@host:port/database")
        }
        let database = components.path.hasPrefix("/") ? String(components.path.dropFirst()) : components.path
        var configuration = PostgresClient.Configuration(host: host, port: components.port ?? 5432, username: user,
                                                         password: components.password, database: database.isEmpty ? nil : database, tls: .disable)
        configuration.options.minimumConnections = 0
        configuration.options.maximumConnections = 20
        return configuration
    }

    /// The URL with any password replaced, for messages.
    public static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }

    public init(url: String, logger: Logger = Logger(label: "laeval.postgres")) throws {
        client = PostgresClient(configuration: try Self.configuration(url: url), backgroundLogger: logger)
        self.logger = logger
    }

    /// Connects once with a single connection and runs `SELECT 1`, so that a wrong URL or
    /// password is reported at once in plain words (the pool would otherwise retry for about a
    /// minute before a generic error; design.md §9).
    public static func check(url: String) async throws {
        let configuration = try Self.configuration(url: url)
        let eventLoop = PostgresClient.defaultEventLoopGroup.next()
        let connectionConfiguration = PostgresConnection.Configuration(
            host: configuration.host ?? "localhost", port: configuration.port ?? 5432, username: configuration.username,
            password: configuration.password, database: configuration.database, tls: .disable)
        do {
            let connection = try await PostgresConnection.connect(on: eventLoop, configuration: connectionConfiguration, id: 1,
                                                                  logger: Logger(label: "laeval.postgres.check"))
            _ = try await connection.query("SELECT 1", logger: Logger(label: "laeval.postgres.check"))
            try await connection.close()
        } catch let error as PSQLError {
            let reason = error.serverInfo?[.message] ?? "\(error.code)"
            throw StoreError.unavailable("cannot use the PostgreSQL database at \(Self.redacted(url)): \(reason)")
        } catch {
            throw StoreError.unavailable("cannot connect to the PostgreSQL database at \(Self.redacted(url)): \(error)")
        }
    }

    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        let rows = try await client.query(Self.query(sql, binds), logger: logger)
        return try await Self.collect(rows)
    }

    @discardableResult
    public func write(_ statements: [SQLStatement]) async throws -> [SQLRow] {
        do {
            return try await client.withTransaction(logger: logger) { connection in
                var last: [SQLRow] = []
                for statement in statements {
                    let rows = try await connection.query(Self.query(statement.sql, statement.binds), logger: self.logger)
                    last = try await Self.collect(rows)
                    if let failure = statement.failure, last.isEmpty { throw failure }
                }
                return last
            }
        } catch let error as PostgresTransactionError {
            // the store's own refusals come out as they went in; the transaction was rolled back
            if let refusal = error.closureError as? StoreError, error.rollbackError == nil { throw refusal }
            throw error
        }
    }

    public func close() async throws {}

    static func query(_ sql: String, _ binds: [SQLValue]) -> PostgresQuery {
        var bindings = PostgresBindings(capacity: binds.count)
        for value in binds {
            switch value {
            case .text(let text): bindings.append(text)
            case .integer(let number): bindings.append(number)
            case .null: bindings.appendNull()
            }
        }
        return PostgresQuery(unsafeSQL: sql.numberedPlaceholders, binds: bindings)
    }

    static func collect(_ rows: PostgresRowSequence) async throws -> [SQLRow] {
        var result: [SQLRow] = []
        for try await row in rows {
            var values: [String: SQLValue] = [:]
            for cell in row {
                let name = cell.columnName.lowercased()
                if cell.bytes == nil {
                    values[name] = .null
                } else if [.int8, .int4, .int2].contains(cell.dataType) {
                    values[name] = .integer(try cell.decode(Int64.self))
                } else {
                    values[name] = .text(try cell.decode(String.self))
                }
            }
            result.append(SQLRow(values))
        }
        return result
    }
}
