import Foundation
import Testing

/// `laeval estimate qca` as a user runs it, on the Lipset data of the QCA fixture (written to
/// CSV), against R's QCA 3.19 (Validation/qca/make_fixtures.R): truth table rows, OUT, n and
/// cases identical, consistency and PRI to 1e-6, solutions identical with their fit to 1e-6.
@Suite(.serialized) struct QCACommandTests {
    static func referenceCase(_ name: String) throws -> [String: Any] {
        let cases = try #require(try JudgementCommandsTests.json("qca/lipset.json")["cases"] as? [[String: Any]])
        return try #require(cases.first { $0["name"] as? String == name })
    }

    /// The case's data as a CSV with a `case` column; returns its path.
    static func file(_ reference: [String: Any], name: String) throws -> String {
        let data = try #require(reference["data"] as? [String: [Any]])
        let conditions = try #require(reference["conditions"] as? [String])
        let outcome = try #require(reference["outcome"] as? String)
        let columns = [("case", reference["case_ids"] as! [Any])] + (conditions + [outcome]).map { ($0, data[$0]!) }
        return try JudgementCommandsTests.csv(name, columns)
    }

    static func arguments(_ reference: [String: Any], file: String) -> [String] {
        let conditions = (reference["conditions"] as! [String]).joined(separator: ",")
        let cut = (reference["incl_cut"] as! [Double])[0]
        var arguments = ["estimate", "qca", "--data", file, "--outcome", reference["outcome"] as! String,
                         "--conditions", conditions, "--incl-cut", "\(cut)", "--case-id", "case"]
        if reference["negate_outcome"] as? Bool == true { arguments.append("--negate-outcome") }
        return arguments
    }

    static func checkSolutions(_ mine: [[String: Any]], _ theirs: [[String: Any]]) {
        let expression = { (s: [String: Any]) in ((s["terms"] as! [[String: Any]]).map { $0["term"] as! String }).joined(separator: " + ") }
        #expect(mine.map(expression) == theirs.map(expression))
        for (m, t) in zip(mine, theirs) {
            #expect(JudgementCommandsTests.close(m["consistency"] as! Double, t["incl"] as! Double, 1e-6))
            #expect(JudgementCommandsTests.close(m["coverage"] as! Double, t["cov"] as! Double, 1e-6))
            for (mt, tt) in zip(m["terms"] as! [[String: Any]], t["terms"] as! [[String: Any]]) {
                #expect(JudgementCommandsTests.close(mt["consistency"] as! Double, tt["incl"] as! Double, 1e-6))
                #expect(JudgementCommandsTests.close(mt["pri"] as! Double, tt["pri"] as! Double, 1e-6))
                #expect(JudgementCommandsTests.close(mt["coverage"] as! Double, tt["cov"] as! Double, 1e-6))
                if let unique = tt["cov_unique"] as? Double {
                    #expect(JudgementCommandsTests.close(mt["unique_coverage"] as! Double, unique, 1e-6))
                }
            }
        }
    }

    static func check(_ name: String, extra: [String] = []) throws -> [String: Any] {
        let reference = try referenceCase(name)
        let file = try file(reference, name: "\(name).csv")
        let output = try JudgementCommandsTests.runJSON(arguments(reference, file: file) + extra)
        let rows = try #require(output["truth_table"] as? [[String: Any]])
        let expected = try #require(reference["truth_table"] as? [[String: Any]])
        #expect(rows.map { $0["row"] as? Int } == expected.map { $0["row"] as? Int })
        #expect(rows.map { $0["outcome"] as? String } == expected.map { $0["out"] as? String })
        #expect(rows.map { $0["n"] as? Int } == expected.map { $0["n"] as? Int })
        #expect(rows.map { $0["cases"] as? [String] } == expected.map { $0["cases"] as? [String] })
        for (m, t) in zip(rows, expected) {
            #expect(JudgementCommandsTests.close(m["consistency"] as! Double, t["incl"] as! Double, 1e-6))
            #expect(JudgementCommandsTests.close(m["pri"] as! Double, t["pri"] as! Double, 1e-6))
        }
        let solutions = try #require(output["solutions"] as? [String: Any])
        checkSolutions(solutions["complex"] as! [[String: Any]], reference["complex"] as! [[String: Any]])
        checkSolutions(solutions["parsimonious"] as! [[String: Any]], reference["parsimonious"] as! [[String: Any]])
        return output
    }

