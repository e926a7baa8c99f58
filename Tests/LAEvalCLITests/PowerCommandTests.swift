import Foundation
import Testing
@testable import LAEvalCLI

/// `laeval power` as a user runs it: parsing, the JSON contract, agreement with the pwr
/// fixture, and one-line errors.
@Suite(.serialized) struct PowerCommandTests {
    static let fixture = CommandLineTests.repositoryRoot.appendingPathComponent("Tests/LAEvalStatsTests/Fixtures/power/pwr_cases.json")

    /// The pwr case of `test` solving `solve` with the given alternative (and type).
    static func pwrCase(_ test: String, solve: String, alternative: String = "two.sided", type: String? = nil) throws -> [String: Any] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: fixture)) as? [String: Any])
        let cases = try #require(object["cases"] as? [[String: Any]])
        return try #require(cases.first {
            $0["test"] as? String == test && $0["solve"] as? String == solve && $0["alternative"] as? String == alternative
                && (type == nil || $0["type"] as? String == type)
        })
    }

    static func json(_ arguments: [String]) throws -> (text: String, object: [String: Any]) {
        let run = try CommandLineTests.run(arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        return (run.stdout, object)
    }

    /// The first five keys, in order, are n, power, effect_size, alpha, n_ceiling.
    static func leadingKeys(_ text: String) -> [String] {
        text.split(separator: "\n").compactMap { line -> String? in
            guard let open = line.firstIndex(of: "\""), let close = line[line.index(after: open)...].firstIndex(of: "\"") else { return nil }
            return String(line[line.index(after: open)..<close])
        }.prefix(5).map { $0 }
    }

    static func relativeError(_ value: Any?, _ reference: Any?) -> Double {
        guard let value = value as? Double, let reference = reference as? Double else { return .infinity }
        return abs(value - reference) / abs(reference)
    }

    @Test func parsingTheSubcommands() throws {
        let t = try #require(try LAEvalCommand.parseAsRoot(["power", "ttest", "--d", "0.5", "--power", "0.8", "--type", "paired"]) as? TTestPowerCommand)
        #expect(t.d == 0.5 && t.power == 0.8 && t.n == nil && t.type == .paired && t.alternative == .twoSided && t.alpha == 0.05)
        let p = try #require(try LAEvalCommand.parseAsRoot(["power", "proportions", "--p1", "0.6", "--p2", "0.4", "--n", "50", "--alternative", "greater"])
            as? ProportionsPowerCommand)
        #expect(p.p1 == 0.6 && p.p2 == 0.4 && p.n == 50 && p.alternative == .greater)
        let d = try #require(try LAEvalCommand.parseAsRoot(["power", "did", "--pre", "3", "--post", "2", "--units", "80", "--sd", "1", "--rho", "0.5",
                                                            "--power", "0.8", "--critical-values", "normal"]) as? DiDPowerCommand)
        #expect(d.pre == 3 && d.post == 2 && d.units == 80 && d.rho == 0.5 && d.criticalValues == .normal && d.treatedShare == 0.5)
        #expect(throws: (any Error).self) { try LAEvalCommand.parseAsRoot(["power", "ttest", "--type", "three-sample"]) }
    }

    @Test func ttestJSONHasTheContractAndMatchesPwr() throws {
        let reference = try Self.pwrCase("t", solve: "n", type: "two.sample")
        let (text, object) = try Self.json(["power", "ttest", "--d", "\(reference["effect"]!)", "--power", "\(reference["power"]!)"])
        #expect(Self.leadingKeys(text) == ["n", "power", "effect_size", "alpha", "n_ceiling"])
        #expect(Self.relativeError(object["n"], reference["n"]) < 1e-6, "\(object)")
        #expect(object["n_ceiling"] as? Int == Int(((reference["n"] as? Double) ?? 0).rounded(.up)))
        #expect(object["solved"] as? String == "n" && object["alternative"] as? String == "two-sided")
    }

    @Test func unequalGroupsAndClustersAndOneSidedTests() throws {
        let reference = try Self.pwrCase("t2n", solve: "n1")
        let (_, object) = try Self.json(["power", "ttest", "--n2", "\(reference["n2"]!)", "--d", "\(reference["effect"]!)",
                                         "--power", "\(reference["power"]!)"])
        #expect(Self.relativeError(object["n"], reference["n1"]) < 1e-6, "\(object)")
        #expect(object["n2"] as? Double == reference["n2"] as? Double)
        let plain = try Self.json(["power", "ttest", "--d", "0.4", "--power", "0.8"]).object
        let clustered = try Self.json(["power", "ttest", "--d", "0.4", "--power", "0.8", "--icc", "0.05", "--cluster-size", "21"]).object
        #expect(Self.relativeError(clustered["n"], (plain["n"] as? Double).map { 2 * $0 }) < 1e-9)
        #expect(clustered["design_effect"] as? Double == 2)
        let greater = try Self.pwrCase("t", solve: "power", alternative: "greater", type: "one.sample")
        let (_, power) = try Self.json(["power", "ttest", "--n", "\(greater["n"]!)", "--d", "\(greater["effect"]!)", "--type", "one-sample",
                                        "--alternative", "greater"])
        #expect(abs((power["power"] as? Double ?? 0) - (greater["power"] as? Double ?? 1)) < 1e-6)
    }

    @Test func proportionsFromP1AndP2MatchPwr() throws {
        let reference = try Self.pwrCase("2p", solve: "n")
        let (text, object) = try Self.json(["power", "proportions", "--p1", "0.65", "--p2", "0.45", "--power", "\(reference["power"]!)"])
        #expect(Self.leadingKeys(text) == ["n", "power", "effect_size", "alpha", "n_ceiling"])
        #expect(Self.relativeError(object["effect_size"], reference["effect"]) < 1e-12)
        #expect(Self.relativeError(object["n"], reference["n"]) < 1e-6)
        let table = try CommandLineTests.run(["power", "proportions", "--h", "0.3", "--n", "120"])
        #expect(table.status == 0 && table.stdout.contains("power") && table.stdout.contains("(solved)"))
    }

    @Test func didSolvesEachUnknownConsistently() throws {
        let design = ["power", "did", "--pre", "4", "--post", "3", "--sd", "1", "--rho", "0.6"]
        let (text, mde) = try Self.json(design + ["--units", "150", "--power", "0.8"])
        #expect(Self.leadingKeys(text) == ["n", "power", "effect_size", "alpha", "n_ceiling"])
        #expect(mde["n"] as? Double == 150 && mde["solved"] as? String == "effect_size" && mde["critical_values"] as? String == "t")
        let effect = try #require(mde["effect_size"] as? Double)
        let power = try Self.json(design + ["--units", "150", "--effect", "\(effect)"]).object
        #expect(abs((power["power"] as? Double ?? 0) - 0.8) < 1e-9)
        let units = try Self.json(design + ["--effect", "\(effect)", "--power", "0.8"]).object
        #expect(Self.relativeError(units["n"], 150.0) < 1e-8)
        #expect(units["n_ceiling"] as? Int == 150)
        let covariances = try Self.json(["power", "did", "--pre", "4", "--post", "3", "--units", "150", "--power", "0.8",
                                         "--sigma2", "\(mde["sigma2"]!)", "--psi-pre", "\(mde["psi_pre"]!)",
                                         "--psi-post", "\(mde["psi_post"]!)", "--psi-cross", "\(mde["psi_cross"]!)"]).object
        #expect(Self.relativeError(covariances["effect_size"], effect) < 1e-12)
    }

    @Test func badInputIsAOneLineError() throws {
        let cases: [([String], String)] = [
            (["power", "ttest", "--d", "0.5"], "Error: give all but one of --n, --d and --power: the missing one is solved for (2 are missing)\n"),
            (["power", "ttest", "--n", "20", "--power", "1.5"], "Error: --power must be between 0 and 1 (exclusive), not 1.5\n"),
            (["power", "ttest", "--d", "0.5", "--power", "0.03"],
             "Error: power 0.03 is not above the significance level 0.05, which a test has with no effect at all\n"),
            (["power", "ttest", "--n", "1", "--d", "0.5"], "Error: n must be a finite number of at least 2, not 1\n"),
            (["power", "ttest", "--d", "0.5", "--power", "0.8", "--icc", "0.1"], "Error: --icc and --cluster-size go together: give both or neither\n"),
            (["power", "proportions", "--h", "0.3", "--p1", "0.5", "--p2", "0.4", "--n", "50"],
             "Error: give the effect as --h or as --p1 and --p2, not both\n"),
            (["power", "proportions", "--p1", "0.5", "--power", "0.8"], "Error: --p1 and --p2 go together: give both or neither\n"),
            (["power", "did", "--pre", "2", "--post", "2", "--units", "50", "--power", "0.8"],
             "Error: give the error's variance as --sd with --rho, or as --sigma2 (with --psi-pre, --psi-post, --psi-cross)\n"),
            (["power", "did", "--pre", "0", "--post", "2", "--units", "50", "--power", "0.8", "--sigma2", "1"],
             "Error: the number of pre-treatment periods must be at least 1, not 0\n"),
        ]
        for (arguments, message) in cases {
            let run = try CommandLineTests.run(arguments)
            #expect(run.status != 0, "\(arguments)")
            #expect(run.stderr == message, "\(arguments)")
        }
    }

    @Test func helpShowsExamples() throws {
        for arguments in [["power", "--help"], ["power", "ttest", "--help"], ["power", "proportions", "--help"], ["power", "did", "--help"]] {
            let run = try CommandLineTests.run(arguments)
            #expect(run.status == 0 && run.stdout.contains("Examples:"), "\(arguments)")
        }
    }
}
