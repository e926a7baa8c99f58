import Foundation
import Testing

/// `laeval estimate ols` as a user runs it: the JSON contract of design.md §8 and errors.
@Suite(.serialized) struct EstimateCommandTests {
    static let mtcars = CommandLineTests.repositoryRoot.appendingPathComponent("Tests/LAEvalStatsTests/Fixtures/regression/mtcars.csv").path

    @Test func jsonHasTheContractKeys() throws {
        let run = try CommandLineTests.run(["estimate", "ols", "--data", Self.mtcars, "--outcome", "mpg",
                                            "--covariates", "wt,hp,factor(cyl)", "--vcov", "hc1", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        for key in ["coefficients", "n_obs", "n_dropped", "r2", "vcov"] { #expect(object[key] != nil, "missing \(key)") }
        let rows = try #require(object["coefficients"] as? [[String: Any]])
        #expect(rows.map { $0["term"] as? String } == ["(Intercept)", "wt", "hp", "factor(cyl)6", "factor(cyl)8"])
        for key in ["term", "estimate", "se", "t", "p", "ci_lower", "ci_upper"] { #expect(rows[0][key] != nil, "missing \(key)") }
        #expect(object["n_obs"] as? Int == 32)
    }

    @Test func helpShowsExamples() throws {
        let run = try CommandLineTests.run(["estimate", "ols", "--help"])
        #expect(run.stdout.contains("Examples:") && run.stdout.contains("--fixed-effects"))
    }

    @Test func aMissingColumnIsAOneLineError() throws {
        let run = try CommandLineTests.run(["estimate", "ols", "--data", Self.mtcars, "--outcome", "mpg", "--covariates", "weight"])
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("Error: mtcars.csv: no column weight in the data: the columns are "))
    }

    @Test func aRaggedRowIsReportedWithItsPosition() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("laeval-ragged-\(UUID().uuidString).csv").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "y,x\n1,2\n3\n".write(toFile: path, atomically: true, encoding: .utf8)
        let run = try CommandLineTests.run(["estimate", "ols", "--data", path, "--outcome", "y", "--covariates", "x"])
        #expect(run.status != 0)
        #expect(run.stderr.contains(":3:2: row has 1 fields: expected 2 as in the header"))
    }
}