    @Test func crispLipsetMatchesQCA() throws {
        let output = try Self.check("crisp_incl075", extra: ["--type", "crisp"])
        #expect((output["truth_table"] as? [[String: Any]])?.first?["values"] as? [String: Int] == ["DEV": 0, "URB": 0, "LIT": 0, "IND": 0])
        #expect((output["necessity"] as? [[String: Any]])?.count == 8)
    }

    @Test func fuzzyLipsetWithIntermediateMatchesQCA() throws {
        let output = try Self.check("fuzzy_incl08_direxp", extra: ["--dir-exp", "DEV=1,URB=1,LIT=1,IND=1,STB=1"])
        let solutions = try #require(output["solutions"] as? [String: Any])
        let intermediate = try #require(solutions["intermediate"] as? [[String: Any]])
        let reference = try #require(try Self.referenceCase("fuzzy_incl08_direxp")["intermediate"] as? [[String: Any]])
        #expect(intermediate.map { $0["easy_counterfactuals"] as? [Int] } == reference.map { $0["easy_counterfactuals"] as? [Int] })
        Self.checkSolutions(intermediate[0]["solutions"] as! [[String: Any]], reference[0]["solutions"] as! [[String: Any]])
        #expect(solutions.keys.contains("note") && solutions["note"] is NSNull)
    }

    @Test func negatedOutcomeMatchesQCA() throws {
        let output = try Self.check("fuzzy_negated_incl08")
        #expect(output["outcome"] as? String == "~SURV")
    }

    @Test func tableFormatShowsTheSolutions() throws {
        let reference = try Self.referenceCase("fuzzy_incl08_direxp")
        let run = try CommandLineTests.run(Self.arguments(reference, file: try Self.file(reference, name: "lipset_table.csv")))
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("M1: DEV*~IND + URB*STB") && run.stdout.contains("22  1  0  1  0  1  1  2  0.804"))
    }

    @Test func badInputIsAOneLineError() throws {
        let outside = try JudgementCommandsTests.csv("qca_bad.csv", [("case", ["a", "b"]), ("A", [0.2, 1.3]), ("Y", [1, 0])])
        let run = try CommandLineTests.run(["estimate", "qca", "--data", outside, "--outcome", "Y", "--conditions", "A"])
        #expect(run.status != 0)
        #expect(run.stderr == "Error: qca_bad.csv: line 3, column A: 1.3 is not a fuzzy membership (between 0 and 1)\n", "\(run.stderr)")
        let missing = try CommandLineTests.run(["estimate", "qca", "--data", outside, "--outcome", "Y", "--conditions", "A,B"])
        #expect(missing.status != 0)
        #expect(missing.stderr == "Error: qca_bad.csv: no column B (columns: A, Y, case)\n", "\(missing.stderr)")
        let crisp = try CommandLineTests.run(["estimate", "qca", "--data", outside, "--outcome", "Y", "--conditions", "A", "--type", "crisp"])
        #expect(crisp.stderr == "Error: qca_bad.csv: line 2, column A: 0.2 is not a crisp membership (0 or 1)\n", "\(crisp.stderr)")
    }

    @Test func helpStatesTheJSONShape() throws {
        let run = try CommandLineTests.run(["estimate", "qca", "--help"])
        #expect(run.stdout.contains("Examples:") && run.stdout.contains("unique_coverage") && run.stdout.contains("--dir-exp"))
    }
}
