import Foundation
import Testing
@testable import LAEvalCLI
@testable import LAEvalStudy

/// `laeval run`: outputs, provenance, and results that read back.
@Suite(.serialized) struct RunCommandTests {
    @Test func runWritesResultsThatReadBackWithProvenance() throws {
        let folder = CommandLineTests.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(try CommandLineTests.run(["demo", "--out", folder]).status == 0)
        let results = (folder as NSString).appendingPathComponent("results.json")
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let decoded = try decoder.decode(EvaluationResults.self, from: Data(contentsOf: URL(fileURLWithPath: results)))
        #expect(decoded.simulated)
        #expect(decoded.stagesNotRun.isEmpty)
        #expect(decoded.scoping?.power.isEmpty == false)
        #expect(decoded.scoping?.validity.isEmpty == false)
        #expect(decoded.provenance.inputs.contains { $0.path == "support.csv" && $0.sha256.count == 64 })
        #expect(decoded.impact?.estimates.isEmpty == false)
        #expect(decoded.truth?.partnersInPractice.count == 15)
        #expect(decoded.comparison?.rankings.isEmpty == false && decoded.context?.moderations.isEmpty == false)
        #expect(decoded.valueForMoney?.costs.isEmpty == false && decoded.valueForMoney?.psaDraws == 10_000)
        #expect(decoded.survey?.waves.count == 3 && decoded.survey?.freeText.first?.questionID.isEmpty == false)
        #expect(decoded.truth?.survey?.changes.contains { $0.supportedLAs > 0 } == true)
        for table in ["response_rates", "non_response", "likert", "scales", "change", "free_text"] {
            #expect(FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent("tables/survey_\(table).csv")), "\(table)")
        }
        let manifest = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: (folder as NSString).appendingPathComponent("manifest.json")))) as? [String: Any])
        #expect((manifest["timings"] as? [[String: Any]])?.map { $0["stage"] as? String } == ["validate", "hash inputs", "audit", "describe", "scope", "impact", "judgements", "comparators", "compare", "context", "value for money", "survey", "report"])
    }

    @Test func anInvalidStudyRunsNothing() throws {
        let folder = CommandLineTests.temporaryFolder(), out = CommandLineTests.temporaryFolder()
        defer { for path in [folder, out] { try? FileManager.default.removeItem(atPath: path) } }
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let run = try CommandLineTests.run(["run", folder, "--out", out])
        #expect(run.status != 0)
        #expect(run.stderr.contains("has 6 errors: nothing was run"))
        #expect(!FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent("results.json")))
    }
}
