import Foundation
import Testing

/// `laeval estimate imputation` as a user runs it, on mpdta against R's didimputation 0.5.0
/// (Tests/LAEvalEstimatorsTests/Fixtures/did/imputation_mpdta.json).
@Suite(.serialized) struct ImputationCommandTests {
    static let base = ["estimate", "imputation", "--data", DiDCommandTests.mpdta, "--unit", "countyreal", "--time", "year",
                       "--group", "first_treat", "--outcome", "lemp", "--format", "json"]

    @Test func jsonMatchesDidimputation() throws {
        let run = try CommandLineTests.run(Self.base + ["--auxiliary", "cohortEventTime"])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(run.stdout.utf8)) as? [String: Any])
        #expect(object["method"] as? String == "imputation" && object["n_obs"] as? Int == 2500 && object["n_units"] as? Int == 500)
        let treatment = try #require((object["treatments"] as? [[String: Any]])?.first)
        let att = try #require(treatment["att"] as? [String: Any])
        #expect(abs((att["estimate"] as! Double) - -0.04770991827846004) < 1e-9)
        #expect(abs((att["se"] as! Double) - 0.013222488650010644) < 1e-8)
        let events = try #require(treatment["event_times"] as? [[String: Any]])
        #expect(events.map { $0["event_time"] as? Int } == [0, 1, 2, 3])
        #expect(abs((events[2]["se"] as! Double) - 0.035341972133382887) < 1e-8)
        #expect((treatment["leads"] as? [[String: Any]])?.count == 3 && (treatment["pretrend"] as? [String: Any])?["df"] as? Int == 3)
    }

    @Test func aMissingColumnIsAOneLineError() throws {
        var arguments = Self.base
        arguments[arguments.firstIndex(of: "first_treat")!] = "first_treat,nosuch"
        let run = try CommandLineTests.run(arguments)
        #expect(run.status != 0)
        #expect(run.stderr.hasPrefix("Error: mpdta.csv: no column nosuch"))
    }
}
