import Foundation
import Testing
@testable import LAEvalCLI

/// The `laeval` executable as a user runs it: help, exit codes, and demo determinism across
/// separate processes (where Swift's per-process hash seeds would expose any dictionary-order
/// dependence).
@Suite(.serialized) struct CommandLineTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let executable = repositoryRoot.appendingPathComponent(".build/debug/laeval").path

    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ arguments: [String]) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                   stderr: String(decoding: stderr, as: UTF8.self))
    }

    static func temporaryFolder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("laeval-cli-\(UUID().uuidString)").path
    }

    /// Every file below `folder` by relative path, with its bytes.
    static func contents(of folder: String) throws -> [String: Data] {
        var result: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(atPath: folder)!
        while let path = enumerator.nextObject() as? String {
            var isDirectory: ObjCBool = false
            let full = (folder as NSString).appendingPathComponent(path)
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue {
                result[path] = try Data(contentsOf: URL(fileURLWithPath: full))
            }
        }
        return result
    }

    @Test func everyCommandHasHelpWithAnExample() throws {
        for arguments in [["--help"], ["demo", "--help"], ["validate", "--help"]] {
            let run = try Self.run(arguments)
            #expect(run.status == 0)
            #expect(run.stdout.contains("USAGE: laeval"), "\(arguments)")
            #expect(run.stdout.contains("Examples:"), "\(arguments)")
        }
    }

    @Test func parsingTheCommandLine() throws {
        let demo = try #require(try LAEvalCommand.parseAsRoot(["demo", "--out", "x", "--seed", "9"]) as? DemoCommand)
        #expect(demo.out == "x" && demo.seed == 9 && demo.format == .table)
        let validate = try #require(try LAEvalCommand.parseAsRoot(["validate", "s", "--format", "json"]) as? ValidateCommand)
        #expect(validate.paths == ["s"] && validate.format == .json)
        #expect(throws: (any Error).self) { try LAEvalCommand.parseAsRoot(["demo", "--seed", "minus"]) }
    }

    @Test func demoRunsAreByteIdenticalForASeedAndDifferForAnother() throws {
        let first = Self.temporaryFolder(), second = Self.temporaryFolder(), other = Self.temporaryFolder()
        defer { for folder in [first, second, other] { try? FileManager.default.removeItem(atPath: folder) } }
        let run = try Self.run(["demo", "--out", first])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("SIMULATED DATA"))
        #expect(run.stdout.contains("Local authorities: 153"))
        #expect(try Self.run(["demo", "--out", second]).status == 0)
        #expect(try Self.run(["demo", "--out", other, "--seed", "99"]).status == 0)
        var a = try Self.contents(of: first), b = try Self.contents(of: second)
        let c = try Self.contents(of: other)
        #expect(a.keys.contains("study/truth.json") && a.keys.contains("audit.json") && a.keys.contains("study/README.txt"))
        #expect(a.keys.contains("results.json") && a.keys.contains("manifest.json") && a.keys.contains("tables/impact_estimates.csv"))
        for report in ["scoping", "interim", "final", "summary", "infographic"] { #expect(a.keys.contains("report/\(report).html")) }
        #expect(a.keys.contains("report/infographic.svg"))
        // timings live only in the manifest; everything else is byte-identical
        a["manifest.json"] = nil
        b["manifest.json"] = nil
        #expect(a == b)
        #expect(a["results.json"] != c["results.json"])
        #expect(a["study/inspections.csv"] != c["study/inspections.csv"])
    }

    @Test func validateReportsProblemsAndExitsNonZero() throws {
        let folder = Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try Self.run(["demo", "--out", folder]).status == 0)
        let study = (folder as NSString).appendingPathComponent("study")
        let clean = try Self.run(["validate", study])
        #expect(clean.status == 0)
        #expect(clean.stdout == "0 errors, 0 warnings\n")
        let support = (study as NSString).appendingPathComponent("support.csv")
        var lines = try String(contentsOfFile: support, encoding: .utf8).components(separatedBy: "\n")
        var fields = lines[1].components(separatedBy: ",")
        fields[5] = "2019-02-30"
        lines[1] = fields.joined(separator: ",")
        try lines.joined(separator: "\n").write(toFile: support, atomically: true, encoding: .utf8)
        let broken = try Self.run(["validate", study])
        #expect(broken.status == 1)
        #expect(broken.stdout.contains("\(study)/support.csv:2:6: start_date '2019-02-30' is not a date: expected YYYY-MM-DD\n"))
        #expect(broken.stdout.hasSuffix("1 errors, 0 warnings\n"))
        let json = try Self.run(["validate", study, "--format", "json"])
        #expect(json.status == 1)
        #expect(json.stdout.contains("\"message\" : \"start_date '2019-02-30' is not a date: expected YYYY-MM-DD\""))
    }

    @Test func aMissingPathIsAOneLineError() throws {
        let run = try Self.run(["validate", "/no/such/study"])
        #expect(run.status != 0)
        #expect(run.stderr == "Error: no such file or folder: /no/such/study\n")
    }
}
