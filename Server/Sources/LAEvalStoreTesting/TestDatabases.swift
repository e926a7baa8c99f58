import Foundation
import LAEvalStore
import PostgresNIO
import Logging

/// The databases every storage test runs on: SQLite always; PostgreSQL when
/// `LAEVAL_TEST_POSTGRES` names a server URL whose role may create databases (`.ci/run` installs
/// Debian's postgresql, starts it and sets it). Each test gets a new, empty database. (A library for the test targets only.)
public enum TestDatabase: String, CaseIterable, Sendable, CustomStringConvertible {
    case sqlite, postgres

    public var description: String { rawValue }

    public static var available: [TestDatabase] {
        ProcessInfo.processInfo.environment["LAEVAL_TEST_POSTGRES"].map { _ in [.sqlite, .postgres] } ?? [.sqlite]
    }

    /// A location for a new, empty database, and a cleanup to run after.
    public func fresh() async throws -> (StoreLocation, @Sendable () async -> Void) {
        let name = "laeval_test_\(UUID().uuidString.prefix(8).lowercased())"
        switch self {
        case .sqlite:
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return (.sqlite(path: folder.appendingPathComponent("survey.sqlite").path), { try? FileManager.default.removeItem(at: folder) })
        case .postgres:
            let admin = ProcessInfo.processInfo.environment["LAEVAL_TEST_POSTGRES"]!
            try await Self.execute(admin, "CREATE DATABASE \(name)")
            var components = URLComponents(string: admin)!
            components.path = "/\(name)"
            return (.postgres(url: components.string!), { try? await Self.execute(admin, "DROP DATABASE \(name) WITH (FORCE)") })
        }
    }

    static func execute(_ url: String, _ sql: String) async throws {
        let configuration = try PostgresDatabase.configuration(url: url)
        let connection = try await PostgresConnection.connect(
            on: PostgresClient.defaultEventLoopGroup.next(),
            configuration: .init(host: configuration.host!, port: configuration.port!, username: configuration.username,
                                 password: configuration.password, database: configuration.database, tls: .disable),
            id: 1, logger: Logger(label: "laeval.test"))
        _ = try await connection.query(PostgresQuery(unsafeSQL: sql), logger: Logger(label: "laeval.test"))
        try await connection.close()
    }

    /// Runs `body` on a new store of this kind, then removes the database.
    public func withStore<T: Sendable>(_ body: @Sendable @escaping (SurveyStore) async throws -> T) async throws -> T {
        let (location, cleanup) = try await fresh()
        do {
            let result = try await location.withStore(bcryptCost: 4, body)
            await cleanup()
            return result
        } catch {
            await cleanup()
            throw error
        }
    }
}

public enum Fixtures {
    public static let questionnaire = """
    id: la-survey
    version: 1
    title: Support for children's services
    pages:
      - id: about
        title: About you
        questions:
          - {id: role, text: What is your role?, type: single, required: true, options: {dcs: Director, member: Lead member}}
          - {id: support, text: Which support?, type: multiple, options: [pip, alliance, adviser]}
      - id: views
        title: Your views
        questions:
          - {id: lead_vision, text: Leaders share a clear vision, type: likert, required: true}
          - {id: comments, text: Anything else?, type: text}
    """

    public static let opens = Date(timeIntervalSince1970: 1_780_000_000)
    public static let closes = opens.addingTimeInterval(60 * 86_400)
}
