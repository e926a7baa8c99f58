import Foundation
import Testing

/// `laeval estimate msm | km | cox | ordinal` as a user runs them, on the reference datasets of
/// R's msm, survival and ordinal (written to CSV from the fixtures), against R's numbers.
@Suite(.serialized) struct JudgementCommandsTests {
    static let fixtures = CommandLineTests.repositoryRoot.appendingPathComponent("Tests/LAEvalEstimatorsTests/Fixtures")

    static func json(_ path: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent(path))) as! [String: Any]
    }

    /// Writes `columns` (name → values, all the same length) as a CSV file and returns its path.
    static func csv(_ name: String, _ columns: [(String, [Any])]) throws -> String {
        let folder = CommandLineTests.temporaryFolder()
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var lines = [columns.map(\.0).joined(separator: ",")]
        for row in columns[0].1.indices { lines.append(columns.map { "\($0.1[row])" }.joined(separator: ",")) }
        let path = folder + "/" + name
        try (lines.joined(separator: "\n") + "\n").write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func records(_ rows: [[String: Any]], _ keys: [String]) -> [(String, [Any])] {
        keys.map { key in (key, rows.map { $0[key] ?? "" }) }
    }

    static func runJSON(_ arguments: [String]) throws -> [String: Any] {
        let run = try CommandLineTests.run(arguments + ["--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        return try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
    }

    static func close(_ a: Double, _ b: Double, _ tolerance: Double) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    static let cavTransitions = ["--transitions", "1-2,1-4,2-1,2-3,2-4,3-2,3-4", "--exact-death", "4"]

    static func cavFile() throws -> String {
        let cav = try json("msm/cav.json")
        return try csv("cav.csv", ["PTNUM", "years", "state", "sex"].map { ($0, cav[$0] as! [Any]) })
    }

    @Test func msmMatchesRsMsmOnCav() throws {
        let reference = try Self.json("msm/fit_base.json")
        let output = try Self.runJSON(["estimate", "msm", "--data", try Self.cavFile(), "--subject", "PTNUM", "--time", "years",
                                       "--state", "state"] + Self.cavTransitions)
        #expect(Self.close(output["minus2loglik"] as! Double, reference["minus2loglik"] as! Double, 1e-8))
        let q = (reference["qmatrix"] as! [String: Any])["estimate"] as! [[Double]]
        let intensities = output["intensities"] as! [[String: Any]]
        #expect(intensities.count == 7)
        for row in intensities {
            let from = row["from"] as! Int, to = row["to"] as! Int
            #expect(Self.close(row["estimate"] as! Double, q[from - 1][to - 1], 1e-4), "q\(from)\(to)")
            #expect((row["ci_lower"] as! Double) < (row["estimate"] as! Double))
        }
        let p = (output["p_matrix"] as! [String: Any])["rows"] as! [[Double]]
        #expect(p.allSatisfy { abs($0.reduce(0, +) - 1) < 1e-9 })
    }

    @Test func msmBadInputNamesTheLineSubjectAndRow() throws {
        let base = ["estimate", "msm", "--subject", "id", "--time", "t", "--state", "s", "--transitions", "1-2,2-3"]
        let single = try Self.csv("single.csv", [("id", ["a", "a", "b"]), ("t", [0, 1, 0]), ("s", [1, 2, 1])])
        var run = try CommandLineTests.run(base + ["--data", single])
        #expect(run.stderr == "Error: single.csv: line 4: subject b (row 3) has only one observation; at least two are needed\n")
        let backwards = try Self.csv("backwards.csv", [("id", ["a", "a", "a"]), ("t", [0, 2, 1]), ("s", [1, 1, 2])])
        run = try CommandLineTests.run(base + ["--data", backwards])
        #expect(run.stderr == "Error: backwards.csv: line 4: subject a, row 3: time 1.0 is not after the previous time 2.0; times must be strictly increasing within a subject\n")
        let impossible = try Self.csv("impossible.csv", [("id", ["a", "a"]), ("t", [0, 1]), ("s", [3, 1])])
        run = try CommandLineTests.run(base + ["--data", impossible])
        #expect(run.stderr == "Error: impossible.csv: line 3: subject a, row 2: a transition from state 3 to state 1 is impossible under the allowed transitions\n")
        #expect(run.status != 0)
    }

    @Test func kmMatchesSurvfitAndSurvdiffOnLung() throws {
        let km = try Self.json("survival/lung_km.json")
        let file = try Self.csv("lung.csv", Self.records(km["data"] as! [[String: Any]], ["time", "status", "sex"]))
        let output = try Self.runJSON(["estimate", "km", "--data", file, "--time", "time", "--event", "status", "--strata", "sex"])
        let reference = km["by_sex"] as! [[String: Any]]
        let curves = output["curves"] as! [[String: Any]]
        #expect(curves.map { $0["stratum"] as! String } == ["1", "2"])
        for (curve, expected) in zip(curves, reference) {
            let survival = curve["survival"] as! [Double], lower = curve["lower"] as! [Double]
            #expect(zip(survival, expected["surv"] as! [Double]).allSatisfy { Self.close($0, $1, 1e-9) })
            #expect(zip(lower, expected["lower"] as! [Double]).allSatisfy { Self.close($0, $1, 1e-9) })
        }
        let median = (output["median"] as! [[String: Any]])[0]
        #expect(median["median"] as? Double == 270 && median["lower"] as? Double == 212 && median["upper"] as? Double == 310)
        let logrank = output["logrank"] as! [String: Any]
        #expect(Self.close(logrank["chisq"] as! Double, 10.3267419548856, 1e-9) && logrank["df"] as? Int == 1)
    }

    @Test func coxMatchesCoxphOnLung() throws {
        let reference = try Self.json("survival/lung_cox.json")
        let rows = reference["data"] as! [[String: Any]]
        let file = try Self.csv("lung.csv", Self.records(rows, ["time", "status", "sex", "age", "ph_ecog"]))
        for ties in ["efron", "breslow"] {
            let expected = reference[ties] as! [String: Any]
            let output = try Self.runJSON(["estimate", "cox", "--data", file, "--time", "time", "--event", "status",
                                           "--covariates", "age,sex,ph_ecog", "--ties", ties])
            let coefficients = output["coefficients"] as! [[String: Any]]
            #expect(coefficients.map { $0["term"] as! String } == ["age", "sex", "ph_ecog"])
            for (row, (coef, se)) in zip(coefficients, zip(expected["coef"] as! [Double], expected["se"] as! [Double])) {
                #expect(Self.close(row["estimate"] as! Double, coef, 1e-6) && Self.close(row["se"] as! Double, se, 1e-6), "\(ties)")
            }
            #expect(Self.close((output["loglik"] as! [Double])[1], (expected["loglik"] as! [Double])[1], 1e-9))
            let tests = output["tests"] as! [String: Any]
            let wald = (expected["wald"] as! [String: Any])["statistic"] as! Double
            #expect(Self.close((tests["wald"] as! [String: Any])["statistic"] as! Double, wald, 1e-6))
        }
    }

    @Test func ordinalMatchesClmOnWine() throws {
        let wine = try Self.json("ordinal/wine.json")
        let file = try Self.csv("wine.csv", ["rating", "tempwarm", "contactyes"].map { ($0, wine[$0] as! [Any]) })
        let expected = try Self.json("ordinal/clm_logit.json")
        let output = try Self.runJSON(["estimate", "ordinal", "--data", file, "--outcome", "rating", "--covariates", "tempwarm,contactyes"])
        let thresholds = (output["thresholds"] as! [[String: Any]]).map { $0["estimate"] as! Double }
        let reference = (expected["thresholds"] as! [String: Any])["estimate"] as! [Double]
        #expect(zip(thresholds, reference).allSatisfy { Self.close($0, $1, 1e-6) })
        #expect(output["levels"] as? [String] == ["1", "2", "3", "4", "5"])
        let bad = try CommandLineTests.run(["estimate", "ordinal", "--data", file, "--outcome", "rating", "--covariates", "tempwarm",
                                            "--levels", "1,2,3,4"])
        #expect(bad.stderr.hasPrefix("Error: wine.csv: line "), "\(bad.stderr)")
        #expect(bad.stderr.contains("column rating: '5' is not one of --levels 1,2,3,4"))
    }
}
