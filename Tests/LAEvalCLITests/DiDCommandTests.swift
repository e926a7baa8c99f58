import Foundation
import Testing

/// `laeval estimate did` as a user runs it: the JSON contract of design.md §8.
@Suite(.serialized) struct DiDCommandTests {
    static let mpdta = CommandLineTests.repositoryRoot.appendingPathComponent("Tests/LAEvalEstimatorsTests/Fixtures/did/mpdta.csv").path
    static let base = ["estimate", "did", "--data", mpdta, "--unit", "countyreal", "--time", "year", "--group", "first_treat",
                       "--outcome", "lemp", "--format", "json"]

    @Test func analyticJSONHasTheContractShape() throws {
        let run = try CommandLineTests.run(Self.base)
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let cells = try #require(object["att_gt"] as? [[String: Any]])
        #expect(cells.count == 12)
        for key in ["group", "time", "att", "se"] { #expect(cells[0][key] != nil) }
        let aggregates = try #require(object["aggregates"] as? [String: Any])
        let simple = try #require(aggregates["simple"] as? [String: Double])
        // csdid 0.4.3 / R did on mpdta: simple ATT −0.0400 (fixture cs_never_dr_nocov.json)
        #expect(abs(simple["att"]! - -0.03995127515517626) < 1e-9)
        #expect((aggregates["dynamic"] as? [[String: Any]])?.first?["event_time"] as? Int == -3)
        for key in ["group", "calendar"] { #expect((aggregates[key] as? [[String: Any]])?.isEmpty == false) }
    }

    @Test func bootstrapIsReproducibleBySeed() throws {
        let options = ["--se", "bootstrap", "--reps", "199", "--seed", "5"]
        let first = try CommandLineTests.run(Self.base + options), second = try CommandLineTests.run(Self.base + options)
        #expect(first.status == 0 && first.stdout == second.stdout)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(first.stdout.utf8)) as? [String: Any])
        #expect((object["uniform_critical_value"] as? Double).map { $0 > 1.96 } == true)
    }

    @Test func aNonNumericGroupIsAOneLineError() throws {
        let run = try CommandLineTests.run(["estimate", "did", "--data", Self.mpdta, "--unit", "countyreal", "--time", "year",
                                            "--group", "nosuch", "--outcome", "lemp"])
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("Error: mpdta.csv: no column nosuch in the data"))
    }
}

/// `laeval estimate event-study`: the JSON contract and agreement with pyfixest's event study.
@Suite(.serialized) struct EventStudyCommandTests {
    @Test func jsonHasEventTimeCoefficients() throws {
        let run = try CommandLineTests.run(["estimate", "event-study", "--data", DiDCommandTests.mpdta, "--unit", "countyreal",
                                            "--time", "year", "--group", "first_treat", "--outcome", "lemp", "--format", "json"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        let rows = try #require(object["coefficients"] as? [[String: Any]])
        #expect(rows.map { $0["event_time"] as? Int } == [-4, -3, -2, 0, 1, 2, 3])
        for key in ["event_time", "estimate", "se"] { #expect(rows[0][key] != nil) }
        #expect((object["sun_abraham"] as? [String: Any])?["overall"] != nil)
    }
}
