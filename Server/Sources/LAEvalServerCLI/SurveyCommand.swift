import ArgumentParser
import Foundation
import LAEvalCore
import LAEvalData
import LAEvalStore

struct SurveyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "survey", abstract: "The survey's admin tasks from the command line (each is written to the audit log).",
        subcommands: [CreateWave.self, Links.self, Revoke.self, Export.self, Status.self])

    static func date(_ text: String, _ name: String) throws -> Date {
        guard let day = CalendarDate(iso: text) else { throw ValidationError("--\(name) '\(text)' is not a date like 2026-04-01") }
        return Date(timeIntervalSince1970: Double(day.daysSinceEpoch) * 86_400)
    }

    struct CreateWave: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "create-wave", abstract: "Open a wave with a questionnaire (YAML).")
        @Option var number: Int
        @Option var title: String
        @Option(help: "The questionnaire's YAML file.") var questionnaire: String
        @Option(help: "First day, e.g. 2026-04-01.") var opens: String
        @Option(help: "Last day, e.g. 2026-06-30 (links expire then by default).") var closes: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let yaml: String
            do { yaml = try String(contentsOfFile: questionnaire, encoding: .utf8) } catch { throw ValidationError("cannot read \(questionnaire): \(error.localizedDescription)") }
            let (opensAt, closesAt) = (try SurveyCommand.date(opens, "opens"), try SurveyCommand.date(closes, "closes").addingTimeInterval(86_399))
            let (number, title, file) = (self.number, self.title, (questionnaire as NSString).lastPathComponent)
            try await LAEvalServerCLI.run(database) { store in
                let wave = try await store.createWave(number: number, title: title, questionnaireYAML: yaml, file: file, opensAt: opensAt, closesAt: closesAt, actor: "command line")
                print("Opened wave \(wave.number) with \(wave.questionnaire.id) version \(wave.questionnaire.version) (\(wave.questionnaire.questions.count) questions on \(wave.questionnaire.pages.count) pages).")
            }
        }
    }

    struct Links: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Issue personal links (people CSV: la_code,role,email) and write the mail-merge CSV; or, with --remind, new links for those not started or part-way.")
        @Option var wave: Int
        @Option(help: "CSV with columns la_code,role,email.") var people: String?
        @Option(help: "Remind: not_started or partial (new links replace their old ones; answers are kept).") var remind: String?
        @Option(help: "Where to write the links CSV.") var out: String
        @Option(help: "The service's public address, for the links.") var baseURL: String = ProcessInfo.processInfo.environment["LAEVAL_PUBLIC_URL"] ?? "http://localhost:8080"
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            guard (people == nil) != (remind == nil) else { throw ValidationError("give either --people FILE or --remind not_started|partial") }
            let list = try people.map(Self.readPeople) ?? []
            let status = try remind.map { text -> ResponseStatus in
                guard let status = ResponseStatus(rawValue: text), status != .submitted else { throw ValidationError("--remind must be not_started or partial") }
                return status
            }
            let (wave, out, baseURL) = (self.wave, self.out, self.baseURL)
            try await LAEvalServerCLI.run(database) { store in
                let links: [IssuedLink]
                if let status {
                    links = try await store.remind(wave: wave, status: status, actor: "command line")
                } else {
                    guard let stored = try await store.wave(number: wave) else { throw StoreError.notFound("wave \(wave)") }
                    links = try await store.issueLinks(wave: wave, people: list, validUntil: Clock.date(stored.closesAt) ?? Date(), actor: "command line")
                }
                try Data(SurveyExport.links(links, baseURL: baseURL, laName: { $0 }).utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                print("Wrote \(links.count) links to \(out). Keep it safe: each link opens one person's survey.")
            }
        }

        static func readPeople(_ path: String) throws -> [(laCode: String, role: String, email: String)] {
            let text: String
            do { text = try String(contentsOfFile: path, encoding: .utf8) } catch { throw ValidationError("cannot read \(path): \(error.localizedDescription)") }
            switch SurveyExport.people(text) {
            case .success(let people): return people
            case .failure(let problem): throw ValidationError("\(path):\(problem.line):1: \(problem.message)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Withdraw a respondent's link.")
        @Option var wave: Int
        @Option(help: "Respondent id, e.g. E09000001-1.") var ref: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let (wave, ref) = (self.wave, self.ref)
            try await LAEvalServerCLI.run(database) { store in
                try await store.revoke(wave: wave, ref: ref, actor: "command line")
                print("Withdrew the link of \(ref) in wave \(wave).")
            }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Export answers: long, wide, codebook, respondents (CSV to --out), or study (the study's survey/ folder at --out).")
        @Option var wave: Int?
        @Option(help: "long, wide, codebook, respondents or study.") var format: String = "long"
        @Option var out: String
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let (wave, format, out) = (self.wave, self.format, self.out)
            guard ["long", "wide", "codebook", "respondents", "study"].contains(format) else { throw ValidationError("--format must be long, wide, codebook, respondents or study") }
            if format == "wide" && wave == nil { throw ValidationError("--format wide needs --wave") }
            try await LAEvalServerCLI.run(database) { store in
                let waves = try await store.waves().filter { wave == nil || $0.number == wave }
                guard !waves.isEmpty else { throw StoreError.notFound(wave.map { "wave \($0)" } ?? "any wave") }
                let rows = try await store.answerRows(wave: wave)
                var respondents: [Respondent] = []
                for w in waves { respondents += try await store.respondents(wave: w.number) }
                let text: String
                switch format {
                case "study":
                    try SurveyExport.writeStudyFolder(out, waves: waves, respondents: respondents, rows: rows)
                    try await store.recordAudit(actor: "command line", action: "export", detail: "study survey folder \(out)")
                    print("Wrote waves.csv, respondents.csv, responses.csv and \(waves.count) questionnaire file(s) to \(out).")
                    return
                case "wide": text = SurveyExport.wide(rows, wave: waves[0], respondents: respondents)
                case "codebook": text = SurveyExport.codebook(waves)
                case "respondents": text = SurveyExport.respondents(respondents)
                default: text = SurveyExport.long(rows, waves: waves)
                }
                try Data(text.utf8).write(to: URL(fileURLWithPath: out), options: .atomic)
                try await store.recordAudit(actor: "command line", action: "export", detail: "\(format) \(wave.map { "wave \($0)" } ?? "all waves") to \(out)")
                print("Wrote \(out).")
            }
        }
    }

    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Response status of a wave (or every wave).")
        @Option var wave: Int?
        @OptionGroup var database: DatabaseOption

        func run() async throws {
            let wave = self.wave
            try await LAEvalServerCLI.run(database) { store in
                for w in try await store.waves() where wave == nil || w.number == wave {
                    let list = try await store.respondents(wave: w.number)
                    let las = Set(list.map(\.laCode)), answered = Set(list.filter { $0.status == .submitted }.map(\.laCode))
                    let counts = ResponseStatus.allCases.map { s in "\(list.filter { $0.status == s }.count) \(s.rawValue)" }.joined(separator: ", ")
                    print("wave \(w.number) (\(w.title)): \(list.count) links — \(counts); \(answered.count) of \(las.count) LAs submitted, \(list.filter { $0.revokedAt != nil }.count) withdrawn")
                }
            }
        }
    }
}
