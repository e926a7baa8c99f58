import Foundation
internal import GRDB

/// SQLite through GRDB: a pool in WAL mode (readers never wait for the writer), synchronous=FULL
/// so that a committed answer survives the process being killed, foreign keys on.
public final class SQLiteDatabase: SQLDatabase {
    public let dialect = SQLDialect.sqlite
    let pool: DatabasePool

    public init(path: String) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        pool = try DatabasePool(path: path, configuration: configuration)
    }

    public func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow] {
        try await pool.read { db in try Row.fetchAll(db, sql: sql, arguments: Self.arguments(binds)).map(Self.row) }
    }

    @discardableResult
    public func write(_ statements: [SQLStatement]) async throws -> [SQLRow] {
        try await pool.write { db in
            var last: [SQLRow] = []
            for statement in statements {
                last = try Row.fetchAll(db, sql: statement.sql, arguments: Self.arguments(statement.binds)).map(Self.row)
                if let failure = statement.failure, last.isEmpty { throw failure }
            }
            return last
        }
    }

    public func close() async throws { try pool.close() }

    static func arguments(_ binds: [SQLValue]) -> StatementArguments {
        StatementArguments(binds.map { value -> (any DatabaseValueConvertible)? in
            switch value {
            case .text(let text): text
            case .integer(let number): number
            case .null: nil
            }
        })
    }

    static func row(_ row: Row) -> SQLRow {
        var values: [String: SQLValue] = [:]
        for (column, value) in row {
            switch value.storage {
            case .int64(let number): values[column.lowercased()] = .integer(number)
            case .string(let text): values[column.lowercased()] = .text(text)
            case .double(let number): values[column.lowercased()] = .integer(Int64(number))
            case .blob(let data): values[column.lowercased()] = .text(String(decoding: data, as: UTF8.self))
            case .null: values[column.lowercased()] = .null
            }
        }
        return SQLRow(values)
    }
}
