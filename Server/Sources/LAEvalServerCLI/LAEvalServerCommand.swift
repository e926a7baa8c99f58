import ArgumentParser
import Foundation
import Hummingbird
import LAEvalData
import LAEvalStore
import LAEvalWeb
import Logging

/// `laeval-server`: the survey and dashboard web service, and the survey's admin tasks for
/// evaluators who script (design.md §7, §9).
public struct LAEvalServerCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "laeval-server",
        abstract: "The longitudinal survey of LAs and the trend dashboard.",
        discussion: """
            The database is --database sqlite:PATH (the default, sqlite:laeval-survey.sqlite) or
            --database postgres://user:password@host:port/database; LAEVAL_DATABASE sets it too.
            Examples:
              laeval-server evaluator add --email eva@example.gov.uk     (password from LAEVAL_PASSWORD or stdin)
              laeval-server survey create-wave --number 1 --title "Wave 1" --questionnaire survey.yaml --opens 2026-04-01 --closes 2026-06-30
              laeval-server survey links --wave 1 --people people.csv --out links.csv --base-url https://survey.example.gov.uk
              laeval-server serve my-study --port 8080
            """,
        subcommands: [Serve.self, SurveyCommand.self, EvaluatorCommand.self])

    public init() {}
}

/// `--database`, shared by every command.
struct DatabaseOption: ParsableArguments {
    @Option(help: "sqlite:PATH or postgres://user:password@host:port/database (default: $LAEVAL_DATABASE, else sqlite:laeval-survey.sqlite)")
    var database: String?

    func location() throws -> StoreLocation {
        do {
            return try StoreLocation.resolve(database)
        } catch let error as StoreError {
            throw ValidationError(error.description)
        }
    }
}

struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the web service: the survey, the admin console and the dashboard.")

    @Argument(help: "The study folder (LA names, regions, grades and programmes; results.json for the dashboard, if beside it).")
    var study: String

    @Option(help: "Port to listen on (default: $LAEVAL_PORT, else 8080).")
    var port: Int?

    @Option(help: "Address to listen on (default: $LAEVAL_HOST, else 127.0.0.1).")
    var host: String?

    @OptionGroup var database: DatabaseOption

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let port = self.port ?? environment["LAEVAL_PORT"].flatMap(Int.init) ?? 8080
        let host = self.host ?? environment["LAEVAL_HOST"] ?? "127.0.0.1"
        let loaded: LoadedStudy
        do {
            loaded = try StudyReader.read(folder: study)
        } catch let invalid as StudyInvalid {
            throw ValidationError("the study folder \(study) has errors:\n\(invalid.description)")
        }
        let logger = Logger(label: "laeval-server")
        let location = try database.location()
        let results = DashboardResults.load(study: study)
        switch location {
        case .sqlite(let path):
            let store = SurveyStore(database: try SQLiteDatabase(path: path))
            try await store.migrate()
            let app = WebApp(store: store, study: StudyInfo(study: loaded.study), results: results)
            let application = Application(router: app.router(), configuration: .init(address: .hostname(host, port: port), serverName: "laeval-server"), logger: logger)
            print("laeval-server: http://\(host):\(port)/admin (survey data in \(path)); Ctrl-C stops it")
            try await application.runService()
        case .postgres(let url):
            try await PostgresDatabase.check(url: url)
            let database = try PostgresDatabase(url: url)
            let store = SurveyStore(database: database)
            let app = WebApp(store: store, study: StudyInfo(study: loaded.study), results: results)
            var application = Application(router: app.router(), configuration: .init(address: .hostname(host, port: port), serverName: "laeval-server"), logger: logger)
            application.addServices(database.client)
            application.beforeServerStarts { try await store.migrate() }
            print("laeval-server: http://\(host):\(port)/admin (survey data in PostgreSQL at \(PostgresDatabase.redacted(url))); Ctrl-C stops it")
            try await application.runService()
        }
    }
}

struct EvaluatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "evaluator", abstract: "Manage evaluators' accounts.", subcommands: [Add.self])

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Add an evaluator (password from LAEVAL_PASSWORD, else the first line of stdin; at least 12 characters).")

        @Option var email: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let password = ProcessInfo.processInfo.environment["LAEVAL_PASSWORD"] ?? readLine(strippingNewline: true) ?? ""
            let email = self.email
            try await LAEvalServerCLI.run(database) { store in
                try await store.createEvaluator(email: email, password: password, actor: "command line")
                print("Added evaluator \(email.lowercased()).")
            }
        }
    }
}

/// Runs a store task and turns store errors into one-line messages.
func run(_ option: DatabaseOption, _ body: @Sendable @escaping (SurveyStore) async throws -> Void) async throws {
    do {
        try await option.location().withStore(body)
    } catch let error as StoreError {
        throw ValidationError(error.description)
    }
}

extension LAEvalServerCommand {
    /// The program's entry point: parses the command line and runs the (asynchronous) command.
    /// Written out because `main()` from a `main.swift` resolves to ArgumentParser's synchronous
    /// overload, which refuses asynchronous commands.
    public static func start() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
