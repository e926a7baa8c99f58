import Foundation
import Testing

/// `laeval estimate cea` as a user runs it, on the case-level data of the independent Python
/// worked example (Validation/economics/worked_example.py), against its exact-fraction numbers.
@Suite(.serialized) struct CEACommandTests {
    static let thresholds = "0,1000,5000,20000,30000"

    static func example() throws -> [String: Any] {
        let url = CommandLineTests.repositoryRoot.appendingPathComponent("Tests/LAEvalStatsTests/Fixtures/economics/worked_example.json")
        let root = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        return try #require(root["cost_effectiveness"] as? [String: Any])
    }

    /// The example's cases as a CSV (groups in sorted order), plus `extra` raw lines appended.
    static func casesFile(_ name: String = "costs.csv", extra: [String] = []) throws -> String {
        let cases = try #require(try example()["cases"] as? [String: [String: [Double]]])
        var lines = ["arm,cost,months_at_home"]
        for group in cases.keys.sorted() {
            for (cost, effect) in zip(cases[group]!["costs"]!, cases[group]!["effects"]!) { lines.append("\(group),\(cost),\(effect)") }
        }
        let folder = CommandLineTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/" + name
        try ((lines + extra).joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func arguments(_ file: String) -> [String] {
        ["estimate", "cea", "--data", file, "--group", "arm", "--cost", "cost", "--effect", "months_at_home", "--reference", "usual",
         "--thresholds", thresholds]
    }

    static func close(_ a: Any?, _ b: Any?) -> Bool {
        JudgementCommandsTests.close((a as! NSNumber).doubleValue, (b as! NSNumber).doubleValue, 1e-9)
    }

    @Test func matchesTheWorkedExample() throws {
        let reference = try Self.example()
        let output = try JudgementCommandsTests.runJSON(Self.arguments(try Self.casesFile()) + ["--reps", "500", "--seed", "3"])
        for key in ["groups", "comparisons", "nmb", "ceac", "n_dropped"] { #expect(output[key] != nil, "missing \(key)") }
        let groups = try #require(output["groups"] as? [[String: Any]]), expectedGroups = reference["groups"] as! [[String: Any]]
        #expect(groups.map { $0["group"] as? String } == expectedGroups.map { $0["group"] as? String })
        for (mine, theirs) in zip(groups, expectedGroups) {
            #expect(mine["n"] as? Int == theirs["n"] as? Int)
            #expect(Self.close(mine["mean_cost"], theirs["mean_cost"]) && Self.close(mine["mean_effect"], theirs["mean_effect"]))
        }
        let comparisons = try #require(output["comparisons"] as? [[String: Any]])
        let expectedComparisons = reference["comparisons"] as! [[String: Any]]
        #expect(comparisons.map { $0["group"] as? String } == expectedComparisons.map { $0["group"] as? String })
        for (mine, theirs) in zip(comparisons, expectedComparisons) {
            #expect(mine["reference"] as? String == "usual")
            for key in ["delta_cost", "delta_effect", "icer"] { #expect(Self.close(mine[key], theirs[key]), "\(key)") }
            #expect((mine["dominance"] as? String) == (theirs["dominance"] as? String))
            #expect(mine.keys.contains("dominance"))
        }
        let nmb = try #require(output["nmb"] as? [[String: Any]]), expectedNMB = reference["nmb"] as! [[String: Any]]
        #expect(nmb.count == expectedNMB.count)
        for (mine, theirs) in zip(nmb, expectedNMB) {
            #expect(mine["group"] as? String == theirs["group"] as? String && Self.close(mine["threshold"], theirs["threshold"]))
            #expect(Self.close(mine["nmb"], theirs["nmb"]))
        }
        let ceac = try #require(output["ceac"] as? [[String: Any]])
        #expect(ceac.count == 5 * 4)
        for t in 0..<5 {
            let total = ceac[(t * 4)..<((t + 1) * 4)].reduce(0) { $0 + ($1["probability"] as! Double) }
            #expect(abs(total - 1) < 1e-12)
        }
    }

    @Test func theBootstrapIsSeeded() throws {
        let file = try Self.casesFile()
        let first = try JudgementCommandsTests.runJSON(Self.arguments(file) + ["--reps", "300", "--seed", "9"])
        let again = try JudgementCommandsTests.runJSON(Self.arguments(file) + ["--reps", "300", "--seed", "9"])
        let other = try JudgementCommandsTests.runJSON(Self.arguments(file) + ["--reps", "300", "--seed", "10"])
        let probabilities = { (output: [String: Any]) in (output["ceac"] as! [[String: Any]]).map { $0["probability"] as! Double } }
        #expect(probabilities(first) == probabilities(again))
        #expect(probabilities(first) != probabilities(other))
    }

    @Test func missingValuesAreDroppedAndTheTablePrints() throws {
        let file = try Self.casesFile(extra: ["usual,NA,0.5", "coaching,2000,"])
        let output = try JudgementCommandsTests.runJSON(Self.arguments(file) + ["--reps", "50"])
        #expect(output["n_dropped"] as? Int == 2 && output["n_obs"] as? Int == 22)
        let table = try CommandLineTests.run(Self.arguments(file) + ["--reps", "50"])
        #expect(table.status == 0 && table.stdout.contains("ICER") && table.stdout.contains("dominant"), "\(table.stdout)")
    }

    @Test func badInputIsAOneLineError() throws {
        let text = try CommandLineTests.run(Self.arguments(try Self.casesFile("bad.csv", extra: ["usual,lots,0.5"])))
        #expect(text.status != 0)
        #expect(text.stderr == "Error: bad.csv: line 24, column cost: 'lots' is not a number\n", "\(text.stderr)")
        var arguments = Self.arguments(try Self.casesFile())
        arguments[arguments.firstIndex(of: "usual")!] = "nobody"
        let reference = try CommandLineTests.run(arguments)
        #expect(reference.status != 0)
        #expect(reference.stderr == "Error: costs.csv: --reference nobody is not a level of column arm (levels: coaching, leaflet, mentoring, usual)\n",
                "\(reference.stderr)")
        let column = try CommandLineTests.run(Self.arguments(try Self.casesFile()).map { $0 == "months_at_home" ? "qaly" : $0 })
        #expect(column.status != 0 && column.stderr.hasPrefix("Error: costs.csv: no column qaly"), "\(column.stderr)")
        let thresholds = try CommandLineTests.run(Self.arguments(try Self.casesFile()).map { $0 == Self.thresholds ? "0,lots" : $0 })
        #expect(thresholds.status != 0 && thresholds.stderr.contains("--thresholds: lots is not a number"), "\(thresholds.stderr)")
    }

    @Test func helpShowsExamples() throws {
        let run = try CommandLineTests.run(["estimate", "cea", "--help"])
        #expect(run.stdout.contains("Examples:") && run.stdout.contains("--thresholds"))
    }
}
