import Foundation
import LAEvalData
import LAEvalEstimators
import LAEvalStats
import Testing

/// Callaway–Sant'Anna on the mpdta county panel against csdid 0.4.3 (the Python port of R's
/// did; fixtures by Validation/did/make_fixtures.py, cross-checked there against moderndid):
/// every ATT(g,t) and every aggregate with its analytic SE, for never-treated and not-yet-treated
/// controls, the three estimators, with and without the covariate lpop. Tolerance 1e-6 (the issue's).
@Suite struct CallawaySantAnnaFixtureTests {
    struct Fixture: Decodable {
        struct Cell: Decodable { let group: Int; let time: Int; let att: Double; let se: Double? }
        struct Row: Decodable { let eventTime: Int?; let group: Int?; let time: Int?; let att: Double; let se: Double }
        struct Aggregate: Decodable { let overallAtt: Double; let overallSe: Double; let rows: [Row]? }
        let attgt: [Cell]
        let aggregations: [String: Aggregate]
    }

    static let tolerance = 1e-6

    static func panel(covariates: Bool) throws -> BalancedPanel {
        let data = try TidyCSVReader.read(bytes: Array(Data(contentsOf: fixtureURL("did/mpdta.csv"))), file: "mpdta.csv").columns
        func numbers(_ name: String) -> [Double] {
            if case .numeric(let values) = data[name]! { return values }
            return []
        }
        return try BalancedPanel(unit: numbers("countyreal").map { Int($0) }, period: numbers("year").map { Int($0) },
                                 group: numbers("first_treat").map { Int($0) }, outcome: numbers("lemp"),
                                 covariates: covariates ? [numbers("lpop")] : [], covariateNames: covariates ? ["lpop"] : [])
    }

    static func fixtureURL(_ path: String) -> URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures").appendingPathComponent(path)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= tolerance * max(1, abs(b)) }

    static let cases: [(CallawaySantAnna.ControlGroup, DiDEstimator, Bool)] =
        CallawaySantAnna.ControlGroup.allCases.flatMap { control in
            DiDEstimator.allCases.flatMap { estimator in [false, true].map { (control, estimator, $0) } }
        }

    @Test(arguments: 0..<12)
    func matchesCsdid(caseIndex: Int) throws {
        let (control, estimator, covariates) = Self.cases[caseIndex]
        let name = "did/cs_\(control.rawValue)_\(estimator.rawValue)_\(covariates ? "lpop" : "nocov").json"
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let fixture = try decoder.decode(Fixture.self, from: Data(contentsOf: Self.fixtureURL(name)))
        let cs = try CallawaySantAnna(panel: Self.panel(covariates: covariates), options: .init(control: control, estimator: estimator))
        #expect(cs.attGroupTime.map { [$0.group, $0.time] } == fixture.attgt.map { [$0.group, $0.time] }, "\(name) cells")
        for (mine, theirs) in zip(cs.attGroupTime, fixture.attgt) {
            #expect(Self.close(mine.att, theirs.att), "\(name) ATT(\(mine.group),\(mine.time)) \(mine.att) vs \(theirs.att)")
            if let se = theirs.se { #expect(Self.close(mine.se, se), "\(name) SE(\(mine.group),\(mine.time)) \(mine.se) vs \(se)") }
        }
        let aggregates = cs.aggregate()
        let overall: [(String, DiDAggregates.Estimate)] = [("simple", aggregates.simple), ("dynamic", aggregates.dynamicOverall),
                                                            ("group", aggregates.groupOverall), ("calendar", aggregates.calendarOverall)]
        for (key, estimate) in overall {
            let expected = try #require(fixture.aggregations[key])
            #expect(Self.close(estimate.att, expected.overallAtt), "\(name) \(key) ATT \(estimate.att) vs \(expected.overallAtt)")
            #expect(Self.close(estimate.se, expected.overallSe), "\(name) \(key) SE \(estimate.se) vs \(expected.overallSe)")
        }
        let dynamicRows = fixture.aggregations["dynamic"]!.rows!
        #expect(aggregates.dynamic.map(\.eventTime) == dynamicRows.map { $0.eventTime! })
        for (mine, theirs) in zip(aggregates.dynamic, dynamicRows) {
            #expect(Self.close(mine.att, theirs.att) && Self.close(mine.se, theirs.se), "\(name) dynamic e=\(mine.eventTime)")
        }
        for (mine, theirs) in zip(aggregates.group, fixture.aggregations["group"]!.rows!) {
            #expect(mine.group == theirs.group && Self.close(mine.att, theirs.att) && Self.close(mine.se, theirs.se), "\(name) group \(mine.group)")
        }
        for (mine, theirs) in zip(aggregates.calendar, fixture.aggregations["calendar"]!.rows!) {
            #expect(mine.time == theirs.time && Self.close(mine.att, theirs.att) && Self.close(mine.se, theirs.se), "\(name) calendar \(mine.time)")
        }
    }
}

/// The pre-trend Wald test against csdid's (and R did's published mpdta value, p = 0.16812).
@Suite struct PretrendTestTests {
    struct Fixture: Decodable {
        struct Wald: Decodable { let W: Double; let pvalue: Double }
        let waldPretest: Wald
    }

    @Test(arguments: ["never_dr_nocov", "notyet_dr_lpop", "never_ipw_nocov", "notyet_reg_nocov"])
    func waldPretestMatchesCsdid(name: String) throws {
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        let fixture = try decoder.decode(Fixture.self, from: Data(contentsOf: CallawaySantAnnaFixtureTests.fixtureURL("did/cs_\(name).json")))
        let parts = name.split(separator: "_").map(String.init)
        let cs = try CallawaySantAnna(panel: CallawaySantAnnaFixtureTests.panel(covariates: parts[2] == "lpop"),
                                      options: .init(control: .init(rawValue: parts[0])!, estimator: .init(rawValue: parts[1])!))
        let test = try #require(cs.pretrendTest)
        #expect(test.df == 5)
        #expect(abs(test.statistic / fixture.waldPretest.W - 1) < 1e-6, "\(test.statistic) vs \(fixture.waldPretest.W)")
        // csdid rounds its p-value to 5 decimals
        #expect(abs(test.p - fixture.waldPretest.pvalue) < 1e-5, "\(test.p) vs \(fixture.waldPretest.pvalue)")
    }
}
