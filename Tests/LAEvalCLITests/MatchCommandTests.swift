import Foundation
import Testing

/// `laeval estimate match` as a user runs it, on MatchIt's `lalonde` (written to CSV from the
/// matchit fixture), against MatchIt 4.5.1's numbers (Validation/matchit/make_fixtures.R).
@Suite(.serialized) struct MatchCommandTests {
    static let covariates = "age,educ,race,married,nodegree,re74,re75"

    static func fixture() throws -> [String: Any] {
        try JudgementCommandsTests.json("matchit/matchit.json")
    }

    static func lalondeFile() throws -> String {
        let data = try #require(try fixture()["data"] as? [String: Any])
        let keys = ["treat", "age", "educ", "race", "married", "nodegree", "re74", "re75", "re78"]
        return try JudgementCommandsTests.csv("lalonde.csv", keys.map { ($0, data[$0] as! [Any]) })
    }

    static func referenceCase(_ name: String, in list: String = "cases") throws -> [String: Any] {
        let cases = try #require(try fixture()[list] as? [[String: Any]])
        return try #require(cases.first { $0["name"] as? String == name })
    }

    static func checkAgainst(_ output: [String: Any], _ reference: [String: Any]) throws {
        let effect = try #require(reference["effect"] as? [String: Any])
        #expect(JudgementCommandsTests.close(output["att"] as! Double, effect["estimate"] as! Double, 1e-6))
        #expect(JudgementCommandsTests.close(output["se"] as! Double, effect["se"] as! Double, 1e-6))
        #expect(JudgementCommandsTests.close(output["ci_lower"] as! Double, effect["ci_lower"] as! Double, 1e-6))
        let balance = try #require(output["balance"] as? [[String: Any]])
        let expected = try #require(reference["balance"] as? [[String: Any]])
        #expect(balance.map { $0["covariate"] as? String } == expected.map { $0["covariate"] as? String })
        for (mine, theirs) in zip(balance, expected) {
            #expect(JudgementCommandsTests.close(mine["smd_before"] as! Double, theirs["smd_before"] as! Double, 1e-8))
            #expect(JudgementCommandsTests.close(mine["smd_after"] as! Double, theirs["smd_after"] as! Double, 1e-8))
            if let ratio = theirs["variance_ratio_after"] as? Double {
                #expect(JudgementCommandsTests.close(mine["variance_ratio_after"] as! Double, ratio, 1e-8))
            } else {
                #expect(mine["variance_ratio_after"] is NSNull)
            }
        }
    }

    @Test func defaultMatchingMatchesMatchIt() throws {
        let file = try Self.lalondeFile()
        let output = try JudgementCommandsTests.runJSON(["estimate", "match", "--data", file, "--treatment", "treat",
                                                         "--outcome", "re78", "--covariates", Self.covariates])
        for key in ["att", "se", "ci_lower", "ci_upper", "n_treated", "n_control_matched", "n_dropped", "balance", "estimand", "method"] {
            #expect(output[key] != nil, "missing \(key)")
        }
        #expect(output["n_treated"] as? Int == 185 && output["n_control_matched"] as? Int == 185)
        #expect(output["n_dropped"] as? Int == 0)
        try Self.checkAgainst(output, try Self.referenceCase("nearest_default"))
    }

    @Test func ratioCaliperAndExactOptions() throws {
        let file = try Self.lalondeFile()
        let caliper = try JudgementCommandsTests.runJSON(["estimate", "match", "--data", file, "--treatment", "treat", "--outcome", "re78",
                                                          "--covariates", Self.covariates, "--ratio", "2", "--caliper", "0.2"])
        try Self.checkAgainst(caliper, try Self.referenceCase("ratio2_caliper"))
        #expect(caliper["n_treated"] as? Int == 113)
        let exact = try JudgementCommandsTests.runJSON(["estimate", "match", "--data", file, "--treatment", "treat", "--outcome", "re78",
                                                        "--covariates", Self.covariates, "--exact", "married"])
        try Self.checkAgainst(exact, try Self.referenceCase("exact_married"))
        let replace = try JudgementCommandsTests.runJSON(["estimate", "match", "--data", file, "--treatment", "treat", "--outcome", "re78",
                                                          "--covariates", Self.covariates, "--replace"])
        try Self.checkAgainst(replace, try Self.referenceCase("replace"))
    }

    @Test func weightingForTheATE() throws {
        let file = try Self.lalondeFile()
        let output = try JudgementCommandsTests.runJSON(["estimate", "match", "--data", file, "--treatment", "treat", "--outcome", "re78",
                                                         "--covariates", Self.covariates, "--method", "ipw", "--estimand", "ate"])
        #expect(output["estimand"] as? String == "ate" && output["method"] as? String == "ipw")
        try Self.checkAgainst(output, try Self.referenceCase("ipw_ate", in: "ipw"))
    }

    @Test func badInputIsAOneLineError() throws {
        let file = try Self.lalondeFile()
        let missing = try CommandLineTests.run(["estimate", "match", "--data", file, "--treatment", "treat", "--outcome", "re78",
                                                "--covariates", "age,weight"])
        #expect(missing.status != 0)
        #expect(missing.stderr.hasPrefix("Error: lalonde.csv: no column weight"), "\(missing.stderr)")
        let ate = try CommandLineTests.run(["estimate", "match", "--data", file, "--treatment", "treat", "--outcome", "re78",
                                            "--covariates", "age", "--estimand", "ate"])
        #expect(ate.status != 0)
        #expect(ate.stderr.contains("nearest-neighbour matching estimates the ATT only"), "\(ate.stderr)")
        let notTreatment = try CommandLineTests.run(["estimate", "match", "--data", file, "--treatment", "race", "--outcome", "re78",
                                                     "--covariates", "age"])
        #expect(notTreatment.status != 0)
        #expect(notTreatment.stderr.contains("line 2, column race: 'black' is not a treatment indicator"), "\(notTreatment.stderr)")
    }

    @Test func helpShowsExamples() throws {
        let run = try CommandLineTests.run(["estimate", "match", "--help"])
        #expect(run.stdout.contains("Examples:") && run.stdout.contains("--caliper"))
    }
}
