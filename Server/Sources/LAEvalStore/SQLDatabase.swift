import Foundation

/// A value bound to or read from SQL. The schema uses only text and 64-bit integers, so that
/// SQLite and PostgreSQL store exactly the same things.
public enum SQLValue: Sendable, Equatable, Hashable {
    case text(String)
    case integer(Int64)
    case null

    public var text: String? {
        if case .text(let value) = self { return value }
        return nil
    }

    public var integer: Int64? {
        if case .integer(let value) = self { return value }
        return nil
    }
}

/// One result row, by lower-case column name.
public struct SQLRow: Sendable {
    public var values: [String: SQLValue]

    public init(_ values: [String: SQLValue]) { self.values = values }

    public func text(_ column: String) -> String? { values[column]?.text }
    public func integer(_ column: String) -> Int64? { values[column]?.integer }
}

/// A statement of a write batch. `mustReturnRow` makes the batch roll back with `failure` when
/// the statement returns no row (used with `… RETURNING id` as a guard: "this respondent is
/// still open", "this questionnaire version is new").
public struct SQLStatement: Sendable {
    public var sql: String
    public var binds: [SQLValue]
    public var failure: StoreError?

    public init(_ sql: String, _ binds: [SQLValue] = [], mustReturnRow failure: StoreError? = nil) {
        self.sql = sql
        self.binds = binds
        self.failure = failure
    }
}

public enum SQLDialect: String, Sendable {
    case sqlite, postgres

    /// An auto-incrementing 64-bit key column.
    var autoKey: String {
        switch self {
        case .sqlite: "INTEGER PRIMARY KEY AUTOINCREMENT"
        case .postgres: "BIGSERIAL PRIMARY KEY"
        }
    }
}

/// The two databases behind one interface: reads, and write batches that run in one
/// transaction, all or nothing. SQL uses `?` placeholders (rewritten to `$n` for PostgreSQL).
public protocol SQLDatabase: Sendable {
    var dialect: SQLDialect { get }
    func query(_ sql: String, _ binds: [SQLValue]) async throws -> [SQLRow]
    /// Runs the statements in one transaction and returns the rows of the last one.
    @discardableResult
    func write(_ statements: [SQLStatement]) async throws -> [SQLRow]
    func close() async throws
}

/// What went wrong in the store, in words for an evaluator or respondent.
public enum StoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case notFound(String)
    case conflict(String)
    case closed(String)
    case unavailable(String)

    public var description: String {
        switch self {
        case .notFound(let what): "not found: \(what)"
        case .conflict(let what): what
        case .closed(let what): what
        case .unavailable(let what): what
        }
    }
}

extension String {
    /// `?` placeholders as PostgreSQL's `$1`, `$2`, … (no `?` appears inside the store's literals).
    var numberedPlaceholders: String {
        var result = "", index = 0
        for character in self {
            if character == "?" {
                index += 1
                result += "$\(index)"
            } else {
                result.append(character)
            }
        }
        return result
    }
}
